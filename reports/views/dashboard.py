"""Dashboards: the charter's indicators for a period and a scope, with charts and data tables.

Staff look at an organisation, a département or the whole network; an OF member looks at their
own organisation and asks for its annual PTP report from here (C10).
"""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse

from charter_portal import roles
from charter_portal.scoping import of_member_required, staff_required
from reports import report as reports
from reports.forms import ScopeForm
from reports.models import AnnualReportRequest, DialogueMeeting, InterimReview
from reports.views.common import sections
from reports.worklist import staff_worklist


def _indicators(request):
    """The form as submitted, and what it resolves to (a report), or the form with its errors."""
    form = ScopeForm(request.GET, user=request.user)
    if not form.is_valid():
        return form, None, ""
    computed = reports.build(form.period, form.scope).for_user(request.user)
    query = urlencode(form.resolved())
    # the inputs show the period and scope actually computed (defaults filled in)
    return ScopeForm(form.resolved(), user=request.user), computed, query


def _period_links(form, computed):
    """The periods to choose from in one click, keeping the scope: (label, query, current)."""
    if computed is None:
        return []
    scope = {k: v for k, v in form.data.items() if k in ("organisation", "departement") and v}
    links = []
    for label, period in reports.period_choices():
        query = urlencode(
            {"start": period.start.isoformat(), "end": period.end.isoformat(), **scope}
        )
        links.append((label, query, period == computed.period))
    return links


def _context(form, computed, query):
    return {
        "period_links": _period_links(form, computed),
        "form": form,
        "report": computed,
        "sections": sections(computed.indicators) if computed else [],
        "xlsx_url": f"{reverse('api:indicators-export-xlsx')}?{query}" if computed else "",
        "csv_url": f"{reverse('api:indicators-export-csv')}?{query}" if computed else "",
        # the workbook of a large scope is better built by the worker (exports app)
        "export_query": query if computed else None,
    }


@staff_required
def dashboard(request):
    form, computed, query = _indicators(request)
    context = _context(form, computed, query)
    context["pending_requests"] = AnnualReportRequest.objects.filter(
        status=AnnualReportRequest.Status.REQUESTED
    ).count()
    context["worklist"] = staff_worklist(request.user)
    return render(request, "reports/dashboard.html", context)


@of_member_required
def my_dashboard(request):
    form, computed, query = _indicators(request)
    context = _context(form, computed, query)
    user = request.user
    context.update(
        several=len(roles.organisation_ids(user)) > 1,
        requests=AnnualReportRequest.objects.of_own_organisations(user)
        .select_related("organisation", "report")
        .order_by("-requested_at", "-pk")[:20],
        reviews=InterimReview.objects.of_own_organisations(user)
        .select_related("organisation")
        .order_by("-generated_at", "-pk")[:20],
        meetings=DialogueMeeting.objects.of_own_organisations(user)
        .select_related("organisation")
        .order_by("-held_on", "-pk")[:20],
    )
    return render(request, "reports/my_dashboard.html", context)
