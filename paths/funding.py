"""The PTP funding check (C4, financial engineering): a pure function from a path's figures and the
rule set in force at its start date to what is covered, what is not, why, and the remaining cost.

Plain data in, plain data out (dataclasses, `Decimal`, `date`): no ORM, no request. Figures come
from `paths/funding_data.py`, which loads the rule set and the SMIC from the database.

What it checks: the pedagogic cost against the total and hourly caps, the salary rate against
2 × SMIC, the duration of salary cover (1 year full time / 1,200 h part time or discontinuous),
the in-company placement (PAE) hours against 30 % of the centre hours, the deadline of the
complete file and of the leave request. What it does not: eligibility by contract (seniority),
the employer's answer to the leave request, mobility aid (frais annexes), the FIPU fund, the
employer's social charges on the salary, the commission's priorities and budget.

JSON conventions (`FundingCheck.as_json`): money, hours and percentages are strings with two
decimals ("12000.00", "180.00", "100.00"), so no figure goes through a float; dates are ISO
(YYYY-MM-DD); counts of months and days are integers.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

ZERO = Decimal("0")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")

FULL_TIME = "full_time"
PART_TIME = "part_time"
DISCONTINUOUS = "discontinuous"
SCHEDULES = (FULL_TIME, PART_TIME, DISCONTINUOUS)

TOTAL_CAP = "total_cap"
HOURLY_CAP = "hourly_cap"

# The SMIC is revalued at least every 1st of January: a value older than this at the start date
# means the table probably misses one.
SMIC_STALE_AFTER_MONTHS = 13
# Legal monthly hours of a 35-hour week (35 × 52 / 12): an hour of salary is the monthly salary / this.
MONTHLY_HOURS = Decimal("151.67")

SMIC_MAY_BE_OUTDATED = "smic_may_be_outdated"
QUALIOPI_MISSING = "qualiopi_missing"
DEADLINE_NEAR = "deadline_near"
# a deadline "approaches" when it is at most this many days away (still on time)
DEADLINE_NEAR_DAYS = 15


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class FundingRules:
    """A rule set (paths.models.FundingRuleSet) as plain data."""

    name: str
    valid_from: date
    pedagogic_total_cap_ht: Decimal
    pedagogic_hourly_cap_ht: Decimal
    vat_rate_percent: Decimal
    salary_full_rate_percent: Decimal
    salary_reduced_rate_percent: Decimal
    salary_threshold_smic_multiple: Decimal
    full_time_max_months: int
    part_time_max_hours: int
    company_hours_share_percent: Decimal
    file_due_months_before: int
    leave_notice_long_days: int
    leave_notice_short_days: int
    long_interruption_months: int
    source: str = ""
    source_date: date | None = None


@dataclass(frozen=True)
class Smic:
    """The monthly gross SMIC (35 h) applying on a day, and the day it took effect."""

    monthly_gross: Decimal
    valid_from: date


@dataclass(frozen=True)
class PathFigures:
    """What the check needs to know about a path (a proposal, or the simulator's input)."""

    start_date: date
    end_date: date
    schedule: str
    centre_hours: Decimal  # in the training centre: in person + distance (not PAE)
    company_hours: Decimal  # in-company placement (PAE)
    company_hours_required: Decimal  # PAE hours the certification requires (0 if none)
    pedagogic_cost_ht: Decimal
    reference_monthly_salary: Decimal | None
    submitted_on: date  # the day the complete file reaches (or would reach) Transitions Pro


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class PedagogicCover:
    cost_ht: Decimal
    centre_hours: Decimal
    total_cap_ht: Decimal
    total_cap_ttc: Decimal
    hourly_cap_ht: Decimal
    hourly_cap_ttc: Decimal
    hourly_cap_amount_ht: Decimal  # hourly cap × centre hours
    covered_ht: Decimal
    covered_ttc: Decimal
    not_covered_ht: Decimal
    not_covered_ttc: Decimal
    limited_by: str | None  # TOTAL_CAP, HOURLY_CAP or None


@dataclass(frozen=True)
class SalaryCover:
    reference_monthly: Decimal | None
    smic_monthly: Decimal | None
    smic_valid_from: date | None
    threshold_monthly: Decimal | None  # multiple × SMIC
    rate_percent: Decimal | None  # None when the salary or the SMIC is unknown
    covered_monthly: Decimal | None
    not_covered_monthly: Decimal | None


@dataclass(frozen=True)
class CompanyHoursCover:
    planned: Decimal
    share_percent: Decimal
    share_hours: Decimal  # share × centre hours
    required_by_certification: Decimal
    covered: Decimal
    not_covered: Decimal


@dataclass(frozen=True)
class DurationCover:
    schedule: str
    within_limit: bool
    limit_months: int | None  # full time
    latest_end_date: date | None  # full time: last day of salary cover
    end_date: date
    limit_hours: int | None  # part time / discontinuous
    training_hours: Decimal  # centre + PAE hours
    hours_over_limit: Decimal


@dataclass(frozen=True)
class Deadlines:
    file_due_by: date
    submitted_on: date
    file_on_time: bool
    long_interruption: bool
    leave_notice_days: int
    leave_request_due_by: date

    @property
    def leave_on_time(self) -> bool:
        """The employee can still ask for leave in time (on the day of the check)."""
        return self.submitted_on <= self.leave_request_due_by

    @property
    def file_days_left(self) -> int:
        return (self.file_due_by - self.submitted_on).days

    @property
    def leave_days_left(self) -> int:
        return (self.leave_request_due_by - self.submitted_on).days

    @property
    def file_due_soon(self) -> bool:
        """Still on time, but the complete file is due within DEADLINE_NEAR_DAYS days."""
        return 0 <= self.file_days_left <= DEADLINE_NEAR_DAYS

    @property
    def leave_due_soon(self) -> bool:
        """Still on time, but the leave request is due within DEADLINE_NEAR_DAYS days."""
        return 0 <= self.leave_days_left <= DEADLINE_NEAR_DAYS


@dataclass(frozen=True)
class Line:
    """One row of the result table: what is covered, what is not, and why (in the user's words)."""

    line: str  # pedagogic, salary, company_hours, duration, deadlines
    label: str
    covered: str
    not_covered: str
    why: str
    ok: bool


@dataclass(frozen=True)
class FundingWarning:
    """Something the person must know before trusting the figures (code in English, message in
    the user's words)."""

    code: str
    message: str


@dataclass(frozen=True)
class RemainingLine:
    """One item of the remaining cost: what stays to be funded by someone else."""

    item: str  # pedagogic, salary_monthly, salary_period, company_hours, beyond_limit
    label: str
    amount: Decimal | None  # euros (None when the item is counted in hours only)
    hours: Decimal | None
    detail: str


@dataclass(frozen=True)
class RemainingCost:
    pedagogic_ht: Decimal
    salary_monthly: Decimal | None
    salary_covered_months: Decimal | None  # full time: months of salary cover (two decimals)
    salary_covered_hours: Decimal | None  # part time / discontinuous: hours of salary cover
    salary_over_period: Decimal | None
    company_hours: Decimal
    beyond_limit_from: date | None  # full time: first day past the year of cover
    beyond_limit_to: date | None
    beyond_limit_months: Decimal | None
    beyond_limit_hours: Decimal | None  # part time / discontinuous: hours past 1,200 h
    beyond_limit_salary: Decimal | None  # the salary over that part, not covered at all
    lines: list[RemainingLine] = field(default_factory=list)


@dataclass(frozen=True)
class FundingCheck:
    rules: FundingRules
    figures: PathFigures
    pedagogic: PedagogicCover
    salary: SalaryCover
    company_hours: CompanyHoursCover
    duration: DurationCover
    deadlines: Deadlines
    remaining_cost_ht: Decimal
    lines: list[Line] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    warnings: list[FundingWarning] = field(default_factory=list)
    remaining: RemainingCost | None = None

    def as_json(self) -> dict[str, Any]:
        """The fixed JSON contract of POST /api/v1/funding-check/ (and of the feedback snapshot)."""
        p, s, c, d, dl = (
            self.pedagogic,
            self.salary,
            self.company_hours,
            self.duration,
            self.deadlines,
        )
        return {
            "rule_set": {
                "name": self.rules.name,
                "valid_from": _iso(self.rules.valid_from),
                "source": self.rules.source,
                "source_date": _iso(self.rules.source_date),
            },
            "pedagogic": {
                "cost_ht": _dec(p.cost_ht),
                "centre_hours": _dec(p.centre_hours),
                "total_cap_ht": _dec(p.total_cap_ht),
                "total_cap_ttc": _dec(p.total_cap_ttc),
                "hourly_cap_ht": _dec(p.hourly_cap_ht),
                "hourly_cap_ttc": _dec(p.hourly_cap_ttc),
                "hourly_cap_amount_ht": _dec(p.hourly_cap_amount_ht),
                "covered_ht": _dec(p.covered_ht),
                "covered_ttc": _dec(p.covered_ttc),
                "not_covered_ht": _dec(p.not_covered_ht),
                "not_covered_ttc": _dec(p.not_covered_ttc),
                "limited_by": p.limited_by,
            },
            "salary": {
                "reference_monthly": _dec(s.reference_monthly),
                "smic_monthly": _dec(s.smic_monthly),
                "smic_valid_from": _iso(s.smic_valid_from),
                "threshold_monthly": _dec(s.threshold_monthly),
                "rate_percent": _dec(s.rate_percent),
                "covered_monthly": _dec(s.covered_monthly),
                "not_covered_monthly": _dec(s.not_covered_monthly),
            },
            "company_hours": {
                "planned": _dec(c.planned),
                "share_percent": _dec(c.share_percent),
                "share_hours": _dec(c.share_hours),
                "required_by_certification": _dec(c.required_by_certification),
                "covered": _dec(c.covered),
                "not_covered": _dec(c.not_covered),
            },
            "duration": {
                "schedule": d.schedule,
                "within_limit": d.within_limit,
                "limit_months": d.limit_months,
                "latest_end_date": _iso(d.latest_end_date),
                "end_date": _iso(d.end_date),
                "limit_hours": d.limit_hours,
                "training_hours": _dec(d.training_hours),
                "hours_over_limit": _dec(d.hours_over_limit),
            },
            "deadlines": {
                "file_due_by": _iso(dl.file_due_by),
                "submitted_on": _iso(dl.submitted_on),
                "file_on_time": dl.file_on_time,
                "long_interruption": dl.long_interruption,
                "leave_notice_days": dl.leave_notice_days,
                "leave_request_due_by": _iso(dl.leave_request_due_by),
                "leave_request_on_time": dl.leave_on_time,
                "file_days_left": dl.file_days_left,
                "file_due_soon": dl.file_due_soon,
                "leave_request_days_left": dl.leave_days_left,
                "leave_request_due_soon": dl.leave_due_soon,
                "near_days": DEADLINE_NEAR_DAYS,
            },
            "remaining_cost_ht": _dec(self.remaining_cost_ht),
            "lines": [
                {
                    "line": line.line,
                    "label": line.label,
                    "covered": line.covered,
                    "not_covered": line.not_covered,
                    "why": line.why,
                    "ok": line.ok,
                }
                for line in self.lines
            ],
            "messages": list(self.messages),
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
            "remaining_cost": _remaining_json(self.remaining),
        }


def _remaining_json(r: "RemainingCost | None") -> dict[str, object] | None:
    if r is None:
        return None
    return {
        "pedagogic_ht": _dec(r.pedagogic_ht),
        "salary_monthly": _dec(r.salary_monthly),
        "salary_covered_months": _dec(r.salary_covered_months),
        "salary_covered_hours": _dec(r.salary_covered_hours),
        "salary_over_period": _dec(r.salary_over_period),
        "company_hours": _dec(r.company_hours),
        "beyond_limit_from": _iso(r.beyond_limit_from),
        "beyond_limit_to": _iso(r.beyond_limit_to),
        "beyond_limit_months": _dec(r.beyond_limit_months),
        "beyond_limit_hours": _dec(r.beyond_limit_hours),
        "beyond_limit_salary": _dec(r.beyond_limit_salary),
        "lines": [
            {
                "item": line.item,
                "label": line.label,
                "amount": _dec(line.amount),
                "hours": _dec(line.hours),
                "detail": line.detail,
            }
            for line in r.lines
        ],
    }


# ---------------------------------------------------------------- calendar helpers


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); on a month without that day, the month's last
    day (31/05 − 3 months → 28/02, or 29/02 in a leap year)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_day_of_months(start: date, months: int) -> date:
    """The last day of a period of `months` months starting on `start` (5/9/2022 + 12 months →
    4/9/2023): a path ending on or before it lasts at most that many months."""
    return add_months(start, months) - timedelta(days=1)


