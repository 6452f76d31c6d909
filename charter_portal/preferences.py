"""Who receives which email how: each person's choice per kind of event, with defaults per role.

Kinds of event: new_proposal, feedback, message, alert, reminder. An email sent without a kind
(decisions, password resets, a trainee's urgent alert to the quality officers…) always goes at once.
"""

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from charter_portal import roles
from charter_portal.models import Delivery

if TYPE_CHECKING:
    from accounts.models import User
    from charter_portal.models import NotificationPreference

EVENTS = {
    "new_proposal": _("Nouvelles propositions de parcours"),
    "feedback": _("Retours sur les propositions"),
    "message": _("Messages des fils de discussion"),
    "alert": _("Alertes"),
    "reminder": _("Relances (échéances, retards)"),
}
NOW, DIGEST, OFF = Delivery.IMMEDIATE, Delivery.DIGEST, Delivery.OFF


def defaults_for(user: "User") -> dict[str, str]:
    """Quality officers hear of everything at once; path analysts get alerts in the digest; the
    commission gets proposals and reminders in the digest; organisations hear at once."""
    if roles.is_quality_officer(user):
        return dict.fromkeys(EVENTS, NOW)
    if user.groups.filter(name=roles.PATH_ANALYST).exists():
        return {**dict.fromkeys(EVENTS, NOW), "alert": DIGEST}
    if roles.is_staff_member(user):
        return {**dict.fromkeys(EVENTS, DIGEST), "alert": OFF, "message": NOW}
    return {**dict.fromkeys(EVENTS, NOW), "new_proposal": OFF}


def for_user(user: "User") -> "NotificationPreference":
    """The person's preferences row, created with their role's defaults on first use."""
    from charter_portal.models import NotificationPreference

    existing = NotificationPreference.objects.filter(user=user).first()
    if existing:
        return existing
    return NotificationPreference(user=user, **defaults_for(user))


def split(emails: list[str], event: str | None) -> tuple[dict[str, list[str]], "list[User]"]:
    """Group addresses by how they are reached: {language: [emails]} now, users for the digest.

    Addresses without an account (an organisation's file contact) are reached at once, in French.
    """
    from django.contrib.auth import get_user_model

    from charter_portal.models import NotificationPreference

    users = {
        user.email: user
        for user in get_user_model().objects.filter(email__in=emails, is_active=True)
    }
    stored = {
        pref.user_id: pref
        for pref in NotificationPreference.objects.filter(user__in=users.values())
    }
    now: dict[str, list[str]] = {}
    digest: list[User] = []
    for email in emails:
        user = users.get(email)
        if user is None:
            now.setdefault("fr", []).append(email)
            continue
        pref = stored.get(user.pk)
        language = pref.language if pref else "fr"
        delivery: str
        if not event:
            delivery = Delivery.IMMEDIATE
        else:
            delivery = getattr(pref, event) if pref else defaults_for(user)[event]
        if delivery == Delivery.IMMEDIATE:
            now.setdefault(language, []).append(email)
        elif delivery == Delivery.DIGEST:
            digest.append(user)
    return now, digest
