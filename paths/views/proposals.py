"""Screens: path proposals (C1–C4). Each module declares its own urlpatterns, gathered by
paths/urls.py.

OF members file their proposals (« Mes propositions »), send them, revise them after feedback and
talk with staff in the thread. Staff study them from the review queue, answer with feedback and
the funding check, and keep internal notes the OF never sees. One proposal page serves both.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from charter_portal import progress, roles
from charter_portal.assignment import assign_from_page
from charter_portal.files import serve_file
from charter_portal.history import entries
from charter_portal.models import ServiceLevels
from charter_portal.people import AssignForm, filter_assigned, label
from charter_portal.scoping import (
    get_own_or_404,
    get_visible_or_404,
    of_member_required,
    permission_required,
    staff_required,
)
from charter_portal.spreadsheets import safe_cell
from organisms.models import Organisation
from paths import changes as proposal_changes
from paths import services, workflow
from paths.forms import (
    ALL_SENT,
    OPEN_FOR_QUEUE,
    AttachmentsForm,
    FeedbackForm,
    LeversForm,
    MessageForm,
    ModuleFormSet,
    ProposalForm,
    QueueFilterForm,
)
from paths.models import (
    EDITABLE_BY_OF,
    Feedback,
    Lever,
    LeverCode,
    Message,
    PathModule,
    PathProposal,
    PendingUpload,
    ProposalAttachment,
    ProposalStatus,
)

S = ProposalStatus

# Badge colours of the shared stylesheet, by what the status means for the reader.
BADGES = {
    S.DRAFT: "none",
    S.SUBMITTED: "pending",
    S.IN_REVIEW: "pending",
    S.FEEDBACK_GIVEN: "active",
    S.REVISED: "pending",
    S.AT_COMMISSION: "upcoming",
    S.DECIDED: "compliant",
    S.WITHDRAWN: "withdrawn",
}

STEP_LABELS = {
    "submit": gettext_lazy("Transmise à Transitions Pro"),
    "start_review": gettext_lazy("Mise à l'étude"),
    "give_feedback": gettext_lazy("Retour de Transitions Pro"),
    "revise": gettext_lazy("Version révisée transmise"),
    "send_to_commission": gettext_lazy("Inscrite en commission"),
    "decide": gettext_lazy("Décision de la commission"),
    "postpone": gettext_lazy("Ajournée par la commission"),
    "withdraw": gettext_lazy("Retirée par l'organisme"),
}


# What happens next, by status, said to staff (True) or to the organisation (False).
NEXT_STEPS = {
    True: {
        S.DRAFT: gettext_lazy("Brouillon de l'organisme, pas encore transmis."),
        S.SUBMITTED: gettext_lazy("À mettre à l'étude et à laquelle répondre."),
        S.IN_REVIEW: gettext_lazy("En cours d'étude : faire le retour à l'organisme."),
        S.FEEDBACK_GIVEN: gettext_lazy(
            "Retour donné : attendre une révision ou inscrire en commission."
        ),
        S.REVISED: gettext_lazy("Version révisée à étudier."),
        S.AT_COMMISSION: gettext_lazy("À examiner en commission."),
        S.DECIDED: gettext_lazy("Décision enregistrée."),
        S.WITHDRAWN: gettext_lazy("Retirée par l'organisme : rien à faire."),
    },
    False: {
        S.DRAFT: gettext_lazy("Complétez la proposition puis transmettez-la à Transitions Pro."),
        S.SUBMITTED: gettext_lazy("Transitions Pro va étudier votre proposition."),
        S.IN_REVIEW: gettext_lazy("Transitions Pro étudie votre proposition ; un retour suivra."),
        S.FEEDBACK_GIVEN: gettext_lazy(
            "Lisez le retour de Transitions Pro : révisez la proposition si besoin."
        ),
        S.REVISED: gettext_lazy("Transitions Pro étudie votre version révisée."),
        S.AT_COMMISSION: gettext_lazy("La proposition sera examinée en commission."),
        S.DECIDED: gettext_lazy("La commission a rendu sa décision : consultez-la."),
        S.WITHDRAWN: gettext_lazy("Aucune : vous avez retiré cette proposition."),
    },
}


def next_step(proposal: PathProposal, *, staff: bool) -> str:
    """What happens next, said to the person reading."""
    status = proposal.status
    if status == S.AT_COMMISSION and proposal.commission_session:
        day = proposal.commission_session.held_on.strftime("%d/%m/%Y")
        return _("Examen par la commission du %(day)s.") % {"day": day}
    return str(NEXT_STEPS[staff][S(status)])


def _decorate(proposal: PathProposal, *, staff: bool) -> PathProposal:
    proposal.badge = BADGES[S(proposal.status)]  # type: ignore[attr-defined]  # for the template
    proposal.next_step = next_step(proposal, staff=staff)  # type: ignore[attr-defined]
    return proposal


# ---------------------------------------------------------------- OF: my proposals


def my_proposals(request):
    """« Mes propositions »: the organisation's proposals with their status and next step."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if roles.is_staff_member(request.user):
        return redirect("paths:proposal_queue")
    if not roles.is_of_member(request.user):
        raise Http404
    status = request.GET.get("status", "")
    queryset = (
        PathProposal.objects.of_own_organisations(request.user)
        .with_unread(request.user)
        .select_related("organisation", "commission_session")
        .prefetch_related("levers")
        .order_by("-created_at", "-pk")
    )
    if status in S.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    for proposal in page.object_list:
        _decorate(proposal, staff=False)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "paths/proposals/my_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "status": status,
            "statuses": S.choices,
            "several_organisations": len(roles.organisation_ids(request.user)) > 1,
        },
    )


