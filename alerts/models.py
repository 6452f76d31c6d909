"""Alerts on a trainee's path (C7): raised by the OF or by the trainee, followed up by the quality
officer, closed with an outcome.

No model here has a relation to organisms.CommunicationControl or to any other control, and no
control has one to an alert: an alert never leads to a control of the organisation (C8).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from charter_portal import roles
from charter_portal.dates import validate_plausible_date
from charter_portal.querysets import OrganisationScopedQuerySet
from charter_portal.transitions import allowed_actions
from charter_portal.validators import validate_not_social_security_number
from organisms.models import Organisation, today
from paths.models import PathProposal


class Category(models.TextChoices):
    DROPOUT_RISK = "dropout_risk", _("Risque de rupture du parcours")
    MODALITY_CHANGE = "modality_change", _("Changement de modalité")
    ABSENCE = "absence", _("Absences")
    SCHEDULE_CHANGE = "schedule_change", _("Changement de planning ou de rythme")
    LEARNING_DIFFICULTY = "learning_difficulty", _("Difficultés d'apprentissage")
    PERSONAL = "personal", _("Situation personnelle")
    FINANCIAL = "financial", _("Difficultés financières")
    OTHER = "other", _("Autre")


class Origin(models.TextChoices):
    OF = "of", _("Organisme de formation")
    TRAINEE = "trainee", _("Stagiaire")


class Severity(models.TextChoices):
    LOW = "low", _("Faible")
    MEDIUM = "medium", _("Moyenne")
    HIGH = "high", _("Élevée (urgent)")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Ouverte")
    ACKNOWLEDGED = "acknowledged", _("Prise en compte")
    IN_FOLLOW_UP = "in_follow_up", _("En suivi")
    CLOSED = "closed", _("Clôturée")


class AlertOutcome(models.TextChoices):
    SECURED = "secured", _("Parcours sécurisé (maintenu)")
    MODIFIED = "modified", _("Parcours adapté")
    INTERRUPTED = "interrupted", _("Parcours interrompu")
    NO_ACTION = "no_action", _("Sans suite")


class ResponseCode(models.TextChoices):
    """What the OF proposes to keep the path going (the levers that secure a path, C11)."""

    ADJUSTED_SCHEDULE = "adjusted_schedule", _("Aménagement du planning ou du rythme")
    TUTORING = "tutoring", _("Tutorat, accompagnement renforcé")
    MODALITY_CHANGE = "modality_change", _("Changement de modalité (distanciel, hybride…)")
    CATCH_UP = "catch_up", _("Rattrapage, remise à niveau")
    SUSPENSION_AND_RETURN = "suspension_and_return", _("Suspension puis reprise du parcours")
    REFERRAL = "referral", _("Orientation vers un accompagnement extérieur")
    OTHER = "other", _("Autre réponse")


A = AlertStatus
# The allowed transitions, in one table: action -> (states it may start from, state it leads to).
TRANSITIONS = {
    "acknowledge": ({A.OPEN}, A.ACKNOWLEDGED),
    "follow_up": ({A.ACKNOWLEDGED}, A.IN_FOLLOW_UP),
    "close": ({A.ACKNOWLEDGED, A.IN_FOLLOW_UP}, A.CLOSED),
}
# The dated fields (and who acted) each transition fills.
TRANSITION_FIELDS = {
    "acknowledge": ("acknowledged_at", "acknowledged_by"),
    "follow_up": ("follow_up_at", "follow_up_by"),
    "close": ("closed_at", "closed_by"),
}
# Badges reuse the portal's colours: red needs someone, grey is in hand, muted is done.
STATUS_BADGES = {
    A.OPEN: "withdrawn",
    A.ACKNOWLEDGED: "pending",
    A.IN_FOLLOW_UP: "pending",
    A.CLOSED: "expired",
}


class AlertDataQuerySet(OrganisationScopedQuerySet):
    """Alert data: staff who follow alerts see it all; an OF member sees their organisation's; a
    commission member none, whatever other role they hold (C8, decided in roles.may_see_alerts)."""

    staff_permission = "alerts.view_alert"

    def sees_nothing(self, user) -> bool:
        return not roles.may_see_alerts(user)


class AlertQuerySet(AlertDataQuerySet):
    def overdue(self, on=None):
        """Still open after the day by which it had to be acknowledged."""
        return self.filter(status=AlertStatus.OPEN, ack_due_on__lt=on or today())

    def queue_order(self, on=None):
        """The staff queue: overdue first, then by status, severity, and oldest first."""
        return self.annotate(
            overdue_rank=Case(
                When(status=AlertStatus.OPEN, ack_due_on__lt=on or today(), then=Value(0)),
                default=Value(1),
            ),
            status_rank=Case(
                *[When(status=s, then=Value(i)) for i, s in enumerate(AlertStatus.values)],
                default=Value(9),
            ),
            severity_rank=Case(
                When(severity=Severity.HIGH, then=Value(0)),
                When(severity=Severity.MEDIUM, then=Value(1)),
                default=Value(2),
            ),
        ).order_by("overdue_rank", "status_rank", "severity_rank", "created_at", "pk")

    def with_unread(self, user):
        """Annotate `seen_at` (the user's last visit, or null) and `unread`: raised by someone
        else and never opened, or a message, a change of status by someone else since the last
        visit. Subqueries: a list's query count does not grow with its length."""
        from django.db.models import Exists, OuterRef, Subquery

        if not getattr(user, "is_authenticated", False):
            return self.annotate(seen_at=Value(None, models.DateTimeField()), unread=Value(False))
        seen = AlertVisit.objects.filter(user=user, alert=OuterRef("pk")).values("seen_at")
        messages = AlertMessage.objects.filter(
            alert=OuterRef("pk"), created_at__gt=OuterRef("seen_at")
        ).exclude(author=user)
        if not roles.is_staff_member(user):
            messages = messages.filter(internal=False)
        steps = AlertTransition.objects.filter(
            alert=OuterRef("pk"), at__gt=OuterRef("seen_at")
        ).exclude(by=user)
        never_opened = Q(seen_at__isnull=True) & (Q(created_by__isnull=True) | ~Q(created_by=user))
        return self.annotate(seen_at=Subquery(seen[:1])).annotate(
            unread=models.ExpressionWrapper(
                never_opened | Q(Exists(messages)) | Q(Exists(steps)),
                output_field=models.BooleanField(),
            )
        )


class Alert(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="alerts",
        verbose_name=_("organisme"),
    )
    proposal = models.ForeignKey(
        PathProposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("proposition de parcours concernée"),
    )
    trainee_reference = models.CharField(
        _("stagiaire : votre référence interne ou ses initiales"),
        max_length=30,
        blank=True,
        validators=[validate_not_social_security_number],
        help_text=_(
            "Si l'alerte ne porte pas sur une proposition du portail. "
            "Jamais de nom complet ni de numéro de sécurité sociale."
        ),
    )
    category = models.CharField(_("nature de l'événement"), max_length=30, choices=Category.choices)
    origin = models.CharField(
        _("émise par"), max_length=10, choices=Origin.choices, default=Origin.OF, editable=False
    )
    observed_on = models.DateField(
        _("situation constatée le"), default=today, validators=[validate_plausible_date]
    )
    description = models.TextField(_("ce qui se passe"))
    severity = models.CharField(
        _("gravité"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    responses_details = models.TextField(_("précisions sur les réponses proposées"), blank=True)
    trainee_contact = models.CharField(
        _("comment joindre le ou la stagiaire"),
        max_length=150,
        blank=True,
        validators=[validate_not_social_security_number],
    )
    trainee_link = models.ForeignKey(
        "TraineeLink",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts",
        editable=False,
        verbose_name=_("lien stagiaire utilisé"),
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=AlertStatus.choices,
        default=AlertStatus.OPEN,
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("émise par (compte)"),
    )
    created_at = models.DateTimeField(_("émise le"), default=timezone.now, editable=False)
    ack_due_on = models.DateField(_("à prendre en compte au plus tard le"), editable=False)
    acknowledged_at = models.DateTimeField(
        _("prise en compte le"), null=True, blank=True, editable=False
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("prise en compte par"),
    )
    follow_up_at = models.DateTimeField(_("suivi engagé le"), null=True, blank=True, editable=False)
    follow_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("suivi engagé par"),
    )
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("clôturée par"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suivie par"),
        editable=False,
    )
    outcome = models.CharField(
        _("issue"), max_length=20, choices=AlertOutcome.choices, blank=True, editable=False
    )
    closing_comment = models.TextField(
        _("message de clôture à l'organisme"), blank=True, editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AlertQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "ack_due_on"]),
            models.Index(fields=["organisation", "status"]),
        ]

    def __str__(self):
        return f"{self.reference} – {self.get_category_display()}"

    @property
    def reference(self) -> str:
        return f"AL-{self.pk:05d}" if self.pk else "AL-…"

    @property
    def is_overdue(self) -> bool:
        return self.status == AlertStatus.OPEN and self.ack_due_on < today()

    @property
    def is_closed(self) -> bool:
        return self.status == AlertStatus.CLOSED

    @property
    def status_badge(self) -> str:
        return STATUS_BADGES[AlertStatus(self.status)]

    @property
    def trainee_label(self) -> str:
        """How the OF and staff name the trainee: the proposal's reference, or the OF's own."""
        if self.proposal is not None:
            return self.proposal.trainee_reference
        return self.trainee_reference

    def allowed_actions(self) -> list[str]:
        return allowed_actions(self.status, TRANSITIONS)

    def clean(self):
        errors = {}
        if (
            self.proposal_id
            and self.organisation_id
            and self.proposal.organisation_id != self.organisation_id
        ):
            errors["proposal"] = _("Cette proposition de parcours appartient à un autre organisme.")
        if not self.proposal_id and not self.trainee_reference:
            errors["trainee_reference"] = _(
                "Indiquez la proposition de parcours concernée ou votre référence du stagiaire."
            )
        if self.observed_on and self.observed_on > today():
            errors["observed_on"] = _("La date de constat ne peut pas être dans le futur.")
        if errors:
            raise ValidationError(errors)


class AlertVisit(models.Model):
    """When a user last opened an alert: lists mark what changed since. A reading mark, not a
    domain record: no history."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="visits")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "alert"], name="one_visit_per_alert")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.alert_id} ({self.seen_at:%d/%m/%Y %H:%M})"


class ProposedResponse(models.Model):
    """One response the OF proposes on an alert; a table (not a list in a text field) so that
    reports count the levers that secured paths with one query on both databases."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="responses")
    code = models.CharField(_("réponse proposée"), max_length=30, choices=ResponseCode.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("réponse proposée")
        verbose_name_plural = _("réponses proposées")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "code"], name="one_response_code_per_alert")
        ]

    def __str__(self):
        return self.get_code_display()


class AlertTransition(models.Model):
    """Every change of status, dated: times to acknowledgement are computed from these."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, choices=AlertStatus.choices)
    to_status = models.CharField(max_length=20, choices=AlertStatus.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("changement de statut")
        verbose_name_plural = _("changements de statut")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.alert_id}: {self.from_status} → {self.to_status}"


class AlertMessageQuerySet(AlertDataQuerySet):
    """OF members never see staff-only internal notes."""

    organisation_field = "alert__organisation"
    members_filter = {"internal": False}


class AlertMessage(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    internal = models.BooleanField(
        _("note interne (jamais visible par l'organisme)"), default=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AlertMessageQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("message sur une alerte")
        verbose_name_plural = _("messages sur les alertes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.alert} – {self.author}"


def attachment_upload_to(instance, filename):
    # the stored name is random: an uploaded file's name may carry a trainee's name
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.content_type, "bin"
    )
    return f"alertes/{instance.alert.organisation_id}/{secrets.token_hex(12)}.{extension}"


class AlertAttachmentQuerySet(AlertDataQuerySet):
    organisation_field = "alert__organisation"


class AlertAttachment(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fichier"), upload_to=attachment_upload_to)
    name = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(max_length=50, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AlertAttachmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pièce jointe d'une alerte")
        verbose_name_plural = _("pièces jointes des alertes")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class TraineeLinkQuerySet(AlertDataQuerySet):
    organisation_field = "proposal__organisation"

    def usable(self, on=None):
        on = on or today()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=on)
        )


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


class TraineeLink(models.Model):
    """A link the OF gives a trainee so that they can raise an alert on their own path, with no
    account. The URL carries a signed token naming this link and its nonce; revoking the link (or
    letting it expire) makes the URL useless."""

    proposal = models.ForeignKey(
        PathProposal,
        on_delete=models.PROTECT,
        related_name="trainee_links",
        verbose_name=_("parcours"),
    )
    nonce = models.CharField(max_length=32, unique=True, default=new_nonce, editable=False)
    expires_on = models.DateField(
        _("valable jusqu'au"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text=_(
            "Facultatif : sans date, le lien reste valable jusqu'à ce que vous le révoquiez."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = TraineeLinkQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["nonce"])

    class Meta:
        verbose_name = _("lien de signalement stagiaire")
        verbose_name_plural = _("liens de signalement stagiaires")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # one usable link per path; an expired link is revoked when its successor is made
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(revoked_at__isnull=True),
                name="one_unrevoked_trainee_link_per_path",
                violation_error_message=_(
                    "Un lien valable existe déjà pour ce parcours : révoquez-le avant d'en créer un autre."
                ),
            )
        ]

    def __str__(self):
        return f"{self.proposal} ({self.created_at:%d/%m/%Y})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < today()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired

    @property
    def state_label(self) -> str:
        if self.is_revoked:
            return str(_("Révoqué"))
        if self.is_expired:
            return str(_("Expiré"))
        return str(_("Actif"))

    def clean(self):
        if self.expires_on and self.expires_on < today():
            raise ValidationError(
                {"expires_on": _("La date de fin de validité ne peut pas être passée.")}
            )
