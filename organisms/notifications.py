"""Who is told what about organisations and the charter."""

from django.urls import reverse

from charter_portal.mail import send_templated


def member_emails(organisation) -> list[str]:
    """The addresses of the organisation's members with an active account."""
    return list(
        organisation.memberships.filter(user__is_active=True).values_list("user__email", flat=True)
    )


def organisation_recipients(organisation) -> list[str]:
    """The organisation's members and its file contact."""
    emails = member_emails(organisation)
    if organisation.contact_email:
        emails.append(organisation.contact_email)
    return emails


def breach_confirmed(control, withdrawn_signatures) -> int:
    organisation = control.organisation
    return send_templated(
        "emails/breach_confirmed",
        organisation_recipients(organisation),
        {
            "organisation": organisation,
            "control": control,
            "signatures": withdrawn_signatures,
            "organisation_path": reverse(
                "organisms:my_organisation_detail", args=[organisation.pk]
            ),
        },
    )
