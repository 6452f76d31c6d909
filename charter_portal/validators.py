"""Checks every app shares on what people type: a trainee is never named by their social security
number (NIR)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.fr import nir

# 13 or 15 characters shaped like a French social security number (NIR), spaces or dots allowed
NIR_SHAPE = re.compile(
    r"[1-478][\s.\-]?\d{2}[\s.\-]?\d{2}[\s.\-]?(?:\d{2}|2A|2B)[\s.\-]?\d{3}[\s.\-]?\d{3}(?:[\s.\-]?\d{2})?",
    re.I,
)


def validate_not_social_security_number(value: str) -> None:
    """Trainees are named by an OF-side reference or initials, never by their NIR."""
    text = value or ""
    compact = re.sub(r"[\s.\-]", "", text)
    if nir.is_valid(compact) or NIR_SHAPE.search(text) or re.search(r"\d{13,}", compact):
        raise ValidationError(
            _(
                "Ceci ressemble à un numéro de sécurité sociale : ne le saisissez jamais. "
                "Utilisez votre référence interne du stagiaire ou ses initiales."
            ),
            code="social_security_number",
        )