def _own_proposal(request, pk) -> PathProposal:
    # OF actions: the member's own organisations only (staff use their own screens)
    return get_own_or_404(PathProposal.objects, request.user, pk=pk)


def _add_errors(error: ValidationError, forms_by_field, fallback: list[str]) -> None:
    """Put a service's errors next to their field; the rest (levers, modules…) above the form."""
    if not hasattr(error, "error_dict"):
        fallback.extend(error.messages)
        return
    for field, messages_ in error.message_dict.items():
        form = forms_by_field.get(field)
        if form is not None:
            form.add_error(field, messages_)
        else:
            fallback.extend(messages_)


def _proposal_form(request, proposal: PathProposal, organisations=None):
    creating = proposal.pk is None
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ProposalForm(data, instance=proposal, organisations=organisations)
    current_levers = (
        {} if creating else {lever.code: lever.explanation for lever in proposal.levers.all()}
    )
    levers_form = LeversForm(data, current=current_levers, prefix="levers")
    initial_modules = (
        []
        if creating
        else [
            {"name": m.name, "hours": m.hours, "modality": m.modality, "cost_ht": m.cost_ht}
            for m in proposal.modules.all()
        ]
    )
    # bound, a row counts by what was typed in it, never by whether it matches the saved one
    module_formset = ModuleFormSet(
        data, initial=None if data is not None else initial_modules, prefix="modules"
    )
    attachments_form = AttachmentsForm(data, files, proposal=proposal, prefix="attachments")
    other_errors: list[str] = []
    kept = _kept_uploads(request, proposal) if data is not None else []
    section_errors: dict[str, list[str]] = {}
    sending: list[tuple[str, str]] = []
    if data is None and not creating and request.GET.get(SHOW_MISSING):
        # after a failed sending: what is missing, all at once, each next to its own field
        sending = _show_sending_errors(proposal, form, section_errors)
    if request.method == "POST" and all(
        [
            form.is_valid(),
            levers_form.is_valid(),
            module_formset.is_valid(),
            attachments_form.is_valid(),
        ]
    ):
        try:
            proposal = services.save_proposal(
                form.instance,
                request.user,
                levers=levers_form.levers(),
                modules=module_formset.modules(),  # type: ignore[attr-defined]  # ModuleFormSet
                attachments=attachments_form.uploads(),
                remove_attachments=attachments_form.removed(),
                kept=kept,
            )
        except ValidationError as exc:
            _add_errors(exc, {name: form for name in form.fields}, other_errors)
            kept = _keep_uploads(request, proposal, attachments_form, kept)
        else:
            if "send" in request.POST:
                revising = proposal.status == S.FEEDBACK_GIVEN
                action = services.revise if revising else services.submit
                return _send(request, proposal, action, saved=True)
            messages.success(
                request,
                _("Brouillon enregistré.")
                if proposal.status == S.DRAFT
                else _("Modifications enregistrées."),
            )
            return redirect("paths:proposal_detail", pk=proposal.pk)
    elif request.method == "POST":
        kept = _keep_uploads(request, proposal, attachments_form, kept)
    return render(
        request,
        "paths/proposals/form.html",
        {
            "proposal": None if creating else proposal,
            "form": form,
            "levers_form": levers_form,
            "modules": module_formset,
            "attachments_form": attachments_form,
            "other_errors": other_errors,
            "section_errors": section_errors,
            "kept": kept,
            "sending_errors": sending,
            "required_for_sending": services.REQUIRED_FOR_SENDING,
        },
        status=400 if request.method == "POST" else 200,
    )


def _kept_uploads(request, proposal: PathProposal) -> list[PendingUpload]:
    """The files kept for this user after an earlier attempt, named by the form's hidden fields."""
    ids = [int(value) for value in request.POST.getlist("kept") if value.isdigit()]
    if not ids:
        return []
    kept = PendingUpload.objects.filter(user=request.user, pk__in=ids)
    if proposal.pk is None:
        return list(kept.filter(proposal__isnull=True))
    return list(kept.filter(proposal=proposal))


def _keep_uploads(request, proposal, attachments_form, kept) -> list[PendingUpload]:
    """The form has an error elsewhere: keep the valid PDFs just chosen, so they need not be
    chosen again (the page says so)."""
    cleaned = getattr(attachments_form, "cleaned_data", {})
    uploads = [
        (kind, cleaned[kind])
        for kind in ProposalAttachment.Kind.values
        if cleaned.get(kind) and kind not in attachments_form.errors
    ]
    saved = proposal if proposal.pk is not None else None
    return services.keep_uploads(request.user, saved, uploads, kept)


# the edit page's query parameter that shows what stops the sending, next to each field
SHOW_MISSING = "envoi"
FORM_SECTIONS = {"levers": "sec-levers", "modules": "sec-modules", "attachments": "sec-documents"}


def _show_sending_errors(proposal, form, section_errors) -> list[tuple[str, str]]:
    """Put every reason the proposal cannot be sent next to its field (or its section), and
    return them all as (anchor, message) for the list at the top of the page."""
    errors = services.sending_errors(proposal)
    listed: list[tuple[str, str]] = []
    form.errors  # noqa: B018  (an unbound form's errors start empty: fill them by hand)
    for field, messages_ in errors.items():
        if field in form.fields:
            form._errors[field] = form.error_class(messages_)
            anchor = form[field].auto_id
        elif field in FORM_SECTIONS:
            section_errors[field] = messages_
            anchor = FORM_SECTIONS[field]
        else:  # e.g. the organisation's signature: listed at the top only
            anchor = ""
        listed.extend((anchor, message) for message in messages_)
    return listed


def _send(request, proposal: PathProposal, action, *, saved: bool = False):
    """Send a draft (services.submit) or a proposal revised after feedback (services.revise)."""
    try:
        action(proposal.pk, request.user)
    except ValidationError as exc:
        intro = (
            _("Proposition enregistrée, mais elle ne peut pas encore être transmise.")
            if saved
            else _("La proposition ne peut pas encore être transmise.")
        )
        if hasattr(exc, "error_dict") and set(exc.error_dict) - {"organisation"}:
            # what is missing, by field: shown next to each field of the edit page
            messages.error(request, intro)
            if proposal.status in EDITABLE_BY_OF:
                edit = reverse("paths:proposal_edit", args=[proposal.pk])
                return redirect(f"{edit}?{SHOW_MISSING}=1")
            messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Version révisée transmise à Transitions Pro.")
            if action is services.revise
            else _(
                "Proposition transmise à Transitions Pro : les chargé(e)s de projet qualité OF "
                "et analyse des parcours en sont informé(e)s par e-mail."
            ),
        )
    return redirect("paths:proposal_detail", pk=proposal.pk)