# ---------------------------------------------------------------- the check


def check(
    figures: PathFigures,
    rules: FundingRules,
    smic: Smic | None,
    *,
    qualiopi_certified: bool | None = None,
) -> FundingCheck:
    """What Transitions Pro can cover for this path under these rules, line by line, with the
    warnings the person must read first. `qualiopi_certified` is the filing organisation's
    certification (None when no organisation is known, e.g. staff in the simulator)."""
    pedagogic = pedagogic_cover(figures.pedagogic_cost_ht, figures.centre_hours, rules)
    salary = salary_cover(figures.reference_monthly_salary, smic, rules)
    company = company_hours_cover(
        figures.company_hours, figures.centre_hours, figures.company_hours_required, rules
    )
    duration = duration_cover(figures, rules)
    deadlines = deadlines_for(figures, rules)
    remaining = pedagogic.not_covered_ht
    remaining_cost = remaining_cost_for(figures, pedagogic, salary, company, duration)

    lines = [
        _pedagogic_line(pedagogic),
        _salary_line(salary, figures, rules),
        _company_line(company),
        _duration_line(duration),
        _deadlines_line(deadlines, rules),
    ]
    messages = [
        *_pedagogic_messages(pedagogic),
        *_salary_messages(salary, figures, rules),
        *_company_messages(company),
        *_duration_messages(duration),
        *_deadline_messages(deadlines, rules),
    ]
    if remaining > ZERO:
        messages.append(
            _(
                "Reste à financer : %(amount)s € HT de coût pédagogique, à la charge de "
                "l'organisme ou de cofinanceurs (entreprise, OPCO, Région…)."
            )
            % {"amount": money(remaining)}
        )
    return FundingCheck(
        rules=rules,
        figures=figures,
        pedagogic=pedagogic,
        salary=salary,
        company_hours=company,
        duration=duration,
        deadlines=deadlines,
        remaining_cost_ht=remaining,
        lines=lines,
        messages=messages,
        warnings=[
            *_deadline_warnings(deadlines),
            *warnings_for(figures, smic, qualiopi_certified),
        ],
        remaining=remaining_cost,
    )


