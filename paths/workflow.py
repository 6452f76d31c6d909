"""Performing a transition of a proposal: check it is allowed, save, date it, in one transaction.

Services (paths/services.py) call `transition` and then send their notifications.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paths.models import (
    AWAITING_FEEDBACK,
    TRANSITIONS,
    PathProposal,
    ProposalStatus,
    ProposalTransition,
    ReferenceSequence,
)

# The dated fields a transition fills the first time it happens.
FIRST_TIME_FIELDS = {
    "submit": "submitted_at",
    "give_feedback": "first_feedback_at",
    "decide": "decided_at",
}

# The actions after which Transitions Pro owes an answer again (the queue's waiting clock starts).
SENT_TO_TRANSITIONS_PRO = {"submit", "revise"}


class TransitionNotAllowed(ValidationError):
    pass


def check_allowed(proposal: PathProposal, action: str) -> ProposalStatus:
    sources, target = TRANSITIONS[action]
    if proposal.status not in sources:
        raise TransitionNotAllowed(
            _("Action impossible : une proposition « %(status)s » ne peut pas être %(action)s.")
            % {"status": ProposalStatus(proposal.status).label, "action": ACTION_LABELS[action]},
            code="transition_not_allowed",
        )
    return target


ACTION_LABELS = {
    "submit": _("transmise"),
    "start_review": _("mise à l'étude"),
    "give_feedback": _("l'objet d'un retour"),
    "revise": _("révisée"),
    "send_to_commission": _("inscrite en commission"),
    "decide": _("décidée"),
    "postpone": _("ajournée"),
    "withdraw": _("retirée"),
}


@transaction.atomic
def transition(proposal_id: int, action: str, user, **changes) -> PathProposal:
    """Lock the proposal, check the move, apply it with `changes`, and record it (who, when).

    Safe against two people acting at once: the row is locked and its status read under the lock.
    """
    proposal = PathProposal.objects.select_for_update().get(pk=proposal_id)
    target = check_allowed(proposal, action)
    now = timezone.now()
    previous = proposal.status
    proposal.status = target
    field = FIRST_TIME_FIELDS.get(action)
    if field and getattr(proposal, field) is None:
        setattr(proposal, field, now)
    if target not in AWAITING_FEEDBACK:
        proposal.awaiting_feedback_since = None
    elif action in SENT_TO_TRANSITIONS_PRO or proposal.awaiting_feedback_since is None:
        proposal.awaiting_feedback_since = now
    for key, value in changes.items():
        setattr(proposal, key, value)
    proposal._history_user = user
    proposal._change_reason = action
    proposal.save()
    ProposalTransition.objects.create(
        proposal=proposal, action=action, from_status=previous, to_status=target, at=now, by=user
    )
    return proposal


@transaction.atomic
def next_reference(year: int) -> str:
    """PP-YYYY-NNNN, numbered per year; a number once given is never given again."""
    sequence, _created = ReferenceSequence.objects.select_for_update().get_or_create(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"PP-{year}-{sequence.last_number:04d}"
