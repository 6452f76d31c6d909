"""`manage.py send_reminders`: each kind of reminder on the day it is due, never twice."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from paths.models import (
    CommissionDecision,
    DecisionOutcome,
    DecisionReason,
    Feedback,
    ProposalStatus,
    RefusalDialogue,
)
from reminders.models import ReminderSent
from reminders.services import send_reminders
from reports.models import AnnualReportRequest
from tests.factories import (
    AlertFactory,
    CharterEditionFactory,
    CommissionSessionFactory,
    PathProposalFactory,
    SignatureFactory,
    UserFactory,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=PARIS)


def run(day: datetime.date) -> dict[str, int]:
    with time_machine.travel(at(day, 7), tick=False):
        return send_reminders(day)


def sent(counts):
    return {kind: count for kind, count in counts.items() if count}


@pytest.fixture
def staff(quality_officer, path_analyst):
    second_officer = UserFactory(
        email="qualite2@transitionspro.example.org", role="quality_officer"
    )
    return quality_officer, second_officer, path_analyst


def test_feedback_due_in_three_working_days_then_overdue(staff, org_a):
    """Submitted Monday 02/03/2026, target 15 days → feedback due Tuesday 17/03.
    Wednesday 11/03 + 3 working days = Monday 16/03: not yet. Thursday 12/03 + 3 working days =
    Tuesday 17/03: due soon. Wednesday 18/03: overdue."""
    proposal = PathProposalFactory(
        organisation=org_a,
        status=ProposalStatus.SUBMITTED,
        submitted_at=at(datetime.date(2026, 3, 2)),
    )
    assert sent(run(datetime.date(2026, 3, 11))) == {}
    assert sent(run(datetime.date(2026, 3, 12))) == {"feedback_due_soon": 1}
    message = mail.outbox[-1]
    # quality officers and the path analyst, one email
    assert sorted(message.to) == [
        "analyste@transitionspro.example.org",
        "qualite2@transitionspro.example.org",
        "qualite@transitionspro.example.org",
    ]
    assert "Retours attendus dans les 3 jours ouvrés" in message.subject
    assert f"http://testserver/propositions/{proposal.pk}/" in message.body
    assert "17/03/2026" in message.body
    assert "Donnez votre retour" in message.body
    assert sent(run(datetime.date(2026, 3, 17))) == {}
    assert sent(run(datetime.date(2026, 3, 18))) == {"feedback_overdue": 1}
    assert sent(run(datetime.date(2026, 3, 19))) == {}


def test_alert_not_acknowledged_is_escalated_to_every_quality_officer(staff, org_a):
    """Raised Monday 02/03/2026 → to acknowledge by Wednesday 04/03 (2 working days); on Thursday
    05/03 it is late."""
    with time_machine.travel(at(datetime.date(2026, 3, 2)), tick=False):
        alert = AlertFactory(organisation=org_a)
    assert sent(run(datetime.date(2026, 3, 4))) == {}
    assert sent(run(datetime.date(2026, 3, 5))) == {"alert_not_acknowledged": 1}
    message = mail.outbox[-1]
    assert sorted(message.to) == [
        "qualite2@transitionspro.example.org",
        "qualite@transitionspro.example.org",
    ]
    assert alert.reference in message.body
    assert f"/alertes/{alert.pk}/" in message.body


def test_refusal_dialogue_past_its_delay(staff, org_a):
    """Opened 02/03/2026, delay 30 days → due 01/04; reminded on 02/04."""
    proposal = PathProposalFactory(organisation=org_a, status=ProposalStatus.DECIDED)
    decision = CommissionDecision.objects.create(
        proposal=proposal,
        session=CommissionSessionFactory(),
        outcome=DecisionOutcome.REFUSED,
        reason=DecisionReason.INCOHERENT_PATH,
        decided_by=staff[0],
        decided_at=at(datetime.date(2026, 3, 2)),
    )
    dialogue = RefusalDialogue.objects.create(
        proposal=proposal, decision=decision, opened_at=at(datetime.date(2026, 3, 2))
    )
    assert sent(run(datetime.date(2026, 4, 1))) == {}
    assert sent(run(datetime.date(2026, 4, 2))) == {"dialogue_overdue": 1}
    assert f"/dialogues/{dialogue.pk}/" in mail.outbox[-1].body


def test_annual_report_requested_and_not_produced(staff, org_a, member_a):
    """Requested 02/03/2026, reminded once the feedback target (15 days) is past: 18/03."""
    with time_machine.travel(at(datetime.date(2026, 3, 2)), tick=False):
        request = AnnualReportRequest.objects.create(
            organisation=org_a,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            requested_by=member_a,
        )
    mail.outbox.clear()
    assert sent(run(datetime.date(2026, 3, 17))) == {}
    assert sent(run(datetime.date(2026, 3, 18))) == {"annual_report_pending": 1}
    assert f"/rapports-annuels/demandes/{request.pk}/" in mail.outbox[-1].body


def test_signature_ending_in_60_and_30_days_to_staff_and_organisation(
    staff, org_a, org_b, member_a, signed_a, signed_b
):
    """Edition valid until 31/12/2022: 60 days before is 01/11, 30 days before is 01/12.
    Organisation B already signed the next edition: it gets nothing, and staff are not told."""
    SignatureFactory(
        organisation=org_b,
        edition=CharterEditionFactory(
            version="2023",
            valid_from=datetime.date(2023, 1, 1),
            valid_until=datetime.date(2025, 12, 31),
        ),
        signed_on=datetime.date(2022, 10, 1),
    )
    assert sent(run(datetime.date(2022, 10, 31))) == {}
    counts = run(datetime.date(2022, 11, 1))
    assert sent(counts) == {"staff_signature_ending_60": 1, "signature_ending_60": 1}
    to_org = [m for m in mail.outbox if "membre.a@alpha.example.org" in m.to]
    assert len(to_org) == 1
    assert org_a.contact_email in to_org[0].to
    assert "renouveler" in to_org[0].body
    assert "31/12/2022" in to_org[0].body
    assert not [m for m in mail.outbox if "membre.b@beta.example.org" in m.to]
    assert sent(run(datetime.date(2022, 11, 15))) == {}
    assert sent(run(datetime.date(2022, 12, 1))) == {
        "staff_signature_ending_30": 1,
        "signature_ending_30": 1,
    }


def test_file_deadline_of_a_draft_at_30_and_7_days(org_a, member_a, member_b):
    """Start 05/09/2026, file due 3 months before: 05/06/2026. 30 days before: 06/05; 7 days
    before: 29/05. Only organisation A's members hear of it."""
    draft = PathProposalFactory(organisation=org_a, start_date=datetime.date(2026, 9, 5))
    assert sent(run(datetime.date(2026, 5, 5))) == {}
    assert sent(run(datetime.date(2026, 5, 6))) == {"file_deadline_30": 1}
    message = mail.outbox[-1]
    assert message.to == ["membre.a@alpha.example.org"]
    assert "05/06/2026" in message.body
    assert f"/propositions/{draft.pk}/" in message.body
    assert sent(run(datetime.date(2026, 5, 28))) == {}
    assert sent(run(datetime.date(2026, 5, 29))) == {"file_deadline_7": 1}


