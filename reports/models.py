"""Interim reviews (C9), annual PTP reports (C10) and dialogue meetings (C11): dated snapshots.

A generated review or report keeps its figures (and its workbook and CSV files) as they were
computed; generating again makes a new version, never rewrites one.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from charter_portal.dates import validate_plausible_date
from charter_portal.querysets import OrganisationScopedQuerySet
from organisms.models import Departement, Organisation


class SnapshotQuerySet(OrganisationScopedQuerySet):
    """Staff see every snapshot; an OF member sees those about their own organisation
    (network and département snapshots are staff-only: their organisation is empty)."""


def snapshot_upload_to(instance, filename):
    return f"bilans/{instance._meta.model_name}/{instance.pk or 'nouveau'}-v{instance.version}-{filename}"


class Snapshot(models.Model):
    """What every generated report shares: its period, scope, version and frozen figures."""

    period_start = models.DateField(_("début de la période"), validators=[validate_plausible_date])
    period_end = models.DateField(_("fin de la période"), validators=[validate_plausible_date])
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisme"),
    )
    departement = models.CharField(
        _("département"), max_length=2, choices=Departement.choices, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    generated_at = models.DateTimeField(_("généré le"), editable=False)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("généré par"),
    )
    figures = models.JSONField(_("indicateurs"), default=list, editable=False)
    # the denominator of individualised_share, declared by the organisation for the period
    declared_ptp_trainees = models.PositiveIntegerField(
        _("stagiaires PTP déclarés par l'organisme"), null=True, blank=True, editable=False
    )
    workbook = models.FileField(
        _("classeur Excel"), upload_to=snapshot_upload_to, editable=False, blank=True
    )
    csv_file = models.FileField(
        _("fichier CSV"), upload_to=snapshot_upload_to, editable=False, blank=True
    )

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-generated_at", "-pk"]
        # a report (its scope and period) has each version once; services.allocate_version
        # hands them out under a lock, these constraints are the database's word on it
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "departement", "period_start", "period_end", "version"],
                name="%(app_label)s_%(class)s_one_version_per_organisation",
            ),
            # network and département reports have no organisation, and NULLs never clash
            models.UniqueConstraint(
                fields=["departement", "period_start", "period_end", "version"],
                condition=models.Q(organisation__isnull=True),
                name="%(app_label)s_%(class)s_one_version_per_area",
            ),
        ]

    @property
    def files_ready(self) -> bool:
        """False while the worker is still writing the workbook and the CSV."""
        return bool(self.workbook and self.csv_file)

    @property
    def scope_label(self) -> str:
        if self.organisation_id:
            return str(self.organisation)
        if self.departement:
            return self.get_departement_display()
        return str(_("Réseau Grand Est"))


class SnapshotSequence(models.Model):
    """The last version given to a report (its kind, scope and period). Generating a new version
    takes this row's lock, so two people generating the same report at the same moment get
    versions n and n + 1, never the same one twice."""

    kind = models.CharField(max_length=50)  # the snapshot model's label, e.g. reports.interimreview
    # "<organisation id>:<département>": the organisation id is empty for network and département
    scope = models.CharField(max_length=30)
    period_start = models.DateField()
    period_end = models.DateField()
    last_version = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "scope", "period_start", "period_end"],
                name="reports_one_sequence_per_report",
            )
        ]

    def __str__(self):
        return (
            f"{self.kind} {self.scope} {self.period_start}–{self.period_end}: {self.last_version}"
        )


class InterimReview(Snapshot):
    """C9: how each party kept its commitments, commitment by commitment, with comments."""

    comments = models.JSONField(
        _("commentaires par engagement"),
        default=dict,
        blank=True,
        help_text=_('{"C1": {"of": "…", "tp": "…"}, …}'),
    )
    history = HistoricalRecords()

    class Meta(Snapshot.Meta):
        verbose_name = _("bilan intermédiaire")
        verbose_name_plural = _("bilans intermédiaires")

    def __str__(self):
        return f"{_('Bilan intermédiaire')} {self.scope_label} v{self.version}"


class AnnualReport(Snapshot):
    """C10: the annual PTP report an organisation asked for."""

    history = HistoricalRecords()

    class Meta(Snapshot.Meta):
        verbose_name = _("rapport annuel PTP")
        verbose_name_plural = _("rapports annuels PTP")

    def __str__(self):
        return f"{_('Rapport annuel PTP')} {self.scope_label} v{self.version}"


class AnnualReportRequestQuerySet(OrganisationScopedQuerySet):
    pass


class AnnualReportRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Demandé")
        GENERATED = "generated", _("Produit")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="annual_report_requests",
        verbose_name=_("organisme"),
    )
    period_start = models.DateField(_("début de la période"), validators=[validate_plausible_date])
    period_end = models.DateField(_("fin de la période"), validators=[validate_plausible_date])
    message = models.TextField(_("précisions"), blank=True)
    declared_ptp_trainees = models.PositiveIntegerField(
        _("stagiaires PTP déclarés par l'organisme"), null=True, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.REQUESTED, editable=False
    )
    report = models.ForeignKey(
        AnnualReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        editable=False,
    )

    objects = AnnualReportRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("demande de rapport annuel")
        verbose_name_plural = _("demandes de rapport annuel")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.organisation} – {self.period_start:%Y}"


class DialogueMeeting(Snapshot):
    """C11: a dialogue meeting, with the indicators prepared for it and its minutes."""

    held_on = models.DateField(_("date de la réunion"), validators=[validate_plausible_date])
    participants = models.TextField(_("participants"))
    individualisation_notes = models.TextField(
        _("regard qualitatif sur la part d'individualisation"), blank=True
    )
    levers_notes = models.TextField(_("leviers ayant permis de sécuriser les parcours"), blank=True)
    decisions = models.TextField(_("décisions"), blank=True)
    actions = models.TextField(_("actions"), blank=True)

    history = HistoricalRecords()

    class Meta(Snapshot.Meta):
        verbose_name = _("réunion de dialogue")
        verbose_name_plural = _("réunions de dialogue")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{_('Réunion de dialogue')} {self.scope_label} {self.held_on:%d/%m/%Y}"
