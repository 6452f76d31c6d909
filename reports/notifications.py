"""Who is told what about reports."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from charter_portal import roles
from charter_portal.mail import send_templated
from organisms.notifications import organisation_recipients


def _staff(*role_names) -> list[str]:
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=role_names)
        .values_list("email", flat=True)
        .distinct()
    )


def annual_report_requested(request) -> int:
    """C10: the request goes to the quality officers and the path analysts."""
    return send_templated(
        "emails/annual_report_requested",
        _staff(roles.QUALITY_OFFICER, roles.PATH_ANALYST),
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
