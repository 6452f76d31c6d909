"""Fictitious demo data for the whole portal, app by app. Safe to run again: it loads once."""

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

import alerts.demo
import organisms.demo
import paths.demo
import reports.demo
from accounts.models import User
from organisms.demo import ACCOUNTS, DEMO_PASSWORD

# in the order data flows: organisations first, then what refers to them
LOADERS = [organisms.demo.load, paths.demo.load, alerts.demo.load, reports.demo.load]


class Command(BaseCommand):
    help = "Load the fictitious demo data (idempotent); --accounts only prints the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts", action="store_true", help="print the demo accounts and stop"
        )

    def handle(self, *args, accounts=False, **options):
        if not accounts:
            if User.objects.filter(email=ACCOUNTS[0][0]).exists():
                self.stdout.write("Données de démonstration déjà chargées.")
            else:
                sent = self.load()
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Données de démonstration chargées ({sent} e-mails de démonstration "
                        "retenus, non envoyés)."
                    )
                )
        rule = "─" * 72
        self.stdout.write(f"\n{rule}\nPortail : {settings.SITE_URL}/")
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD})")
        for email, role, _seed in ACCOUNTS:
            self.stdout.write(f"  {role:<16} {email}")
        self.stdout.write(rule)

    def load(self) -> int:
        """Loads every app's demo data; the emails its story would send are kept in memory
        (a first `make run` would otherwise print hundreds of them). Returns how many."""
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            outbox = getattr(mail, "outbox", None)
            mail.outbox = []
            try:
                with transaction.atomic():
                    context = {}
                    for load in LOADERS:
                        load(context)
                return len(mail.outbox)
            finally:
                if outbox is None:
                    del mail.outbox
                else:
                    mail.outbox = outbox
