"""A record's history as people read it: when, who, what changed."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

TYPE_LABELS = {"+": _("Création"), "~": _("Modification"), "-": _("Suppression")}


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    record: str
    reason: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def entries(*querysets, limit: int = 50) -> list[HistoryEntry]:
    """History rows of one or more historical querysets, newest first, with their diffs."""
    rows = []
    for qs in querysets:
        records = list(qs.select_related("history_user").order_by("history_date", "history_id"))
        previous_by_object = {}
        for record in records:
            model = record.instance_type
            changes = []
            previous = previous_by_object.get(record.id)
            if previous is not None:
                delta = record.diff_against(previous)
                for change in delta.changes:
                    verbose = model._meta.get_field(change.field).verbose_name
                    changes.append((str(verbose), _display(change.old), _display(change.new)))
            previous_by_object[record.id] = record
            rows.append(
                HistoryEntry(
                    when=record.history_date,
                    who=str(record.history_user) if record.history_user else str(_("système")),
                    kind=str(TYPE_LABELS.get(record.history_type, record.history_type)),
                    record=str(model._meta.verbose_name),
                    reason=record.history_change_reason or "",
                    changes=changes,
                )
            )
    rows.sort(key=lambda entry: entry.when, reverse=True)
    return rows[:limit]


def _display(value) -> str:
    if value is None or value == "":
        return "—"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)
