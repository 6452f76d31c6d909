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
