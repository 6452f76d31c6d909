"""The staff's alert queue, its CSV export, and the alert page with its follow-up actions.

Nothing here starts or offers a control of the organisation (C8).
"""

import csv
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from alerts import services
from alerts.forms import OVERDUE, AlertFilterForm, CloseForm, StaffMessageForm
from alerts.models import Alert, AlertStatus, ProposedResponse
from alerts.views.common import alert_parts
from charter_portal import progress
from charter_portal.assignment import assign_from_page
from charter_portal.forms import add_service_error
from charter_portal.history import entries
from charter_portal.models import ServiceLevels
from charter_portal.people import AssignForm, filter_assigned, label
from charter_portal.scoping import get_visible_or_404, permission_required
from charter_portal.spreadsheets import safe_cell
from organisms.models import today

VIEW = "alerts.view_alert"
CHANGE = "alerts.change_alert"
WRITE = "alerts.add_alertmessage"


def _filtered(request):
    form = AlertFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = Alert.objects.visible_to(request.user)
    if data.get("organisation"):
        queryset = queryset.filter(organisation=data["organisation"])
    for name in ("category", "origin", "severity"):
        if data.get(name):
            queryset = queryset.filter(**{name: data[name]})
    status = data.get("status")
    if status == OVERDUE:
        queryset = queryset.overdue()
    elif status:
        queryset = queryset.filter(status=status)
    now = timezone.now()
    queryset = filter_assigned(queryset, request.user, data.get("assigned"))
    age = data.get("age")
    if age == "lt7":
        queryset = queryset.filter(created_at__gte=now - timedelta(days=7))
    elif age == "7to30":
        queryset = queryset.filter(
            created_at__lt=now - timedelta(days=7), created_at__gte=now - timedelta(days=30)
        )
    elif age == "gt30":
        queryset = queryset.filter(created_at__lt=now - timedelta(days=30))
    return form, queryset.queue_order().select_related("organisation", "proposal")


@permission_required(VIEW)
def alert_queue(request):
    form, queryset = _filtered(request)
    queryset = (
        queryset.with_unread(request.user)
        .select_related("assigned_to")
        .prefetch_related("assigned_to__groups")
    )
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    for alert in page.object_list:
        alert.assignee_label = label(alert.assigned_to)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "alerts/staff/queue.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "overdue_count": Alert.objects.visible_to(request.user).overdue().count(),
            "ack_days": ServiceLevels.current().alert_ack_working_days,
        },
    )


EXPORT_COLUMNS = [
    ("reference", gettext_lazy("Référence")),
    ("organisation", gettext_lazy("Organisme")),
    ("siret", gettext_lazy("SIRET")),
    ("origin", gettext_lazy("Émise par")),
    ("category", gettext_lazy("Nature")),
    ("severity", gettext_lazy("Gravité")),
    ("status", gettext_lazy("Statut")),
    ("observed_on", gettext_lazy("Constatée le")),
    ("raised_on", gettext_lazy("Émise le")),
    ("ack_due_on", gettext_lazy("À prendre en compte avant le")),
    ("overdue", gettext_lazy("Délai dépassé")),
    ("acknowledged_on", gettext_lazy("Prise en compte le")),
    ("follow_up_on", gettext_lazy("Suivi engagé le")),
    ("closed_on", gettext_lazy("Clôturée le")),
    ("outcome", gettext_lazy("Issue")),
    ("proposal", gettext_lazy("Proposition")),
    ("trainee", gettext_lazy("Stagiaire (référence)")),
    ("responses", gettext_lazy("Réponses proposées")),
    ("description", gettext_lazy("Description")),
    ("closing_comment", gettext_lazy("Message de clôture")),
]


