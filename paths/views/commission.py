"""Screens: commission sessions and their decisions (C5), refusal dialogues (C6).

Each module declares its own urlpatterns, gathered by paths/urls.py.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from charter_portal import roles
from charter_portal.history import entries
from charter_portal.models import ServiceLevels
from charter_portal.scoping import get_visible_or_404, permission_required, staff_required
from charter_portal.widgets import DateInput
from paths import commission
from paths.models import (
    CommissionDecision,
    CommissionSession,
    ContactChannel,
    DecisionOutcome,
    DecisionReason,
    DialogueOutcome,
    Feedback,
    PathProposal,
    ProposalStatus,
    RefusalDialogue,
)

# Badge colours of the shared stylesheet, by what they say.
BADGES = {
    DecisionOutcome.ACCEPTED: "compliant",
    DecisionOutcome.ACCEPTED_WITH_ADJUSTMENTS: "compliant",
    DecisionOutcome.REFUSED: "breach",
    DecisionOutcome.POSTPONED: "pending",
    DialogueOutcome.OPEN: "pending",
    DialogueOutcome.NEW_PROPOSAL: "active",
    DialogueOutcome.ABANDONED: "expired",
}

# ---------------------------------------------------------------- forms


class SessionForm(forms.ModelForm):
    class Meta:
        model = CommissionSession
        fields = ["held_on", "title", "notes"]
        widgets = {"held_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "held_on": {"unique": gettext_lazy("Une commission est déjà prévue ce jour-là.")}
        }


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Décision"), choices=[("", "—"), *DecisionOutcome.choices]
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Motif"),
        required=False,
        choices=[("", "—"), *DecisionReason.choices],
        help_text=gettext_lazy("Obligatoire pour un refus ; possible pour un ajournement."),
    )
    comment = forms.CharField(
        label=gettext_lazy("Commentaire de la commission"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Communiqué à l'organisme avec la décision."),
    )


class ScheduleForm(forms.Form):
    """The session, by its date (unique): the choices are computed once for the whole page."""

    session = forms.ChoiceField(label=gettext_lazy("Commission"))

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [(s.held_on.isoformat(), str(s)) for s in sessions]


def _row_id(proposal) -> str:
    # several forms on one page: names stay plain, ids name the proposal
    return f"id_p{proposal.pk}_%s"


class ContactForm(forms.Form):
    contacted_on = forms.DateField(label=gettext_lazy("Date du contact"), widget=DateInput())
    contact_channel = forms.ChoiceField(
        label=gettext_lazy("Moyen"), choices=[("", "—"), *ContactChannel.choices]
    )
    contacted_by = forms.ModelChoiceField(
        label=gettext_lazy("Contact pris par"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=gettext_lazy("Vous-même si vous ne choisissez personne."),
    )
    contact_person = forms.CharField(
        label=gettext_lazy("Interlocuteur du dossier dans l'organisme"), max_length=150
    )

    def __init__(self, *args, dialogue=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        staff = Q(is_superuser=True) | Q(groups__name__in=list(roles.STAFF_ROLES))
        self.fields["contacted_by"].queryset = (
            get_user_model().objects.filter(staff, is_active=True).distinct()
        )
        self.fields["contacted_by"].initial = user
        self.fields["contact_person"].initial = (
            dialogue.contact_person or dialogue.proposal.organisation.contact_name
        )
        self.fields["contacted_on"].initial = timezone.localdate()


class ReasonForm(forms.Form):
    reason_stated_on = forms.DateField(
        label=gettext_lazy("Motif précisé le"), widget=DateInput(), initial=timezone.localdate
    )
    reason_statement = forms.CharField(
        label=gettext_lazy("Motif du refus, tel que précisé à l'organisme"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ExpectationsForm(forms.Form):
    expectations_shared_on = forms.DateField(
        label=gettext_lazy("Attendus partagés le"), widget=DateInput(), initial=timezone.localdate
    )
    expectations = forms.CharField(
        label=gettext_lazy("Attendus de la commission"), widget=forms.Textarea(attrs={"rows": 4})
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Issue commune"),
        choices=[
            (DialogueOutcome.NEW_PROPOSAL, DialogueOutcome.NEW_PROPOSAL.label),
            (DialogueOutcome.ABANDONED, DialogueOutcome.ABANDONED.label),
        ],
        widget=forms.RadioSelect,
    )
    new_proposal = forms.ModelChoiceField(
        label=gettext_lazy("Nouvelle proposition de l'organisme"),
        queryset=PathProposal.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Pour une nouvelle proposition : celle que l'organisme a déposée à la suite du refus."
        ),
    )

    def __init__(self, *args, dialogue=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_proposal"].queryset = commission.new_proposal_candidates(dialogue)


STEP_FORMS = {
    "contact": ContactForm,
    "reason": ReasonForm,
    "expectations": ExpectationsForm,
    "outcome": OutcomeForm,
}
STEP_TITLES = {
    "contact": gettext_lazy("1. Contacter l'interlocuteur du dossier"),
    "reason": gettext_lazy("2. Préciser le motif du refus"),
    "expectations": gettext_lazy("3. Partager les attendus de la commission"),
    "outcome": gettext_lazy("Issue commune"),
}
STEP_DONE_MESSAGES = {
    "contact": gettext_lazy("Contact enregistré."),
    "reason": gettext_lazy("Motif du refus enregistré."),
    "expectations": gettext_lazy("Attendus de la commission enregistrés."),
    "outcome": gettext_lazy("Issue commune enregistrée : le dialogue est clos."),
}


def _step_form(step, dialogue, user, data=None):
    form_class = STEP_FORMS[step]
    kwargs = {"prefix": step}
    if form_class in (ContactForm, OutcomeForm):
        kwargs.update(dialogue=dialogue, user=user)
    return form_class(data, **kwargs)


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
    return queryset.select_related("organisation").prefetch_related(
        "levers",
        Prefetch(
            "feedbacks",
            queryset=Feedback.objects.order_by("-created_at", "-pk"),
            to_attr="feedbacks_latest_first",
        ),
    )


def _session_page(request, session, failed=None, status=200):
    """The session's list, concerted proposals first (C5), and the decisions already taken."""
    proposals = list(
        _with_latest_feedback(
            PathProposal.objects.visible_to(request.user).filter(
                commission_session=session, status=ProposalStatus.AT_COMMISSION
            )
        ).order_by("reference")
    )
    proposals.sort(key=lambda proposal: not proposal.is_concerted)
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


