"""{{ user|person }}: a person by name and role, never by email address."""

from typing import TYPE_CHECKING

from django import template

from charter_portal.people import label

if TYPE_CHECKING:
    from accounts.models import User

register = template.Library()


@register.filter
def person(user: "User | None") -> str:
    return label(user)
