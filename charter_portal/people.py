"""People as others see them: by name and role, never by email address; and the staff colleagues
a proposal or an alert may be assigned to."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from charter_portal import roles


def name_of(user) -> str:
    """Full name, else the part of the address before the @ (never the whole address)."""
    if user is None:
        return ""
    return user.get_full_name() or user.email.split("@")[0]


def label(user) -> str:
    """« Prénom Nom (rôle) » for a staff member, the name alone for anyone else."""
    if user is None:
        return ""
    staff = roles.staff_roles(user)
    if staff:
        return f"{name_of(user)} ({roles.STAFF_ROLES[staff[0]]})"
    return name_of(user)


def colleagues(perm: str):
    """Active staff who hold a permission (through their role's group), by name."""
    app_label, codename = perm.split(".")
    permission = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()
    holders = Q(is_superuser=True)
    if permission is not None:
        holders |= Q(groups__permissions=permission, groups__name__in=list(roles.STAFF_ROLES))
    return (
        get_user_model()
        .objects.filter(holders, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )
