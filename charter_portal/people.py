"""People as others see them: by name and role, never by email address; and the staff colleagues
a proposal or an alert may be assigned to."""

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from charter_portal import roles

if TYPE_CHECKING:
    from accounts.models import User

    _UserChoiceField = forms.ModelChoiceField[User]
else:  # ModelChoiceField is generic only in the stubs
    _UserChoiceField = forms.ModelChoiceField


def name_of(user: "User | None") -> str:
    """Full name, else the part of the address before the @ (never the whole address)."""
    if user is None:
        return ""
    return user.get_full_name() or user.email.split("@")[0]


def _staff_roles(user: "User") -> list[str]:
    # lists prefetch `assigned_to__groups` (the API as a `prefetched_groups` list): read them
    # rather than one query per person
    prefetched = user.__dict__.get("prefetched_groups")
    if prefetched is None:
        prefetched = getattr(user, "_prefetched_objects_cache", {}).get("groups")
    if prefetched is None:
        return roles.staff_roles(user)
    names = {group.name for group in prefetched}
    return [role for role in roles.STAFF_ROLES if role in names]


def label(user: "User | None") -> str:
    """« Prénom Nom (rôle) » for a staff member, the name alone for anyone else."""
    if user is None:
        return ""
    staff = _staff_roles(user)
    if staff:
        return f"{name_of(user)} ({roles.STAFF_ROLES[staff[0]]})"
    return name_of(user)


def colleagues(perm: str) -> "QuerySet[User]":
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


class AssigneeChoiceField(_UserChoiceField):
    def label_from_instance(self, obj: "User") -> str:
        return label(obj)


class AssignForm(forms.Form):
    """Give a record to a colleague holding `perm`, or to nobody (the « je m'en occupe » button
    posts `take` instead and needs no choice)."""

    assigned_to = AssigneeChoiceField(
        label=_("Suivi par"), queryset=None, required=False, empty_label=_("Personne")
    )

    def __init__(self, *args: Any, perm: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(AssigneeChoiceField, self.fields["assigned_to"])  # declared just above
        field.queryset = colleagues(perm).prefetch_related("groups")


ASSIGN_CHOICES = [("", _("Tous")), ("me", _("Assignés à moi")), ("none", _("Non assignés"))]


def filter_assigned(queryset: QuerySet[Any], user: "User", value: str) -> QuerySet[Any]:
    """The queues' « assignés à moi » / « non assignés » filter."""
    if value == "me":
        return queryset.filter(assigned_to=user)
    if value == "none":
        return queryset.filter(assigned_to__isnull=True)
    return queryset
