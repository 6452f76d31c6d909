"""Who is told what about path proposals. Internal notes are never sent to anyone."""

from django.urls import reverse

from charter_portal import roles
from charter_portal.mail import send_templated
from organisms.notifications import member_emails


def staff_recipients() -> list[str]:
    """The quality officers and the path analysts (C2: the proposal is sent to both)."""
    return roles.staff_emails(roles.QUALITY_OFFICER, roles.PATH_ANALYST)


def member_recipients(organisation) -> list[str]:
    """The organisation's members with an active account."""
    return member_emails(organisation)


def _context(proposal, **extra) -> dict:
    return {
        "proposal": proposal,
        "organisation": proposal.organisation,
        "proposal_path": reverse("paths:proposal_detail", args=[proposal.pk]),
        **extra,
    }


def proposal_submitted(proposal) -> int:
    return send_templated(
        "emails/proposal_submitted", staff_recipients(), _context(proposal), event="new_proposal"
    )


def proposal_revised(proposal) -> int:
    return send_templated(
        "emails/proposal_revised", staff_recipients(), _context(proposal), event="new_proposal"
    )


def proposal_withdrawn(proposal) -> int:
    return send_templated(
        "emails/proposal_withdrawn", staff_recipients(), _context(proposal), event="new_proposal"
    )


def feedback_given(feedback) -> int:
    proposal = feedback.proposal
    return send_templated(
        "emails/proposal_feedback",
        member_recipients(proposal.organisation),
        _context(proposal, feedback=feedback),
        event="feedback",
    )


def message_posted(message) -> int:
    """A message from staff goes to the OF's members; one from the OF goes to staff.
    An internal note goes to nobody."""
    if message.internal:
        return 0
    proposal = message.proposal
    from_staff = roles.is_staff_member(message.author)
    recipients = member_recipients(proposal.organisation) if from_staff else staff_recipients()
    recipients = [email for email in recipients if email != message.author.email]
    return send_templated(
        "emails/proposal_message",
        recipients,
        _context(proposal, message=message, from_staff=from_staff),
        event="message",
    )


# commission and dialogues


def decision_recorded(decision, dialogue=None) -> int:
    """The commission's decision goes to the OF's members; a refusal for an incoherent path
    tells them a dialogue opens (C6) and links to it."""
    proposal = decision.proposal
    dialogue_path = reverse("paths:dialogue_detail", args=[dialogue.pk]) if dialogue else ""
    from paths import letters

    letter = letters.letter_bytes(decision)
    return send_templated(
        "emails/decision_recorded",
        member_recipients(proposal.organisation),
        _context(proposal, decision=decision, dialogue=dialogue, dialogue_path=dialogue_path),
        attachments=[(letters.filename(decision), letter, "application/pdf")] if letter else None,
    )


def dialogue_closed(dialogue) -> int:
    """The outcome of a refusal dialogue goes to the OF's members."""
    proposal = dialogue.proposal
    new_proposal = dialogue.new_proposal
    return send_templated(
        "emails/dialogue_closed",
        member_recipients(proposal.organisation),
        _context(
            proposal,
            dialogue=dialogue,
            dialogue_path=reverse("paths:dialogue_detail", args=[dialogue.pk]),
            new_proposal_path=reverse("paths:proposal_detail", args=[new_proposal.pk])
            if new_proposal
            else "",
        ),
    )
