"""Fictitious demo data for the whole portal, app by app. Safe to run again: it loads once."""

from argparse import ArgumentParser
from typing import Any

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
                held = self.load()
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Données de démonstration chargées ({held} e-mails de démonstration "
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
        """Loads every app's demo data. The emails its story queues go to fictitious addresses:
        they are marked as not to be sent, so the worker neither sends nor prints hundreds of
        them on a first `make run`. Returns how many were held back."""
        first_email = OutboxEmail.objects.order_by("-pk").values_list("pk", flat=True).first()
        # where tasks run at once (no worker), the messages would be sent during the load: keep
        # them in memory instead
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            outbox = getattr(mail, "outbox", None)
            mail.outbox = []
            try:
                with transaction.atomic():
                    context: dict[str, Any] = {}
                    for load in LOADERS:
                        load(context)
            finally:
                if outbox is None:
                    del mail.outbox
                else:
                    mail.outbox = outbox
        held = OutboxEmail.objects.filter(pk__gt=first_email or 0)
        held_ids = set(held.values_list("pk", flat=True))
        held.filter(status=OutboxEmail.Status.PENDING).update(
            status=OutboxEmail.Status.SENT, last_error="demo data: not sent"
        )
        _forget_queued_sends(held_ids)
        return len(held_ids)


def _forget_queued_sends(email_ids: set[int]) -> None:
    """The worker need not even pick up the demo's messages (its log would bury the closing block
    of a first `make run`)."""
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(
        task_path="charter_portal.tasks.send_outbox_email", status="READY"
    ).only("pk", "args_kwargs")
    doomed = [
        task.pk for task in queued if (task.args_kwargs.get("args") or [None])[0] in email_ids
    ]
    DBTaskResult.objects.filter(pk__in=doomed).delete()
