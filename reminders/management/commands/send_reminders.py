"""Send the reminders due on a day (default: today), each at most once; run daily."""

from charter_portal.commands import DatedCommand
from reminders.services import send_reminders


class Command(DatedCommand):
    help = "Envoie les relances dues à une date (par défaut aujourd'hui), jamais deux fois."

    def handle_day(self, day, **options):
        counts = send_reminders(day)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(f"total: {sum(counts.values())}")
