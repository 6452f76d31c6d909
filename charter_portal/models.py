"""What every app shares: the response targets administrators set."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ServiceLevels(models.Model):
    """One row: the delays Transitions Pro commits to, editable by administrators."""

    feedback_target_days = models.PositiveSmallIntegerField(
        _("délai cible de retour sur une proposition (jours)"), default=15
    )
    dialogue_overdue_days = models.PositiveSmallIntegerField(
        _("délai au-delà duquel un dialogue après refus est en retard (jours)"), default=30
    )
    alert_ack_working_days = models.PositiveSmallIntegerField(
        _("délai de prise en compte d'une alerte (jours ouvrés)"), default=2
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("délais de service")
        verbose_name_plural = _("délais de service")

    def __str__(self) -> str:
        return str(_("Délais de service"))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "ServiceLevels":
        return cls.objects.get_or_create(pk=1)[0]


class IdempotencyRecord(models.Model):
    """An API POST that carried an Idempotency-Key: claimed before the work is done (no answer
    yet), then holding the answer that a retry with the same key gets again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    body_hash = models.CharField(max_length=64)
    # null while the first request is still being answered
    status_code = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(default=b"")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_claim_per_user_and_key")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"

    @property
    def in_progress(self) -> bool:
        return self.status_code is None


class OutboxEmail(models.Model):
    """An email the portal owes someone: rendered in the request, sent by the worker.

    The row stays until the message is sent, so a send that fails (SMTP down) is retried with
    back-off and stays visible to administrators in the admin, never lost.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("à envoyer")
        SENT = "sent", _("envoyé")

    template = models.CharField(_("modèle"), max_length=200)
    to = models.JSONField(_("destinataires"), default=list)
    subject = models.CharField(_("objet"), max_length=500)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"), blank=True)
    # [{"filename": …, "mimetype": …, "content": base64}] — e.g. a PDF decision letter
    attachments = models.JSONField(_("pièces jointes"), default=list, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("email à envoyer")
        verbose_name_plural = _("emails (file d'envoi)")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immédiatement")
    DIGEST = "digest", _("Dans le récapitulatif quotidien (jours ouvrés)")
    OFF = "off", _("Pas par email")


class NotificationPreference(models.Model):
    """How one person wants to hear of each kind of event (see charter_portal.preferences)."""

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="notification_preference"
    )
    language = models.CharField(
        _("langue des emails"),
        max_length=8,
        choices=[("fr", "Français"), ("en", "English")],
        default="fr",
    )
    new_proposal = models.CharField(
        _("nouvelles propositions"), max_length=10, choices=Delivery.choices
    )
    feedback = models.CharField(
        _("retours sur les propositions"), max_length=10, choices=Delivery.choices
    )
    message = models.CharField(_("messages"), max_length=10, choices=Delivery.choices)
    alert = models.CharField(_("alertes"), max_length=10, choices=Delivery.choices)
    reminder = models.CharField(_("relances"), max_length=10, choices=Delivery.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("préférences de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self) -> str:
        return str(self.user)


class DigestItem(models.Model):
    """An email someone chose to receive in their daily digest, waiting for it."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=20)
    subject = models.CharField(max_length=500)
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.subject
