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
