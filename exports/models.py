"""An export asked for by someone, built by the worker, kept 48 hours."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from charter_portal.querysets import OrganisationScopedQuerySet

KEPT_HOURS = 48


class ExportKind(models.TextChoices):
    INDICATORS_XLSX = "indicators_xlsx", _("Indicateurs de la charte (classeur Excel)")
    INDICATORS_CSV = "indicators_csv", _("Indicateurs de la charte (CSV)")
    REVIEW_QUEUE_CSV = "review_queue_csv", _("Propositions à étudier (CSV)")
    ALERT_QUEUE_CSV = "alert_queue_csv", _("File des alertes (CSV)")


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    RUNNING = "running", _("En préparation")
    DONE = "done", _("Prêt")
    FAILED = "failed", _("Échec")


class ExportQuerySet(OrganisationScopedQuerySet):
    """Each person sees the exports they asked for, nobody else's."""

    owner_field = "requested_by"

    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())


def export_upload_to(instance, filename):
    return f"exports/{instance.pk}/{filename}"


class Export(models.Model):
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports"
    )
    kind = models.CharField(_("export"), max_length=30, choices=ExportKind.choices)
    # the query the export answers (period, scope, filters), as the page or the API received it
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    language = models.CharField(max_length=8, default="fr")
    status = models.CharField(
        _("état"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    # builds started: a build lost with its worker (a deployment, a crash) is started again,
    # up to MAX_ATTEMPTS (exports.tasks.requeue_lost_exports)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    file = models.FileField(_("fichier"), upload_to=export_upload_to, blank=True)
    filename = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("disponible jusqu'au"))

    objects = ExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%d/%m/%Y %H:%M})"

    def save(self, *args, **kwargs):
        if not self.expires_at:
            self.expires_at = (self.created_at or timezone.now()) + timedelta(hours=KEPT_HOURS)
        super().save(*args, **kwargs)

    @property
    def is_downloadable(self) -> bool:
        """Its file is ready and its 48 hours have not run out (the hourly clean-up may not have
        deleted it yet: it is gone for the person all the same)."""
        return (
            self.status == ExportStatus.DONE
            and bool(self.file)
            and self.expires_at > timezone.now()
        )

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)
