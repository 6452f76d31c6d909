from django.http import HttpRequest

from charter_portal import roles


def portal(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    return {
        "is_staff_member": roles.is_staff_member(user),
        "is_of_member": roles.is_of_member(user),
        "is_quality_officer": roles.is_quality_officer(user),
        "is_administrator": roles.is_administrator(user),
        "may_see_alerts": roles.may_see_alerts(user),
    }
