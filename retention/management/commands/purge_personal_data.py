"""Erase trainees' personal data past the retention delay (monthly); --dry-run only tells."""

from charter_portal.commands import DatedCommand
from retention.services import purge_personal_data


class Command(DatedCommand):
    help = (
        "Efface les données personnelles des stagiaires PERSONAL_DATA_RETENTION_MONTHS mois après "
        "la fin du parcours (après un avertissement de 30 jours aux organismes)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--dry-run", action="store_true", help="dire ce qui partirait, sans rien changer"
        )

    def handle_day(self, day, **options):
        dry_run = options["dry_run"]
        outcome = purge_personal_data(day, dry_run=dry_run)
        if dry_run:
            for line in outcome.lines:
                self.stdout.write(f"would {line}")
        prefix = "would be " if dry_run else ""
        self.stdout.write(f"organisations {prefix}warned: {len(outcome.warned)}")
        self.stdout.write(f"proposals {prefix}erased: {outcome.proposals}")
        self.stdout.write(f"alerts {prefix}erased: {outcome.alerts}")
        self.stdout.write(f"messages {prefix}erased: {outcome.messages}")
        self.stdout.write(f"files {prefix}deleted: {outcome.files}")
        self.stdout.write(f"orphan files {prefix}deleted: {outcome.orphan_files}")
        self.stdout.write(f"login logs {prefix}deleted: {outcome.axes_logs}")
