"""Identifier checks shared by the models, the forms, the admin and the API."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import (
    ValidationError as StdnumError,
)
from stdnum.fr import siret as stdnum_siret

NDA_RE = re.compile(r"^\d{11}$")
CERTIFICATION_RE = re.compile(r"^(RNCP\d{3,6}|RS\d{3,6})$")


def clean_siret(value: str) -> str:
    """The SIRET without spaces, or a French message saying what is wrong with it."""
    compact = stdnum_siret.compact(value or "")
    if (compact.isdigit() or not compact) and len(compact) != 14:
        raise ValidationError(_("Le SIRET doit comporter 14 chiffres."), code="siret_length")
    try:
        return stdnum_siret.validate(compact)
    except InvalidLength as exc:
        raise ValidationError(
            _("Le SIRET doit comporter 14 chiffres."), code="siret_length"
        ) from exc
    except InvalidFormat as exc:
        raise ValidationError(
            _("Le SIRET ne doit contenir que des chiffres."), code="siret_format"
        ) from exc
    except InvalidChecksum as exc:
        raise ValidationError(
            _("Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas."),
            code="siret_checksum",
        ) from exc
    except StdnumError as exc:
        raise ValidationError(_("Ce SIRET n'est pas valide."), code="siret_invalid") from exc


def validate_siret(value: str) -> None:
    clean_siret(value)


def validate_nda(value: str) -> None:
    """Numéro de déclaration d'activité: 11 digits."""
    if not NDA_RE.match((value or "").replace(" ", "")):
        raise ValidationError(
            _("Le numéro de déclaration d'activité doit comporter 11 chiffres."), code="nda"
        )


def parse_certifications(text: str) -> list[tuple[str, str]]:
    """Lines "RNCP34567 Titre…" as (code, title) pairs; blank lines skipped."""
    pairs = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        code, _sep, title = line.partition(" ")
        pairs.append((code.strip().upper(), title.strip(" -–—:")))
    return pairs


def validate_certification_code(code: str) -> None:
    if not CERTIFICATION_RE.match(code or ""):
        raise ValidationError(
            _(
                "« %(code)s » n'est pas un code de certification valide "
                "(attendu : RNCP suivi de 3 à 6 chiffres, ou RS suivi de 3 à 6 chiffres)."
            ),
            params={"code": code},
            code="certification",
        )


def validate_certifications(text: str) -> None:
    for code, _title in parse_certifications(text):
        validate_certification_code(code)


def validate_pdf(upload) -> None:
    """A PDF by its content (the %PDF- signature), not by its name, within the size limit."""
    if upload is None:
        return
    limit_mb = settings.MAX_UPLOAD_MB
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("Le fichier dépasse la taille maximale de %(limit)s Mo."),
            params={"limit": limit_mb},
            code="file_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(position)
    if not head.lstrip(b"\r\n\t ").startswith(b"%PDF-"):
        raise ValidationError(
            _("Le document doit être un fichier PDF (son contenu n'est pas celui d'un PDF)."),
            code="not_pdf",
        )
