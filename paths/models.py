"""Individualised path proposals (C1–C6): levers, modules, threads, feedback, commission, dialogues,
and the PTP funding rules they are checked against."""

from datetime import UTC, date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from charter_portal import roles
from charter_portal.dates import validate_plausible_date
from charter_portal.querysets import OrganisationScopedQuerySet
from charter_portal.transitions import allowed_actions
from charter_portal.validators import validate_not_social_security_number
from organisms.models import Organisation
from organisms.validators import validate_certification_code, validate_pdf

ZERO = Decimal("0")
non_negative = MinValueValidator(ZERO, message=_("La valeur ne peut pas être négative."))


def hours_field(label, **kwargs):
    return models.DecimalField(
        label, max_digits=7, decimal_places=2, validators=[non_negative], **kwargs
    )


def money_field(label, **kwargs):
    return models.DecimalField(
        label, max_digits=10, decimal_places=2, validators=[non_negative], **kwargs
    )


# ---------------------------------------------------------------- funding rules (data with dates)


class FundingRuleSetQuerySet(models.QuerySet["FundingRuleSet"]):
    def newest_first(self) -> list["FundingRuleSet"]:
        """Every rule set, in the order `in_force_among` expects (one query; there are a few)."""
        return list(self.order_by("-valid_from", "-pk"))

    def in_force(self, on: date) -> "FundingRuleSet | None":
        """The rule set that applies to a path starting on that day (see `in_force_among`)."""
        return in_force_among(self.newest_first(), on)

    def covering(self, field: str) -> models.Q:
        """`field` (a date) is a day some rule set holds: `in_force_among` would find one. One
        condition per rule set (there are a few), read in one query."""
        covered = models.Q(pk__in=[])  # no rule set: nothing is covered
        for rule_set in self.newest_first():
            period = models.Q(**{f"{field}__gte": rule_set.valid_from})
            if rule_set.valid_until is not None:
                period &= models.Q(**{f"{field}__lte": rule_set.valid_until})
            covered |= period
        return covered


def in_force_among(rule_sets: list["FundingRuleSet"], on: date) -> "FundingRuleSet | None":
    """The rule set that applies to a path starting on `on`, among rule sets given newest
    `valid_from` first: the first whose period (`valid_from` … `valid_until`, both included,
    open-ended without `valid_until`) holds the day — when two overlap, the newer wins. None when
    none holds it. The one definition of "the rules in force on a date": the funding check, the
    worklist's file deadlines and the reminders all ask it."""
    return next(
        (
            rule_set
            for rule_set in rule_sets
            if rule_set.valid_from <= on
            and (rule_set.valid_until is None or on <= rule_set.valid_until)
        ),
        None,
    )


class FundingRuleSet(models.Model):
    """The PTP funding rules in force over a period (seeded from the PTP guide)."""

    name = models.CharField(_("nom"), max_length=120)
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("Le document d'où viennent ces règles (guide, délibération…)."),
    )
    source_date = models.DateField(
        _("date de la source"), null=True, blank=True, validators=[validate_plausible_date]
    )
    valid_from = models.DateField(
        _("applicable aux parcours commençant à partir du"), validators=[validate_plausible_date]
    )
    valid_until = models.DateField(
        _("jusqu'au"), null=True, blank=True, validators=[validate_plausible_date]
    )
    pedagogic_total_cap_ht = money_field(_("plafond du coût pédagogique total (€ HT)"))
    pedagogic_hourly_cap_ht = money_field(_("plafond du coût horaire (€ HT)"))
    vat_rate_percent = models.DecimalField(
        _("taux de TVA (%)"), max_digits=5, decimal_places=2, default=Decimal("20")
    )
    salary_full_rate_percent = models.DecimalField(
        _("prise en charge du salaire jusqu'au seuil (%)"), max_digits=5, decimal_places=2
    )
    salary_reduced_rate_percent = models.DecimalField(
        _("prise en charge du salaire au-delà du seuil (%)"), max_digits=5, decimal_places=2
    )
    salary_threshold_smic_multiple = models.DecimalField(
        _("seuil de salaire (multiple du SMIC)"), max_digits=4, decimal_places=2
    )
    full_time_max_months = models.PositiveSmallIntegerField(
        _("durée maximale à temps plein (mois)")
    )
    part_time_max_hours = models.PositiveIntegerField(
        _("durée maximale à temps partiel ou discontinu (heures)")
    )
    company_hours_share_percent = models.DecimalField(
        _("PAE prise en charge (% des heures en centre)"), max_digits=5, decimal_places=2
    )
    file_due_months_before = models.PositiveSmallIntegerField(
        _("dossier complet dû (mois avant le début)")
    )
    leave_notice_long_days = models.PositiveSmallIntegerField(
        _("demande d'absence : délai pour une interruption longue (jours)")
    )
    leave_notice_short_days = models.PositiveSmallIntegerField(
        _("demande d'absence : délai pour une interruption courte ou à temps partiel (jours)")
    )
    long_interruption_months = models.PositiveSmallIntegerField(
        _("interruption longue à partir de (mois)")
    )

    objects = FundingRuleSetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("règles de financement PTP")
        verbose_name_plural = _("règles de financement PTP")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"