def smic_is_outdated(start_date: date, smic: Smic | None) -> bool:
    """No SMIC known for the start date, or the one in force then dates from more than 13 months
    before it (a revaluation is probably missing from the table)."""
    if smic is None:
        return True
    return smic.valid_from < add_months(start_date, -SMIC_STALE_AFTER_MONTHS)


def _days(count: int) -> str:
    if count == 0:
        return _("aujourd'hui")
    return ngettext("dans %(count)s jour", "dans %(count)s jours", count) % {"count": count}


def _deadline_warnings(dl: Deadlines) -> list[FundingWarning]:
    """A deadline still ahead but close (issue 11): say it before it passes."""
    warnings = []
    if dl.file_on_time and dl.file_due_soon:
        warnings.append(
            FundingWarning(
                DEADLINE_NEAR,
                _(
                    "La date limite du dossier complet approche : le %(date)s, %(when)s. "
                    "Transmettez la proposition sans attendre."
                )
                % {"date": day(dl.file_due_by), "when": _days(dl.file_days_left)},
            )
        )
    if dl.leave_on_time and dl.leave_due_soon:
        warnings.append(
            FundingWarning(
                DEADLINE_NEAR,
                _(
                    "La date limite de la demande d'absence à l'employeur approche : le "
                    "%(date)s, %(when)s. Le salarié doit la faire sans attendre."
                )
                % {"date": day(dl.leave_request_due_by), "when": _days(dl.leave_days_left)},
            )
        )
    return warnings


