"""Account changes: creating operators' accounts, roles, memberships and API tokens."""

from django.contrib.auth.models import Group
from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts.models import User
from charter_portal import roles
from organisms.models import Membership


@transaction.atomic
def create_or_update_user(
    email: str, role: str, *, organisation=None, password: str | None = None
) -> tuple[User, bool]:
    """Create the account (or update it) with the given role; OF members join an organisation."""
    if role not in roles.ALL_ROLES:
        raise ValueError(f"unknown role {role!r}")
    email = email.strip().lower()
    user, created = User.objects.get_or_create(email=email)
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.is_staff = role == roles.ADMINISTRATOR  # the Django admin is for administrators
    user.save()
    if role == roles.OF_MEMBER:
        if organisation is None:
            raise ValueError("an OF member needs an organisation")
        Membership.objects.get_or_create(user=user, organisation=organisation)
    else:
        user.groups.add(Group.objects.get(name=role))
    return user, created


def create_token(user) -> str:
    """A new personal API token; any previous one stops working."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user).key


def revoke_token(user) -> bool:
    deleted, _details = Token.objects.filter(user=user).delete()
    return bool(deleted)
