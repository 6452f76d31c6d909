"""Sending the reminders due on a day, each at most once."""

from collections import defaultdict
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from charter_portal.mail import send_templated
from charter_portal.models import ServiceLevels
from reminders.models import ReminderSent
from reminders.rules import KINDS, STAFF, Kind


def _claim(kind: Kind, due, day: date, recipients: list[str]) -> bool:
    """Store the "sent" record; False when this reminder was already sent (the unique
    constraint decides, so two runs at once cannot both send it)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                kind=kind.code,
                content_type=ContentType.objects.get_for_model(due.item),
                object_id=due.item.pk,
                due_on=due.due_on,
                sent_on=day,
                recipients=sorted(set(recipients)),
            )
    except IntegrityError:
        return False
    return True


def _already_sent(kind: Kind, dues) -> set[tuple[int, int, date]]:
    if not dues:
        return set()
    return set(
        ReminderSent.objects.filter(
            kind=kind.code, object_id__in=[due.item.pk for due in dues]
        ).values_list("content_type_id", "object_id", "due_on")
    )


def _send(kind: Kind, dues, recipients: list[str], day: date) -> int:
    """Claim each reminder and send one email listing those claimed; all in one transaction, so
    an email is queued if and only if its records are stored."""
    with transaction.atomic():
        claimed = [due for due in dues if _claim(kind, due, day, recipients)]
        if not claimed:
            return 0
        send_templated(
            "emails/reminder",
            recipients,
            {
                "title": kind.title,
                "action": kind.action,
                "kind": kind.code,
                "items": claimed,
                "staff": kind.audience == STAFF,
            },
            event="reminder",
        )
    return len(claimed)


def send_reminders(day: date) -> dict[str, int]:
    """Send what is due on `day`; returns how many reminders of each kind were sent (an item
    listed in an email counts once)."""
    levels = ServiceLevels.current()
    counts = {}
    for kind in KINDS:
        dues = kind.finder(day, levels)
        sent = _already_sent(kind, dues)
        dues = [
            due
            for due in dues
            if (ContentType.objects.get_for_model(due.item).pk, due.item.pk, due.due_on) not in sent
        ]
        count = 0
        if kind.audience == STAFF:
            recipients = kind.recipients()
            if recipients:
                count = _send(kind, dues, recipients, day)
        else:
            by_organisation = defaultdict(list)
            for due in dues:
                by_organisation[due.organisation].append(due)
            for organisation, items in by_organisation.items():
                recipients = kind.recipients(organisation)
                if recipients:
                    count += _send(kind, items, recipients, day)
        counts[kind.code] = count
    return counts
