"""Annual PTP reports (C10): an OF member asks from their dashboard, staff see the requests and
generate the report (each generation is a new version), the OF is emailed and downloads it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from charter_portal.scoping import (
    get_visible_or_404,
    of_member_or_staff_required,
    of_member_required,
    permission_required,
    staff_required,
)
from reports import report as reports
from reports import services
from reports.forms import AnnualRequestForm, last_calendar_year
from reports.models import AnnualReport, AnnualReportRequest
from reports.views.common import file_stem, sections, serve_csv, serve_workbook, versions

GENERATE = "reports.add_annualreport"


@of_member_required
def annual_request_create(request):
    if request.method == "POST":
        form = AnnualRequestForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                created = services.request_annual_report(
                    form.cleaned_data["organisation"],
                    form.period,
                    form.cleaned_data["message"],
                    request.user,
                    form.cleaned_data["declared_ptp_trainees"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Votre demande de rapport annuel PTP est transmise à Transitions Pro. "
                        "Vous recevrez un e-mail dès que le rapport sera prêt."
                    ),
                )
                return redirect("reports:annual_request_detail", pk=created.pk)
    else:
        period = last_calendar_year()
        initial = {"start": period.start, "end": period.end}
        if request.GET.get("organisation"):
            initial["organisation"] = request.GET["organisation"]
        form = AnnualRequestForm(user=request.user, initial=initial)
    return render(request, "reports/annual_request_form.html", {"form": form})


@staff_required
def annual_request_list(request):
    queryset = (
        AnnualReportRequest.objects.visible_to(request.user)
        .select_related("organisation", "requested_by", "report")
        .annotate(
            pending=Case(
                When(status=AnnualReportRequest.Status.REQUESTED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("pending", "-requested_at", "-pk")
    )
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(request, "reports/annual_request_list.html", {"page": page})


@of_member_or_staff_required
def annual_request_detail(request, pk):
    annual_request = get_visible_or_404(
        AnnualReportRequest.objects.select_related("organisation", "requested_by", "report"),
        request.user,
        pk=pk,
    )
    made = annual_request.report
    reports_made = versions(made, request.user) if made else []
    return render(
        request,
        "reports/annual_request_detail.html",
        {"annual_request": annual_request, "reports_made": reports_made},
    )


@require_POST
@permission_required(GENERATE)
def annual_report_generate(request, pk):
    annual_request = get_visible_or_404(AnnualReportRequest.objects, request.user, pk=pk)
    made = services.generate_annual_report(annual_request.pk, request.user)
    messages.success(
        request,
        _("Rapport annuel PTP produit (version %(version)s) ; l'organisme est prévenu par e-mail.")
        % {"version": made.version},
    )
    return redirect("reports:annual_report_detail", pk=made.pk)


def _report(request, pk):
    return get_visible_or_404(
        AnnualReport.objects.select_related("organisation", "generated_by"), request.user, pk=pk
    )


@of_member_or_staff_required
def annual_report_detail(request, pk):
    made = _report(request, pk)
    return render(
        request,
        "reports/annual_report_detail.html",
        {
            "annual_report": made,
            "sections": sections(reports.visible_indicators(made.figures, request.user)),
            "versions": versions(made, request.user),
        },
    )


@of_member_or_staff_required
def annual_report_workbook(request, pk):
    made = _report(request, pk)
    return serve_workbook(made, request.user, f"{file_stem('rapport-annuel-ptp', made)}.xlsx")


@of_member_or_staff_required
def annual_report_csv(request, pk):
    made = _report(request, pk)
    return serve_csv(made, request.user, f"{file_stem('rapport-annuel-ptp', made)}.csv")
