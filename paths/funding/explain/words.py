"""The funding check's figures as people read them, in the active language's format: money
(« 18 000,00 € HT »), hours (« 180,00 h »), percentages (« 27,5 »), days and schedules."""

from datetime import date
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paths.funding.rules import DISCONTINUOUS, FULL_TIME, PART_TIME


def money(value: Decimal) -> str:
    """18000 → « 18 000,00 » in French (the active language's format)."""
    return number_format(value, decimal_pos=2, force_grouping=True)


def hours(value: Decimal) -> str:
    return number_format(value, decimal_pos=2, force_grouping=True)


def percent(value: Decimal) -> str:
    """100.00 → « 100 », 27.50 → « 27,5 »."""
    if value == value.to_integral_value():
        return number_format(int(value))
    return number_format(value.normalize())


def euros_ht(amount: Decimal) -> str:
    """18000 → « 18 000,00 € HT »."""
    return _("%(amount)s € HT") % {"amount": money(amount)}


def hours_h(value: Decimal) -> str:
    """180 → « 180,00 h »."""
    return _("%(hours)s h") % {"hours": hours(value)}


def day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def schedule_label(schedule: str) -> str:
    return {
        FULL_TIME: _("temps plein"),
        PART_TIME: _("temps partiel"),
        DISCONTINUOUS: _("discontinu"),
    }.get(schedule, schedule)


def in_days(count: int) -> str:
    if count == 0:
        return _("aujourd'hui")
    return ngettext("dans %(count)s jour", "dans %(count)s jours", count) % {"count": count}
