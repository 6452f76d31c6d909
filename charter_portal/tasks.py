"""The portal's background tasks (django-tasks): run by ``manage.py db_worker``."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from charter_portal.mail import deliver


@task()
def send_outbox_email(email_id: int) -> bool:
    """Send one queued email; if it fails, queue this task again for its next attempt."""
    from charter_portal.models import OutboxEmail

    with transaction.atomic():
        email = OutboxEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None:
            return False
        if (
            email.status == OutboxEmail.Status.PENDING
            and email.next_attempt_at is not None
            and email.next_attempt_at > timezone.now()
        ):
            # another task (the retry queued at the failure, or the safety net's) made this
            # attempt and queued the next one: trying again now would double the retries
            return False
        sent = deliver(email)
        if not sent and default_task_backend.supports_defer:
            send_outbox_email.using(run_after=email.next_attempt_at).enqueue(email.pk)
    return sent


def retry_due_emails(now: datetime | None = None) -> int:
    """Queue again every unsent email whose next attempt is due (a safety net for the schedule)."""
    from charter_portal.models import OutboxEmail

    now = now or timezone.now()
    due = OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING).exclude(
        next_attempt_at__gt=now
    )
    count = 0
    for pk in due.values_list("pk", flat=True):
        send_outbox_email.enqueue(pk)
        count += 1
    return count


@task()
def retry_due_emails_task() -> int:
    """Every few minutes: queue again the unsent emails whose next attempt is due."""
    return retry_due_emails()
