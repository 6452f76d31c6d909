"""The API's one permission class (kept apart from the views so DRF's settings can import it)."""

from typing import TYPE_CHECKING

from rest_framework import permissions

if TYPE_CHECKING:  # DRF's settings import this module while rest_framework.views loads
    from rest_framework.request import Request
    from rest_framework.views import APIView

from charter_portal import roles


class PortalPermission(permissions.BasePermission):
    """Authenticated by default; a viewset widens or narrows it with `staff_write_permission`.

    Reads are allowed to anyone who can see the rows (the queryset is already scoped).
    Writes need the Django model permission named by the viewset for staff, or
    `of_member_can_write` for OF members on their own rows.
    """

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        if getattr(view, "public", False):
            return request.method in permissions.SAFE_METHODS
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if roles.is_staff_member(request.user):
            perm = getattr(view, "staff_write_permission", None)
            if getattr(view, "action", None) == "create":
                perm = getattr(view, "staff_create_permission", perm)
            return bool(perm) and request.user.has_perm(str(perm))
        return getattr(view, "action", None) in getattr(view, "of_member_actions", ())