class SmicRateQuerySet(models.QuerySet):
    def on(self, day: date):
        return self.filter(valid_from__lte=day).order_by("-valid_from").first()

    def newest(self):
        return self.order_by("-valid_from").first()


class SmicRate(models.Model):
    """The monthly gross SMIC for 35 hours, from a date."""

    valid_from = models.DateField(
        _("en vigueur à partir du"), unique=True, validators=[validate_plausible_date]
    )
    monthly_gross = money_field(_("SMIC mensuel brut (35 h)"))
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("Le texte qui fixe cette valeur (décret, arrêté, publication officielle)."),
    )

    objects = SmicRateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SMIC")
        verbose_name_plural = _("SMIC")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.monthly_gross} € ({self.valid_from:%d/%m/%Y})"


# ---------------------------------------------------------------- proposals


class Schedule(models.TextChoices):
    FULL_TIME = "full_time", _("Temps plein")
    PART_TIME = "part_time", _("Temps partiel")
    DISCONTINUOUS = "discontinuous", _("Discontinu")


class LeverCode(models.TextChoices):
    ADJUSTMENT = "adjustment", _("Aménagement (durée ajustée après positionnement)")
    MODULARISATION = "modularisation", _("Modularisation")
    MULTIMODALITY = "multimodality", _("Multimodalité")
    HYBRID = "hybrid", _("Hybridation")
    INNOVATION = "innovation", _("Innovation pédagogique")
    DIGITAL = "digital", _("Digitalisation")
    OTHER = "other", _("Autre")


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("Présentiel")
    DISTANCE = "distance", _("Distanciel")
    HYBRID = "hybrid", _("Hybride")
    IN_COMPANY = "in_company", _("En entreprise")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Transmise")
    IN_REVIEW = "in_review", _("En cours d'étude")
    FEEDBACK_GIVEN = "feedback_given", _("Retour donné")
    REVISED = "revised", _("Révisée par l'organisme")
    AT_COMMISSION = "at_commission", _("En commission")
    DECIDED = "decided", _("Décidée")
    WITHDRAWN = "withdrawn", _("Retirée par l'organisme")


S = ProposalStatus
# The allowed transitions, in one table: action -> (states it may start from, state it leads to).
TRANSITIONS = {
    "submit": ({S.DRAFT}, S.SUBMITTED),
    "start_review": ({S.SUBMITTED, S.REVISED}, S.IN_REVIEW),
    "give_feedback": ({S.SUBMITTED, S.IN_REVIEW, S.REVISED}, S.FEEDBACK_GIVEN),
    "revise": ({S.FEEDBACK_GIVEN}, S.REVISED),
    "send_to_commission": ({S.FEEDBACK_GIVEN}, S.AT_COMMISSION),
    "decide": ({S.AT_COMMISSION}, S.DECIDED),
    "postpone": ({S.AT_COMMISSION}, S.AT_COMMISSION),
    "withdraw": ({S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.FEEDBACK_GIVEN, S.REVISED}, S.WITHDRAWN),
}
# What the OF may still edit: a draft, or a proposal it revises after feedback.
EDITABLE_BY_OF = {S.DRAFT, S.FEEDBACK_GIVEN}


