"""Checks on what is attached to an alert: a PDF or an image, by its content, within the size limit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organisms.validators import validate_pdf

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
SIGNATURES = [(b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG)]
ACCEPT = ",".join([PDF, PNG, JPEG])


def sniff_content_type(upload) -> str | None:
    """The type the file's first bytes say it is (PDF, PNG or JPEG), never what its name says."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(position)
    if head.lstrip(b"\r\n\t ").startswith(b"%PDF-"):
        return PDF
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def validate_pdf_or_image(upload) -> None:
    """A PDF, PNG or JPEG file by its content, within settings.MAX_UPLOAD_MB."""
    if upload is None:
        return
    content_type = sniff_content_type(upload)
    if content_type == PDF:
        validate_pdf(upload)
        return
    limit_mb = settings.MAX_UPLOAD_MB
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("Le fichier dépasse la taille maximale de %(limit)s Mo."),
            params={"limit": limit_mb},
            code="file_too_large",
        )
    if content_type is None:
        raise ValidationError(
            _(
                "Le fichier doit être un PDF ou une image PNG ou JPEG "
                "(son contenu ne correspond à aucun de ces formats)."
            ),
            code="not_pdf_or_image",
        )
