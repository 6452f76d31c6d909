"""What an OF changed in its proposal since Transitions Pro's last feedback, read from the
history: the typed fields, the levers and the modules, each before and after."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Field
from django.utils.translation import gettext_lazy as _

from charter_portal.history import _display
from paths.models import Lever, PathModule, PathProposal
from paths.services import PROPOSAL_FIELDS

# fields the proposal page shows together under one heading
PAGE_GROUPS = {
    "certification_code": "certification",
    "certification_title": "certification",
    "start_date": "dates",
    "end_date": "dates",
    "centre_hours_in_person": "centre_hours",
    "centre_hours_distance": "centre_hours",
    "company_hours_required": "company_hours",
    "standard_hours": "standard",
    "standard_cost_ht": "standard",
    "concerted_on": "concertation",
    "concerted_with": "concertation",
}


@dataclass
class Change:
    field: str
    label: str
    before: str
    after: str


@dataclass
class Changes:
    since: datetime
    fields: list[Change] = field(default_factory=list)
    levers: list[Change] = field(default_factory=list)
    modules: list[Change] = field(default_factory=list)

    @property
    def names(self) -> set[str]:
        """The changed field names, the groups the proposal page shows them in, plus `levers`
        and `modules`, to mark them on the page."""
        names = {change.field for change in self.fields}
        names |= {PAGE_GROUPS[name] for name in names if name in PAGE_GROUPS}
        if self.levers:
            names.add("levers")
        if self.modules:
            names.add("modules")
        return names

    @property
    def empty(self) -> bool:
        return not (self.fields or self.levers or self.modules)


def _state_at(history_queryset, at) -> dict[int, Any]:
    """The rows as they stood at `at`: the last historical record of each, unless deleted."""
    state: dict[int, Any] = {}
    for record in history_queryset.filter(history_date__lte=at).order_by(
        "history_date", "history_id"
    ):
        if record.history_type == "-":
            state.pop(record.id, None)
        else:
            state[record.id] = record
    return state


def _lever_lines(rows) -> dict[str, str]:
    return {row.code: row.explanation for row in rows}


def _module_line(row) -> str:
    modality = _display(PathModule._meta.get_field("modality"), row.modality)
    hours = f"{row.hours:.2f}".rstrip("0").rstrip(".")
    return f"{row.name} — {hours} h, {modality}, {row.cost_ht:.2f} € HT"


def since_last_feedback(proposal: PathProposal) -> Changes | None:
    """The changes since the last feedback, or None when there was no feedback yet."""
    feedback = proposal.feedbacks.order_by("-created_at", "-pk").first()
    if feedback is None:
        return None
    at = feedback.created_at
    changes = Changes(since=at)
    try:
        before = proposal.history.as_of(at)
    except PathProposal.DoesNotExist:
        return changes
    for name in PROPOSAL_FIELDS:
        model_field = PathProposal._meta.get_field(name)
        if not isinstance(model_field, Field):  # PROPOSAL_FIELDS names the proposal's own fields
            raise TypeError(f"{name} is not a field of the proposal")
        old, new = getattr(before, name), getattr(proposal, name)
        if old != new:
            changes.fields.append(
                Change(
                    name,
                    str(model_field.verbose_name),
                    _display(model_field, old),
                    _display(model_field, new),
                )
            )
    code_field = Lever._meta.get_field("code")
    old_levers = _lever_lines(_state_at(Lever.history.filter(proposal_id=proposal.pk), at).values())
    new_levers = _lever_lines(proposal.levers.all())
    for code in sorted(set(old_levers) | set(new_levers)):
        old, new = old_levers.get(code), new_levers.get(code)
        if old != new:
            changes.levers.append(
                Change("levers", _display(code_field, code), old or "—", new or "—")
            )
    old_modules = sorted(
        _state_at(PathModule.history.filter(proposal_id=proposal.pk), at).values(),
        key=lambda row: (row.position, row.id),
    )
    new_modules = list(proposal.modules.all())
    for index in range(max(len(old_modules), len(new_modules))):
        old = _module_line(old_modules[index]) if index < len(old_modules) else "—"
        new = _module_line(new_modules[index]) if index < len(new_modules) else "—"
        if old != new:
            changes.modules.append(
                Change("modules", str(_("Module %(n)s") % {"n": index + 1}), old, new)
            )
    return changes