class ReferenceSequence(models.Model):
    """The last number given each year, so references are never reused."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


# Waiting for Transitions Pro's answer: the response clock runs in these states.
AWAITING_FEEDBACK = {S.SUBMITTED, S.IN_REVIEW, S.REVISED}


class PathProposalQuerySet(OrganisationScopedQuerySet):
    def concerted(self, flag: bool = True):
        """Proposals whose first contact (C2) is dated on or before their submission (or drafts
        with a first contact): `paths.facts.concerted`."""
        from paths.facts import concerted

        return self.filter(concerted()) if flag else self.exclude(concerted())

    def with_facts(self):
        """Annotate each proposal with its row-level facts as `paths.facts` defines them (the
        indicators read the same expressions): `concerted` (C2, a boolean) and
        `response_whole_days` (C4: whole days from submission to the first feedback, as the
        proposal page and the CSV show them; null while none). After a write, read the row again
        through this queryset: an instance's annotations do not follow its fields."""
        from django.db.models.functions import Cast, Floor

        from paths.facts import concerted, response_days

        return self.annotate(
            concerted=models.ExpressionWrapper(concerted(), output_field=models.BooleanField()),
            response_whole_days=Cast(Floor(response_days()), models.IntegerField()),
        )

    def with_feedback_wait(self, now, target_days: int):
        """Annotate `waiting_since` (last submission or revision of a proposal waiting for an
        answer, else null: the stored `awaiting_feedback_since`) and `overdue` (waiting longer
        than the target delay)."""
        from datetime import timedelta

        from django.db.models import Case, Value, When

        return self.annotate(waiting_since=models.F("awaiting_feedback_since")).annotate(
            overdue=Case(
                When(
                    awaiting_feedback_since__lt=now - timedelta(days=target_days),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def with_unread(self, user):
        """Annotate `seen_at` (the user's last visit, or null) and `unread`: something happened
        since, done by someone else — a message they may read, a new version, feedback, a
        decision (every step is a dated transition). Two subqueries: a list's query count does not
        grow with its length."""
        from datetime import datetime

        from django.db.models import Exists, OuterRef, Subquery, Value
        from django.db.models.functions import Coalesce

        if not getattr(user, "is_authenticated", False):
            return self.annotate(seen_at=Value(None, models.DateTimeField()), unread=Value(False))
        seen = ProposalVisit.objects.filter(user=user, proposal=OuterRef("pk")).values("seen_at")
        since = Coalesce(
            OuterRef("seen_at"),
            Value(datetime(2000, 1, 1, tzinfo=UTC)),
            output_field=models.DateTimeField(),
        )
        messages = Message.objects.filter(proposal=OuterRef("pk"), created_at__gt=since).exclude(
            author=user
        )
        if not roles.is_staff_member(user):
            messages = messages.filter(internal=False)
        steps = ProposalTransition.objects.filter(proposal=OuterRef("pk"), at__gt=since).exclude(
            by=user
        )
        return self.annotate(seen_at=Subquery(seen[:1])).annotate(
            unread=models.ExpressionWrapper(
                models.Q(Exists(messages)) | models.Q(Exists(steps)),
                output_field=models.BooleanField(),
            )
        )


class CommissionSession(models.Model):
    """A monthly joint commission (commission paritaire régionale)."""

    held_on = models.DateField(
        _("date de la commission"), unique=True, validators=[validate_plausible_date]
    )
    title = models.CharField(_("intitulé"), max_length=120, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commission paritaire")
        verbose_name_plural = _("commissions paritaires")
        ordering = ["-held_on"]

    def __str__(self):
        return self.title or str(
            _("Commission du %(day)s") % {"day": self.held_on.strftime("%d/%m/%Y")}
        )


class PathProposal(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("organisme"),
    )
    reference = models.CharField(_("référence"), max_length=20, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    trainee_reference = models.CharField(
        _("stagiaire : référence interne ou initiales"),
        max_length=30,
        blank=True,
        validators=[validate_not_social_security_number],
        help_text=_("Jamais de nom complet ni de numéro de sécurité sociale."),
    )
    # A draft saves whatever is typed: what sending needs is checked by services.missing_items.
    target_job = models.CharField(
        _("projet professionnel (métier visé)"), max_length=200, blank=True
    )
    certification_code = models.CharField(
        _("certification visée : code RNCP ou RS"),
        max_length=12,
        blank=True,
        validators=[validate_certification_code],
    )
    certification_title = models.CharField(
        _("certification visée : intitulé"), max_length=255, blank=True
    )
    competence_blocks = models.TextField(
        _("blocs de compétences visés (si parcours partiel)"), blank=True
    )
    start_date = models.DateField(
        _("début prévu"), null=True, blank=True, validators=[validate_plausible_date]
    )
    end_date = models.DateField(
        _("fin prévue"), null=True, blank=True, validators=[validate_plausible_date]
    )
    schedule = models.CharField(_("rythme"), max_length=20, choices=Schedule.choices, blank=True)
    centre_hours_in_person = hours_field(_("heures en centre : présentiel"), default=ZERO)
    centre_hours_distance = hours_field(_("heures en centre : distanciel"), default=ZERO)
    company_hours = hours_field(
        _("heures de PAE (période d'application en entreprise)"), default=ZERO
    )
    company_hours_required = hours_field(
        _("heures de PAE exigées par la certification"),
        default=ZERO,
        help_text=_("Si le référentiel impose un volume minimal de PAE ; sinon 0."),
    )
    pedagogic_cost_ht = money_field(_("coût pédagogique (€ HT)"), default=ZERO)
    standard_hours = hours_field(_("parcours standard : heures"), null=True, blank=True)
    standard_cost_ht = money_field(_("parcours standard : coût (€ HT)"), null=True, blank=True)
    reference_monthly_salary = money_field(
        _("salaire mensuel brut de référence (facultatif, pour la simulation)"),
        null=True,
        blank=True,
    )
    concerted_on = models.DateField(
        _("concertation préalable : date du premier contact"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
    )
    concerted_with = models.CharField(
        _("concertation préalable : avec qui"), max_length=150, blank=True
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
        editable=False,
    )
    submitted_at = models.DateTimeField(_("transmise le"), null=True, blank=True, editable=False)
    first_feedback_at = models.DateTimeField(
        _("premier retour le"), null=True, blank=True, editable=False
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True, editable=False)
    # Set by paths/workflow.py: the last submission or revision while Transitions Pro owes an
    # answer, else null. The staff queue orders by it (indexed) instead of reading transitions.
    awaiting_feedback_since = models.DateTimeField(
        _("en attente de retour depuis"), null=True, blank=True, editable=False
    )
    commission_session = models.ForeignKey(
        CommissionSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("commission"),
        editable=False,
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
    previous_proposal = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("proposition refusée qu'elle remplace"),
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PathProposalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposition de parcours")
        verbose_name_plural = _("propositions de parcours")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["submitted_at"]),
            # lists show the newest first: without it, the first page sorts every proposal
            models.Index(fields=["-created_at", "-id"], name="paths_proposal_newest_idx"),
            # the staff queue: the longest waiting first, without reading every transition
            models.Index(
                fields=["awaiting_feedback_since", "-submitted_at", "-id"],
                name="paths_proposal_waiting_idx",
            ),
            # the staff queue's count of open proposals, a few thousand among 100,000
            models.Index(fields=["status"], name="paths_proposal_status_idx"),
            # an organisation's proposals, newest first (its list page and its API list): the
            # first page without reading, and sorting, every one of them
            models.Index(
                fields=["organisation", "-created_at", "-id"], name="paths_proposal_of_newest_idx"
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.target_job}"

    @property
    def centre_hours(self) -> Decimal:
        return (self.centre_hours_in_person or ZERO) + (self.centre_hours_distance or ZERO)

    @property
    def hours_difference(self):
        if self.standard_hours is None:
            return None
        return self.centre_hours + (self.company_hours or ZERO) - self.standard_hours

    @property
    def cost_difference(self):
        if self.standard_cost_ht is None:
            return None
        return self.pedagogic_cost_ht - self.standard_cost_ht

    def allowed_actions(self) -> list[str]:
        return allowed_actions(self.status, TRANSITIONS)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("La fin prévue doit suivre le début prévu.")
        if self.standard_hours is not None and self.standard_hours < 0:
            errors["standard_hours"] = _("La valeur ne peut pas être négative.")
        if self.concerted_on and not self.concerted_with.strip():
            errors["concerted_with"] = _("Indiquez avec qui la concertation préalable a eu lieu.")
        if self.concerted_with.strip() and not self.concerted_on:
            errors["concerted_on"] = _("Indiquez la date du premier contact.")
        if self.concerted_on:
            from django.utils import timezone

            if self.concerted_on > timezone.localdate():
                errors["concerted_on"] = _("La date du premier contact ne peut pas être future.")
        if errors:
            raise ValidationError(errors)


class Lever(models.Model):
    proposal = models.ForeignKey(PathProposal, on_delete=models.CASCADE, related_name="levers")
    code = models.CharField(_("levier"), max_length=20, choices=LeverCode.choices)
    explanation = models.CharField(_("explication"), max_length=500)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("levier d'individualisation")
        verbose_name_plural = _("leviers d'individualisation")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "code"],
                name="one_lever_code_per_proposal",
                violation_error_message=_("Ce levier figure déjà sur la proposition."),
            )
        ]

    def __str__(self):
        return self.get_code_display()


class PathModule(models.Model):
    proposal = models.ForeignKey(PathProposal, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    name = models.CharField(_("module"), max_length=200)
    hours = hours_field(_("heures"))
    modality = models.CharField(_("modalité"), max_length=20, choices=Modality.choices)
    cost_ht = money_field(_("coût (€ HT)"), default=ZERO)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


def proposal_upload_to(instance, filename):
    return f"propositions/{instance.proposal.reference}/{instance.kind}-{filename}"


class ProposalAttachment(models.Model):
    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Programme")
        POSITIONING = "positioning", _("Résultat du positionnement")
        OTHER = "other", _("Autre document")

    proposal = models.ForeignKey(PathProposal, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("type de document"), max_length=20, choices=Kind.choices)
    file = models.FileField(
        _("fichier PDF"), upload_to=proposal_upload_to, validators=[validate_pdf]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.proposal.reference}"


def pending_upload_to(instance, filename):
    return f"propositions/en-attente/{instance.user_id}/{instance.kind}-{filename}"


class PendingUpload(models.Model):
    """A PDF chosen on the proposal form while the rest of the form had an error: kept for the
    person who chose it, so they need not choose it again; it becomes an attachment when the
    proposal is saved. `proposal` is empty for a proposal not yet created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(
        PathProposal, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(
        _("type de document"), max_length=20, choices=ProposalAttachment.Kind.choices
    )
    file = models.FileField(
        _("fichier PDF"), upload_to=pending_upload_to, validators=[validate_pdf]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fichier conservé")
        verbose_name_plural = _("fichiers conservés")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.filename

    @property
    def filename(self) -> str:
        import os

        return os.path.basename(self.file.name or "").removeprefix(f"{self.kind}-")


class ProposalTransition(models.Model):
    """Every change of status, dated: response times are computed from these, never typed in."""

    proposal = models.ForeignKey(PathProposal, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, choices=ProposalStatus.choices)
    to_status = models.CharField(max_length=20, choices=ProposalStatus.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.proposal_id}: {self.from_status} → {self.to_status}"


class Feedback(models.Model):
    """Transitions Pro's answer on a proposal (C4), with the funding check as computed then."""

    proposal = models.ForeignKey(PathProposal, on_delete=models.CASCADE, related_name="feedbacks")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("retour sur le parcours et l'ingénierie financière"))
    cofunding_leads = models.TextField(_("pistes de cofinancement"), blank=True)
    funding_check = models.JSONField(
        _("vérification du financement (au moment du retour)"), default=dict
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("retour")
        verbose_name_plural = _("retours")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.proposal} – {self.created_at:%d/%m/%Y}"


def message_upload_to(instance, filename):
    return f"propositions/{instance.proposal.reference}/messages/{filename}"


class MessageQuerySet(OrganisationScopedQuerySet):
    """OF members never see staff-only internal notes."""

    organisation_field = "proposal__organisation"
    members_filter = {"internal": False}


class Message(models.Model):
    proposal = models.ForeignKey(PathProposal, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    internal = models.BooleanField(
        _("note interne (jamais visible par l'organisme)"), default=False
    )
    attachment = models.FileField(
        _("pièce jointe (PDF)"), upload_to=message_upload_to, blank=True, validators=[validate_pdf]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MessageQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.proposal} – {self.author}"


class DecisionOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepté")
    ACCEPTED_WITH_ADJUSTMENTS = "accepted_with_adjustments", _("Accepté avec ajustements")
    REFUSED = "refused", _("Refusé")
    POSTPONED = "postponed", _("Ajourné")


class DecisionReason(models.TextChoices):
    INCOHERENT_PATH = (
        "incoherent_path",
        _(
            "Le parcours de formation envisagé ne semble pas cohérent au regard du projet professionnel"
        ),
    )
    PROJECT_NOT_COHERENT = (
        "project_not_coherent",
        _("Projet de transition professionnelle insuffisamment construit"),
    )
    EMPLOYMENT_PROSPECTS = (
        "employment_prospects",
        _("Perspectives d'emploi insuffisantes dans la région"),
    )
    BUDGET = "budget", _("Limite des financements disponibles")
    NOT_ADMISSIBLE = (
        "not_admissible",
        _("Dossier non recevable (délais, ancienneté, autorisation d'absence)"),
    )
    OTHER = "other", _("Autre motif")


def decision_letter_upload_to(instance, filename):
    return f"propositions/{instance.proposal.reference}/decisions/{filename}"


class CommissionDecision(models.Model):
    proposal = models.ForeignKey(PathProposal, on_delete=models.PROTECT, related_name="decisions")
    session = models.ForeignKey(
        CommissionSession, on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField(_("décision"), max_length=30, choices=DecisionOutcome.choices)
    reason = models.CharField(_("motif"), max_length=30, choices=DecisionReason.choices, blank=True)
    comment = models.TextField(_("commentaire de la commission"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    letter = models.FileField(
        _("lettre de décision (PDF)"),
        upload_to=decision_letter_upload_to,
        blank=True,
        editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("décision de la commission")
        verbose_name_plural = _("décisions de la commission")
        ordering = ["decided_at", "pk"]

    def __str__(self):
        return f"{self.proposal} – {self.get_outcome_display()}"


class DialogueOutcome(models.TextChoices):
    OPEN = "open", _("En cours")
    NEW_PROPOSAL = "new_proposal", _("Nouvelle proposition")
    ABANDONED = "abandoned", _("Abandon")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Téléphone")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Rendez-vous")
    VIDEO = "video", _("Visioconférence")


class RefusalDialogueQuerySet(OrganisationScopedQuerySet):
    organisation_field = "proposal__organisation"


class RefusalDialogue(models.Model):
    """C6: after a refusal for an incoherent path, contact the OF, state the reason, share the
    commission's expectations, and find a better answer together."""

    proposal = models.OneToOneField(
        PathProposal, on_delete=models.PROTECT, related_name="refusal_dialogue"
    )
    decision = models.OneToOneField(
        CommissionDecision, on_delete=models.PROTECT, related_name="dialogue"
    )
    opened_at = models.DateTimeField()
    contacted_on = models.DateField(
        _("contact de l'interlocuteur du dossier : date"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
    )
    contact_channel = models.CharField(
        _("moyen"), max_length=20, choices=ContactChannel.choices, blank=True
    )
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    contact_person = models.CharField(_("interlocuteur de l'organisme"), max_length=150, blank=True)
    reason_stated_on = models.DateField(
        _("motif du refus précisé le"), null=True, blank=True, validators=[validate_plausible_date]
    )
    reason_statement = models.TextField(_("motif précisé"), blank=True)
    expectations_shared_on = models.DateField(
        _("attendus de la commission partagés le"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
    )
    expectations = models.TextField(_("attendus de la commission"), blank=True)
    outcome = models.CharField(
        _("issue commune"),
        max_length=20,
        choices=DialogueOutcome.choices,
        default=DialogueOutcome.OPEN,
    )
    new_proposal = models.ForeignKey(
        PathProposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nouvelle proposition"),
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = RefusalDialogueQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dialogue après refus")
        verbose_name_plural = _("dialogues après refus")
        ordering = ["opened_at", "pk"]

    def __str__(self):
        return str(self.proposal)

    @property
    def steps_done(self) -> dict[str, bool]:
        return {
            "contact": bool(self.contacted_on and self.contact_channel),
            "reason": bool(self.reason_stated_on and self.reason_statement),
            "expectations": bool(self.expectations_shared_on and self.expectations),
        }

    @property
    def is_complete(self) -> bool:
        return all(self.steps_done.values()) and self.outcome != DialogueOutcome.OPEN


class ProposalVisit(models.Model):
    """When a user last opened a proposal: lists mark what changed since (new messages, a new
    version, a new decision). A reading mark, not a domain record: no history."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(PathProposal, on_delete=models.CASCADE, related_name="visits")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "proposal"], name="one_visit_per_proposal")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.proposal_id} ({self.seen_at:%d/%m/%Y %H:%M})"
