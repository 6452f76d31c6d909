"""Which records had their personal data erased, and when (so the purge never runs twice)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Purge(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    purged_on = models.DateField(_("effacé le"))

    class Meta:
        verbose_name = _("effacement de données personnelles")
        verbose_name_plural = _("effacements de données personnelles")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_purge_per_record"
            )
        ]

    def __str__(self):
        return f"{self.content_type.model} #{self.object_id} ({self.purged_on})"
