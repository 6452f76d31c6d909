"""A PDF decision letter for each commission decision, from a template per outcome: stored with
the decision, downloadable by the organisation and staff, attached to the decision email."""

import datetime
import io

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader

from paths import commission
from paths.models import DecisionOutcome, DecisionReason
from tests.factories import CommissionSessionFactory, proposal_at_commission

DAY = datetime.date(2022, 6, 21)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def at_commission(org_a, member_a, on_day):
    on_day(DAY)
    session = CommissionSessionFactory(held_on=DAY)
    return proposal_at_commission(session, organisation=org_a, target_job="Soudeur")


def _decide(proposal, user, outcome, reason="", comment=""):
    # the letter is made once the decision is committed, before the email goes
    with TestCase.captureOnCommitCallbacks(execute=True):
        return commission.record_decision(
            proposal.pk, user, outcome=outcome, reason=reason, comment=comment
        )


@pytest.mark.parametrize(
    ("outcome", "reason", "expected"),
    [
        (
            DecisionOutcome.ACCEPTED,
            "",
            "La commission a accepté la prise en charge de ce parcours.",
        ),
        (
            DecisionOutcome.ACCEPTED_WITH_ADJUSTMENTS,
            "",
            "sous réserve des ajustements indiqués ci-dessous",
        ),
        (DecisionOutcome.POSTPONED, "", "La commission a ajourné sa décision"),
    ],
)
def test_each_outcome_has_its_letter(at_commission, path_analyst, outcome, reason, expected):
    decision = _decide(at_commission, path_analyst, outcome, reason, comment="Bon dossier.")

    decision.refresh_from_db()
    with decision.letter.open("rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert expected in text
    assert at_commission.reference in text
    assert "Bon dossier." in text
    assert "recours gracieux" not in text  # only a refusal can be appealed


def test_a_refusal_letter_gives_its_reason_and_the_appeal_window(
    at_commission, path_analyst, member_a
):
    decision = _decide(at_commission, path_analyst, DecisionOutcome.REFUSED, DecisionReason.BUDGET)

    decision.refresh_from_db()
    with decision.letter.open("rb") as handle:
        text = _text(handle.read())
    assert "Limite des financements disponibles" in text
    # sent on 21/06/2022; two months (PTP guide) → 21/08/2022
    assert "dans les 2 mois suivant l'envoi de ce courrier, soit au plus tard le 21/08/2022" in text
    # the email to the OF carries the same letter
    (message,) = [m for m in mail.outbox if member_a.email in m.to]
    (attachment,) = message.attachments
    name, content, mimetype = attachment
    assert name == f"decision-{at_commission.reference}-{decision.pk}.pdf"
    assert mimetype == "application/pdf"
    assert "21/08/2022" in _text(content)


def test_a_letter_that_cannot_be_drawn_never_holds_back_the_decision_email(
    at_commission, path_analyst, member_a, monkeypatch
):
    def broken(decision):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr("paths.letters.render_pdf", broken)
    decision = _decide(at_commission, path_analyst, DecisionOutcome.ACCEPTED)

    decision.refresh_from_db()
    assert decision.outcome == DecisionOutcome.ACCEPTED and not decision.letter
    (message,) = [m for m in mail.outbox if member_a.email in m.to]
    assert message.attachments == []  # the decision is told; its letter is made when downloaded


def test_the_letter_is_downloaded_by_the_organisation_and_staff_only(
    client, at_commission, path_analyst, member_a, member_b, commission_member
):
    # recorded before letters existed (no commit callback): made on the first download
    decision = commission.record_decision(
        at_commission.pk, path_analyst, outcome=DecisionOutcome.ACCEPTED
    )
    assert not decision.letter
    url = reverse("paths:decision_letter", args=[at_commission.pk, decision.pk])

    for user in (member_a, commission_member, path_analyst):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(member_b)
    assert client.get(url).status_code == 404
    decision.refresh_from_db()
    assert decision.letter.name.endswith(f"decision-{at_commission.reference}-{decision.pk}.pdf")
    assert decision.history.first().history_user == member_a  # made on A's download

    # the proposal page and the API link to it
    client.force_login(member_a)
    page = client.get(reverse("paths:proposal_detail", args=[at_commission.pk])).content.decode()
    assert url in page
    api = client.get(f"/api/v1/proposals/{at_commission.pk}/").json()
    assert api["decisions"][0]["letter_url"].endswith(url)
