"""Send the reminders due on a day (default: today), each at most once; run daily."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.services import send_reminders


class Command(BaseCommand):
    help = "Envoie les relances dues à une date (par défaut aujourd'hui), jamais deux fois."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (par défaut : aujourd'hui)")

    def handle(self, *args, **options):
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(
                    f"--date: {options['date']!r} is not a YYYY-MM-DD date"
                ) from error
        else:
            day = timezone.localdate()
        counts = send_reminders(day)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(f"total: {sum(counts.values())}")
