"""Who is told what about alerts.

- raising an alert: the quality officers, at once (high severity says so in the subject);
- acknowledgement and closing: the organisation's members and file contact;
- a message in the thread: the other side (internal notes are never sent to anyone).

Emails carry no description nor trainee contact: those stay on the portal, behind a login.
"""

from django.urls import reverse

from alerts.models import Alert, AlertMessage, Origin, Severity
from charter_portal import roles
from charter_portal.mail import send_templated
from organisms.notifications import organisation_recipients


def quality_officer_recipients() -> list[str]:
    return roles.staff_emails(roles.QUALITY_OFFICER, alert_data=True)


def organisation_alert_recipients(organisation) -> list[str]:
    """The organisation's members and file contact who may read alert data: never the address of a
    commission member, even one who also belongs to the organisation (`roles.may_see_alerts`)."""
    barred = set(roles.staff_emails(roles.COMMISSION))
    return [email for email in organisation_recipients(organisation) if email not in barred]


def _context(alert: Alert) -> dict:
    return {
        "alert": alert,
        "organisation": alert.organisation,
        "urgent": alert.severity == Severity.HIGH,
        "staff_path": reverse("alerts:alert_detail", args=[alert.pk]),
        "member_path": reverse("alerts:my_alert_detail", args=[alert.pk]),
    }


def alert_raised(alert: Alert) -> int:
    """A trainee's urgent alert always goes at once to every quality officer (no opt-out)."""
    urgent_from_trainee = alert.origin == Origin.TRAINEE and alert.severity == Severity.HIGH
    return send_templated(
        "emails/alert_raised",
        quality_officer_recipients(),
        _context(alert),
        event=None if urgent_from_trainee else "alert",
    )


def alert_acknowledged(alert: Alert) -> int:
    return send_templated(
        "emails/alert_acknowledged",
        organisation_alert_recipients(alert.organisation),
        _context(alert),
        event="alert",
    )


def alert_closed(alert: Alert) -> int:
    return send_templated(
        "emails/alert_closed",
        organisation_alert_recipients(alert.organisation),
        _context(alert),
        event="alert",
    )


def message_posted(message: AlertMessage) -> int:
    if message.internal:
        return 0
    alert = message.alert
    from_staff = roles.is_staff_member(message.author)
    recipients = (
        organisation_alert_recipients(alert.organisation)
        if from_staff
        else quality_officer_recipients()
    )
    return send_templated(
        "emails/alert_message",
        recipients,
        {**_context(alert), "to_staff": not from_staff},
        event="message",
    )
