"""{{ user|person }}: a person by name and role, never by email address."""

from django import template

from charter_portal.people import label

register = template.Library()


@register.filter
def person(user) -> str:
    return label(user)
