"""Scoping and role checks for function views: one helper each, used everywhere."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from charter_portal import roles

View = TypeVar("View", bound=Callable[..., HttpResponse])


def get_visible_or_404(queryset: Any, user: roles.UserLike, **lookup: Any) -> Any:
    """A record the user may see, or a 404 (another organisation's record does not exist for them)."""
    return get_object_or_404(queryset.visible_to(user), **lookup)


def get_own_or_404(queryset: Any, user: roles.UserLike, **lookup: Any) -> Any:
    """A record of the user's own organisations (an OF member's pages and actions, even for a
    staff member who also belongs to an OF), or a 404."""
    return get_object_or_404(queryset.of_own_organisations(user), **lookup)


def _guard(
    may_enter: Callable[[roles.UserLike], bool], perm: str | None = None
) -> Callable[[View], View]:
    """Anonymous people go to the login page; people outside the audience get a 404 (the page
    does not reveal itself); staff lacking the permission get a 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not may_enter(request.user):
                raise Http404
            if perm and not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]  # same signature as the view

    return decorator


staff_required = _guard(roles.is_staff_member)
of_member_required = _guard(roles.is_of_member)


def permission_required(perm: str) -> Callable[[View], View]:
    """Staff holding a model permission (e.g. organisms.change_organisation)."""
    return _guard(roles.is_staff_member, perm)


of_member_or_staff_required = _guard(
    lambda user: roles.is_of_member(user) or roles.is_staff_member(user)
)