@of_member_required
def proposal_create(request):
    organisations = list(
        Organisation.objects.of_own_organisations(request.user).order_by("legal_name")
    )
    proposal = PathProposal(organisation=organisations[0] if len(organisations) == 1 else None)
    return _proposal_form(request, proposal, organisations)


@of_member_required
def proposal_edit(request, pk):
    proposal = _own_proposal(request, pk)
    if proposal.status not in EDITABLE_BY_OF:
        messages.error(
            request,
            _("Une proposition « %(status)s » ne peut plus être modifiée.")
            % {"status": proposal.get_status_display()},
        )
        return redirect("paths:proposal_detail", pk=proposal.pk)
    return _proposal_form(request, proposal)


@require_POST
@of_member_required
def proposal_submit(request, pk):
    return _send(request, _own_proposal(request, pk), services.submit)


@require_POST
@of_member_required
def proposal_revise(request, pk):
    return _send(request, _own_proposal(request, pk), services.revise)


@require_POST
@of_member_required
def proposal_withdraw(request, pk):
    proposal = _own_proposal(request, pk)
    try:
        services.withdraw(proposal.pk, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Proposition retirée."))
    return redirect("paths:proposal_detail", pk=proposal.pk)


# ---------------------------------------------------------------- the proposal page


def _history(proposal: PathProposal):
    # never the thread's history: it would show internal notes
    return entries(
        PathProposal.history.filter(id=proposal.pk),
        Lever.history.filter(proposal_id=proposal.pk),
        PathModule.history.filter(proposal_id=proposal.pk),
        ProposalAttachment.history.filter(proposal_id=proposal.pk),
        Feedback.history.filter(proposal_id=proposal.pk),
    )


def _detail_page(request, proposal: PathProposal, message_form=None, status=200, assign_form=None):
    user = request.user
    staff = roles.is_staff_member(user)
    member = roles.is_member_of(user, proposal.organisation_id)
    actions = set(workflow.actions_for(proposal, user))
    modules = list(proposal.modules.all())
    if message_form is None:
        message_form = MessageForm(staff=staff)
    may_post = member or (staff and user.has_perm("paths.add_message"))
    changes = proposal_changes.since_last_feedback(proposal)
    context = {
        "proposal": _decorate(proposal, staff=staff and not member),
        "staff": staff,
        "member": member,
        "levers": list(proposal.levers.all()),
        "modules": modules,
        "module_hours": sum((m.hours for m in modules), 0),
        "module_cost": sum((m.cost_ht for m in modules), 0),
        "attachments": list(proposal.attachments.select_related("uploaded_by")),
        "feedbacks": list(
            proposal.feedbacks.select_related("author").prefetch_related("author__groups")
        ),
        "decisions": list(proposal.decisions.select_related("session")),
        "steps": [
            (transition, STEP_LABELS.get(transition.action, transition.action))
            for transition in proposal.transitions.select_related("by").prefetch_related(
                "by__groups"
            )
        ],
        "thread": list(
            Message.objects.visible_to(user)
            .filter(proposal=proposal)
            .select_related("author")
            .prefetch_related("author__groups")
        ),
        "message_form": message_form if may_post else None,
        "missing": services.missing_items(proposal)
        if member and proposal.status in EDITABLE_BY_OF
        else {},
        "can_edit": member and proposal.status in EDITABLE_BY_OF,
        "can_submit": "submit" in actions,
        "can_revise": "revise" in actions,
        "can_withdraw": "withdraw" in actions,
        "can_start_review": "start_review" in actions,
        "can_give_feedback": "give_feedback" in actions,
        "history": _history(proposal),
        # C13: said before the OF tries to send; staff see it too
        "signature_problem": proposal.organisation.inactive_signature_reason()
        if (member and proposal.status == S.DRAFT) or staff
        else None,
        "qualiopi_missing": staff and not proposal.organisation.qualiopi_certified,
        **_assignment(request, proposal, staff, assign_form),
        "changes": changes,
        "changed": changes.names if changes else set(),
    }
    return render(request, "paths/proposals/detail.html", context, status=status)


def _assignment(request, proposal: PathProposal, staff: bool, form=None) -> dict:
    """Who follows the proposal at Transitions Pro, and for staff who may, the form to change it."""
    may_assign = (
        staff
        and request.user.has_perm(services.ASSIGN_PERMISSION)
        and proposal.status not in {S.DECIDED, S.WITHDRAWN}
    )
    if may_assign and form is None:
        form = AssignForm(
            initial={"assigned_to": proposal.assigned_to_id}, perm=services.ASSIGN_PERMISSION
        )
    return {
        "show_assignment": True,
        "assignee_label": label(proposal.assigned_to),
        "assigned_to_me": proposal.assigned_to_id == request.user.pk,
        "assign_form": form if may_assign else None,
        "assign_url": reverse("paths:proposal_assign", args=[proposal.pk]),
    }


def _visible_proposal(request, pk) -> PathProposal:
    return get_visible_or_404(
        PathProposal.objects.with_facts().select_related(
            "organisation", "commission_session", "created_by", "assigned_to"
        ),
        request.user,
        pk=pk,
    )


@login_required
def proposal_detail(request, pk):
    proposal = _visible_proposal(request, pk)
    services.record_visit(proposal, request.user)
    return _detail_page(request, proposal)


@login_required
def proposal_changes_view(request, pk):
    """What the OF changed since the last feedback, side by side: before, after."""
    proposal = _visible_proposal(request, pk)
    staff = roles.is_staff_member(request.user)
    member = roles.is_member_of(request.user, proposal.organisation_id)
    return render(
        request,
        "paths/proposals/changes.html",
        {
            "proposal": _decorate(proposal, staff=staff and not member),
            "changes": proposal_changes.since_last_feedback(proposal),
        },
    )


@require_POST
@login_required
def proposal_message(request, pk):
    proposal = _visible_proposal(request, pk)
    staff = roles.is_staff_member(request.user)
    if staff and not request.user.has_perm("paths.add_message"):
        raise PermissionDenied
    form = MessageForm(request.POST, request.FILES, staff=staff)
    if form.is_valid():
        try:
            message = services.post_message(
                proposal.pk,
                request.user,
                form.cleaned_data["body"],
                internal=form.cleaned_data.get("internal", False),
                attachment=form.cleaned_data.get("attachment"),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("Note interne enregistrée.") if message.internal else _("Message envoyé."),
            )
            return redirect(reverse("paths:proposal_detail", args=[proposal.pk]) + "#fil")
    return _detail_page(request, proposal, message_form=form, status=400)


# ---------------------------------------------------------------- staff actions


@require_POST
@permission_required("paths.change_pathproposal")
def proposal_start_review(request, pk):
    proposal = _visible_proposal(request, pk)
    try:
        services.start_review(proposal.pk, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Proposition mise à l'étude."))
    return redirect("paths:proposal_detail", pk=proposal.pk)


@require_POST
@permission_required(services.ASSIGN_PERMISSION)
def proposal_assign(request, pk):
    """« Je m'en occupe » (`take`), or give the proposal to a colleague (or to nobody)."""
    proposal = _visible_proposal(request, pk)
    return assign_from_page(
        request,
        proposal,
        perm=services.ASSIGN_PERMISSION,
        assign=services.assign,
        done=_("Proposition confiée à %(name)s."),
        nobody=_("Proposition sans personne pour la suivre."),
        to=reverse("paths:proposal_detail", args=[proposal.pk]),
        page=lambda form: _detail_page(request, proposal, status=400, assign_form=form),
    )


@permission_required("paths.add_feedback")
def proposal_feedback(request, pk):
    """The feedback form, beside the funding check as it stands now (what will be snapshotted)."""
    proposal = _visible_proposal(request, pk)
    try:
        workflow.check_allowed(proposal, "give_feedback")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("paths:proposal_detail", pk=proposal.pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.give_feedback(
                proposal.pk,
                request.user,
                form.cleaned_data["text"],
                form.cleaned_data["cofunding_leads"],
            )
        except ValidationError as exc:
            _add_errors(exc, {name: form for name in form.fields}, [])
        else:
            messages.success(request, _("Retour enregistré et envoyé aux membres de l'organisme."))
            return redirect(reverse("paths:proposal_detail", args=[proposal.pk]) + "#retours")
    return render(
        request,
        "paths/proposals/feedback_form.html",
        {
            "proposal": _decorate(proposal, staff=True),
            "form": form,
            "check": services.funding_snapshot(proposal),
            "levers": list(proposal.levers.all()),
        },
        status=400 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- review queue


def _status_filter(queryset, status):
    """The queue opens on what is still open; decided and withdrawn ones only when asked."""
    if status == ALL_SENT:
        return queryset.exclude(status=S.DRAFT)
    if status:
        return queryset.filter(status=status)
    return queryset.filter(status__in=OPEN_FOR_QUEUE)


def _queue(request, data):
    """The proposals staff study: filtered, overdue ones first, then the longest waiting."""
    target = ServiceLevels.current().feedback_target_days
    queryset = (
        PathProposal.objects.visible_to(request.user)
        .with_facts()
        .with_feedback_wait(timezone.now(), target)
    )
    queryset = _status_filter(queryset, data.get("status"))
    queryset = filter_assigned(queryset, request.user, data.get("assigned"))
    if data.get("organisation"):
        queryset = queryset.filter(organisation_matching(data["organisation"]))
    if data.get("lever"):
        queryset = queryset.filter(levers__code=data["lever"])
    if data.get("concerted"):
        queryset = queryset.concerted(data["concerted"] == "yes")
    if data.get("submitted_from"):
        queryset = queryset.filter(submitted_at__date__gte=data["submitted_from"])
    if data.get("submitted_to"):
        queryset = queryset.filter(submitted_at__date__lte=data["submitted_to"])
    if data.get("overdue"):
        queryset = queryset.filter(overdue=True)
    for word in (data.get("q") or "").split():
        queryset = queryset.filter(
            Q(reference__icontains=word)
            | Q(target_job__icontains=word)
            | Q(certification_code__icontains=word)
        )
    # overdue ones first without sorting on `overdue`: they are exactly the longest waiting
    return queryset.select_related("organisation", "commission_session", "assigned_to").order_by(
        F("awaiting_feedback_since").asc(nulls_last=True),
        F("submitted_at").desc(nulls_last=True),
        "-pk",
    )


def organisation_matching(text: str) -> Q:
    """The queue's organisation search: a SIREN or SIRET (9 digits or more, spaces allowed) by its
    start, a shorter number as the organisation's id (links from other pages), otherwise every
    word in the legal or trade name."""
    digits = text.replace(" ", "")
    if digits.isdigit():
        if len(digits) >= 9:
            return Q(organisation__siret__startswith=digits)
        return Q(organisation_id=int(digits))
    condition = Q()
    for word in text.split():
        condition &= Q(organisation__legal_name__icontains=word) | Q(
            organisation__trade_name__icontains=word
        )
    return condition


def _queue_data(request):
    form = QueueFilterForm(request.GET or None)
    return form, (form.cleaned_data if form.is_valid() else {})


_PK_MARK = 987654321  # a number no other part of the URL holds: replaced by each row's pk


def _queue_rows(proposals) -> None:
    """What each queue row shows, computed here once rather than by template tags per row (a
    `{% url %}`, an include, filters): the link from one reversed URL, the labels as text."""
    before, after = reverse("paths:proposal_detail", args=[_PK_MARK]).split(str(_PK_MARK))
    # the labels in the reader's language, translated once a page rather than once a row
    statuses = {value: str(text) for value, text in S.choices}
    levers = {value: str(text) for value, text in LeverCode.choices}
    for proposal in proposals:
        _decorate(proposal, staff=True)
        proposal.assignee_label = label(proposal.assigned_to)
        proposal.detail_url = f"{before}{proposal.pk}{after}"
        proposal.status_label = statuses.get(proposal.status, proposal.status)
        proposal.lever_labels = (
            ", ".join(levers.get(lever.code, lever.code) for lever in proposal.levers.all()) or "—"
        )
        if proposal.concerted:
            day = proposal.concerted_on.strftime("%d/%m/%Y") if proposal.concerted_on else ""
            proposal.concerted_label = _("oui, le %(day)s") % {"day": day}
        else:
            proposal.concerted_label = _("non")
        submitted = proposal.submitted_at
        proposal.submitted_label = (
            timezone.localtime(submitted).strftime("%d/%m/%Y") if submitted else "—"
        )


_UNFILTERED_FORMS: dict[str, SafeString] = {}  # the empty filter form's HTML, by language


def _filters_html(request, form) -> str:
    """The queue's filter form as HTML when nothing is filtered (the page staff open most): its
    nine widgets rendered once per language and process, not on every request. "" when the
    request carries a filter, whose values the form must show."""
    if request.GET:
        return ""
    language = get_language()
    html = _UNFILTERED_FORMS.get(language)
    if html is None:
        html = SafeString(
            render_to_string(
                "paths/proposals/includes/queue_filters.html", {"form": form, "query": ""}
            )
        )
        _UNFILTERED_FORMS[language] = html
    return html  # a SafeString: rendered, and escaped, by the template engine


@staff_required
def review_queue(request):
    form, data = _queue_data(request)
    queryset = (
        _queue(request, data)
        .with_unread(request.user)
        .prefetch_related("levers", "assigned_to__groups")
    )
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    _queue_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "paths/proposals/queue.html",
        {
            "form": form,
            "filters_html": _filters_html(request, form),
            "page": page,
            "query": query.urlencode(),
            "target_days": ServiceLevels.current().feedback_target_days,
        },
    )


def _cell(value) -> str:
    """A CSV cell as French Excel reads it; text that would start a formula is neutralised."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if hasattr(value, "strftime"):
        if hasattr(value, "hour"):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y")
    if not isinstance(value, str):
        return formats.number_format(value, use_l10n=True)
    return safe_cell(value)


CSV_HEADERS = [
    gettext_lazy("Référence"),
    gettext_lazy("Organisme"),
    gettext_lazy("SIRET"),
    gettext_lazy("Statut"),
    gettext_lazy("Métier visé"),
    gettext_lazy("Certification"),
    gettext_lazy("Intitulé de la certification"),
    gettext_lazy("Début prévu"),
    gettext_lazy("Fin prévue"),
    gettext_lazy("Rythme"),
    gettext_lazy("Heures en centre (présentiel)"),
    gettext_lazy("Heures en centre (distanciel)"),
    gettext_lazy("Heures de PAE"),
    gettext_lazy("Coût pédagogique (€ HT)"),
    gettext_lazy("Parcours standard : heures"),
    gettext_lazy("Parcours standard : coût (€ HT)"),
    gettext_lazy("Écart d'heures"),
    gettext_lazy("Écart de coût (€ HT)"),
    gettext_lazy("Leviers"),
    gettext_lazy("Concertée"),
    gettext_lazy("Premier contact le"),
    gettext_lazy("Concertation avec"),
    gettext_lazy("Transmise le"),
    gettext_lazy("Premier retour le"),
    gettext_lazy("Délai de premier retour (jours)"),
    gettext_lazy("En retard"),
    gettext_lazy("Retours"),
    gettext_lazy("Commission"),
]


@staff_required
def review_queue_csv(request):
    """The filtered list as CSV (UTF-8 with a BOM, `;`): the proposals' figures, never the thread."""
    _form, data = _queue_data(request)
    queryset = (
        _queue(request, data)
        .annotate(feedback_count=Count("feedbacks", distinct=True))
        .prefetch_related("levers")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="propositions-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([str(header) for header in CSV_HEADERS])
    for p in progress.rows(queryset, queryset):
        writer.writerow(
            [
                _cell(value)
                for value in [
                    p.reference,
                    p.organisation.display_name,
                    p.organisation.siret,
                    p.get_status_display(),
                    p.target_job,
                    p.certification_code,
                    p.certification_title,
                    p.start_date,
                    p.end_date,
                    p.get_schedule_display(),
                    p.centre_hours_in_person,
                    p.centre_hours_distance,
                    p.company_hours,
                    p.pedagogic_cost_ht,
                    p.standard_hours,
                    p.standard_cost_ht,
                    p.hours_difference,
                    p.cost_difference,
                    ", ".join(lever.get_code_display() for lever in p.levers.all()),
                    p.concerted,
                    p.concerted_on,
                    p.concerted_with,
                    p.submitted_at,
                    p.first_feedback_at,
                    p.response_whole_days,
                    p.overdue,
                    p.feedback_count,
                    p.commission_session.held_on if p.commission_session else None,
                ]
            ]
        )
    return response


# ---------------------------------------------------------------- documents


@login_required
def attachment_download(request, pk, attachment_pk):
    proposal = _visible_proposal(request, pk)
    return serve_file(get_object_or_404(proposal.attachments, pk=attachment_pk).file)


@login_required
def decision_letter_download(request, pk, decision_pk):
    """The commission's decision letter (PDF): the organisation's members and staff."""
    from paths import letters

    proposal = _visible_proposal(request, pk)
    decision = get_object_or_404(proposal.decisions.select_related("session"), pk=decision_pk)
    letters.ensure_letter(decision, request.user)
    return serve_file(decision.letter, filename=letters.filename(decision))


@login_required
def message_attachment_download(request, pk, message_pk):
    proposal = _visible_proposal(request, pk)
    message = get_visible_or_404(
        Message.objects.filter(proposal=proposal), request.user, pk=message_pk
    )
    return serve_file(message.attachment)


urlpatterns = [
    path("propositions/", my_proposals, name="proposal_list"),
    path("propositions/nouvelle/", proposal_create, name="proposal_create"),
    path("propositions/a-etudier/", review_queue, name="proposal_queue"),
    path("propositions/a-etudier/export.csv", review_queue_csv, name="proposal_queue_csv"),
    path("propositions/<int:pk>/", proposal_detail, name="proposal_detail"),
    path("propositions/<int:pk>/modifier/", proposal_edit, name="proposal_edit"),
    path("propositions/<int:pk>/modifications/", proposal_changes_view, name="proposal_changes"),
    path("propositions/<int:pk>/transmettre/", proposal_submit, name="proposal_submit"),
    path("propositions/<int:pk>/reviser/", proposal_revise, name="proposal_revise"),
    path("propositions/<int:pk>/retirer/", proposal_withdraw, name="proposal_withdraw"),
    path(
        "propositions/<int:pk>/mettre-a-l-etude/",
        proposal_start_review,
        name="proposal_start_review",
    ),
    path("propositions/<int:pk>/retour/", proposal_feedback, name="proposal_feedback"),
    path("propositions/<int:pk>/attribuer/", proposal_assign, name="proposal_assign"),
    path("propositions/<int:pk>/messages/", proposal_message, name="proposal_message"),
    path(
        "propositions/<int:pk>/documents/<int:attachment_pk>/",
        attachment_download,
        name="proposal_attachment",
    ),
    path(
        "propositions/<int:pk>/decisions/<int:decision_pk>/lettre.pdf",
        decision_letter_download,
        name="decision_letter",
    ),
    path(
        "propositions/<int:pk>/messages/<int:message_pk>/piece-jointe/",
        message_attachment_download,
        name="message_attachment",
    ),
]
