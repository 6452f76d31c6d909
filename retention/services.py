"""Erasing trainees' personal data a set time after their path ended (PERSONAL_DATA_RETENTION_MONTHS).

What goes: a proposal's trainee reference, its thread messages and attachments (files on disk
included); an alert's trainee reference and contact, its description, free-text details, closing
comment, its messages and attachments — in the records *and* in their history rows. What stays:
the records themselves (dates, statuses, levers, outcomes), so the indicators do not change.

A path ends on its planned end date; an alert without a proposal ends when it was closed (or
raised, if never closed). The organisation is warned 30 days before; nothing is erased before
its warning is 30 days old. Upload files that no row (current or historical) names are removed;
login-attempt logs (django-axes), sent emails and digest lines are kept 90 days.
"""

import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from alerts.models import Alert, AlertAttachment, AlertMessage
from charter_portal.mail import send_templated
from charter_portal.models import DigestItem, OutboxEmail
from organisms.notifications import organisation_recipients
from paths.funding import add_months
from paths.models import Message, PathProposal, ProposalAttachment
from reminders.models import ReminderSent
from retention.models import Purge

WARNING_KIND = "personal_data_warning"
WARNING_DAYS = 30
AXES_LOG_DAYS = 90
ERASED = "[effacé]"
# text erased per model: blank where allowed, ERASED where the field is required
PROPOSAL_FIELDS = {"trainee_reference": ""}
ALERT_FIELDS = {
    "trainee_reference": "",
    "trainee_contact": "",
    "description": ERASED,
    "responses_details": "",
    "closing_comment": "",
}
MESSAGE_FIELDS = {"body": ERASED}


@dataclass
class Outcome:
    warned: dict = field(default_factory=lambda: defaultdict(int))
    proposals: int = 0
    alerts: int = 0
    messages: int = 0
    files: int = 0
    orphan_files: int = 0
    axes_logs: int = 0
    lines: list = field(default_factory=list)


def retention_end(ended_on: date) -> date:
    return add_months(ended_on, settings.PERSONAL_DATA_RETENTION_MONTHS)


def _alert_end(alert) -> date:
    if alert.proposal_id:
        return alert.proposal.end_date
    return timezone.localtime(alert.closed_at or alert.created_at).date()


def _candidates(day: date) -> list[tuple[object, date]]:
    """Proposals and alerts whose retention ends on or before `day` + 30 days, not yet purged."""
    latest_end = add_months(
        day + timedelta(days=WARNING_DAYS), -settings.PERSONAL_DATA_RETENTION_MONTHS
    )
    purged = defaultdict(set)
    for ct, object_id in Purge.objects.values_list("content_type_id", "object_id"):
        purged[ct].add(object_id)
    proposal_ct = ContentType.objects.get_for_model(PathProposal).pk
    alert_ct = ContentType.objects.get_for_model(Alert).pk
    items = [
        (proposal, retention_end(proposal.end_date))
        for proposal in PathProposal.objects.filter(end_date__lte=latest_end)
        .select_related("organisation")
        .order_by("end_date", "pk")
        if proposal.pk not in purged[proposal_ct]
    ]
    latest_moment = timezone.make_aware(
        datetime.combine(latest_end + timedelta(days=1), datetime.min.time())
    )
    alerts = (
        Alert.objects.filter(
            Q(proposal__end_date__lte=latest_end)
            | Q(proposal__isnull=True, closed_at__lt=latest_moment)
            | Q(proposal__isnull=True, closed_at__isnull=True, created_at__lt=latest_moment)
        )
        .select_related("organisation", "proposal")
        .order_by("pk")
    )
    items += [
        (alert, retention_end(_alert_end(alert)))
        for alert in alerts
        if alert.pk not in purged[alert_ct]
    ]
    return items


def _label(item) -> str:
    kind = "proposition" if isinstance(item, PathProposal) else "alerte"
    return f"{kind} {item.reference}"


