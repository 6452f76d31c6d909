"""Dialogue meetings (C11): staff record the date, the participants, the scope and the period of the
indicators prepared for it, the notes on the share of individualisation and on the levers that
secured paths, the decisions and the actions. The OF members of the organisation read its minutes.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from charter_portal.scoping import (
    get_visible_or_404,
    of_member_or_staff_required,
    permission_required,
    staff_required,
)
from organisms.models import today
from reports import report as reports
from reports import services
from reports.forms import MeetingForm, MinutesForm
from reports.models import DialogueMeeting
from reports.views.common import by_code, file_stem, sections, serve_csv, serve_workbook, versions

# shown next to the notes they inform
NOTES_FIGURES = {
    "individualisation_notes": "individualised_share",
    "levers_notes": "secured_paths_levers",
}


def _meeting(request, pk):
    return get_visible_or_404(
        DialogueMeeting.objects.select_related("organisation", "generated_by"), request.user, pk=pk
    )


def _beside_notes(indicators):
    figures = by_code(indicators, "meeting-")
    return {field: figures.get(code) for field, code in NOTES_FIGURES.items()}


@staff_required
def meeting_list(request):
    queryset = (
        DialogueMeeting.objects.visible_to(request.user)
        .select_related("organisation")
        .order_by("-held_on", "-pk")
    )
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(request, "reports/meeting_list.html", {"page": page})


@permission_required("reports.add_dialoguemeeting")
def meeting_create(request):
    """« Préparer les indicateurs » shows the figures of the chosen period and scope beside the
    notes; « Enregistrer » records the meeting and freezes them."""
    beside = {}
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            if request.POST.get("action") == "prepare":
                computed = reports.build(form.period, form.scope).for_user(request.user)
                beside = _beside_notes(computed.indicators)
            else:
                try:
                    meeting = services.record_dialogue_meeting(form.instance, request.user)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("Réunion de dialogue enregistrée."))
                    return redirect("reports:meeting_detail", pk=meeting.pk)
    else:
        default = reports.default_period()
        form = MeetingForm(
            initial={
                "held_on": today(),
                "period_start": default.start,
                "period_end": default.end,
            }
        )
    return render(
        request, "reports/meeting_form.html", {"form": form, "beside": beside, "creating": True}
    )


@of_member_or_staff_required
def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    figures = reports.visible_indicators(meeting.figures, request.user)
    return render(
        request,
        "reports/meeting_detail.html",
        {
            "meeting": meeting,
            "beside": _beside_notes(figures),
            "sections": sections(figures),
            "versions": versions(meeting, request.user),
        },
    )


@permission_required("reports.change_dialoguemeeting")
def meeting_edit(request, pk):
    meeting = _meeting(request, pk)
    form = MinutesForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.update_dialogue_minutes(form.instance, request.user)
        messages.success(request, _("Compte rendu mis à jour."))
        return redirect("reports:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "reports/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "beside": _beside_notes(reports.visible_indicators(meeting.figures, request.user)),
        },
    )


@of_member_or_staff_required
def meeting_workbook(request, pk):
    meeting = _meeting(request, pk)
    return serve_workbook(
        meeting, request.user, f"{file_stem('reunion-de-dialogue', meeting)}.xlsx"
    )


@of_member_or_staff_required
def meeting_csv(request, pk):
    meeting = _meeting(request, pk)
    return serve_csv(meeting, request.user, f"{file_stem('reunion-de-dialogue', meeting)}.csv")
