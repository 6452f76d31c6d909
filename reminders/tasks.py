"""The reminders' scheduled work, run by the worker."""

from django.utils import timezone
from django_tasks import task

from reminders.services import send_reminders


@task()
def send_reminders_task() -> dict[str, int]:
    """Daily: the reminders due today (idempotent, like `manage.py send_reminders`)."""
    return send_reminders(timezone.localdate())
