"""Moving a record from one status to another, written once for every app that has a workflow.

An app describes its workflow (`Workflow`): its model and status choices, its table of allowed
moves (`action -> (statuses it may start from, target)`, kept in the app's models module), the
words a refusal reads, the table that records each move, and a hook for the dated fields a move
fills. The engine checks the move, locks the row, applies it with the history's user and reason,
and records the move — the same way for proposals and alerts.
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from charter_portal.history import save_with_history

# action -> (statuses it may start from, target status)
Table = Mapping[str, tuple[Collection[str], str]]
# (record, action, previous status, now, user): fills the dated fields a move brings
Hook = Callable[[Any, str, str, datetime, Any], None]


class TransitionNotAllowed(ValidationError):
    """The record's status does not allow the action (error code `transition_not_allowed`)."""


def allowed_actions(status: str, table: Table) -> list[str]:
    """The actions the table allows from this status, in the table's order."""
    return [action for action, (sources, _target) in table.items() if status in sources]


def _action_is_the_reason(action: str, target: models.TextChoices) -> str:
    return action


@dataclass(frozen=True)
class Workflow:
    model: type[models.Model]
    statuses: type[models.TextChoices]
    table: Table
    # what a refusal reads, with %(status)s (the status's label) and %(action)s (from `labels`)
    refusal: Any
    labels: Mapping[str, Any]
    # the table that records each move, and its foreign key to the record
    steps: type[models.Model]
    step_record: str
    on_move: Hook | None = None
    reason: Callable[[str, Any], str] = _action_is_the_reason

    def allowed_actions(self, instance: Any) -> list[str]:
        return allowed_actions(instance.status, self.table)

    def check_allowed(self, instance: Any, action: str) -> models.TextChoices:
        """The move's target, or TransitionNotAllowed in the words users read."""
        sources, target = self.table[action]
        if instance.status not in sources:
            raise TransitionNotAllowed(
                self.refusal
                % {"status": self.statuses(instance.status).label, "action": self.labels[action]},
                code="transition_not_allowed",
            )
        return self.statuses(target)

    def transition(self, pk: int, action: str, user: Any, **changes: Any) -> Any:
        """Lock the record, check the move under the lock, apply it with `changes`, save it with
        the history's user and reason, and record the move (who, when).

        Safe against two people acting at once: the status is read under the row lock, so the
        second one is refused.
        """
        with transaction.atomic():
            instance: Any = self.model._default_manager.select_for_update().get(pk=pk)
            target = self.check_allowed(instance, action)
            now = timezone.now()
            previous = instance.status
            instance.status = target
            if self.on_move is not None:
                self.on_move(instance, action, previous, now, user)
            for key, value in changes.items():
                setattr(instance, key, value)
            save_with_history(instance, user, self.reason(action, target), validate=False)
            step: Any = self.steps(
                **{self.step_record: instance},
                action=action,
                from_status=previous,
                to_status=target,
                at=now,
                by=user,
            )
            save_with_history(step, user, validate=False)
        return instance
