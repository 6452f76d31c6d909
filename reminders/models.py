"""Reminders already sent (so none is sent twice) and each person's email preferences."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSent(models.Model):
    """One reminder of one kind about one item for one due date: the database refuses a second."""

    kind = models.CharField(_("type de relance"), max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    due_on = models.DateField(_("échéance"))
    sent_on = models.DateField(_("envoyée le"))
    recipients = models.JSONField(_("destinataires"), default=list)

    class Meta:
        verbose_name = _("relance envoyée")
        verbose_name_plural = _("relances envoyées")
        ordering = ["-sent_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "due_on"], name="one_reminder_per_due"
            )
        ]

    def __str__(self):
        return f"{self.kind} #{self.object_id} ({self.due_on})"
