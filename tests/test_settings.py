"""Settings come from the environment; production settings pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from charter_portal.env import env_bool
from tests.dom import texts

MENU_LINKS = "//header//nav//a"

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env, DJANGO_SETTINGS_MODULE="charter_portal.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY="k" * 20 + "-Zx9!q7#Lm2$Vb8&Np4@Rt6*Hs3^Wd5%",
        ALLOWED_HOSTS="charte.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage(
        "check", DJANGO_ENV="production", SECRET_KEY="", ALLOWED_HOSTS="charte.example.org"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_an_unclear_boolean_stops_start_up_naming_the_variable():
    result = _manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("Off", False), ("no", False)]
)
def test_booleans_accept_clear_values(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG") is expected


def test_booleans_refuse_anything_else(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "oui-ish")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG")


def test_the_interface_is_french_by_default_even_for_an_english_browser(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="fr">' in response.content.decode()
    assert "Annuaire des signataires" in texts(response, MENU_LINKS)


def test_english_is_available_from_the_language_selector(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/annuaire/"}, follow=True)
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Directory of signatories" in texts(response, MENU_LINKS)
    french_again = client.post("/i18n/setlang/", {"language": "fr", "next": "/"}, follow=True)
    assert "Annuaire des signataires" in texts(french_again, MENU_LINKS)
