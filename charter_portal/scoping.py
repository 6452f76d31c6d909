"""Scoping and role checks for function views: one helper each, used everywhere."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404

from charter_portal import roles


def get_visible_or_404(queryset, user, **lookup):
    """A record the user may see, or a 404 (another organisation's record does not exist for them)."""
    return get_object_or_404(queryset.visible_to(user), **lookup)


def staff_required(view):
    """Transitions Pro staff only; others get a 404 so the page does not reveal itself."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not roles.is_staff_member(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def permission_required(perm: str):
    """Staff holding a model permission (e.g. organisms.change_organisation)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not roles.is_staff_member(request.user):
                raise Http404
            if not request.user.has_perm(perm):
                from django.core.exceptions import PermissionDenied

                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def of_member_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not roles.is_of_member(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
