from django.utils import timezone
from django_tasks import task

from retention.services import purge_personal_data


@task()
def purge_personal_data_task() -> int:
    """Monthly: the purge of `manage.py purge_personal_data`; returns the records erased."""
    outcome = purge_personal_data(timezone.localdate())
    return outcome.proposals + outcome.alerts
