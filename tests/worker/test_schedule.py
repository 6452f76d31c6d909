"""The clock queues each periodic job; the jobs are real tasks with valid times."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from apscheduler.triggers.cron import CronTrigger
from django.core import mail
from django.core.management import call_command
from django.utils.module_loading import import_string
from django_tasks.base import Task

from charter_portal.schedule import JOBS
from paths.models import ProposalStatus
from tests.factories import PathProposalFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_every_job_is_a_task_with_a_valid_time():
    ids = [job_id for job_id, _cron, _path in JOBS]
    assert "send_reminders" in ids
    for _job_id, crontab, task_path in JOBS:
        assert isinstance(import_string(task_path), Task)
        CronTrigger.from_crontab(crontab)


def test_reminders_run_daily_at_half_past_seven_paris_time():
    crontab = dict((job_id, cron) for job_id, cron, _path in JOBS)["send_reminders"]
    trigger = CronTrigger.from_crontab(crontab, timezone="Europe/Paris")
    after = datetime.datetime(2026, 3, 12, 8, 0, tzinfo=PARIS)
    assert trigger.get_next_fire_time(None, after) == datetime.datetime(
        2026, 3, 13, 7, 30, tzinfo=PARIS
    )


def test_the_clock_lists_its_jobs():
    out = io.StringIO()
    call_command("run_schedule", "--list", stdout=out)
    assert "send_reminders: 30 7 * * * → reminders.tasks.send_reminders_task" in out.getvalue()


@pytest.mark.django_db
def test_the_daily_task_sends_the_reminders_of_the_day(quality_officer, org_a):
    """Submitted 02/03/2026, feedback due 17/03; the job of Thursday 12/03 tells staff."""
    PathProposalFactory(
        organisation=org_a,
        status=ProposalStatus.SUBMITTED,
        submitted_at=datetime.datetime(2026, 3, 2, 10, tzinfo=PARIS),
    )
    task = import_string(dict((j, p) for j, _c, p in JOBS)["send_reminders"])
    with time_machine.travel(datetime.datetime(2026, 3, 12, 7, 30, tzinfo=PARIS), tick=False):
        result = task.enqueue()
    assert result.return_value["feedback_due_soon"] == 1
    assert mail.outbox[-1].to == ["qualite@transitionspro.example.org"]