# ---------------------------------------------------------------- refusal dialogues (C6)

DIALOGUE_FILTERS = [
    ("", gettext_lazy("Tous")),
    ("open", gettext_lazy("En cours")),
    ("overdue", gettext_lazy("En retard")),
    ("closed", gettext_lazy("Clos")),
]


class DialogueFilterForm(forms.Form):
    state = forms.ChoiceField(label=gettext_lazy("État"), required=False, choices=DIALOGUE_FILTERS)


@staff_required
def dialogue_list(request):
    form = DialogueFilterForm(request.GET or None)
    state = form.cleaned_data.get("state") if form.is_valid() else ""
    overdue_days = ServiceLevels.current().dialogue_overdue_days
    dialogues = commission.with_overdue(
        RefusalDialogue.objects.visible_to(request.user), days=overdue_days
    )
    if state == "open":
        dialogues = dialogues.filter(outcome=DialogueOutcome.OPEN)
    elif state == "overdue":
        dialogues = dialogues.filter(overdue=True)
    elif state == "closed":
        dialogues = dialogues.exclude(outcome=DialogueOutcome.OPEN)
    dialogues = dialogues.select_related("proposal__organisation", "decision__session")
    page = Paginator(dialogues, 25).get_page(request.GET.get("page"))
    for dialogue in page.object_list:
        dialogue.badge = BADGES[dialogue.outcome]
        dialogue.next = commission.next_step(dialogue)
        dialogue.next_title = STEP_TITLES.get(dialogue.next, "")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "paths/commission/dialogue_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "overdue_days": overdue_days,
        },
    )


def _dialogue_page(request, dialogue, failed=None, status=200):
    user = request.user
    is_staff = roles.is_staff_member(user)
    step = commission.next_step(dialogue)
    form = None
    if step and is_staff and user.has_perm("paths.change_refusaldialogue"):
        form = failed or _step_form(step, dialogue, user)
    overdue = (
        dialogue.outcome == DialogueOutcome.OPEN
        and dialogue.opened_at < commission.overdue_cutoff()
    )
    return render(
        request,
        "paths/commission/dialogue_detail.html",
        {
            "dialogue": dialogue,
            "decision": dialogue.decision,
            "proposal": dialogue.proposal,
            "proposal_path": reverse("paths:proposal_detail", args=[dialogue.proposal_id]),
            "steps_done": dialogue.steps_done,
            "step": step,
            "step_title": STEP_TITLES.get(step, ""),
            "form": form,
            "is_staff": is_staff,
            "overdue": overdue,
            "badge": BADGES[dialogue.outcome],
            "history": entries(RefusalDialogue.history.filter(id=dialogue.pk)) if is_staff else [],
        },
        status=status,
    )


def _get_dialogue(request, pk):
    return get_visible_or_404(
        RefusalDialogue.objects.select_related(
            "proposal__organisation", "decision__session", "contacted_by", "new_proposal"
        ),
        request.user,
        pk=pk,
    )


@login_required
def dialogue_detail(request, pk):
    """Staff run the dialogue; the organisation's members read it (charter, C6)."""
    return _dialogue_page(request, _get_dialogue(request, pk))


@require_POST
@permission_required("paths.change_refusaldialogue")
def dialogue_step(request, pk, step):
    dialogue = _get_dialogue(request, pk)
    if step not in STEP_FORMS:
        raise Http404
    form = _step_form(step, dialogue, request.user, request.POST)
    if form.is_valid():
        try:
            commission.record_step(dialogue.pk, step, request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, STEP_DONE_MESSAGES[step])
            return redirect("paths:dialogue_detail", pk=dialogue.pk)
    dialogue = _get_dialogue(request, pk)  # the page shows what is saved, not the failed attempt
    if commission.next_step(dialogue) != step:
        # the form is shown where the next step's form would be: say which step failed
        for error in form.non_field_errors():
            messages.error(request, error)
        return _dialogue_page(request, dialogue, status=400)
    return _dialogue_page(request, dialogue, failed=form, status=400)


urlpatterns = [
    path("commissions/", session_list, name="session_list"),
    path("commissions/nouvelle/", session_create, name="session_create"),
    path("commissions/a-inscrire/", commission_queue, name="commission_queue"),
    path(
        "commissions/a-inscrire/<int:proposal_pk>/",
        schedule_proposal,
        name="schedule_proposal",
    ),
    path("commissions/<int:pk>/", session_detail, name="session_detail"),
    path("commissions/<int:pk>/modifier/", session_edit, name="session_edit"),
    path(
        "commissions/<int:pk>/decisions/<int:proposal_pk>/",
        decision_create,
        name="decision_create",
    ),
    path("dialogues/", dialogue_list, name="dialogue_list"),
    path("dialogues/<int:pk>/", dialogue_detail, name="dialogue_detail"),
    path(
        "dialogues/<int:pk>/etapes/<slug:step>/",
        dialogue_step,
        name="dialogue_step",
    ),
]
