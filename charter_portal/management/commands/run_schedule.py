"""The clock: queue each periodic job's task at its time (see charter_portal/schedule.py)."""

import contextlib
from argparse import ArgumentParser
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from charter_portal.schedule import JOBS


def _enqueue(task_path: str) -> None:
    import_string(task_path).enqueue()


class Command(BaseCommand):
    help = "Met en file les tâches périodiques à leur heure (relances, emails à renvoyer…)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--list", action="store_true", help="print the jobs and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
        for job_id, crontab, task_path in JOBS:
            import_string(task_path)  # fail at start-up, not at 7:30, on a wrong path
            scheduler.add_job(
                _enqueue,
                CronTrigger.from_crontab(crontab, timezone=settings.TIME_ZONE),
                args=[task_path],
                id=job_id,
                misfire_grace_time=3600,
                coalesce=True,
            )
            self.stdout.write(f"{job_id}: {crontab} → {task_path}")
        if options["list"]:
            return
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()
