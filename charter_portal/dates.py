"""Dates a person can mean: every date typed in a form or sent to the API lies between 2000 and
2100. A typo (9999-01-01, 0202-09-05) is an error on its field, never a 500 further on."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
OUT_OF_RANGE = _("Indiquez une date entre le 01/01/2000 et le 31/12/2100.")


def validate_plausible_date(value: date | None) -> None:
    """A model, form and serializer validator: the date lies between 2000 and 2100."""
    if value is not None and not (EARLIEST <= value <= LATEST):
        raise ValidationError(OUT_OF_RANGE, code="date_out_of_range")