def _day(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y")


def export_rows(queryset):
    """One row per alert: what the OF also sees, never internal notes nor the trainee's contact."""
    responses = {}
    for alert_id, code in ProposedResponse.objects.filter(alert__in=queryset).values_list(
        "alert_id", "code"
    ):
        responses.setdefault(alert_id, []).append(code)
    labels = dict(ProposedResponse._meta.get_field("code").flatchoices)
    day = today()
    for alert in queryset:
        yield {
            "reference": alert.reference,
            "organisation": alert.organisation.display_name,
            "siret": alert.organisation.siret,
            "origin": alert.get_origin_display(),
            "category": alert.get_category_display(),
            "severity": alert.get_severity_display(),
            "status": alert.get_status_display(),
            "observed_on": _day(alert.observed_on),
            "raised_on": _day(alert.created_at),
            "ack_due_on": _day(alert.ack_due_on),
            "overdue": _("oui")
            if alert.status == AlertStatus.OPEN and alert.ack_due_on < day
            else _("non"),
            "acknowledged_on": _day(alert.acknowledged_at),
            "follow_up_on": _day(alert.follow_up_at),
            "closed_on": _day(alert.closed_at),
            "outcome": alert.get_outcome_display(),
            "proposal": alert.proposal.reference if alert.proposal_id else "",
            "trainee": alert.trainee_label,
            "responses": ", ".join(str(labels[c]) for c in responses.get(alert.pk, [])),
            "description": alert.description,
            "closing_comment": alert.closing_comment,
        }


@permission_required(VIEW)
def alert_export(request):
    """The filtered queue as CSV: UTF-8 with a BOM and `;`, so French Excel opens it as is."""
    _form, queryset = _filtered(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="alertes-{today():%Y-%m-%d}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([str(label) for _key, label in EXPORT_COLUMNS])
    for row in progress.rows(export_rows(queryset), queryset):
        writer.writerow([safe_cell(row[key]) for key, _label in EXPORT_COLUMNS])
    return response


def _staff_alert(request, pk):
    return get_visible_or_404(
        Alert.objects.select_related(
            "organisation",
            "proposal",
            "created_by",
            "acknowledged_by",
            "follow_up_by",
            "closed_by",
            "assigned_to",
        ),
        request.user,
        pk=pk,
    )


def _assignment(request, alert, form=None) -> dict:
    # a closed alert keeps who followed it; nothing is left to hand over
    may_assign = request.user.has_perm(services.ASSIGN_PERMISSION) and not alert.is_closed
    if may_assign and form is None:
        form = AssignForm(
            initial={"assigned_to": alert.assigned_to_id}, perm=services.ASSIGN_PERMISSION
        )
    return {
        "assignee_label": label(alert.assigned_to),
        "assigned_to_me": alert.assigned_to_id == request.user.pk,
        "assign_form": form if may_assign else None,
        "assign_url": reverse("alerts:alert_assign", args=[alert.pk]),
    }


def _staff_page(
    request,
    alert,
    *,
    close_form=None,
    message_form=None,
    error=None,
    status=200,
    assign_form=None,
):
    user = request.user
    return render(
        request,
        "alerts/staff/alert_detail.html",
        {
            **alert_parts(alert, user),
            "close_form": close_form or CloseForm(),
            "message_form": message_form or StaffMessageForm(),
            "can_change": user.has_perm(CHANGE),
            "can_write": user.has_perm(WRITE),
            "actions": alert.allowed_actions(),
            "error": error,
            "history": entries(
                Alert.history.filter(id=alert.pk),
                ProposedResponse.history.filter(alert_id=alert.pk),
            ),
            **_assignment(request, alert, assign_form),
        },
        status=status,
    )


@permission_required(VIEW)
def alert_detail(request, pk):
    alert = _staff_alert(request, pk)
    services.record_visit(alert, request.user)
    return _staff_page(request, alert)


@require_POST
@permission_required(services.ASSIGN_PERMISSION)
def alert_assign(request, pk):
    """« Je m'en occupe » (`take`), or give the alert to a colleague (or to nobody)."""
    alert = _staff_alert(request, pk)
    return assign_from_page(
        request,
        alert,
        perm=services.ASSIGN_PERMISSION,
        assign=services.assign,
        done=_("Alerte confiée à %(name)s."),
        nobody=_("Alerte sans personne pour la suivre."),
        to=reverse("alerts:alert_detail", args=[alert.pk]),
        page=lambda form: _staff_page(request, alert, status=400, assign_form=form),
    )


def _act(request, pk, perform, success: str):
    alert = _staff_alert(request, pk)
    try:
        perform(alert)
    except ValidationError as exc:
        alert.refresh_from_db()
        return _staff_page(request, alert, error=" ".join(exc.messages), status=400)
    messages.success(request, success)
    return redirect("alerts:alert_detail", pk=alert.pk)


@require_POST
@permission_required(CHANGE)
def alert_acknowledge(request, pk):
    return _act(
        request,
        pk,
        lambda alert: services.acknowledge(alert.pk, request.user),
        _("Alerte prise en compte : l'organisme en est informé."),
    )


@require_POST
@permission_required(CHANGE)
def alert_follow_up(request, pk):
    return _act(
        request,
        pk,
        lambda alert: services.start_follow_up(alert.pk, request.user),
        _("Alerte mise en suivi."),
    )


@require_POST
@permission_required(CHANGE)
def alert_close(request, pk):
    alert = _staff_alert(request, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.close(
                alert.pk, form.cleaned_data["outcome"], request.user, form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Alerte clôturée : l'organisme en est informé."))
            return redirect("alerts:alert_detail", pk=alert.pk)
    return _staff_page(request, alert, close_form=form, status=400)


@require_POST
@permission_required(WRITE)
def alert_message(request, pk):
    alert = _staff_alert(request, pk)
    form = StaffMessageForm(request.POST)
    if form.is_valid():
        services.post_message(
            alert, request.user, form.cleaned_data["body"], internal=form.cleaned_data["internal"]
        )
        if form.cleaned_data["internal"]:
            messages.success(request, _("Note interne enregistrée."))
        else:
            messages.success(request, _("Message envoyé à l'organisme."))
        return redirect("alerts:alert_detail", pk=alert.pk)
    return _staff_page(request, alert, message_form=form, status=400)
