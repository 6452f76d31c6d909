"""Every write the commission (C5) and the refusal dialogues (C6) cause.

Staff put proposals on a session's list, record the commission's decision on each, and run the
dialogue that a refusal for an incoherent path opens. Each service validates, saves in one
transaction recording who acted, and tells the organisation once the transaction is committed.
"""

import logging
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from charter_portal import roles
from charter_portal.history import save_with_history
from charter_portal.models import ServiceLevels
from paths import letters, notifications
from paths.models import (
    CommissionDecision,
    CommissionSession,
    ContactChannel,
    DecisionOutcome,
    DecisionReason,
    DialogueOutcome,
    PathProposal,
    ProposalStatus,
    RefusalDialogue,
)
from paths.workflow import check_allowed, transition

logger = logging.getLogger(__name__)

# The charter's steps of a refusal dialogue (C6), in the order they are recorded.
STEPS = ("contact", "reason", "expectations", "outcome")
# The outcomes that end a proposal's journey (decide); a postponement sends it to a later session.
FINAL_OUTCOMES = {
    DecisionOutcome.ACCEPTED,
    DecisionOutcome.ACCEPTED_WITH_ADJUSTMENTS,
    DecisionOutcome.REFUSED,
}


def _today() -> date:
    return timezone.localdate()


# ---------------------------------------------------------------- sessions and their list


@transaction.atomic
def save_session(session: CommissionSession, user) -> CommissionSession:
    """Create or correct a commission session (its date is unique)."""
    return save_with_history(session, user)


@transaction.atomic
def schedule(proposal_id: int, session_id: int, user) -> PathProposal:
    """Put a proposal on a session's list: one that received feedback, or one a previous
    session postponed (it then goes to a later session than the one that postponed it)."""
    proposal = PathProposal.objects.select_for_update().get(pk=proposal_id)
    session = CommissionSession.objects.get(pk=session_id)
    if proposal.status == ProposalStatus.AT_COMMISSION and proposal.commission_session_id is None:
        postponed_at = (
            proposal.decisions.filter(outcome=DecisionOutcome.POSTPONED)
            .select_related("session")
            .order_by("-decided_at", "-pk")
            .first()
        )
        if postponed_at and session.held_on <= postponed_at.session.held_on:
            raise ValidationError(
                {
                    "session": _(
                        "Cette proposition a été ajournée par la commission du %(day)s : "
                        "choisissez une commission postérieure."
                    )
                    % {"day": postponed_at.session.held_on.strftime("%d/%m/%Y")}
                },
                code="session_not_later",
            )
        proposal.commission_session = session
        return save_with_history(proposal, user, reason="reschedule")
    if proposal.status == ProposalStatus.AT_COMMISSION:
        raise ValidationError(
            _("Cette proposition est déjà inscrite à la %(session)s.")
            % {"session": str(proposal.commission_session).lower()},
            code="already_scheduled",
        )
    check_allowed(proposal, "send_to_commission")
    return transition(proposal.pk, "send_to_commission", user, commission_session=session)


def ready_for_commission(queryset=None):
    """Proposals waiting for a session: answered by staff, or postponed by a commission."""
    queryset = PathProposal.objects.all() if queryset is None else queryset
    return queryset.filter(
        Q(status=ProposalStatus.FEEDBACK_GIVEN)
        | Q(status=ProposalStatus.AT_COMMISSION, commission_session__isnull=True)
    )


# ---------------------------------------------------------------- decisions


def _check_decision(proposal: PathProposal, outcome: str, reason: str) -> None:
    errors = {}
    if outcome not in DecisionOutcome.values:
        errors["outcome"] = _("Choisissez la décision de la commission.")
    if reason and reason not in DecisionReason.values:
        errors["reason"] = _("Choisissez un motif dans la liste.")
    elif outcome == DecisionOutcome.REFUSED and not reason:
        errors["reason"] = _("Un refus doit être motivé : choisissez un motif.")
    elif reason and outcome in (
        DecisionOutcome.ACCEPTED,
        DecisionOutcome.ACCEPTED_WITH_ADJUSTMENTS,
    ):
        errors["reason"] = _("Un motif ne s'indique que pour un refus ou un ajournement.")
    if errors:
        raise ValidationError(errors, code="invalid_decision")
    session = proposal.commission_session
    if session is None:
        raise ValidationError(
            _("Inscrivez d'abord la proposition à une commission."), code="no_session"
        )
    if session.held_on > _today():
        raise ValidationError(
            _(
                "La commission du %(day)s ne s'est pas encore tenue : sa décision s'enregistre "
                "à partir de ce jour."
            )
            % {"day": session.held_on.strftime("%d/%m/%Y")},
            code="session_not_held",
        )


