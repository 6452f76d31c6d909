"""A record's history: written with who acted and why, read as people read it (when, who, what
changed)."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from charter_portal.people import label

TYPE_LABELS = {"+": _("Création"), "~": _("Modification"), "-": _("Suppression")}


def save_with_history(
    instance: Any,
    user: Any,
    reason: str = "",
    *,
    validate: bool = True,
    update_fields: list[str] | None = None,
) -> Any:
    """Validate (unless the caller already did, with the other records of the same action) and
    save, so that the history row names the person who acted and, if given, why."""
    if validate:
        instance.full_clean()
    _sign(instance, user, reason)
    instance.save(update_fields=update_fields)
    return instance


def delete_with_history(instance: Any, user: Any, reason: str = "") -> None:
    """Delete, the history row of the deletion naming the person who acted and, if given, why."""
    _sign(instance, user, reason)
    instance.delete()


def _sign(instance: Any, user: Any, reason: str) -> None:
    # django-simple-history reads these two attributes when it writes the history row
    instance._history_user = user
    if reason:
        instance._change_reason = reason


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    record: str
    reason: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def entries(*querysets: Any, limit: int = 50) -> list[HistoryEntry]:
    """History rows of one or more historical querysets, newest first, with their diffs."""
    rows: list[HistoryEntry] = []
    for qs in querysets:
        # the groups too: each row names its author with their role (`people.label`)
        records = list(
            qs.select_related("history_user")
            .prefetch_related("history_user__groups")
            .order_by("history_date", "history_id")
        )
        previous_by_object: dict[Any, Any] = {}
        for record in records:
            model = record.instance_type
            changes = []
            previous = previous_by_object.get(record.id)
            if previous is not None:
                delta = record.diff_against(previous)
                for change in delta.changes:
                    model_field = model._meta.get_field(change.field)
                    changes.append(
                        (
                            str(model_field.verbose_name),
                            _display(model_field, change.old),
                            _display(model_field, change.new),
                        )
                    )
            previous_by_object[record.id] = record
            rows.append(
                HistoryEntry(
                    when=record.history_date,
                    who=label(record.history_user) if record.history_user else str(_("système")),
                    kind=str(TYPE_LABELS.get(record.history_type, record.history_type)),
                    record=str(model._meta.verbose_name),
                    reason=record.history_change_reason or "",
                    changes=changes,
                )
            )
    rows.sort(key=lambda entry: entry.when, reverse=True)
    return rows[:limit]


def _display(model_field: Any, value: Any) -> str:
    """A value as people read it: choice labels, related records by name, dates dd/mm/yyyy."""
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if isinstance(value, bool):
        return str(_("oui") if value else _("non"))
    if hasattr(value, "strftime"):
        return str(value.strftime("%d/%m/%Y"))
    return str(value)
