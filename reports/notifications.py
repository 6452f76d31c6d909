"""Who is told what about reports."""

from django.urls import reverse

from charter_portal import roles
from charter_portal.mail import send_templated
from organisms.notifications import organisation_recipients


def annual_report_requested(request) -> int:
    """C10: the request goes to the quality officers and the path analysts."""
    return send_templated(
        "emails/annual_report_requested",
        roles.staff_emails(roles.QUALITY_OFFICER, roles.PATH_ANALYST),
        {"request": request, "path": reverse("reports:annual_request_detail", args=[request.pk])},
    )


def annual_report_ready(request) -> int:
    return send_templated(
        "emails/annual_report_ready",
        organisation_recipients(request.organisation),
        {
            "request": request,
            "path": reverse("reports:annual_report_detail", args=[request.report_id]),
        },
    )


DETAIL_URLS = {
    "interimreview": "reports:review_detail",
    "annualreport": "reports:annual_report_detail",
    "dialoguemeeting": "reports:meeting_detail",
}


def snapshot_ready(snapshot) -> int:
    """The staff member who generated a review or recorded a meeting: its files are ready."""
    return send_templated(
        "emails/snapshot_ready",
        [snapshot.generated_by.email],
        {
            "snapshot": snapshot,
            "name": str(snapshot),
            "path": reverse(DETAIL_URLS[snapshot._meta.model_name], args=[snapshot.pk]),
        },
    )