@transaction.atomic
def record_decision(
    proposal_id: int, user, *, outcome: str, reason: str = "", comment: str = ""
) -> CommissionDecision:
    """Record the commission's decision on a proposal at commission.

    Accepted (with or without adjustments) and refused decide the proposal; postponed keeps it at
    commission but takes it off the session's list, to be put on a later session. A refusal
    because the path does not look coherent with the career project opens the refusal dialogue
    (C6) in the same transaction. The organisation's members are emailed once it is committed.
    """
    proposal = PathProposal.objects.select_for_update().get(pk=proposal_id)
    action = "decide" if outcome in FINAL_OUTCOMES else "postpone"
    check_allowed(proposal, action)
    _check_decision(proposal, outcome, reason)
    session = proposal.commission_session
    changes = {"commission_session": None} if action == "postpone" else {}
    transition(proposal.pk, action, user, **changes)
    decision = save_with_history(
        CommissionDecision(
            proposal_id=proposal.pk,
            session=session,
            outcome=outcome,
            reason=reason,
            comment=comment.strip(),
            decided_by=user,
            decided_at=timezone.now(),
        ),
        user,
    )
    dialogue = None
    if outcome == DecisionOutcome.REFUSED and reason == DecisionReason.INCOHERENT_PATH:
        dialogue = save_with_history(
            RefusalDialogue(
                proposal_id=proposal.pk,
                decision=decision,
                opened_at=decision.decided_at,
                contact_person=proposal.organisation.contact_name,
            ),
            user,
            reason="Ouvert après un refus pour parcours incohérent",
        )
    transaction.on_commit(lambda: _after_decision(decision, dialogue, user))
    return decision


def _after_decision(decision, dialogue, user) -> None:
    """Once the decision is committed: its letter (PDF) is made and stored with it, then the
    organisation's members get the email with the letter attached. A letter that cannot be drawn
    (e.g. Pango missing on the machine) never holds back the email: it is made at its first
    download instead."""
    try:
        letters.ensure_letter(decision, user)
    except Exception:
        logger.exception("Decision letter for %s not made; the email goes without it", decision.pk)
    notifications.decision_recorded(decision, dialogue)


# ---------------------------------------------------------------- refusal dialogues (C6)


def next_step(dialogue: RefusalDialogue) -> str | None:
    """The step to record next, or None once the dialogue is closed."""
    if dialogue.outcome != DialogueOutcome.OPEN:
        return None
    done = dialogue.steps_done
    for step in STEPS[:-1]:
        if not done[step]:
            return step
    return "outcome"


def overdue_cutoff(day: date | None = None, days: int | None = None):
    """Dialogues opened before this moment and still open are overdue (`days`: the delay
    administrators set in ServiceLevels.dialogue_overdue_days)."""
    if days is None:
        days = ServiceLevels.current().dialogue_overdue_days
    day = day or _today()
    return timezone.make_aware(datetime.combine(day - timedelta(days=days), time.min))


