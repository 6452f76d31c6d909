"""The remaining cost item by item (`ExplainedRemainingCost.lines`): what stays to be funded by
someone else, and how each amount is reached."""

from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.utils.translation import gettext as _

from paths.funding.explain.words import day, euros_ht, hours, hours_h, money
from paths.funding.rules import MONTHLY_HOURS, RemainingCost


@dataclass(frozen=True)
class RemainingLine:
    """One item of the remaining cost: what stays to be funded by someone else."""

    item: str  # pedagogic, salary_monthly, salary_period, company_hours, beyond_limit
    label: str
    amount: Decimal | None  # euros (None when the item is counted in hours only)
    hours: Decimal | None
    detail: str


@dataclass(frozen=True)
class ExplainedRemainingCost(RemainingCost):
    """The remaining cost's figures with its items in the user's words (the table and the JSON's
    `remaining_cost.lines`)."""

    lines: list[RemainingLine] = field(default_factory=list)


def remaining_cost(r: RemainingCost) -> ExplainedRemainingCost:
    """The remaining cost with its items: pedagogic cost, salary (per month and over the covered
    period), PAE hours, and what lies beyond the limit of salary cover."""
    figures = {f.name: getattr(r, f.name) for f in fields(RemainingCost)}
    return ExplainedRemainingCost(**figures, lines=_remaining_lines(r))


def _remaining_lines(r: RemainingCost) -> list[RemainingLine]:
    lines = [
        RemainingLine(
            "pedagogic",
            _("Coût pédagogique non pris en charge"),
            r.pedagogic_ht,
            None,
            euros_ht(r.pedagogic_ht),
        )
    ]
    # the salary over the covered period is computed whenever the monthly one is
    if r.salary_monthly is not None and r.salary_over_period is not None:
        lines.append(
            RemainingLine(
                "salary_monthly",
                _("Salaire non pris en charge, par mois"),
                r.salary_monthly,
                None,
                _("%(amount)s € par mois") % {"amount": money(r.salary_monthly)},
            )
        )
        if r.salary_covered_months is not None:
            detail = _("%(amount)s € × %(months)s mois couverts = %(total)s €") % {
                "amount": money(r.salary_monthly),
                "months": hours(r.salary_covered_months),
                "total": money(r.salary_over_period),
            }
        elif r.salary_covered_hours is not None:
            detail = _("%(amount)s € / %(monthly)s h × %(hours)s h couvertes = %(total)s €") % {
                "amount": money(r.salary_monthly),
                "monthly": hours(MONTHLY_HOURS),
                "hours": hours(r.salary_covered_hours),
                "total": money(r.salary_over_period),
            }
        else:
            raise ValueError("a salary cover counts months (full time) or hours (part time)")
        lines.append(
            RemainingLine(
                "salary_period",
                _("Salaire non pris en charge, sur la période couverte"),
                r.salary_over_period,
                None,
                detail,
            )
        )
    lines.append(
        RemainingLine(
            "company_hours",
            _("Heures de PAE non prises en charge"),
            None,
            r.company_hours,
            hours_h(r.company_hours),
        )
    )
    if r.beyond_limit_from is not None:
        if r.beyond_limit_to is None or r.beyond_limit_months is None:
            raise ValueError("a period beyond the limit has an end and a length in months")
        detail = _(
            "du %(from)s au %(to)s (%(months)s mois) : aucune rémunération prise en charge"
        ) % {
            "from": day(r.beyond_limit_from),
            "to": day(r.beyond_limit_to),
            "months": hours(r.beyond_limit_months),
        }
        if r.beyond_limit_salary is not None:
            detail += _(", soit %(amount)s € de salaire") % {"amount": money(r.beyond_limit_salary)}
        lines.append(
            RemainingLine(
                "beyond_limit",
                _("Au-delà d'un an à temps plein"),
                r.beyond_limit_salary,
                None,
                detail,
            )
        )
    elif r.beyond_limit_hours:
        detail = _("%(hours)s h au-delà de la limite : aucune rémunération prise en charge") % {
            "hours": hours(r.beyond_limit_hours)
        }
        if r.beyond_limit_salary is not None:
            detail += _(", soit %(amount)s € de salaire") % {"amount": money(r.beyond_limit_salary)}
        lines.append(
            RemainingLine(
                "beyond_limit",
                _("Au-delà de la limite d'heures"),
                r.beyond_limit_salary,
                r.beyond_limit_hours,
                detail,
            )
        )
    return lines
