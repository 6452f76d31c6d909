"""Sending the reminders due on a day, each at most once."""

from collections import defaultdict
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from charter_portal.history import save_with_history
from charter_portal.mail import send_templated
from charter_portal.models import DigestItem, ServiceLevels
from charter_portal.preferences import EVENTS
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


def send_digests(now) -> int:
    """One email per person listing, grouped by kind of event, what waited for their digest;
    sent on working days only (Saturday's and Sunday's news wait for Monday)."""
    from django.utils import timezone

    from alerts.deadlines import is_working_day

    if not is_working_day(timezone.localtime(now).date()):
        return 0
    pending = DigestItem.objects.filter(sent_at__isnull=True).select_related("user")
    by_user = defaultdict(list)
    for item in pending:
        by_user[item.user].append(item)
    sent = 0
    for user, items in by_user.items():
        groups = defaultdict(list)
        for item in items:
            groups[item.event].append(item)
        with transaction.atomic():
            claimed = DigestItem.objects.filter(
                pk__in=[item.pk for item in items], sent_at__isnull=True
            ).update(sent_at=now)
            if claimed != len(items):  # another run got there first
                transaction.set_rollback(True)
                continue
            send_templated(
                "emails/digest",
                [user.email],
                {
                    "groups": [
                        (EVENTS.get(event, event), groups[event])
                        for event in EVENTS
                        if event in groups
                    ],
                    "count": len(items),
                },
            )
        sent += 1
    return sent


def save_preferences(form, user):
    """Store the person's choices (history records who changed them)."""
    preference = form.save(commit=False)
    preference.user = user
    return save_with_history(preference, user, validate=False)
