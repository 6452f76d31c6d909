"""`manage.py purge_personal_data`: trainees' data erased 24 months after the path, history and
files included, after a 30-day warning; orphan files and old login logs go too."""

import datetime
import io
import os
import time
import zoneinfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from alerts.models import Alert, AlertAttachment, AlertMessage
from paths.models import Message, PathProposal, ProposalAttachment, ProposalStatus
from retention.services import ERASED
from tests.factories import (
    PDF_BYTES,
    AlertFactory,
    MessageFactory,
    PathProposalFactory,
    ProposalAttachmentFactory,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def run(day: str, *extra) -> str:
    out = io.StringIO()
    moment = datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(3), tzinfo=PARIS
    )
    with time_machine.travel(moment, tick=False):
        call_command("purge_personal_data", "--date", day, *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def ended_path(org_a, member_a, quality_officer):
    """A path of A that ended 31/03/2023 (retention ends 31/03/2025), its thread, files and an
    alert about it; and a path of A ending 31/12/2025, which must stay untouched."""
    with time_machine.travel(datetime.datetime(2022, 6, 1, 10, tzinfo=PARIS), tick=False):
        proposal = PathProposalFactory(
            organisation=org_a,
            trainee_reference="STG-JDUPONT",
            start_date=datetime.date(2022, 9, 5),
            end_date=datetime.date(2023, 3, 31),
            status=ProposalStatus.DECIDED,
        )
        message = MessageFactory(
            proposal=proposal,
            author=member_a,
            body="Jean Dupont habite à Thionville.",
            attachment=ContentFile(PDF_BYTES, name="bilan-jean-dupont.pdf"),
        )
        attachment = ProposalAttachmentFactory(proposal=proposal)
        alert = AlertFactory(
            organisation=org_a,
            proposal=proposal,
            description="Jean Dupont risque d'abandonner.",
            trainee_contact="06 12 34 56 78",
        )
        alert_message = AlertMessage.objects.create(
            alert=alert, author=quality_officer, body="Appeler Jean au 06 12 34 56 78."
        )
        alert_file = AlertAttachment(
            alert=alert, name="certificat.pdf", content_type="application/pdf", size=10
        )
        alert_file.file.save("x.pdf", ContentFile(PDF_BYTES), save=True)
        kept = PathProposalFactory(
            organisation=org_a, trainee_reference="STG-KEPT", end_date=datetime.date(2025, 12, 31)
        )
    files = [message.attachment.path, attachment.file.path, alert_file.file.path]
    return proposal, alert, kept, files, (message, alert_message)


def test_warned_30_days_before_then_erased_with_history_and_files(ended_path, member_a, org_a):
    proposal, alert, kept, files, (message, alert_message) = ended_path
    # 15/02/2025: the end (31/03) is 44 days away, no warning yet
    assert "organisations warned: 0" in run("2025-02-15")
    assert mail.outbox == []

    # 01/03/2025: 30 days before, A is warned of both records; nothing erased yet
    out = run("2025-03-01")
    assert "organisations warned: 1" in out
    assert "proposals erased: 0" in out
    (warning,) = mail.outbox
    assert sorted(warning.to) == sorted([member_a.email, org_a.contact_email])
    assert proposal.reference in warning.body
    assert alert.reference in warning.body
    assert "31/03/2025" in warning.body
    assert kept.reference not in warning.body

    # the dry run on 31/03 says what would go and changes nothing
    out = run("2025-03-31", "--dry-run")
    assert f"would erase proposition {proposal.reference}" in out
    assert f"would erase alerte {alert.reference}" in out
    assert "files would be deleted: 3" in out
    proposal.refresh_from_db()
    assert proposal.trainee_reference == "STG-JDUPONT"
    assert all(os.path.exists(path) for path in files)

    out = run("2025-03-31")
    assert "proposals erased: 1" in out
    assert "alerts erased: 1" in out
    # one message in the proposal's thread, one in the alert's
    assert "messages erased: 2" in out
    proposal.refresh_from_db()
    alert.refresh_from_db()
    assert proposal.trainee_reference == ""
    assert proposal.status == ProposalStatus.DECIDED  # the record stays for the indicators
    assert (alert.description, alert.trainee_contact) == (ERASED, "")
    assert Message.objects.get(pk=message.pk).body == ERASED
    assert AlertMessage.objects.get(pk=alert_message.pk).body == ERASED
    assert not ProposalAttachment.objects.filter(proposal=proposal).exists()
    assert not any(os.path.exists(path) for path in files)
    # nothing of it is left in the history either
    assert not PathProposal.history.filter(trainee_reference="STG-JDUPONT").exists()
    assert not Alert.history.filter(description__contains="Dupont").exists()
    assert not Alert.history.filter(trainee_contact__contains="06").exists()
    assert not Message.history.filter(body__contains="Dupont").exists()
    assert not AlertMessage.history.filter(body__contains="06").exists()
    assert not Message.history.exclude(attachment="").filter(proposal_id=proposal.pk).exists()
    assert not AlertAttachment.history.filter(alert_id=alert.pk).exists()
    # the other path is untouched
    kept.refresh_from_db()
    assert kept.trainee_reference == "STG-KEPT"

    # a second run erases nothing more
    out = run("2025-04-01")
    assert "proposals erased: 0" in out
    assert "alerts erased: 0" in out


def test_nothing_is_erased_before_its_warning_is_30_days_old(ended_path):
    """Never warned before (the purge starts on 01/06/2025, past the end): warned that day,
    erased on the run of 01/07/2025."""
    proposal = ended_path[0]
    out = run("2025-06-01")
    assert "organisations warned: 1" in out
    assert "proposals erased: 0" in out
    assert "à partir du 01/07/2025" in mail.outbox[-1].body
    assert "proposals erased: 0" in run("2025-06-30")
    assert "proposals erased: 1" in run("2025-07-01")
    proposal.refresh_from_db()
    assert proposal.trainee_reference == ""


def test_the_retention_delay_is_a_setting(ended_path, settings):
    """36 months: the path ending 31/03/2023 is kept until 31/03/2026."""
    settings.PERSONAL_DATA_RETENTION_MONTHS = 36
    assert "organisations warned: 0" in run("2025-03-01")
    assert "organisations warned: 1" in run("2026-03-01")


def test_orphan_files_and_old_login_logs_go(org_a):
    referenced = ProposalAttachmentFactory(proposal=PathProposalFactory(organisation=org_a))
    orphan_dir = os.path.join(settings.MEDIA_ROOT, "proposals", "orphans")
    os.makedirs(orphan_dir, exist_ok=True)
    orphan = os.path.join(orphan_dir, "left-behind.pdf")
    fresh = os.path.join(orphan_dir, "uploading.pdf")
    for path in (orphan, fresh):
        with open(path, "wb") as handle:
            handle.write(PDF_BYTES)
    two_days_ago = time.time() - 2 * 86400
    os.utime(orphan, (two_days_ago, two_days_ago))
    os.utime(referenced.file.path, (two_days_ago, two_days_ago))
    old = AccessAttempt.objects.create(
        username="x@example.org", ip_address="10.0.0.1", failures_since_start=1
    )
    recent = AccessAttempt.objects.create(
        username="y@example.org", ip_address="10.0.0.2", failures_since_start=1
    )
    AccessAttempt.objects.filter(pk=old.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(days=91)
    )
    AccessAttempt.objects.filter(pk=recent.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(days=89)
    )

    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "orphan files deleted: 1" in out.getvalue()
    assert "login logs deleted: 1" in out.getvalue()
    assert not os.path.exists(orphan)
    # a file younger than a day may be an upload under way; a referenced file stays
    assert os.path.exists(fresh)
    assert os.path.exists(referenced.file.path)
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [recent.pk]


def test_sent_emails_are_kept_90_days(quality_officer):
    from charter_portal.mail import send_templated
    from charter_portal.models import OutboxEmail

    context = {"request": None, "path": "/"}
    send_templated("emails/annual_report_requested", [quality_officer.email], context)
    send_templated("emails/annual_report_requested", [quality_officer.email], context)
    old, recent = OutboxEmail.objects.order_by("pk")
    OutboxEmail.objects.filter(pk=old.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=91)
    )
    call_command("purge_personal_data", stdout=io.StringIO())
    assert list(OutboxEmail.objects.values_list("pk", flat=True)) == [recent.pk]