def warnings_for(
    figures: PathFigures, smic: Smic | None, qualiopi_certified: bool | None
) -> list[FundingWarning]:
    warnings = []
    if smic_is_outdated(figures.start_date, smic):
        if smic is None:
            message = _(
                "Aucune valeur du SMIC n'est enregistrée pour le mois de début (%(month)s) : la "
                "prise en charge du salaire n'est pas fiable. Un administrateur doit compléter "
                "la table du SMIC."
            ) % {"month": figures.start_date.strftime("%m/%Y")}
        else:
            message = _(
                "La valeur du SMIC utilisée (%(amount)s € depuis le %(since)s) date de plus de "
                "%(months)s mois au début du parcours : elle n'est peut-être plus à jour. Un "
                "administrateur doit confirmer ou compléter la table du SMIC."
            ) % {
                "amount": money(smic.monthly_gross),
                "since": day(smic.valid_from),
                "months": SMIC_STALE_AFTER_MONTHS,
            }
        warnings.append(FundingWarning(SMIC_MAY_BE_OUTDATED, message))
    if qualiopi_certified is False:
        warnings.append(
            FundingWarning(
                QUALIOPI_MISSING,
                _(
                    "L'organisme n'est pas certifié Qualiopi : une formation financée dans le "
                    "cadre d'un PTP doit être dispensée par un organisme certifié Qualiopi."
                ),
            )
        )
    return warnings


def months_between(start: date, end: date) -> Decimal:
    """Months from `start` to `end` (both included), whole months plus the fraction of the next
    one by its days, to two decimals: 05/09/2022 → 04/09/2023 is 12.00; 01/01 → 15/01 is 15/31."""
    after_end = end + timedelta(days=1)
    whole = (after_end.year - start.year) * 12 + after_end.month - start.month
    while whole > 0 and add_months(start, whole) > after_end:
        whole -= 1
    anchor = add_months(start, whole)
    if anchor == after_end:
        return _cents(Decimal(whole))
    next_anchor = add_months(start, whole + 1)
    fraction = Decimal((after_end - anchor).days) / Decimal((next_anchor - anchor).days)
    return _cents(Decimal(whole) + fraction)


def remaining_cost_for(
    figures: PathFigures,
    pedagogic: PedagogicCover,
    salary: SalaryCover,
    company: CompanyHoursCover,
    duration: DurationCover,
) -> RemainingCost:
    """Everything that stays to be funded by the organisation, the employer or co-funders."""
    reference = salary.reference_monthly
    monthly = salary.not_covered_monthly
    covered_months: Decimal | None = None
    covered_hours: Decimal | None = None
    over_period: Decimal | None = None
    beyond_from: date | None = None
    beyond_to: date | None = None
    beyond_months: Decimal | None = None
    beyond_hours: Decimal | None = None
    beyond_salary: Decimal | None = None
    if duration.schedule == FULL_TIME:
        latest_end = duration.latest_end_date
        if latest_end is None:
            raise ValueError("a full-time duration cover has a latest end date")
        covered_end = min(duration.end_date, latest_end)
        covered_months = months_between(figures.start_date, covered_end)
        if monthly is not None:
            over_period = _cents(monthly * covered_months)
        if not duration.within_limit:
            beyond_from = latest_end + timedelta(days=1)
            beyond_to = duration.end_date
            beyond_months = months_between(beyond_from, beyond_to)
            if reference is not None:
                beyond_salary = _cents(reference * beyond_months)
    else:
        if duration.limit_hours is None:
            raise ValueError("a part-time duration cover has a limit in hours")
        covered_hours = min(duration.training_hours, Decimal(duration.limit_hours))
        if monthly is not None:
            over_period = _cents(monthly * covered_hours / MONTHLY_HOURS)
        beyond_hours = duration.hours_over_limit
        if reference is not None and beyond_hours > ZERO:
            beyond_salary = _cents(reference * beyond_hours / MONTHLY_HOURS)
    remaining = RemainingCost(
        pedagogic_ht=pedagogic.not_covered_ht,
        salary_monthly=monthly,
        salary_covered_months=covered_months,
        salary_covered_hours=covered_hours,
        salary_over_period=over_period,
        company_hours=company.not_covered,
        beyond_limit_from=beyond_from,
        beyond_limit_to=beyond_to,
        beyond_limit_months=beyond_months,
        beyond_limit_hours=beyond_hours if beyond_hours else None,
        beyond_limit_salary=beyond_salary,
    )
    remaining.lines.extend(_remaining_lines(remaining))
    return remaining