def _claim_warning(item, end: date, day: date, organisation) -> bool:
    """Store the warning's record; False when another run stored it first."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                kind=WARNING_KIND,
                content_type=ContentType.objects.get_for_model(item),
                object_id=item.pk,
                due_on=end,
                sent_on=day,
                recipients=organisation_recipients(organisation),
            )
    except IntegrityError:
        return False
    return True


def _claim_purge(content_type_id: int, object_id: int, day: date) -> bool:
    """Store the purge's record before erasing; False when another run erased it first."""
    try:
        with transaction.atomic():
            Purge.objects.create(
                content_type_id=content_type_id, object_id=object_id, purged_on=day
            )
    except IntegrityError:
        return False
    return True


def _warn(day: date, items, outcome: Outcome, dry_run: bool) -> dict:
    """Warn each organisation once per record; returns {(model, pk): day warned}."""
    warned_on = {}
    records = ReminderSent.objects.filter(kind=WARNING_KIND)
    for record in records.values("content_type_id", "object_id", "sent_on"):
        warned_on[(record["content_type_id"], record["object_id"])] = record["sent_on"]
    to_warn = defaultdict(list)
    for item, end in items:
        key = (ContentType.objects.get_for_model(item).pk, item.pk)
        if key not in warned_on:
            to_warn[item.organisation].append((item, end))
    for organisation, entries in to_warn.items():
        for item, end in entries:
            outcome.lines.append(
                f"warn {organisation.display_name}: {_label(item)} (effacement le {end:%d/%m/%Y})"
            )
        outcome.warned[organisation.pk] += len(entries)
        if dry_run:
            continue
        with transaction.atomic():
            # claimed one by one: a run at the same moment warns about each record once
            entries = [
                (item, end) for item, end in entries if _claim_warning(item, end, day, organisation)
            ]
            if not entries:
                continue
            send_templated(
                "emails/personal_data_warning",
                organisation_recipients(organisation),
                {
                    "organisation": organisation,
                    "items": [
                        {"label": _label(item), "end": max(end, day + timedelta(days=WARNING_DAYS))}
                        for item, end in entries
                    ],
                    "months": settings.PERSONAL_DATA_RETENTION_MONTHS,
                    "path": reverse("organisms:my_organisation_detail", args=[organisation.pk]),
                },
            )
    return warned_on


def _delete_files(queryset, field_name: str, dry_run: bool, outcome: Outcome) -> None:
    for name in queryset.exclude(**{field_name: ""}).values_list(field_name, flat=True):
        outcome.files += 1
        outcome.lines.append(f"file {name}")
        if not dry_run and default_storage.exists(name):
            default_storage.delete(name)


def _erase_proposal(proposal, dry_run: bool, outcome: Outcome) -> None:
    messages = Message.objects.filter(proposal=proposal)
    attachments = ProposalAttachment.objects.filter(proposal=proposal)
    outcome.proposals += 1
    outcome.messages += messages.count()
    outcome.lines.append(f"erase {_label(proposal)}")
    _delete_files(messages, "attachment", dry_run, outcome)
    _delete_files(attachments, "file", dry_run, outcome)
    if dry_run:
        return
    message_ids = list(messages.values_list("pk", flat=True))
    attachment_ids = list(attachments.values_list("pk", flat=True))
    # files once named in history rows go too
    for name in (
        Message.history.filter(id__in=message_ids)
        .exclude(attachment="")
        .values_list("attachment", flat=True)
    ):
        if default_storage.exists(name):
            default_storage.delete(name)
    for name in ProposalAttachment.history.filter(id__in=attachment_ids).values_list(
        "file", flat=True
    ):
        if name and default_storage.exists(name):
            default_storage.delete(name)
    PathProposal.objects.filter(pk=proposal.pk).update(**PROPOSAL_FIELDS)
    PathProposal.history.filter(id=proposal.pk).update(**PROPOSAL_FIELDS)
    messages.update(**MESSAGE_FIELDS, attachment="")
    Message.history.filter(id__in=message_ids).update(**MESSAGE_FIELDS, attachment="")
    attachments.delete()
    ProposalAttachment.history.filter(id__in=attachment_ids).delete()