def test_feedback_unanswered_after_fifteen_days(quality_officer, org_a, member_a):
    """Feedback given 01/03/2026 → reminded to the organisation on 16/03."""
    proposal = PathProposalFactory(organisation=org_a, status=ProposalStatus.FEEDBACK_GIVEN)
    with time_machine.travel(at(datetime.date(2026, 3, 1)), tick=False):
        Feedback.objects.create(proposal=proposal, author=quality_officer, text="À revoir.")
    assert sent(run(datetime.date(2026, 3, 15))) == {}
    assert sent(run(datetime.date(2026, 3, 16))) == {"feedback_unanswered": 1}
    assert mail.outbox[-1].to == ["membre.a@alpha.example.org"]
    assert "Révisez la proposition" in mail.outbox[-1].body


def test_running_twice_sends_nothing_the_second_time(staff, org_a, member_a):
    """Two reminders due on 12/03/2026: both sent by the first run, nothing by the second."""
    PathProposalFactory(
        organisation=org_a,
        status=ProposalStatus.SUBMITTED,
        submitted_at=at(datetime.date(2026, 3, 2)),
    )
    PathProposalFactory(organisation=org_a, start_date=datetime.date(2026, 6, 15))
    out = io.StringIO()
    with time_machine.travel(at(datetime.date(2026, 3, 12), 7), tick=False):
        call_command("send_reminders", "--date", "2026-03-12", stdout=out)
    assert "feedback_due_soon: 1" in out.getvalue()
    # 15/06 − 3 months = 15/03, within 7 days of 12/03
    assert "file_deadline_7: 1" in out.getvalue()
    assert "total: 2" in out.getvalue()
    emails = len(mail.outbox)
    assert ReminderSent.objects.count() == 2

    out = io.StringIO()
    with time_machine.travel(at(datetime.date(2026, 3, 12), 8), tick=False):
        call_command("send_reminders", "--date", "2026-03-12", stdout=out)
    assert "total: 0" in out.getvalue()
    assert len(mail.outbox) == emails
    assert ReminderSent.objects.count() == 2


def test_a_bad_date_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--date"):
        call_command("send_reminders", "--date", "12/03/2026")
