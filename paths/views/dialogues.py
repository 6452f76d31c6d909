"""Screens: refusal dialogues (C6), run by staff, read by the organisation's members.

Forms live in paths/commission_forms.py; the URLs in paths/urls.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from charter_portal import roles
from charter_portal.history import entries
from charter_portal.models import ServiceLevels
from charter_portal.scoping import get_visible_or_404, permission_required, staff_required
from paths import commission
from paths.commission_forms import STEP_FORMS, STEP_TITLES, DialogueFilterForm, step_form
from paths.models import DialogueOutcome, RefusalDialogue

# Badge colours of the shared stylesheet, by what they say.
BADGES = {
    DialogueOutcome.OPEN: "pending",
    DialogueOutcome.NEW_PROPOSAL: "active",
    DialogueOutcome.ABANDONED: "expired",
}
STEP_DONE_MESSAGES = {
    "contact": gettext_lazy("Contact enregistré."),
    "reason": gettext_lazy("Motif du refus enregistré."),
    "expectations": gettext_lazy("Attendus de la commission enregistrés."),
    "outcome": gettext_lazy("Issue commune enregistrée : le dialogue est clos."),
}


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
        form = failed or step_form(step, dialogue, user)
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
    form = step_form(step, dialogue, request.user, request.POST)
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