def with_overdue(queryset, day: date | None = None, days: int | None = None):
    """Annotate `overdue` (open past ServiceLevels.dialogue_overdue_days) and list the overdue
    first, then the other open ones, oldest first, then the closed ones."""
    cutoff = overdue_cutoff(day, days)
    is_open = Q(outcome=DialogueOutcome.OPEN)
    return queryset.annotate(
        overdue=Case(
            When(is_open & Q(opened_at__lt=cutoff), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        is_open=Case(When(is_open, then=Value(True)), default=Value(False)),
    ).order_by("-overdue", "-is_open", "opened_at", "pk")


def new_proposal_candidates(dialogue: RefusalDialogue):
    """The organisation's proposals that may follow the refused one."""
    return (
        PathProposal.objects.filter(organisation_id=dialogue.proposal.organisation_id)
        .exclude(pk=dialogue.proposal_id)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .filter(Q(previous_proposal__isnull=True) | Q(previous_proposal_id=dialogue.proposal_id))
    )


STEP_ORDER_MESSAGES = {
    "reason": _(
        "Étape impossible : enregistrez d'abord le contact avec l'interlocuteur de l'organisme."
    ),
    "expectations": _("Étape impossible : précisez d'abord le motif du refus à l'organisme."),
    "outcome": _(
        "Étape impossible : l'issue commune se décide une fois les attendus de la commission "
        "partagés."
    ),
}


def _check_order(dialogue: RefusalDialogue, step: str) -> None:
    if dialogue.outcome != DialogueOutcome.OPEN:
        raise ValidationError(
            _("Ce dialogue est clos : il ne peut plus être modifié."), code="dialogue_closed"
        )
    previous = STEPS[: STEPS.index(step)]
    done = dialogue.steps_done
    if not all(done[name] for name in previous):
        raise ValidationError(STEP_ORDER_MESSAGES[step], code="step_order")


def _check_day(field: str, day, not_before: date, not_before_message: str) -> dict:
    if day is None:
        return {field: _("Indiquez la date.")}
    if day > _today():
        return {field: _("La date ne peut pas être dans le futur.")}
    if day < not_before:
        return {field: not_before_message % {"day": not_before.strftime("%d/%m/%Y")}}
    return {}


def _locked(dialogue_id: int) -> RefusalDialogue:
    return (
        RefusalDialogue.objects.select_for_update(of=("self",))
        .select_related("proposal__organisation")
        .get(pk=dialogue_id)
    )


def _contact(dialogue, user, data) -> str:
    contacted_by = data.get("contacted_by") or user
    person = (
        data.get("contact_person") or ""
    ).strip() or dialogue.proposal.organisation.contact_name
    errors = _check_day(
        "contacted_on",
        data.get("contacted_on"),
        timezone.localtime(dialogue.opened_at).date(),
        _("Le contact ne peut pas précéder le refus du %(day)s."),
    )
    if data.get("contact_channel") not in ContactChannel.values:
        errors["contact_channel"] = _("Choisissez le moyen de contact.")
    if not roles.is_staff_member(contacted_by):
        errors["contacted_by"] = _("Le contact est pris par une personne de Transitions Pro.")
    if not person:
        errors["contact_person"] = _("Indiquez l'interlocuteur du dossier dans l'organisme.")
    if errors:
        raise ValidationError(errors)
    dialogue.contacted_on = data["contacted_on"]
    dialogue.contact_channel = data["contact_channel"]
    dialogue.contacted_by = contacted_by
    dialogue.contact_person = person
    return "Contact de l'interlocuteur du dossier"


def _reason(dialogue, user, data) -> str:
    statement = (data.get("reason_statement") or "").strip()
    errors = _check_day(
        "reason_stated_on",
        data.get("reason_stated_on"),
        dialogue.contacted_on,
        _("Le motif ne peut pas être précisé avant le contact du %(day)s."),
    )
    if not statement:
        errors["reason_statement"] = _("Écrivez le motif du refus tel qu'il a été précisé.")
    if errors:
        raise ValidationError(errors)
    dialogue.reason_stated_on = data["reason_stated_on"]
    dialogue.reason_statement = statement
    return "Motif du refus précisé"


def _expectations(dialogue, user, data) -> str:
    expectations = (data.get("expectations") or "").strip()
    errors = _check_day(
        "expectations_shared_on",
        data.get("expectations_shared_on"),
        dialogue.reason_stated_on,
        _("Les attendus ne peuvent pas être partagés avant le motif, précisé le %(day)s."),
    )
    if not expectations:
        errors["expectations"] = _(
            "Écrivez les attendus de la commission partagés avec l'organisme."
        )
    if errors:
        raise ValidationError(errors)
    dialogue.expectations_shared_on = data["expectations_shared_on"]
    dialogue.expectations = expectations
    return "Attendus de la commission partagés"


def _outcome(dialogue, user, data) -> str:
    outcome = data.get("outcome")
    new_proposal = data.get("new_proposal")
    if outcome not in (DialogueOutcome.NEW_PROPOSAL, DialogueOutcome.ABANDONED):
        raise ValidationError(
            {"outcome": _("Choisissez l'issue : une nouvelle proposition ou l'abandon.")}
        )
    if outcome == DialogueOutcome.ABANDONED and new_proposal is not None:
        raise ValidationError(
            {"new_proposal": _("Un abandon ne se lie à aucune nouvelle proposition.")}
        )
    if outcome == DialogueOutcome.NEW_PROPOSAL:
        new_id = getattr(new_proposal, "pk", new_proposal)
        follow_up = (
            new_proposal_candidates(dialogue).select_for_update().filter(pk=new_id).first()
            if new_id
            else None
        )
        if follow_up is None:
            raise ValidationError(
                {
                    "new_proposal": _(
                        "Choisissez la nouvelle proposition de l'organisme qui fait suite au refus."
                    )
                }
            )
        follow_up.previous_proposal_id = dialogue.proposal_id
        save_with_history(
            follow_up, user, reason="Nouvelle proposition après un dialogue après refus"
        )
        dialogue.new_proposal = follow_up
    dialogue.outcome = outcome
    dialogue.closed_at = timezone.now()
    return "Issue commune du dialogue"


STEP_HANDLERS = {
    "contact": _contact,
    "reason": _reason,
    "expectations": _expectations,
    "outcome": _outcome,
}


@transaction.atomic
def record_step(dialogue_id: int, step: str, user, **data) -> RefusalDialogue:
    """Record one of the charter's steps of a refusal dialogue, in order:

    - contact: `contacted_on`, `contact_channel`, `contacted_by` (defaults to the user),
      `contact_person` (defaults to the organisation's file contact);
    - reason: `reason_stated_on`, `reason_statement`;
    - expectations: `expectations_shared_on`, `expectations`;
    - outcome: `outcome` (new_proposal with `new_proposal`, or abandoned), which closes it.

    A step already done may be corrected while the dialogue is open. Closing it tells the
    organisation's members by email.
    """
    if step not in STEP_HANDLERS:
        raise ValidationError({"step": _("Étape inconnue.")}, code="unknown_step")
    dialogue = _locked(dialogue_id)
    _check_order(dialogue, step)
    reason = STEP_HANDLERS[step](dialogue, user, data)
    save_with_history(dialogue, user, reason=reason)
    if step == "outcome":
        transaction.on_commit(lambda: notifications.dialogue_closed(dialogue))
    return dialogue
