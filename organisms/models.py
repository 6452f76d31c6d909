"""Organisations (OF), their members, charter editions, signatures and communication controls."""

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from charter_portal.dates import validate_plausible_date
from charter_portal.querysets import OrganisationScopedQuerySet
from organisms.validators import (
    parse_certifications,
    validate_certifications,
    validate_nda,
    validate_pdf,
    validate_siret,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Departement(models.TextChoices):
    """The ten départements of Grand Est."""

    ARDENNES = "08", "08 – Ardennes"
    AUBE = "10", "10 – Aube"
    MARNE = "51", "51 – Marne"
    HAUTE_MARNE = "52", "52 – Haute-Marne"
    MEURTHE_ET_MOSELLE = "54", "54 – Meurthe-et-Moselle"
    MEUSE = "55", "55 – Meuse"
    MOSELLE = "57", "57 – Moselle"
    BAS_RHIN = "67", "67 – Bas-Rhin"
    HAUT_RHIN = "68", "68 – Haut-Rhin"
    VOSGES = "88", "88 – Vosges"


def today() -> date:
    return timezone.localdate()


class CompactCharField(models.CharField):
    """An identifier typed with or without spaces ("732 829 320 00074"), stored without."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(" ", "").replace("\u00a0", "") if isinstance(value, str) else value

    def formfield(self, **kwargs):
        # leave room for the spaces people type; the model's validators check the real length
        return super().formfield(**{"max_length": self.max_length + 8, **kwargs})


class OrganisationQuerySet(OrganisationScopedQuerySet):
    """Staff see every organisation; an OF member sees their own; anyone else, none."""

    organisation_field = "pk"

    def signatories(self, on: date | None = None):
        """Organisations holding an active signature on the given day (the public directory)."""
        return self.filter(pk__in=Signature.objects.active(on).values("organisation_id"))


class Organisation(models.Model):
    legal_name = models.CharField(_("raison sociale"), max_length=200)
    trade_name = models.CharField(_("nom commercial"), max_length=200, blank=True)
    siret = CompactCharField(
        _("SIRET"),
        max_length=14,
        unique=True,
        validators=[validate_siret],
        help_text=_("14 chiffres, sans espaces."),
        error_messages={"unique": _("Un organisme avec ce SIRET existe déjà.")},
    )
    nda = CompactCharField(
        _("numéro de déclaration d'activité (NDA)"),
        max_length=11,
        validators=[validate_nda],
        help_text=_("11 chiffres."),
    )
    address = models.CharField(_("adresse"), max_length=255)
    postcode = models.CharField(_("code postal"), max_length=5)
    city = models.CharField(_("ville"), max_length=120)
    departement = models.CharField(_("département"), max_length=2, choices=Departement.choices)
    website = models.URLField(_("site web"), blank=True)
    contact_name = models.CharField(_("contact dossiers : nom"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact dossiers : e-mail"), blank=True)
    contact_phone = models.CharField(_("contact dossiers : téléphone"), max_length=30, blank=True)
    qualiopi_certified = models.BooleanField(_("certifié Qualiopi"), default=False)
    qualiopi_date = models.DateField(
        _("date de certification Qualiopi"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
    )
    certifications = models.TextField(
        _("certifications préparées"),
        blank=True,
        validators=[validate_certifications],
        help_text=_(
            "Une par ligne : le code RNCP ou RS puis l'intitulé, ex. « RNCP34567 Secrétaire assistant »."
        ),
    )
    public_description = models.TextField(_("présentation publique"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisme de formation")
        verbose_name_plural = _("organismes de formation")
        ordering = ["legal_name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.trade_name or self.legal_name

    @property
    def certification_list(self) -> list[tuple[str, str]]:
        return parse_certifications(self.certifications)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.certifications:
            self.certifications = "\n".join(
                f"{code} {title}".strip()
                for code, title in parse_certifications(self.certifications)
            )
        if self.qualiopi_date and not self.qualiopi_certified:
            raise ValidationError(
                {
                    "qualiopi_date": _(
                        "Une date de certification suppose que l'organisme est certifié Qualiopi."
                    )
                }
            )

    def current_signature(self, on: date | None = None):
        """The signature that is active today, if any."""
        return (
            Signature.objects.active(on).filter(organisation=self).select_related("edition").first()
        )

    def inactive_signature_reason(self, on: date | None = None) -> str | None:
        """Why the organisation may not file a proposal today (C13), in French, with what to do;
        None when it holds an active signature."""
        on = on or today()
        signatures = list(self.signatures.select_related("edition").order_by("-signed_on"))
        statuses = [(signature.status(on), signature) for signature in signatures]
        if any(status == SignatureStatus.ACTIVE for status, _signature in statuses):
            return None
        # a withdrawn signature always has its withdrawal date
        withdrawn_on = [
            s.withdrawn_on
            for status, s in statuses
            if status == SignatureStatus.WITHDRAWN and s.withdrawn_on is not None
        ]
        expired = [s for status, s in statuses if status == SignatureStatus.EXPIRED]
        upcoming = [s for status, s in statuses if status == SignatureStatus.UPCOMING]
        why: StrOrPromise
        if withdrawn_on:
            why = _("la signature de la charte a été retirée le %(day)s") % {
                "day": withdrawn_on[0].strftime("%d/%m/%Y")
            }
        elif upcoming:
            why = _("la signature de la charte ne prend effet que le %(day)s") % {
                "day": upcoming[-1].signed_on.strftime("%d/%m/%Y")
            }
        elif expired:
            why = _("l'édition de la charte signée a expiré le %(day)s") % {
                "day": expired[0].edition.valid_until.strftime("%d/%m/%Y")
            }
        else:
            why = _("l'organisme n'a pas signé la charte d'engagement")
        return _(
            "Seul un organisme signataire actif de la charte peut transmettre une proposition : "
            "%(why)s. Vos brouillons restent enregistrés ; pour les transmettre, signez l'édition "
            "en vigueur de la charte en prenant contact avec la chargée de projet qualité OF de "
            "Transitions Pro."
        ) % {"why": why}


class MembershipQuerySet(OrganisationScopedQuerySet):
    pass


class Membership(models.Model):
    class Role(models.TextChoices):
        MANAGER = "manager", _("Responsable")
        MEMBER = "member", _("Membre")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("utilisateur"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisme"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appartenance")
        verbose_name_plural = _("appartenances")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"


def charter_upload_to(instance, filename):
    return f"chartes/{instance.version}.pdf"


class CharterEditionQuerySet(models.QuerySet):
    def in_force(self, on: date | None = None):
        on = on or today()
        return self.filter(valid_from__lte=on, valid_until__gte=on)


class CharterEdition(models.Model):
    title = models.CharField(_("titre"), max_length=200)
    version = models.CharField(_("version"), max_length=30, unique=True)
    valid_from = models.DateField(_("valable du"), validators=[validate_plausible_date])
    valid_until = models.DateField(_("valable jusqu'au"), validators=[validate_plausible_date])
    document = models.FileField(
        _("document de la charte (PDF)"),
        upload_to=charter_upload_to,
        blank=True,
        validators=[validate_pdf],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CharterEditionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("édition de la charte")
        verbose_name_plural = _("éditions de la charte")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.title} ({self.version})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("La fin de validité doit suivre le début de validité.")}
            )


class SignatureStatus(models.TextChoices):
    UPCOMING = "upcoming", _("À venir")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expirée")
    WITHDRAWN = "withdrawn", _("Retirée")


class SignatureQuerySet(OrganisationScopedQuerySet):
    def active(self, on: date | None = None):
        """Signed on or before the day, edition still valid, not withdrawn by then."""
        on = on or today()
        return self.filter(signed_on__lte=on, edition__valid_until__gte=on).filter(
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
        )

    def with_status(self, status: str, on: date | None = None):
        on = on or today()
        withdrawn = Q(withdrawn_on__isnull=False, withdrawn_on__lte=on)
        if status == SignatureStatus.WITHDRAWN:
            return self.filter(withdrawn)
        if status == SignatureStatus.EXPIRED:
            return self.exclude(withdrawn).filter(edition__valid_until__lt=on)
        if status == SignatureStatus.UPCOMING:
            return self.exclude(withdrawn).filter(signed_on__gt=on)
        return self.active(on)


def signature_upload_to(instance, filename):
    return f"signatures/{instance.organisation.siret}-{instance.edition.version}.pdf"


class Signature(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("organisme"),
    )
    edition = models.ForeignKey(
        CharterEdition,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("édition de la charte"),
    )
    place = models.CharField(_("fait à"), max_length=120)
    signed_on = models.DateField(_("le"), validators=[validate_plausible_date])
    of_signatory_name = models.CharField(_("signataire de l'organisme : nom"), max_length=150)
    of_signatory_function = models.CharField(
        _("signataire de l'organisme : fonction"), max_length=150
    )
    tp_signatory_name = models.CharField(_("signataire Transitions Pro : nom"), max_length=150)
    tp_signatory_function = models.CharField(
        _("signataire Transitions Pro : fonction"), max_length=150
    )
    document = models.FileField(
        _("charte signée (PDF)"),
        upload_to=signature_upload_to,
        blank=True,
        validators=[validate_pdf],
    )
    withdrawn_on = models.DateField(_("retirée le"), null=True, blank=True, editable=False)
    withdrawn_by_control = models.ForeignKey(
        "CommunicationControl",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="withdrawn_signatures",
        editable=False,
        verbose_name=_("retirée à la suite du contrôle"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SignatureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-signed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "edition"],
                name="one_signature_per_edition",
                violation_error_message=_("Cet organisme a déjà signé cette édition de la charte."),
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.edition.version}"

    def status(self, on: date | None = None) -> str:
        on = on or today()
        if self.withdrawn_on and self.withdrawn_on <= on:
            return SignatureStatus.WITHDRAWN
        if self.signed_on > on:
            return SignatureStatus.UPCOMING
        if self.edition.valid_until < on:
            return SignatureStatus.EXPIRED
        return SignatureStatus.ACTIVE

    @property
    def status_label(self) -> str:
        return str(SignatureStatus(self.status()).label)

    @property
    def valid_until(self) -> date:
        return self.edition.valid_until

    def clean(self):
        from django.core.exceptions import ValidationError

        edition = getattr(self, "edition", None) if self.edition_id else None
        if edition and self.signed_on and self.signed_on > edition.valid_until:
            raise ValidationError(
                {
                    "signed_on": _(
                        "La date de signature est postérieure à la fin de validité de cette édition."
                    )
                }
            )


def control_upload_to(instance, filename):
    return f"controles/{instance.organisation.siret}/{filename}"


class ControlQuerySet(OrganisationScopedQuerySet):
    """Controls are staff records: OF members do not see them in the portal."""

    members_see = False


class CommunicationControl(models.Model):
    """A check of what an OF said in public about the charter (C13).

    There is no link to alerts, on purpose: an alert never leads to a control (C8).
    """

    class Medium(models.TextChoices):
        BROCHURE = "brochure", _("Plaquette, brochure")
        WEB_PAGE = "web_page", _("Page web")
        SOCIAL_POST = "social_post", _("Publication sur un réseau social")
        PRESS = "press", _("Article de presse, publicité")
        OTHER = "other", _("Autre support")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("En cours")
        COMPLIANT = "compliant", _("Conforme")
        BREACH = "breach", _("Manquement")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="controls",
        verbose_name=_("organisme"),
    )
    opened_on = models.DateField(
        _("ouvert le"), default=today, validators=[validate_plausible_date]
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ouvert par"),
    )
    medium = models.CharField(_("support observé"), max_length=20, choices=Medium.choices)
    seen_description = models.TextField(_("ce qui a été vu"))
    evidence_url = models.URLField(_("preuve : adresse web"), blank=True)
    evidence_file = models.FileField(
        _("preuve : fichier PDF"),
        upload_to=control_upload_to,
        blank=True,
        validators=[validate_pdf],
    )
    findings = models.TextField(_("constats"), blank=True)
    outcome = models.CharField(
        _("conclusion"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    decided_on = models.DateField(
        _("conclu le"), null=True, blank=True, validators=[validate_plausible_date]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conclu par"),
    )

    objects = ControlQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contrôle de communication")
        verbose_name_plural = _("contrôles de communication")
        ordering = ["-opened_on", "-pk"]

    def __str__(self):
        return f"{self.organisation} – {self.opened_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.outcome == self.Outcome.PENDING
