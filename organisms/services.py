"""Every write a user action causes on organisations, signatures and controls."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from charter_portal.history import save_with_history
from organisms import notifications
from organisms.models import CommunicationControl, Signature, today


@transaction.atomic
def save_organisation(organisation, user):
    return save_with_history(organisation, user)


@transaction.atomic
def save_edition(edition, user):
    return save_with_history(edition, user)


@transaction.atomic
def save_signature(signature, user):
    """Record (or correct) a signature; an OF renews by signing a newer edition."""
    return save_with_history(signature, user)


@transaction.atomic
def open_control(control, user):
    control.opened_by = user
    control.outcome = CommunicationControl.Outcome.PENDING
    return save_with_history(control, user, reason="Contrôle ouvert")


@transaction.atomic
def conclude_control(control_id: int, outcome: str, findings: str, user) -> CommunicationControl:
    """Conclude a control. A breach withdraws the organisation's active signature at once,
    in the same transaction, and tells the organisation by email once it is committed."""
    control = CommunicationControl.objects.select_for_update().get(pk=control_id)
    if not control.is_open:
        raise ValidationError(_("Ce contrôle est déjà conclu."), code="control_closed")
    if outcome not in (CommunicationControl.Outcome.COMPLIANT, CommunicationControl.Outcome.BREACH):
        raise ValidationError(
            {"outcome": _("Choisissez « Conforme » ou « Manquement ».")}, code="outcome"
        )
    day = today()
    control.outcome = outcome
    control.findings = findings
    control.decided_on = day
    control.decided_by = user
    save_with_history(control, user, reason=f"Contrôle conclu : {control.get_outcome_display()}")
    withdrawn = []
    if outcome == CommunicationControl.Outcome.BREACH:
        active = (
            Signature.objects.select_for_update()
            .active(day)
            .filter(organisation_id=control.organisation_id)
        )
        for signature in active:
            signature.withdrawn_on = day
            signature.withdrawn_by_control = control
            save_with_history(signature, user, reason="Retrait après manquement à la charte")
            withdrawn.append(signature)
        transaction.on_commit(lambda: notifications.breach_confirmed(control, withdrawn))
    return control


@transaction.atomic
def update_public_profile(organisation, user):
    """An OF member edits what the organisation may change itself (description, site, contacts)."""
    return save_with_history(organisation, user, reason="Mise à jour par l'organisme")
