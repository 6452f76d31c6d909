"""Every write a user action causes on alerts: raising, following up, the thread, trainee links."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts import deadlines, links, notifications, workflow
from alerts.models import (
    Alert,
    AlertAttachment,
    AlertMessage,
    AlertOutcome,
    AlertStatus,
    Origin,
    ProposedResponse,
    ResponseCode,
    Severity,
    TraineeLink,
)
from alerts.validators import sniff_content_type, validate_pdf_or_image
from charter_portal import assignment, roles
from charter_portal.history import save_with_history
from charter_portal.models import ServiceLevels
from organisms.models import today

MAX_ATTACHMENTS = 5


class Throttled(Exception):
    """Too many alerts through one trainee link within the hour."""


def _validate_files(files, already: int = 0) -> None:
    """Every file checked before anything is saved, so a bad file leaves nothing behind."""
    if already + len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "attachments": _("Une alerte porte au plus %(count)s pièces jointes.")
                % {"count": MAX_ATTACHMENTS}
            }
        )
    for upload in files:
        try:
            validate_pdf_or_image(upload)
        except ValidationError as exc:
            raise ValidationError({"attachments": exc.messages}) from exc


def _attach(alert: Alert, files, user) -> list[AlertAttachment]:
    saved = []
    for upload in files:
        attachment = AlertAttachment(
            alert=alert,
            name=(getattr(upload, "name", "") or "fichier")[-200:],
            content_type=sniff_content_type(upload) or "",
            size=upload.size,
            uploaded_by=user,
        )
        attachment.file.save(attachment.name, upload, save=False)
        save_with_history(attachment, user, validate=False)
        saved.append(attachment)
    return saved


@transaction.atomic
def raise_alert(alert: Alert, user, *, responses=(), files=()) -> Alert:
    """Record the alert an OF member raises, with its proposed responses and files, and tell the
    quality officers at once. Nothing is saved if any part is invalid."""
    alert.origin = Origin.OF
    alert.created_by = user
    return _raise(alert, user, responses, files, reason="Alerte émise par l'organisme")


def _raise(alert, user, responses, files, *, reason):
    alert.status = AlertStatus.OPEN
    alert.created_at = timezone.now()
    alert.ack_due_on = deadlines.add_working_days(
        timezone.localdate(alert.created_at), ServiceLevels.current().alert_ack_working_days
    )
    unknown = set(responses) - set(ResponseCode.values)
    if unknown:
        raise ValidationError({"proposed_responses": _("Réponse proposée inconnue.")})
    _validate_files(files)
    save_with_history(alert, user, reason=reason)
    for code in dict.fromkeys(responses):
        response = ProposedResponse(alert=alert, code=code)
        save_with_history(response, user, validate=False)
    _attach(alert, files, user)
    transaction.on_commit(lambda: notifications.alert_raised(alert))
    return alert


@transaction.atomic
def raise_trainee_alert(
    token: str, *, category: str, description: str, contact: str = "", urgent: bool = False
) -> Alert:
    """A trainee raises an alert through the link their OF shared: on that link's path only,
    a few times an hour at most. Raises links.LinkRefused or Throttled."""
    link = links.resolve(token, for_update=True)  # the lock makes the count below exact
    since = timezone.now() - timedelta(hours=1)
    # a few alerts an hour: enough for a trainee, not for a flood; read at each call, not import
    if (
        link.alerts.filter(created_at__gte=since).count()
        >= settings.ALERTS_TRAINEE_LINK_MAX_PER_HOUR
    ):
        raise Throttled
    alert = Alert(
        organisation=link.proposal.organisation,
        proposal=link.proposal,
        category=category,
        description=description,
        trainee_contact=contact,
        severity=Severity.HIGH if urgent else Severity.MEDIUM,
        observed_on=today(),
        origin=Origin.TRAINEE,
        trainee_link=link,
    )
    return _raise(alert, None, (), (), reason="Alerte émise par le ou la stagiaire (lien partagé)")


@transaction.atomic
def acknowledge(alert_id: int, user) -> Alert:
    """The quality officer says the alert is in hand; the OF is told, with the date."""
    alert = workflow.transition(alert_id, "acknowledge", user)
    transaction.on_commit(lambda: notifications.alert_acknowledged(alert))
    return alert


@transaction.atomic
def start_follow_up(alert_id: int, user) -> Alert:
    """Transitions Pro and the OF work on the situation together."""
    return workflow.transition(alert_id, "follow_up", user)


@transaction.atomic
def close(alert_id: int, outcome: str, user, comment: str = "") -> Alert:
    """Close the alert with what became of the path; the OF is told, with the comment."""
    if outcome not in AlertOutcome.values:
        raise ValidationError(
            {
                "outcome": _(
                    "Choisissez l'issue : parcours sécurisé, adapté, interrompu ou sans suite."
                )
            },
            code="outcome",
        )
    alert = workflow.transition(alert_id, "close", user, outcome=outcome, closing_comment=comment)
    transaction.on_commit(lambda: notifications.alert_closed(alert))
    return alert


@transaction.atomic
def post_message(alert: Alert, user, body: str, *, internal: bool = False) -> AlertMessage:
    """Write in the alert's thread. Internal notes are for Transitions Pro staff only."""
    if internal and not roles.is_staff_member(user):
        raise ValidationError(
            {"internal": _("Les notes internes sont réservées à Transitions Pro Grand Est.")}
        )
    message = save_with_history(
        AlertMessage(alert=alert, author=user, body=body, internal=internal), user
    )
    transaction.on_commit(lambda: notifications.message_posted(message))
    return message


@transaction.atomic
def add_attachments(alert: Alert, files, user) -> list[AlertAttachment]:
    """The OF adds documents (PDF or images) to an alert that is still open to follow-up."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.is_closed:
        raise ValidationError(
            {"attachments": _("Cette alerte est clôturée : elle ne reçoit plus de document.")}
        )
    _validate_files(files, already=alert.attachments.count())
    return _attach(alert, files, user)


@transaction.atomic
def create_trainee_link(link: TraineeLink, user) -> TraineeLink:
    """A new link for a trainee to raise alerts on their path. One usable link per path (a
    database constraint, so two requests at once cannot both make one); the path's expired links
    are revoked first, so that the new one may take their place."""
    already = ValidationError(
        {
            "proposal": _(
                "Un lien valable existe déjà pour ce parcours : révoquez-le avant d'en créer un autre."
            )
        },
        code="link_exists",
    )
    if TraineeLink.objects.usable().filter(proposal_id=link.proposal_id).exists():
        raise already
    expired = TraineeLink.objects.filter(
        proposal_id=link.proposal_id, revoked_at__isnull=True, expires_on__lt=today()
    )
    for old in expired.select_for_update():
        old.revoked_at = timezone.now()
        save_with_history(old, user, "Lien stagiaire expiré, remplacé", validate=False)
    link.created_by = user
    link.full_clean(validate_constraints=False)  # the insert below enforces the constraint
    try:
        with transaction.atomic():
            save_with_history(link, user, "Lien stagiaire créé", validate=False)
            return link
    except IntegrityError as exc:
        # another request made the path's link at the same moment
        raise already from exc


@transaction.atomic
def revoke_trainee_link(link_id: int, user) -> TraineeLink:
    """The link stops working at once; the alerts raised through it stay."""
    link = TraineeLink.objects.select_for_update().get(pk=link_id)
    if link.is_revoked:
        raise ValidationError(_("Ce lien est déjà révoqué."), code="already_revoked")
    link.revoked_at = timezone.now()
    link.revoked_by = user
    save_with_history(link, user, "Lien stagiaire révoqué", validate=False)
    return link


# ---------------------------------------------------------------- assignment and reading marks

ASSIGN_PERMISSION = "alerts.change_alert"


def assign(alert_id: int, user, assignee) -> Alert:
    """Staff give an alert to a colleague who follows alerts (or take it themselves: « je m'en
    occupe »); `assignee=None` leaves it unassigned. The change is in the history."""
    return assignment.assign(
        Alert,
        alert_id,
        user,
        assignee,
        perm=ASSIGN_PERMISSION,
        not_a_colleague=_("Cette personne ne suit pas les alertes."),
    )


def record_visit(alert: Alert, user):
    """Remember when this user last looked at the alert; returns the previous visit's time."""
    from alerts.models import AlertVisit

    return assignment.record_visit(AlertVisit, "alert", alert, user)
