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

from django.utils.formats import number_format
from django.utils.translation import gettext as _

ZERO = Decimal("0")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")

FULL_TIME = "full_time"
PART_TIME = "part_time"
DISCONTINUOUS = "discontinuous"
SCHEDULES = (FULL_TIME, PART_TIME, DISCONTINUOUS)

TOTAL_CAP = "total_cap"
HOURLY_CAP = "hourly_cap"


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

    def as_json(self) -> dict:
        """The fixed JSON contract of POST /api/v1/funding-check/ (and of the feedback snapshot)."""
        p, s, c, d, dl = (
            self.pedagogic,
            self.salary,
            self.company_hours,
            self.duration,
            self.deadlines,
        )
        return {
            "rule_set": {"name": self.rules.name, "valid_from": _iso(self.rules.valid_from)},
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


def check(figures: PathFigures, rules: FundingRules, smic: Smic | None) -> FundingCheck:
    """What Transitions Pro can cover for this path under these rules, line by line."""
    pedagogic = pedagogic_cover(figures.pedagogic_cost_ht, figures.centre_hours, rules)
    salary = salary_cover(figures.reference_monthly_salary, smic, rules)
    company = company_hours_cover(
        figures.company_hours, figures.centre_hours, figures.company_hours_required, rules
    )
    duration = duration_cover(figures, rules)
    deadlines = deadlines_for(figures, rules)
    remaining = pedagogic.not_covered_ht

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
    )


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
    """100 % of the reference salary up to 2 × SMIC included, 90 % above (the SMIC applying on
    the start date)."""
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


def _cents(value: Decimal, rounding=ROUND_HALF_UP) -> Decimal:
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
    return Line(
        line="salary",
        label=label,
        covered=_("%(rate)s %% du salaire, soit %(amount)s € par mois")
        % {"rate": percent(s.rate_percent), "amount": money(s.covered_monthly)},
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
        % params
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
        covered = _("jusqu'au %(day)s") % {"day": day(d.latest_end_date)}
        not_covered = (
            "—"
            if d.within_limit
            else _("du %(from)s au %(to)s")
            % {"from": day(d.latest_end_date + timedelta(days=1)), "to": day(d.end_date)}
        )
        why = _("À temps plein : %(months)s mois au plus.") % {"months": d.limit_months}
    else:
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
    return Line(
        line="deadlines",
        label=_("Délais de dépôt"),
        covered="—" if late else _("dossier et demande d'absence dans les délais"),
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
