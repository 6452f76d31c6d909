"""Which reminders are due on a day: one function per kind, each reading the records as they are.

A reminder is identified by (kind, item, due date); `services.send_reminders` stores that record
when it sends, so the same reminder never goes twice. Each finder returns every item whose reminder
is due on or before the day and whose deadline it concerns has not been left behind for long, so a
day the schedule missed is caught up the next day.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alerts.deadlines import add_working_days
from alerts.models import Alert
from charter_portal import roles
from organisms.models import Signature
from organisms.notifications import member_emails, organisation_recipients
from paths.funding_data import file_due_dates
from paths.models import (
    AWAITING_FEEDBACK,
    DialogueOutcome,
    PathProposal,
    ProposalStatus,
    RefusalDialogue,
)

STAFF = "staff"
ORGANISATION = "organisation"
# an organisation's feedback unanswered after this many days gets a reminder
FEEDBACK_UNANSWERED_DAYS = 15
# staff are told of feedback due within this many working days
FEEDBACK_SOON_WORKING_DAYS = 3


@dataclass
class Due:
    item: object
    due_on: date
    label: str
    path: str
    organisation: object = None


@dataclass
class Kind:
    code: str
    audience: str
    title: object
    action: object
    finder: object
    recipients: object = None  # staff kinds: a function giving the addresses


def _local_day(moment) -> date:
    return timezone.localtime(moment).date()


def _days_after(moment, days: int) -> date | None:
    """The day `days` days after a moment (its Paris day); None when the moment is not there."""
    return None if moment is None else _local_day(moment) + timedelta(days=days)


def _dues(records, due_on, label, link, organisation, keep=lambda day: True) -> list[Due]:
    """One reminder per record whose due day (`due_on(record)`, None: none) `keep` accepts,
    with the line people read (`label`), its page (`link`) and the organisation concerned."""
    result = []
    for record in records:
        day = due_on(record)
        if day is not None and keep(day):
            result.append(Due(record, day, label(record), link(record), organisation(record)))
    return result


def _reference_and_organisation(record) -> str:
    """A proposal's or an alert's line: PP-2022-0001 – Formations Alpha."""
    return f"{record.reference} – {record.organisation.display_name}"


def _proposal_job(proposal) -> str:
    return f"{proposal.reference} – {proposal.target_job}"


def _proposal_page(proposal) -> str:
    return reverse("paths:proposal_detail", args=[proposal.pk])


def _organisation(record):
    return record.organisation


def _awaiting_feedback(day: date, levels) -> list[Due]:
    proposals = (
        PathProposal.objects.filter(status__in=AWAITING_FEEDBACK)
        .with_feedback_wait(timezone.now(), levels.feedback_target_days)
        .select_related("organisation")
        .order_by("pk")
    )
    return _dues(
        proposals,
        lambda proposal: _days_after(proposal.waiting_since, levels.feedback_target_days),
        _reference_and_organisation,
        _proposal_page,
        _organisation,
    )


def feedback_due_soon(day: date, levels) -> list[Due]:
    """Feedback due within the next 3 working days (and not yet late)."""
    horizon = add_working_days(day, FEEDBACK_SOON_WORKING_DAYS)
    return [due for due in _awaiting_feedback(day, levels) if day <= due.due_on <= horizon]


def feedback_overdue(day: date, levels) -> list[Due]:
    """Feedback past its target delay."""
    return [due for due in _awaiting_feedback(day, levels) if due.due_on < day]


def alert_not_acknowledged(day: date, levels) -> list[Due]:
    """Alerts still open after the day they had to be acknowledged: escalated to every quality
    officer."""
    alerts = Alert.objects.overdue(on=day).select_related("organisation").order_by("ack_due_on")
    return _dues(
        alerts,
        lambda alert: alert.ack_due_on,
        _reference_and_organisation,
        lambda alert: reverse("alerts:alert_detail", args=[alert.pk]),
        _organisation,
    )


def dialogue_overdue(day: date, levels) -> list[Due]:
    """Refusal dialogues still open past their delay."""
    dialogues = (
        RefusalDialogue.objects.filter(outcome=DialogueOutcome.OPEN)
        .select_related("proposal__organisation")
        .order_by("opened_at")
    )
    return _dues(
        dialogues,
        lambda dialogue: _days_after(dialogue.opened_at, levels.dialogue_overdue_days),
        lambda dialogue: _reference_and_organisation(dialogue.proposal),
        lambda dialogue: reverse("paths:dialogue_detail", args=[dialogue.pk]),
        lambda dialogue: dialogue.proposal.organisation,
        keep=lambda due_on: due_on < day,
    )


def annual_report_pending(day: date, levels) -> list[Due]:
    """Annual reports requested by an organisation and still not produced after the feedback
    target delay."""
    from reports.models import AnnualReportRequest

    requests = (
        AnnualReportRequest.objects.filter(status=AnnualReportRequest.Status.REQUESTED)
        .select_related("organisation")
        .order_by("requested_at")
    )
    return _dues(
        requests,
        lambda request: _days_after(request.requested_at, levels.feedback_target_days),
        lambda request: (
            f"{request.organisation.display_name} ({request.period_start:%d/%m/%Y} – "
            f"{request.period_end:%d/%m/%Y})"
        ),
        lambda request: reverse("reports:annual_request_detail", args=[request.pk]),
        _organisation,
        keep=lambda due_on: due_on < day,
    )


def _signatures_ending(day: date, within: int, after: int) -> list[Due]:
    """Active signatures ending in `after` < days ≤ `within`, of organisations that have not
    already signed a later edition."""
    signatures = (
        Signature.objects.active(day)
        .filter(
            edition__valid_until__lte=day + timedelta(days=within),
            edition__valid_until__gt=day + timedelta(days=after),
        )
        .select_related("organisation", "edition")
        .order_by("edition__valid_until", "pk")
    )
    renewed = set(
        Signature.objects.filter(
            organisation_id__in=[s.organisation_id for s in signatures],
            withdrawn_on__isnull=True,
        )
        .values("organisation_id")
        .annotate(last=Max("edition__valid_until"))
        .filter(last__gt=day + timedelta(days=within))
        .values_list("organisation_id", flat=True)
    )
    return [
        Due(
            signature,
            signature.edition.valid_until,
            f"{signature.organisation.display_name} – {signature.edition.version}",
            reverse("organisms:my_organisation_detail", args=[signature.organisation_id]),
            signature.organisation,
        )
        for signature in signatures
        if signature.organisation_id not in renewed
    ]


def signature_ending_60(day, levels):
    return _signatures_ending(day, 60, 30)


def signature_ending_30(day, levels):
    return _signatures_ending(day, 30, -1)


def _staff_paths(dues: list[Due]) -> list[Due]:
    for due in dues:
        if isinstance(due.item, Signature):
            due.path = reverse("organisms:organisation_detail", args=[due.item.organisation_id])
    return dues


def staff_signature_ending_60(day, levels):
    return _staff_paths(signature_ending_60(day, levels))


def staff_signature_ending_30(day, levels):
    return _staff_paths(signature_ending_30(day, levels))


def _file_deadlines(day: date, within: int, after: int) -> list[Due]:
    """Draft proposals whose complete file is due (`paths.funding_data.file_due_dates`: none
    when no rule set covers the start date) in `after` < days ≤ `within`."""
    drafts = list(
        PathProposal.objects.filter(status=ProposalStatus.DRAFT, start_date__gt=day)
        .select_related("organisation")
        .order_by("start_date", "pk")
    )
    due = file_due_dates(drafts)
    return _dues(
        drafts,
        lambda proposal: due.get(proposal.pk),
        _proposal_job,
        _proposal_page,
        _organisation,
        keep=lambda due_on: day + timedelta(days=after) < due_on <= day + timedelta(days=within),
    )


def file_deadline_30(day, levels):
    return _file_deadlines(day, 30, 7)


def file_deadline_7(day, levels):
    return _file_deadlines(day, 7, -1)


def feedback_unanswered(day: date, levels) -> list[Due]:
    """Feedback given to the organisation and not answered (revised or withdrawn) 15 days on."""
    proposals = (
        PathProposal.objects.filter(status=ProposalStatus.FEEDBACK_GIVEN)
        .annotate(last_feedback=Max("feedbacks__created_at"))
        .filter(~Q(last_feedback=None))
        .select_related("organisation")
        .order_by("pk")
    )
    return _dues(
        proposals,
        lambda proposal: _days_after(proposal.last_feedback, FEEDBACK_UNANSWERED_DAYS),
        _proposal_job,
        _proposal_page,
        _organisation,
        keep=lambda due_on: due_on <= day,
    )


def _reviewers():
    return roles.staff_emails(roles.QUALITY_OFFICER, roles.PATH_ANALYST)


def _quality_officers():
    return roles.staff_emails(roles.QUALITY_OFFICER)


KINDS = [
    Kind(
        "feedback_due_soon",
        STAFF,
        _("Retours attendus dans les 3 jours ouvrés"),
        _("Donnez votre retour à l'organisme avant l'échéance indiquée."),
        feedback_due_soon,
        _reviewers,
    ),
    Kind(
        "feedback_overdue",
        STAFF,
        _("Retours en retard"),
        _("Le délai de retour est dépassé : donnez votre retour à l'organisme dès que possible."),
        feedback_overdue,
        _reviewers,
    ),
    Kind(
        "alert_not_acknowledged",
        STAFF,
        _("Alertes non prises en compte dans le délai"),
        _("Prenez en compte ces alertes : le délai de la charte est dépassé."),
        alert_not_acknowledged,
        _quality_officers,
    ),
    Kind(
        "dialogue_overdue",
        STAFF,
        _("Dialogues après refus en retard"),
        _("Faites avancer ces dialogues : l'étape attendue a dépassé son délai."),
        dialogue_overdue,
        _reviewers,
    ),
    Kind(
        "annual_report_pending",
        STAFF,
        _("Rapports annuels demandés et non produits"),
        _("Produisez le rapport annuel demandé par l'organisme."),
        annual_report_pending,
        _reviewers,
    ),
    Kind(
        "staff_signature_ending_60",
        STAFF,
        _("Signatures de la charte qui prennent fin dans 60 jours"),
        _("Proposez à ces organismes de signer la nouvelle édition de la charte."),
        staff_signature_ending_60,
        _quality_officers,
    ),
    Kind(
        "staff_signature_ending_30",
        STAFF,
        _("Signatures de la charte qui prennent fin dans 30 jours"),
        _("Relancez ces organismes pour la signature de la nouvelle édition de la charte."),
        staff_signature_ending_30,
        _quality_officers,
    ),
    Kind(
        "file_deadline_30",
        ORGANISATION,
        _("Dossier à transmettre dans 30 jours"),
        _("Complétez et transmettez la proposition avant la date limite du dossier."),
        file_deadline_30,
        member_emails,
    ),
    Kind(
        "file_deadline_7",
        ORGANISATION,
        _("Dossier à transmettre dans 7 jours"),
        _("Transmettez la proposition avant la date limite du dossier, dans 7 jours au plus."),
        file_deadline_7,
        member_emails,
    ),
    Kind(
        "feedback_unanswered",
        ORGANISATION,
        _("Retour de Transitions Pro sans réponse depuis 15 jours"),
        _("Révisez la proposition selon le retour reçu, ou retirez-la si le projet est abandonné."),
        feedback_unanswered,
        member_emails,
    ),
    Kind(
        "signature_ending_60",
        ORGANISATION,
        _("Votre signature de la charte prend fin dans 60 jours"),
        _(
            "Pour la renouveler, contactez la chargée qualité de Transitions Pro afin de signer "
            "la nouvelle édition de la charte."
        ),
        signature_ending_60,
        organisation_recipients,
    ),
    Kind(
        "signature_ending_30",
        ORGANISATION,
        _("Votre signature de la charte prend fin dans 30 jours"),
        _(
            "Pour rester signataire, signez la nouvelle édition de la charte avec Transitions Pro "
            "avant l'échéance : contactez la chargée qualité."
        ),
        signature_ending_30,
        organisation_recipients,
    ),
]
KIND_CODES = [kind.code for kind in KINDS]