def _erase_alert(alert, dry_run: bool, outcome: Outcome) -> None:
    messages = AlertMessage.objects.filter(alert=alert)
    attachments = AlertAttachment.objects.filter(alert=alert)
    outcome.alerts += 1
    outcome.messages += messages.count()
    outcome.lines.append(f"erase {_label(alert)}")
    _delete_files(attachments, "file", dry_run, outcome)
    if dry_run:
        return
    message_ids = list(messages.values_list("pk", flat=True))
    attachment_ids = list(attachments.values_list("pk", flat=True))
    for name in AlertAttachment.history.filter(id__in=attachment_ids).values_list(
        "file", flat=True
    ):
        if name and default_storage.exists(name):
            default_storage.delete(name)
    Alert.objects.filter(pk=alert.pk).update(**ALERT_FIELDS)
    Alert.history.filter(id=alert.pk).update(**ALERT_FIELDS)
    messages.update(**MESSAGE_FIELDS)
    AlertMessage.history.filter(id__in=message_ids).update(**MESSAGE_FIELDS)
    attachments.delete()
    AlertAttachment.history.filter(id__in=attachment_ids).delete()


def _referenced_files() -> set[str]:
    names = set()
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField):
                names.update(
                    model.objects.exclude(**{model_field.name: ""})
                    .exclude(**{f"{model_field.name}__isnull": True})
                    .values_list(model_field.name, flat=True)
                )
    return names


def _orphans(now) -> list[str]:
    """Files under MEDIA_ROOT that no row names, older than a day (an upload may be under way)."""
    root = str(settings.MEDIA_ROOT)
    if not os.path.isdir(root):
        return []
    referenced = _referenced_files()
    cutoff = (now - timedelta(days=1)).timestamp()
    found = []
    for folder, _dirs, files in os.walk(root):
        for filename in files:
            full = os.path.join(folder, filename)
            name = os.path.relpath(full, root).replace(os.sep, "/")
            if name not in referenced and os.path.getmtime(full) < cutoff:
                found.append(name)
    return sorted(found)


def purge_personal_data(day: date, dry_run: bool = False) -> Outcome:
    """Warn, erase what is due, remove orphan files and old login logs. With `dry_run`, only
    say what would happen."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    outcome = Outcome()
    items = _candidates(day)
    warned_on = _warn(day, items, outcome, dry_run)
    warned_before = day - timedelta(days=WARNING_DAYS)
    for item, end in items:
        key = (ContentType.objects.get_for_model(item).pk, item.pk)
        if end > day or key not in warned_on or warned_on[key] > warned_before:
            continue
        with transaction.atomic():
            # claimed first: a run at the same moment leaves this record to the one that claimed it
            if not dry_run and not _claim_purge(key[0], item.pk, day):
                continue
            if isinstance(item, PathProposal):
                _erase_proposal(item, dry_run, outcome)
            else:
                _erase_alert(item, dry_run, outcome)
    now = timezone.now()
    for name in _orphans(now):
        outcome.orphan_files += 1
        outcome.lines.append(f"orphan {name}")
        if not dry_run:
            default_storage.delete(name)
    log_cutoff = now - timedelta(days=AXES_LOG_DAYS)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        old = model.objects.filter(attempt_time__lt=log_cutoff)
        outcome.axes_logs += old.count()
        if not dry_run:
            old.delete()
    # sent emails and digest lines name people too: kept as long as the login logs
    if not dry_run:
        OutboxEmail.objects.filter(status=OutboxEmail.Status.SENT, sent_at__lt=log_cutoff).delete()
        DigestItem.objects.filter(sent_at__lt=log_cutoff).delete()
    return outcome