def _remaining_lines(r: RemainingCost) -> list[RemainingLine]:
    lines = [
        RemainingLine(
            "pedagogic",
            _("Coût pédagogique non pris en charge"),
            r.pedagogic_ht,
            None,
            _("%(amount)s € HT") % {"amount": money(r.pedagogic_ht)},
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
            _("%(hours)s h") % {"hours": hours(r.company_hours)},
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


def pedagogic_cover(cost_ht: Decimal, centre_hours: Decimal, rules: FundingRules) -> PedagogicCover:
    """Two cumulative caps: a total and an hourly cap × the hours in the centre (not PAE)."""
    # rounded down: covering one more cent would exceed the hourly cap
    hourly_amount = _cents(rules.pedagogic_hourly_cap_ht * centre_hours, ROUND_DOWN)
    total_cap = rules.pedagogic_total_cap_ht
    covered = min(cost_ht, total_cap, hourly_amount)
    if covered == cost_ht:
        limited_by = None
    elif covered == total_cap:  # when both caps bind equally, the total cap is named
        limited_by = TOTAL_CAP
    else:
        limited_by = HOURLY_CAP
    not_covered = cost_ht - covered
    return PedagogicCover(
        cost_ht=cost_ht,
        centre_hours=centre_hours,
        total_cap_ht=total_cap,
        total_cap_ttc=ttc(total_cap, rules),
        hourly_cap_ht=rules.pedagogic_hourly_cap_ht,
        hourly_cap_ttc=ttc(rules.pedagogic_hourly_cap_ht, rules),
        hourly_cap_amount_ht=hourly_amount,
        covered_ht=covered,
        covered_ttc=ttc(covered, rules),
        not_covered_ht=not_covered,
        not_covered_ttc=ttc(not_covered, rules),
        limited_by=limited_by,
    )


def salary_cover(reference: Decimal | None, smic: Smic | None, rules: FundingRules) -> SalaryCover:
    """100 % of the reference salary up to 2 × SMIC included, 90 % above but never less than
    2 × SMIC (the regulation's floor), with the SMIC applying on the start date."""
    threshold = _cents(rules.salary_threshold_smic_multiple * smic.monthly_gross) if smic else None
    if reference is None or threshold is None:
        rate = covered = not_covered = None
    else:
        rate = (
            rules.salary_full_rate_percent
            if reference <= threshold
            else rules.salary_reduced_rate_percent
        )
        covered = _cents(reference * rate / HUNDRED)
        if reference > threshold:
            covered = max(covered, threshold)  # 90 % never pays less than 2 × SMIC
        not_covered = reference - covered
    return SalaryCover(
        reference_monthly=reference,
        smic_monthly=smic.monthly_gross if smic else None,
        smic_valid_from=smic.valid_from if smic else None,
        threshold_monthly=threshold,
        rate_percent=rate,
        covered_monthly=covered,
        not_covered_monthly=not_covered,
    )


def company_hours_cover(
    planned: Decimal, centre_hours: Decimal, required: Decimal, rules: FundingRules
) -> CompanyHoursCover:
    """PAE covered up to 30 % of the centre hours, or the hours the certification requires if
    more: covered = min(planned, max(30 % × centre hours, required))."""
    # rounded down: the share is a ceiling
    share_hours = _cents(centre_hours * rules.company_hours_share_percent / HUNDRED, ROUND_DOWN)
    covered = min(planned, max(share_hours, required))
    return CompanyHoursCover(
        planned=planned,
        share_percent=rules.company_hours_share_percent,
        share_hours=share_hours,
        required_by_certification=required,
        covered=covered,
        not_covered=planned - covered,
    )


def duration_cover(figures: PathFigures, rules: FundingRules) -> DurationCover:
    """Salary cover: 12 months full time (the path ends at the latest the day before the same
    date a year later), 1,200 hours of training (centre + PAE) part time or discontinuous."""
    training_hours = figures.centre_hours + figures.company_hours
    if figures.schedule == FULL_TIME:
        latest = last_day_of_months(figures.start_date, rules.full_time_max_months)
        return DurationCover(
            schedule=figures.schedule,
            within_limit=figures.end_date <= latest,
            limit_months=rules.full_time_max_months,
            latest_end_date=latest,
            end_date=figures.end_date,
            limit_hours=None,
            training_hours=training_hours,
            hours_over_limit=ZERO,
        )
    limit = Decimal(rules.part_time_max_hours)
    return DurationCover(
        schedule=figures.schedule,
        within_limit=training_hours <= limit,
        limit_months=None,
        latest_end_date=None,
        end_date=figures.end_date,
        limit_hours=rules.part_time_max_hours,
        training_hours=training_hours,
        hours_over_limit=max(training_hours - limit, ZERO),
    )


def is_long_interruption(figures: PathFigures, rules: FundingRules) -> bool:
    """A continuous interruption of work of 6 months or more: full time, and start..end (both
    included) lasts at least 6 months."""
    if figures.schedule != FULL_TIME:
        return False
    return figures.end_date >= last_day_of_months(
        figures.start_date, rules.long_interruption_months
    )


def deadlines_for(figures: PathFigures, rules: FundingRules) -> Deadlines:
    """Complete file 3 months before the start; leave request 120 or 60 days before it."""
    file_due_by = add_months(figures.start_date, -rules.file_due_months_before)
    long = is_long_interruption(figures, rules)
    notice = rules.leave_notice_long_days if long else rules.leave_notice_short_days
    return Deadlines(
        file_due_by=file_due_by,
        submitted_on=figures.submitted_on,
        file_on_time=figures.submitted_on <= file_due_by,
        long_interruption=long,
        leave_notice_days=notice,
        leave_request_due_by=figures.start_date - timedelta(days=notice),
    )


def input_errors(start_date: date | None, end_date: date | None) -> dict[str, str]:
    """Cross-field checks shared by the simulator form and the API serializer."""
    if start_date and end_date and end_date < start_date:
        return {"end_date": _("La fin prévue doit être postérieure ou égale au début prévu.")}
    return {}


# ---------------------------------------------------------------- figures for people


def ttc(amount_ht: Decimal, rules: FundingRules) -> Decimal:
    return _cents(amount_ht * (HUNDRED + rules.vat_rate_percent) / HUNDRED)


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


def day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def schedule_label(schedule: str) -> str:
    return {
        FULL_TIME: _("temps plein"),
        PART_TIME: _("temps partiel"),
        DISCONTINUOUS: _("discontinu"),
    }.get(schedule, schedule)


def _cents(value: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    return value.quantize(CENT, rounding=rounding)


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(_cents(Decimal(value)))


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


# ---------------------------------------------------------------- lines and messages


def _pedagogic_line(p: PedagogicCover) -> Line:
    if p.limited_by == TOTAL_CAP:
        why = _("Plafond du coût pédagogique total : %(cap)s € HT (%(cap_ttc)s € TTC).") % {
            "cap": money(p.total_cap_ht),
            "cap_ttc": money(p.total_cap_ttc),
        }
    elif p.limited_by == HOURLY_CAP:
        why = _(
            "Plafond horaire : %(rate)s € HT (%(rate_ttc)s € TTC) × %(hours)s h en centre = "
            "%(amount)s € HT."
        ) % {
            "rate": money(p.hourly_cap_ht),
            "rate_ttc": money(p.hourly_cap_ttc),
            "hours": hours(p.centre_hours),
            "amount": money(p.hourly_cap_amount_ht),
        }
    else:
        why = _("Sous les deux plafonds (%(total)s € HT au total, %(rate)s € HT par heure).") % {
            "total": money(p.total_cap_ht),
            "rate": money(p.hourly_cap_ht),
        }
    return Line(
        line="pedagogic",
        label=_("Coût pédagogique"),
        covered=_("%(amount)s € HT") % {"amount": money(p.covered_ht)},
        not_covered=_("%(amount)s € HT") % {"amount": money(p.not_covered_ht)},
        why=why,
        ok=p.not_covered_ht == ZERO,
    )


def _pedagogic_messages(p: PedagogicCover) -> list[str]:
    if p.limited_by == TOTAL_CAP:
        return [
            _(
                "Le coût pédagogique (%(cost)s € HT) dépasse le plafond total de %(cap)s € HT "
                "(%(cap_ttc)s € TTC) : %(covered)s € HT sont pris en charge, %(rest)s € HT ne le "
                "sont pas."
            )
            % {
                "cost": money(p.cost_ht),
                "cap": money(p.total_cap_ht),
                "cap_ttc": money(p.total_cap_ttc),
                "covered": money(p.covered_ht),
                "rest": money(p.not_covered_ht),
            }
        ]
    if p.limited_by == HOURLY_CAP:
        return [
            _(
                "Le coût pédagogique (%(cost)s € HT) dépasse le plafond horaire de %(rate)s € HT "
                "par heure en centre : %(hours)s h × %(rate)s € = %(amount)s € HT pris en charge "
                "au plus, %(rest)s € HT ne le sont pas. Les heures de PAE ne comptent pas dans ce "
                "plafond."
            )
            % {
                "cost": money(p.cost_ht),
                "rate": money(p.hourly_cap_ht),
                "hours": hours(p.centre_hours),
                "amount": money(p.hourly_cap_amount_ht),
                "rest": money(p.not_covered_ht),
            }
        ]
    return [
        _("Le coût pédagogique (%(cost)s € HT) est pris en charge en totalité.")
        % {"cost": money(p.cost_ht)}
    ]


def _salary_line(s: SalaryCover, figures: PathFigures, rules: FundingRules) -> Line:
    label = _("Rémunération")
    if s.smic_monthly is None:
        why = _("Aucun SMIC enregistré au %(day)s.") % {"day": day(figures.start_date)}
        return Line("salary", label, "—", "—", why, ok=False)
    if s.rate_percent is None:
        return Line("salary", label, "—", "—", _("Salaire de référence non renseigné."), ok=False)
    # known SMIC and salary: the threshold and both amounts are computed
    assert s.threshold_monthly is not None and s.covered_monthly is not None
    assert s.not_covered_monthly is not None
    why = _(
        "%(rate)s %% : salaire %(relation)s %(multiple)s × SMIC (%(threshold)s € au %(day)s)."
    ) % {
        "rate": percent(s.rate_percent),
        "relation": _("inférieur ou égal à")
        if s.rate_percent == rules.salary_full_rate_percent
        else _("supérieur à"),
        "multiple": percent(rules.salary_threshold_smic_multiple),
        "threshold": money(s.threshold_monthly),
        "day": day(figures.start_date),
    }
    if (
        s.rate_percent != rules.salary_full_rate_percent
        and s.covered_monthly == s.threshold_monthly
    ):
        covered = _("%(multiple)s × SMIC (plancher), soit %(amount)s € par mois") % {
            "multiple": percent(rules.salary_threshold_smic_multiple),
            "amount": money(s.covered_monthly),
        }
    else:
        covered = _("%(rate)s %% du salaire, soit %(amount)s € par mois") % {
            "rate": percent(s.rate_percent),
            "amount": money(s.covered_monthly),
        }
    return Line(
        line="salary",
        label=label,
        covered=covered,
        not_covered=_("%(amount)s € par mois") % {"amount": money(s.not_covered_monthly)},
        why=why,
        ok=s.not_covered_monthly == ZERO,
    )


def _salary_messages(s: SalaryCover, figures: PathFigures, rules: FundingRules) -> list[str]:
    if s.smic_monthly is None:
        return [
            _(
                "La prise en charge du salaire n'a pas pu être calculée : aucun SMIC n'est "
                "enregistré au %(day)s. Un administrateur doit ajouter la valeur du SMIC en "
                "vigueur à cette date."
            )
            % {"day": day(figures.start_date)}
        ]
    assert s.threshold_monthly is not None  # a known SMIC gives the threshold
    if s.reference_monthly is None:
        return [
            _(
                "La prise en charge du salaire n'a pas pu être calculée : le salaire mensuel brut "
                "de référence n'est pas renseigné. Indiquez-le pour connaître le taux (%(full)s %% "
                "jusqu'à %(threshold)s €, soit %(multiple)s × SMIC, %(reduced)s %% au-delà)."
            )
            % {
                "full": percent(rules.salary_full_rate_percent),
                "reduced": percent(rules.salary_reduced_rate_percent),
                "threshold": money(s.threshold_monthly),
                "multiple": percent(rules.salary_threshold_smic_multiple),
            }
        ]
    assert s.rate_percent is not None  # known SMIC and salary give the rate
    params = {
        "salary": money(s.reference_monthly),
        "threshold": money(s.threshold_monthly),
        "multiple": percent(rules.salary_threshold_smic_multiple),
        "smic": money(s.smic_monthly),
        "day": day(figures.start_date),
        "rate": percent(s.rate_percent),
    }
    if s.rate_percent == rules.salary_full_rate_percent:
        return [
            _(
                "Le salaire de référence (%(salary)s €) ne dépasse pas %(multiple)s × le SMIC en "
                "vigueur au début du parcours (%(multiple)s × %(smic)s € = %(threshold)s € au "
                "%(day)s) : il est pris en charge à %(rate)s %%."
            )
            % params
        ]
    return [
        _(
            "Le salaire de référence (%(salary)s €) dépasse %(multiple)s × le SMIC en vigueur au "
            "début du parcours (%(multiple)s × %(smic)s € = %(threshold)s € au %(day)s) : il est "
            "pris en charge à %(rate)s %% : la rémunération pendant la formation est calculée sur "
            "cette base, informez-en le salarié."
        )
        % params,
        *(
            [
                _(
                    "%(rate)s %% du salaire serait inférieur à %(multiple)s × SMIC : la prise en "
                    "charge est portée à ce plancher, soit %(threshold)s € par mois."
                )
                % params
            ]
            if s.covered_monthly == s.threshold_monthly
            else []
        ),
    ]


def _company_line(c: CompanyHoursCover) -> Line:
    if c.required_by_certification > c.share_hours:
        why = _("Volume exigé par la certification : %(required)s h.") % {
            "required": hours(c.required_by_certification)
        }
    else:
        why = _("%(share)s %% des heures en centre : %(hours)s h au plus.") % {
            "share": percent(c.share_percent),
            "hours": hours(c.share_hours),
        }
    return Line(
        line="company_hours",
        label=_("Période d'application en entreprise (PAE)"),
        covered=_("%(hours)s h") % {"hours": hours(c.covered)},
        not_covered=_("%(hours)s h") % {"hours": hours(c.not_covered)},
        why=why,
        ok=c.not_covered == ZERO,
    )


def _company_messages(c: CompanyHoursCover) -> list[str]:
    messages = []
    if c.not_covered > ZERO:
        if c.required_by_certification > c.share_hours:
            messages.append(
                _(
                    "La PAE prévue (%(planned)s h) dépasse le volume exigé par la certification "
                    "(%(required)s h) : %(rest)s h ne sont pas prises en charge."
                )
                % {
                    "planned": hours(c.planned),
                    "required": hours(c.required_by_certification),
                    "rest": hours(c.not_covered),
                }
            )
        else:
            messages.append(
                _(
                    "La PAE prévue (%(planned)s h) dépasse %(share)s %% des heures en centre "
                    "(%(hours)s h) : %(rest)s h ne sont pas prises en charge. Si le référentiel de "
                    "la certification impose plus d'heures en entreprise, indiquez ce volume : il "
                    "sera pris en charge."
                )
                % {
                    "planned": hours(c.planned),
                    "share": percent(c.share_percent),
                    "hours": hours(c.share_hours),
                    "rest": hours(c.not_covered),
                }
            )
    elif c.planned > ZERO:
        messages.append(
            _("Les %(planned)s h de PAE prévues sont prises en charge.")
            % {"planned": hours(c.planned)}
        )
    if c.planned > ZERO:
        messages.append(
            _(
                "La rémunération n'est pas prise en charge pendant une PAE qui se déroule chez "
                "l'employeur du salarié : prévoyez-la dans une autre entreprise."
            )
        )
    if c.required_by_certification > c.planned:
        messages.append(
            _(
                "La certification exige %(required)s h de PAE mais le parcours n'en prévoit que "
                "%(planned)s h : vérifiez le parcours."
            )
            % {"required": hours(c.required_by_certification), "planned": hours(c.planned)}
        )
    return messages


def _duration_line(d: DurationCover) -> Line:
    label = _("Durée de prise en charge de la rémunération")
    if d.schedule == FULL_TIME:
        assert d.latest_end_date is not None  # full time: a limit in months
        covered = _("jusqu'au %(day)s") % {"day": day(d.latest_end_date)}
        not_covered = (
            "—"
            if d.within_limit
            else _("du %(from)s au %(to)s")
            % {"from": day(d.latest_end_date + timedelta(days=1)), "to": day(d.end_date)}
        )
        why = _("À temps plein : %(months)s mois au plus.") % {"months": d.limit_months}
    else:
        assert d.limit_hours is not None  # part time or discontinuous: a limit in hours
        covered = _("%(hours)s h") % {"hours": hours(min(d.training_hours, Decimal(d.limit_hours)))}
        not_covered = _("%(hours)s h") % {"hours": hours(d.hours_over_limit)}
        why = _("À %(schedule)s : %(limit)s h de formation au plus (centre + PAE).") % {
            "schedule": schedule_label(d.schedule),
            "limit": hours(Decimal(d.limit_hours)),
        }
    return Line("duration", label, covered, not_covered, why, ok=d.within_limit)


def _duration_messages(d: DurationCover) -> list[str]:
    if d.schedule == FULL_TIME:
        if d.within_limit:
            return []
        assert d.latest_end_date is not None  # full time: a limit in months
        return [
            _(
                "À temps plein, la rémunération est prise en charge %(months)s mois au plus, soit "
                "jusqu'au %(latest)s ; le parcours finit le %(end)s. Raccourcissez le parcours ou "
                "prévoyez un autre financement pour la rémunération au-delà."
            )
            % {
                "months": d.limit_months,
                "latest": day(d.latest_end_date),
                "end": day(d.end_date),
            }
        ]
    if d.within_limit:
        return []
    assert d.limit_hours is not None  # part time or discontinuous: a limit in hours
    return [
        _(
            "À %(schedule)s, la rémunération est prise en charge pour %(limit)s h de formation au "
            "plus ; le parcours en compte %(hours)s (centre + PAE), soit %(over)s h au-delà. "
            "Réduisez le volume d'heures ou prévoyez un autre financement pour ces heures."
        )
        % {
            "schedule": schedule_label(d.schedule),
            "limit": hours(Decimal(d.limit_hours)),
            "hours": hours(d.training_hours),
            "over": hours(d.hours_over_limit),
        }
    ]


def _deadlines_line(dl: Deadlines, rules: FundingRules) -> Line:
    why = _(
        "Dossier complet au plus tard le %(file)s (%(months)s mois avant le début) ; demande "
        "d'absence à l'employeur au plus tard le %(leave)s (%(days)s jours avant)."
    ) % {
        "file": day(dl.file_due_by),
        "months": rules.file_due_months_before,
        "leave": day(dl.leave_request_due_by),
        "days": dl.leave_notice_days,
    }
    # never « dans les délais » once a date has passed, the leave request's included
    late = []
    if not dl.file_on_time:
        late.append(_("dossier hors délai : non recevable"))
    if not dl.leave_on_time:
        late.append(_("demande d'absence : date limite dépassée"))
    soon = []
    if dl.file_on_time and dl.file_due_soon:
        soon.append(_("dossier : date limite %(when)s") % {"when": _days(dl.file_days_left)})
    if dl.leave_on_time and dl.leave_due_soon:
        soon.append(
            _("demande d'absence : date limite %(when)s") % {"when": _days(dl.leave_days_left)}
        )
    if late:
        covered = "—"
    elif soon:
        covered = _("dans les délais, mais de justesse (%(soon)s)") % {
            "soon": " ; ".join(str(item) for item in soon)
        }
    else:
        covered = _("dossier et demande d'absence dans les délais")
    return Line(
        line="deadlines",
        label=_("Délais de dépôt"),
        covered=covered,
        not_covered=" ; ".join(str(item) for item in late) if late else "—",
        why=why,
        ok=not late,
    )


def _deadline_messages(dl: Deadlines, rules: FundingRules) -> list[str]:
    params = {
        "file": day(dl.file_due_by),
        "months": rules.file_due_months_before,
        "submitted": day(dl.submitted_on),
        "leave": day(dl.leave_request_due_by),
        "days": dl.leave_notice_days,
        "long": rules.long_interruption_months,
    }
    if dl.file_on_time:
        messages = [
            _(
                "Le dossier complet doit parvenir à Transitions Pro au plus tard le %(file)s "
                "(%(months)s mois avant le début de la formation)."
            )
            % params
        ]
    else:
        messages = [
            _(
                "Le dossier complet devait parvenir à Transitions Pro au plus tard le %(file)s "
                "(%(months)s mois avant le début) : déposé le %(submitted)s, il serait rejeté "
                "comme non recevable. Reportez la date de début de la formation."
            )
            % params
        ]
    if not dl.leave_on_time:
        messages.append(
            _(
                "La date limite de la demande d'absence à l'employeur (%(leave)s, %(days)s jours "
                "avant le début) est dépassée : sans autorisation d'absence déjà obtenue, "
                "reportez la date de début de la formation."
            )
            % params
        )
    elif dl.long_interruption:
        messages.append(
            _(
                "Le salarié doit demander son autorisation d'absence à l'employeur au plus tard "
                "le %(leave)s (%(days)s jours avant le début : interruption continue de travail "
                "de %(long)s mois ou plus)."
            )
            % params
        )
    else:
        messages.append(
            _(
                "Le salarié doit demander son autorisation d'absence à l'employeur au plus tard "
                "le %(leave)s (%(days)s jours avant le début : interruption de moins de %(long)s mois, "
                "ou formation à temps partiel ou discontinue)."
            )
            % params
        )
    return messages
