"""Fictitious demo data for the whole portal, app by app. Safe to run again: it loads once."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

import alerts.demo
import organisms.demo
import paths.demo
import reports.demo
from accounts.models import User
from charter_portal.models import OutboxEmail
from organisms.demo import ACCOUNTS, DEMO_PASSWORD

# in the order data flows: organisations first, then what refers to them
LOADERS = [organisms.demo.load, paths.demo.load, alerts.demo.load, reports.demo.load]


class Command(BaseCommand):
    help = "Load the fictitious demo data (idempotent); --accounts only prints the demo accounts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--accounts", action="store_true", help="print the demo accounts and stop"
        )

    def handle(self, *args: Any, accounts: bool = False, **options: Any) -> None:
        if not accounts:
            if User.objects.filter(email=ACCOUNTS[0][0]).exists():
                self.stdout.write("Données de démonstration déjà chargées.")
            else:
                first_email = (
                    OutboxEmail.objects.order_by("-pk").values_list("pk", flat=True).first()
                )
                with transaction.atomic():
                    context: dict[str, Any] = {}
                    for load in LOADERS:
                        load(context)
                # the demo's notifications go to fictitious addresses: the worker skips them
                OutboxEmail.objects.filter(pk__gt=first_email or 0).update(
                    status=OutboxEmail.Status.SENT, last_error="demo data: not sent"
                )
                self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(f"\nComptes de démonstration (mot de passe : {DEMO_PASSWORD})")
        for email, role, _seed in ACCOUNTS:
            self.stdout.write(f"  {role:<16} {email}")
        self.stdout.write("")
