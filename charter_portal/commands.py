"""What the scheduled commands share: they work for one day, today unless --date says another
(to catch up a missed run, or to see what a given day would do)."""

import datetime
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class DatedCommand(BaseCommand):
    """A command run for a day: `--date YYYY-MM-DD`, default today (Paris). Subclasses add their
    own options in `add_arguments` (calling super) and do the work in `handle_day`."""

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD (par défaut : aujourd'hui)")

    def handle(self, *args: Any, **options: Any) -> str | None:
        return self.handle_day(day_option(options["date"]), **options)

    def handle_day(self, day: datetime.date, **options: Any) -> str | None:
        raise NotImplementedError


def day_option(value: str | None) -> datetime.date:
    """The day a --date option names, today when it is not given; a clear error otherwise."""
    if not value:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date: {value!r} is not a YYYY-MM-DD date") from error
