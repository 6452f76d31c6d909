"""Screens: commission sessions, their decisions (C5) and the queue of proposals to schedule.

Forms live in paths/commission_forms.py; the URLs in paths/urls.py. Refusal dialogues (C6) are in
paths/views/dialogues.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from charter_portal.history import entries
from charter_portal.scoping import get_visible_or_404, permission_required, staff_required
from paths import commission
from paths.commission_forms import DecisionForm, ScheduleForm, SessionForm
from paths.models import (
    CommissionDecision,
    CommissionSession,
    DecisionOutcome,
    Feedback,
    PathProposal,
    ProposalStatus,
)

# Badge colours of the shared stylesheet, by what they say.
BADGES = {
    DecisionOutcome.ACCEPTED: "compliant",
    DecisionOutcome.ACCEPTED_WITH_ADJUSTMENTS: "compliant",
    DecisionOutcome.REFUSED: "breach",
    DecisionOutcome.POSTPONED: "pending",
}


def _row_id(proposal) -> str:
    # several forms on one page: names stay plain, ids name the proposal
    return f"id_p{proposal.pk}_%s"


# ---------------------------------------------------------------- sessions


@staff_required
def session_list(request):
    sessions = CommissionSession.objects.annotate(
        on_list=Count(
            "proposals",
            filter=Q(proposals__status=ProposalStatus.AT_COMMISSION),
            distinct=True,
        ),
        decided=Count("decisions", distinct=True),
    ).order_by("-held_on")
    page = Paginator(sessions, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "paths/commission/session_list.html",
        {"page": page, "today": timezone.localdate()},
    )


@permission_required("paths.add_commissionsession")
def session_create(request):
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = commission.save_session(form.instance, request.user)
        messages.success(request, _("Commission enregistrée."))
        return redirect("paths:session_detail", pk=session.pk)
    return render(request, "paths/commission/session_form.html", {"form": form})


@permission_required("paths.change_commissionsession")
def session_edit(request, pk):
    session = get_object_or_404(CommissionSession, pk=pk)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        commission.save_session(form.instance, request.user)
        messages.success(request, _("Commission mise à jour."))
        return redirect("paths:session_detail", pk=session.pk)
    return render(request, "paths/commission/session_form.html", {"form": form, "session": session})


def _with_latest_feedback(queryset):
    """The proposals as the commission weighs them: with their facts (`concerted`), levers and
    latest feedback."""
    return (
        queryset.with_facts()
        .select_related("organisation")
        .prefetch_related(
            "levers",
            Prefetch(
                "feedbacks",
                queryset=Feedback.objects.order_by("-created_at", "-pk"),
                to_attr="feedbacks_latest_first",
            ),
        )
    )


def _session_page(request, session, failed=None, status=200):
    """The session's list, concerted proposals first (C5), and the decisions already taken."""
    proposals = list(
        _with_latest_feedback(
            PathProposal.objects.visible_to(request.user).filter(
                commission_session=session, status=ProposalStatus.AT_COMMISSION
            )
        ).order_by("-concerted", "reference")
    )
    can_decide = request.user.has_perm("paths.add_commissiondecision")
    held = session.held_on <= timezone.localdate()
    failed_proposal, failed_form = failed or (None, None)
    rows = []
    for proposal in proposals:
        form = None
        if can_decide and held:
            form = (
                failed_form
                if failed_proposal and failed_proposal.pk == proposal.pk
                else DecisionForm(auto_id=_row_id(proposal))
            )
        latest = proposal.feedbacks_latest_first
        rows.append(
            {
                "proposal": proposal,
                "url": reverse("paths:proposal_detail", args=[proposal.pk]),
                "feedback": latest[0] if latest else None,
                "form": form,
            }
        )
    decisions = list(
        CommissionDecision.objects.filter(session=session)
        .select_related("proposal__organisation", "decided_by", "dialogue")
        .prefetch_related("proposal__levers", "decided_by__groups")
        .order_by("decided_at", "pk")
    )
    for decision in decisions:
        decision.badge = BADGES[decision.outcome]
        decision.url = reverse("paths:proposal_detail", args=[decision.proposal_id])
    on_the_page = failed_proposal is not None and any(
        row["proposal"].pk == failed_proposal.pk for row in rows
    )
    return render(
        request,
        "paths/commission/session_detail.html",
        {
            "session": session,
            "rows": rows,
            "decisions": decisions,
            "can_decide": can_decide,
            "held": held,
            "other_errors": failed_form.errors.values() if failed and not on_the_page else [],
            "failed_proposal": failed_proposal,
            "history": entries(CommissionSession.history.filter(id=session.pk)),
        },
        status=status,
    )


