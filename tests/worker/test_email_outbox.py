"""Emails are queued in the outbox and sent by the worker; a failed send is retried, never lost."""

import datetime
import smtplib
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from charter_portal.mail import send_templated
from charter_portal.models import OutboxEmail
from charter_portal.tasks import retry_due_emails, send_outbox_email

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
CONTEXT = {"reference": "X", "organisation": "Formations Alpha", "user": None}


def _send_password_like_email(**kwargs):
    return send_templated(
        "emails/annual_report_requested",
        ["Qualite@Example.org", "", "qualite@example.org"],
        CONTEXT,
        **kwargs,
    )


@pytest.mark.django_db
def test_a_queued_email_is_sent_at_once_in_tests_and_marked_sent():
    assert _send_password_like_email() == 1
    assert len(mail.outbox) == 1
    # one message to the address written once, lower-cased
    assert mail.outbox[0].to == ["qualite@example.org"]
    row = OutboxEmail.objects.get()
    assert (row.status, row.attempts, row.to) == ("sent", 1, ["qualite@example.org"])
    assert row.sent_at is not None
    assert row.subject == mail.outbox[0].subject


@pytest.mark.django_db
def test_nothing_is_queued_for_nobody():
    assert send_templated("emails/annual_report_requested", ["", "  "], CONTEXT) == 0
    assert OutboxEmail.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_attachments_reach_the_message():
    _send_password_like_email(attachments=[("lettre.pdf", b"%PDF-1.4 lettre", "application/pdf")])
    assert mail.outbox[0].attachments == [("lettre.pdf", b"%PDF-1.4 lettre", "application/pdf")]


@pytest.mark.django_db
def test_a_failed_send_stays_in_the_outbox_with_its_error_and_next_attempt(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("serveur injoignable")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=PARIS), tick=False):
        _send_password_like_email()
    row = OutboxEmail.objects.get()
    assert row.status == "pending"
    assert row.attempts == 1
    assert "serveur injoignable" in row.last_error
    # first retry 1 minute later
    assert row.next_attempt_at == datetime.datetime(2026, 3, 2, 9, 1, tzinfo=PARIS)

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 2, tzinfo=PARIS), tick=False):
        send_outbox_email.call(row.pk)
    row.refresh_from_db()
    # second failure: 5 minutes after it
    assert row.attempts == 2
    assert row.next_attempt_at == datetime.datetime(2026, 3, 2, 9, 7, tzinfo=PARIS)

    monkeypatch.undo()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 8, tzinfo=PARIS), tick=False):
        assert retry_due_emails() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 3)
    assert len(mail.outbox) == 1
    # a sent email is never sent twice
    send_outbox_email.call(row.pk)
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_worker_sends_and_reschedules_failures(monkeypatch):
    with override_settings(TASKS=DB_TASKS):
        _send_password_like_email()
        # the request only queued it
        assert mail.outbox == []
        assert DBTaskResult.objects.count() == 1
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        assert len(mail.outbox) == 1
        assert OutboxEmail.objects.get().status == "sent"

        def refuse(self, *args, **kwargs):
            raise ConnectionRefusedError("SMTP")

        monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
        _send_password_like_email()
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        failed = OutboxEmail.objects.get(status="pending")
        assert failed.attempts == 1
        # the worker queued the next attempt for when it is due
        retry = DBTaskResult.objects.filter(status="READY").get()
        assert retry.run_after == failed.next_attempt_at
        assert retry.args_kwargs["args"] == [failed.pk]


@pytest.mark.django_db
def test_an_attempt_not_yet_due_is_left_to_the_retry_already_queued(monkeypatch):
    """The retry queued by a failure and the safety net's (retry_due_emails) may both run for the
    same due email: only the first tries, so an SMTP outage does not double the attempts (and
    the queued retries) at each pass of the safety net."""

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("serveur injoignable")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=PARIS), tick=False):
        _send_password_like_email()
    row = OutboxEmail.objects.get()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 2, tzinfo=PARIS), tick=False):
        assert send_outbox_email.call(row.pk) is False  # the retry queued at the failure
        assert send_outbox_email.call(row.pk) is False  # the safety net's, for the same attempt
    row.refresh_from_db()
    assert row.attempts == 2
    assert row.next_attempt_at == datetime.datetime(2026, 3, 2, 9, 7, tzinfo=PARIS)


@pytest.mark.django_db
def test_the_admin_sends_again_at_once_an_email_waiting_for_its_retry(monkeypatch, admin_client):
    from django.urls import reverse

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("serveur injoignable")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    _send_password_like_email()
    row = OutboxEmail.objects.get()
    assert row.next_attempt_at is not None
    monkeypatch.undo()
    admin_client.post(
        reverse("admin:charter_portal_outboxemail_changelist"),
        {"action": "send_again", "_selected_action": [row.pk]},
    )
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1
