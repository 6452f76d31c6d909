"""A newcomer's first `make run`: the demo loads without printing its emails, and ends on a short
block with the address served and the demo accounts."""

import importlib
import io
import re

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command

from organisms.demo import ACCOUNTS, DEMO_PASSWORD


@pytest.fixture
def migrated_data(transactional_db):
    """What the data migrations seed (the PTP rules and SMIC table): a transactional test that ran
    before in the same process flushed them, as a fresh database would have them."""
    seed = importlib.import_module("paths.migrations.0002_seed_funding_rules").seed
    if not apps.get_model("paths", "FundingRuleSet").objects.exists():
        seed(apps, None)
        importlib.import_module("paths.migrations.0005_smic_2023_2026").forward(apps, None)


def test_the_first_run_prints_a_short_block_not_the_demo_emails(migrated_data, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.SITE_URL = "http://127.0.0.1:8006"
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    printed = out.getvalue() + capsys.readouterr().out
    lines = printed.strip().splitlines()
    # one line saying it loaded, a rule, the address, the password line, 6 accounts, a rule
    assert len(lines) <= 12 + 2, printed
    assert "Subject:" not in printed and "From:" not in printed  # no email printed
    assert "Portail : http://127.0.0.1:8006/" in lines
    assert f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD})" in lines
    for email, _role, _seed in ACCOUNTS:
        assert any(line.strip().endswith(email) for line in lines[-len(ACCOUNTS) - 1 :])
    withheld = re.search(r"\((\d+) e-mails de démonstration retenus", lines[0])
    assert withheld and int(withheld.group(1)) > 0  # the demo's story did send emails
    assert not hasattr(mail, "outbox") or mail.outbox == []

    again = io.StringIO()
    call_command("load_demo", stdout=again)  # the second run only reminds the block
    assert again.getvalue().startswith("Données de démonstration déjà chargées.")
    assert "Portail : http://127.0.0.1:8006/" in again.getvalue()
