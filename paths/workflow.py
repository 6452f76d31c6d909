"""The proposals' workflow: the moves of `paths.models.TRANSITIONS` through the portal's one
transition engine (`charter_portal.transitions`), with the dates a move fills on a proposal.

Services (paths/services.py) call `transition` and then send their notifications.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from charter_portal import roles
from charter_portal.transitions import Workflow
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


def _date_the_move(proposal: PathProposal, action: str, previous: str, now, user) -> None:
    """First-time dates (submitted, first feedback, decided) and the queue's waiting clock."""
    field = FIRST_TIME_FIELDS.get(action)
    if field and getattr(proposal, field) is None:
        setattr(proposal, field, now)
    if proposal.status not in AWAITING_FEEDBACK:
        proposal.awaiting_feedback_since = None
    elif action in SENT_TO_TRANSITIONS_PRO or proposal.awaiting_feedback_since is None:
        proposal.awaiting_feedback_since = now


PROPOSALS = Workflow(
    model=PathProposal,
    statuses=ProposalStatus,
    table=TRANSITIONS,
    refusal=_("Action impossible : une proposition « %(status)s » ne peut pas être %(action)s."),
    labels=ACTION_LABELS,
    steps=ProposalTransition,
    step_record="proposal",
    on_move=_date_the_move,
)

check_allowed = PROPOSALS.check_allowed
transition = PROPOSALS.transition

# Who takes which action: the OF's members send, revise and withdraw; staff study and answer
# (from the proposal page and the API), schedule and record decisions (from the commission's).
OF_ACTIONS = {"submit", "revise", "withdraw"}
STAFF_ACTION_PERMISSIONS = {
    "start_review": "paths.change_pathproposal",
    "give_feedback": "paths.add_feedback",
    "send_to_commission": "paths.change_commissionsession",
    "decide": "paths.add_commissiondecision",
    "postpone": "paths.add_commissiondecision",
}


def actions_for(proposal: PathProposal, user) -> list[str]:
    """The actions this user can take on this proposal now, in the workflow's order: what its
    status allows, and of that what their place allows (a member of its organisation, or staff
    holding the action's permission)."""
    member = roles.is_member_of(user, proposal.organisation_id)
    staff = roles.is_staff_member(user)
    return [
        action
        for action in PROPOSALS.allowed_actions(proposal)
        if (member and action in OF_ACTIONS)
        or (
            staff
            and action in STAFF_ACTION_PERMISSIONS
            and user.has_perm(STAFF_ACTION_PERMISSIONS[action])
        )
    ]


@transaction.atomic
def next_reference(year: int) -> str:
    """PP-YYYY-NNNN, numbered per year; a number once given is never given again."""
    sequence, _created = ReferenceSequence.objects.select_for_update().get_or_create(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"PP-{year}-{sequence.last_number:04d}"
