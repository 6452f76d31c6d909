"""The commission's decision letter: a PDF generated from a template for each outcome (accepted,
accepted with adjustments, refused with its reason and the appeal window, postponed), stored with
the decision, downloadable by the organisation and staff, attached to the decision email."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from charter_portal.history import save_with_history
from paths.funding import add_months
from paths.models import CommissionDecision, DecisionOutcome

# PTP guide: « le salarié peut formuler un recours gracieux … dans les deux mois suivant la date
# d'envoi de la notification de refus ».
APPEAL_MONTHS = 2


def filename(decision: CommissionDecision) -> str:
    return f"decision-{decision.proposal.reference}-{decision.pk}.pdf"


def render_pdf(decision: CommissionDecision) -> bytes:
    """The letter as PDF bytes, in French (the source language)."""
    from weasyprint import HTML  # heavy import, only when a letter is made

    sent_on = timezone.localtime(decision.decided_at).date()
    context = {
        "decision": decision,
        "proposal": decision.proposal,
        "organisation": decision.proposal.organisation,
        "sent_on": sent_on,
        "appeal_months": APPEAL_MONTHS,
        "appeal_until": add_months(sent_on, APPEAL_MONTHS),
        "refused": decision.outcome == DecisionOutcome.REFUSED,
    }
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("paths/letters/decision.html", context)
    return HTML(string=html).write_pdf()


def ensure_letter(decision: CommissionDecision, user=None) -> CommissionDecision:
    """The decision's letter, made and stored (in the decision's history) the first time it is
    needed: once the decision is committed, or when a decision recorded before letters existed
    is downloaded. Made once: a later download serves the stored file."""
    if decision.letter:
        return decision
    # two first downloads at once: the row lock makes one of them draw it, the other reuse it
    with transaction.atomic():
        locked = CommissionDecision.objects.select_for_update().get(pk=decision.pk)
        if not locked.letter:
            locked.letter.save(filename(locked), ContentFile(render_pdf(locked)), save=False)
            save_with_history(locked, user, validate=False, update_fields=["letter"])
    decision.refresh_from_db(fields=["letter"])
    return decision


def letter_bytes(decision: CommissionDecision) -> bytes | None:
    if not decision.letter:
        return None
    with decision.letter.open("rb") as handle:
        return handle.read()
