"""Who is who: staff roles are Django groups, OF membership is a model.

Code asks these helpers (or checks a permission); it never tests a name or an email.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

# request.user (a User or AnonymousUser), or None outside a request: the helpers accept them all
UserLike = Any

QUALITY_OFFICER = "quality_officer"
PATH_ANALYST = "path_analyst"
COMMISSION = "commission"
ADMINISTRATOR = "administrator"
OF_MEMBER = "of_member"

STAFF_ROLES = {
    QUALITY_OFFICER: _("Chargé(e) de projet qualité OF"),
    PATH_ANALYST: _("Chargé(e) de projet analyse des parcours"),
    COMMISSION: _("Membre de la commission"),
    ADMINISTRATOR: _("Administrateur"),
}
ALL_ROLES = [OF_MEMBER, *STAFF_ROLES]


def _group_names(user: UserLike) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_portal_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._portal_groups = cached
    return cached


def staff_roles(user: UserLike) -> list[str]:
    names = _group_names(user)
    return [role for role in STAFF_ROLES if role in names]


def is_staff_member(user: UserLike) -> bool:
    """Transitions Pro staff: any staff role, or a superuser."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or staff_roles(user))


def is_quality_officer(user: UserLike) -> bool:
    return QUALITY_OFFICER in _group_names(user) or bool(getattr(user, "is_superuser", False))


def is_administrator(user: UserLike) -> bool:
    return ADMINISTRATOR in _group_names(user) or bool(getattr(user, "is_superuser", False))


def organisation_ids(user: UserLike) -> list[int]:
    """The organisations the user belongs to as an OF member (cached per request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_portal_organisation_ids", None)
    if cached is None:
        # through the reverse relation of organisms.Membership: no import of the organisms app
        cached = list(user.memberships.values_list("organisation_id", flat=True))
        user._portal_organisation_ids = cached
    return cached


def is_of_member(user: UserLike) -> bool:
    return bool(organisation_ids(user))


def is_member_of(user: UserLike, organisation_id: int | None) -> bool:
    """Does the user belong to this organisation as an OF member (whatever staff role they hold)?
    For one record already loaded; lists ask `of_own_organisations(user)` of their queryset."""
    return organisation_id is not None and organisation_id in organisation_ids(user)


def may_see_alerts(user: UserLike) -> bool:
    """C8, decided here once: may this user see alert data (alerts, their figures, sheets, columns,
    emails)? OF members (their own organisation's) and staff holding the alerts permission may; a
    commission member never does, whatever other role they hold, so that an organisation's alerts
    can never weigh on a funding decision."""
    if not getattr(user, "is_authenticated", False):
        return False
    if COMMISSION in _group_names(user):
        return False
    return is_of_member(user) or user.has_perm("alerts.view_alert")


def role_labels(user: UserLike) -> list[str]:
    labels = [str(STAFF_ROLES[role]) for role in staff_roles(user)]
    if is_of_member(user):
        labels.append(str(_("Membre d'organisme de formation")))
    return labels


# What each staff role may do, as Django permissions (kept in sync after every migrate).
ROLE_PERMISSIONS = {
    QUALITY_OFFICER: [
        "organisms.view_organisation",
        "organisms.add_organisation",
        "organisms.change_organisation",
        "organisms.view_membership",
        "organisms.view_charteredition",
        "organisms.view_signature",
        "organisms.add_signature",
        "organisms.change_signature",
        "organisms.view_communicationcontrol",
        "organisms.add_communicationcontrol",
        "organisms.change_communicationcontrol",
        # paths: reads proposals and writes in their threads
        "paths.view_pathproposal",
        "paths.view_feedback",
        "paths.add_message",
        "paths.view_commissionsession",
        "paths.view_commissiondecision",
        "paths.view_refusaldialogue",
        # alerts: receives them, acknowledges, follows up, closes, writes in threads (C7)
        "alerts.view_alert",
        "alerts.change_alert",
        "alerts.view_alertmessage",
        "alerts.add_alertmessage",
        "alerts.view_alertattachment",
        "alerts.view_traineelink",
        # reports: generates the interim reviews (C9) and comments them for Transitions Pro,
        # records the dialogue meetings (C11); reads the annual reports the analyst produces
        "reports.view_interimreview",
        "reports.add_interimreview",
        "reports.change_interimreview",
        "reports.view_annualreport",
        "reports.view_annualreportrequest",
        "reports.view_dialoguemeeting",
        "reports.add_dialoguemeeting",
        "reports.change_dialoguemeeting",
    ],
    PATH_ANALYST: [
        "organisms.view_organisation",
        "organisms.view_membership",
        "organisms.view_charteredition",
        "organisms.view_signature",
        # paths: reviews proposals, answers, records the commission and runs refusal dialogues
        "paths.view_pathproposal",
        "paths.change_pathproposal",
        "paths.view_feedback",
        "paths.add_feedback",
        "paths.add_message",
        "paths.view_commissionsession",
        "paths.add_commissionsession",
        "paths.change_commissionsession",
        "paths.view_commissiondecision",
        "paths.add_commissiondecision",
        "paths.view_refusaldialogue",
        "paths.change_refusaldialogue",
        # alerts: reads them (a dropout risk bears on the path being studied), acts on none
        "alerts.view_alert",
        "alerts.view_alertmessage",
        "alerts.view_alertattachment",
        # reports: produces the annual PTP reports the OFs request (C10); reads the reviews
        # and the dialogue meetings prepared by the quality officer
        "reports.view_annualreport",
        "reports.add_annualreport",
        "reports.view_annualreportrequest",
        "reports.change_annualreportrequest",
        "reports.view_interimreview",
        "reports.view_dialoguemeeting",
    ],
    COMMISSION: [
        "organisms.view_organisation",
        "organisms.view_charteredition",
        "organisms.view_signature",
        # paths: commission members read proposals and decisions; staff record them
        "paths.view_pathproposal",
        "paths.view_feedback",
        "paths.view_commissionsession",
        "paths.view_commissiondecision",
        "paths.view_refusaldialogue",
        # alerts: none; a trainee's situation is shared on a need-to-know basis, and the
        # commission deciding on funding must not weigh an OF's alerts against it (C8)
        # reports: reads the charter's reviews, annual reports and dialogue meetings, writes none
        "reports.view_interimreview",
        "reports.view_annualreport",
        "reports.view_annualreportrequest",
        "reports.view_dialoguemeeting",
    ],
}
# Administrators hold every permission of the portal's own apps.
ADMINISTRATOR_APPS = [
    "charter_portal",
    "accounts",
    "organisms",
    "paths",
    "alerts",
    "reports",
    "authtoken",
]


def sync_role_groups(**kwargs: Any) -> None:
    """Create the staff groups and give them their permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted: list[Permission] = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
    admin_group, _created = Group.objects.get_or_create(name=ADMINISTRATOR)
    admin_group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=ADMINISTRATOR_APPS)
    )


def staff_emails(*role_names: str, alert_data: bool = False) -> list[str]:
    """The addresses of the active users holding any of these staff roles; for an email that carries
    alert data, never a commission member's (see `may_see_alerts`)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True, groups__name__in=role_names)
    if alert_data:
        users = users.exclude(groups__name=COMMISSION)
    return list(users.values_list("email", flat=True).distinct())
