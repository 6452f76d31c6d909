"""The reminders' scheduled work, run by the worker."""

from django.utils import timezone
from django_tasks import task

from reminders.services import send_digests, send_reminders


@task()
def send_reminders_task() -> dict[str, int]:
    """Daily: the reminders due today (idempotent, like `manage.py send_reminders`)."""
    return send_reminders(timezone.localdate())


@task()
def send_digests_task() -> int:
    """Weekdays at 9:00: each person's daily digest of what they chose to receive that way."""
    return send_digests(timezone.now())