@staff_required
def session_detail(request, pk):
    session = get_object_or_404(CommissionSession, pk=pk)
    return _session_page(request, session)


@require_POST
@permission_required("paths.add_commissiondecision")
def decision_create(request, pk, proposal_pk):
    session = get_object_or_404(CommissionSession, pk=pk)
    proposal = get_visible_or_404(PathProposal.objects, request.user, pk=proposal_pk)
    form = DecisionForm(request.POST, auto_id=_row_id(proposal))
    if form.is_valid():
        try:
            if (
                proposal.status == ProposalStatus.AT_COMMISSION
                and proposal.commission_session_id != session.pk
            ):
                raise ValidationError(_("Cette proposition n'est pas inscrite à cette commission."))
            decision = commission.record_decision(
                proposal.pk,
                request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Décision enregistrée pour %(reference)s : %(outcome)s.")
                % {"reference": proposal.reference, "outcome": decision.get_outcome_display()},
            )
            if hasattr(decision, "dialogue"):
                messages.info(
                    request,
                    _("Un dialogue après refus est ouvert avec l'organisme (charte d'engagement)."),
                )
            return redirect("paths:session_detail", pk=session.pk)
    return _session_page(request, session, failed=(proposal, form), status=400)


# ---------------------------------------------------------------- the queue for the commission


def _queue_page(request, failed=None, status=200):
    proposals = _with_latest_feedback(
        commission.ready_for_commission(PathProposal.objects.visible_to(request.user))
    ).prefetch_related(
        Prefetch(
            "decisions",
            queryset=CommissionDecision.objects.filter(
                outcome=DecisionOutcome.POSTPONED
            ).select_related("session"),
            to_attr="postponements",
        )
    )
    page = Paginator(proposals.order_by("first_feedback_at", "pk"), 50).get_page(
        request.GET.get("page")
    )
    can_schedule = request.user.has_perm("paths.change_commissionsession")
    sessions = list(
        CommissionSession.objects.filter(held_on__gte=timezone.localdate()).order_by("held_on")
    )
    failed_proposal, failed_form = failed or (None, None)
    rows = []
    for proposal in page.object_list:
        form = None
        if can_schedule and sessions:
            form = (
                failed_form
                if failed_proposal and failed_proposal.pk == proposal.pk
                else ScheduleForm(auto_id=_row_id(proposal), sessions=sessions)
            )
        latest = proposal.feedbacks_latest_first
        rows.append(
            {
                "proposal": proposal,
                "url": reverse("paths:proposal_detail", args=[proposal.pk]),
                "feedback": latest[0] if latest else None,
                "postponed": proposal.postponements[-1] if proposal.postponements else None,
                "form": form,
            }
        )
    on_the_page = failed_proposal is not None and any(
        row["proposal"].pk == failed_proposal.pk for row in rows
    )
    return render(
        request,
        "paths/commission/queue.html",
        {
            "page": page,
            "rows": rows,
            "can_schedule": can_schedule,
            "sessions": sessions,
            "other_errors": failed_form.errors.values() if failed and not on_the_page else [],
            "failed_proposal": failed_proposal,
        },
        status=status,
    )


@staff_required
def commission_queue(request):
    return _queue_page(request)


@require_POST
@permission_required("paths.change_commissionsession")
def schedule_proposal(request, proposal_pk):
    proposal = get_visible_or_404(PathProposal.objects, request.user, pk=proposal_pk)
    sessions = {s.held_on.isoformat(): s for s in CommissionSession.objects.order_by("held_on")}
    form = ScheduleForm(request.POST, auto_id=_row_id(proposal), sessions=sessions.values())
    if form.is_valid():
        try:
            session = sessions[form.cleaned_data["session"]]
            proposal = commission.schedule(proposal.pk, session.pk, request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(reference)s est inscrite à la %(session)s.")
                % {
                    "reference": proposal.reference,
                    "session": str(proposal.commission_session).lower(),
                },
            )
            return redirect("paths:commission_queue")
    return _queue_page(request, failed=(proposal, form), status=400)
