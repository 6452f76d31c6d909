"""The PTP funding rules (C4, financial engineering) as figures: what is covered under the rule set
in force at a path's start date — the pedagogic cost under its caps, the salary rate against
2 × SMIC, the duration of salary cover, the in-company placement (PAE) hours, the deadlines — and
what remains to be funded. The words that explain these figures are in `explain/`.

Plain data in, plain data out (dataclasses, `Decimal`, `date`): no ORM, no request.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

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

# The SMIC is revalued at least every 1st of January: a value older than this at the start date
# means the table probably misses one.
SMIC_STALE_AFTER_MONTHS = 13
# Legal monthly hours of a 35-hour week (35 × 52 / 12): an hour of salary is the monthly salary / this.
MONTHLY_HOURS = Decimal("151.67")
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


# ---------------------------------------------------------------- what is covered


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

    @property
    def near_days(self) -> int:
        """How many days ahead a deadline counts as near (DEADLINE_NEAR_DAYS)."""
        return DEADLINE_NEAR_DAYS


@dataclass(frozen=True)
class RemainingCost:
    """What stays to be funded by the organisation, the employer or co-funders."""

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


# ---------------------------------------------------------------- the rules


def smic_is_outdated(start_date: date, smic: Smic | None) -> bool:
    """No SMIC known for the start date, or the one in force then dates from more than 13 months
    before it (a revaluation is probably missing from the table)."""
    if smic is None:
        return True
    return smic.valid_from < add_months(start_date, -SMIC_STALE_AFTER_MONTHS)


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
    return RemainingCost(
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


def file_due_by(start_date: date, months_before: int) -> date:
    """The last day to send a path's complete file: `months_before` months (the rule set's
    `file_due_months_before`; 3 in the PTP guide) before its start — 05/09/2022 → 05/06/2022,
    31/05 → 28/02 (or 29/02). The one definition: the funding check here, and through
    `paths.funding_data.file_due_dates` the worklist and the reminders."""
    return add_months(start_date, -months_before)


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
    file_due = file_due_by(figures.start_date, rules.file_due_months_before)
    long = is_long_interruption(figures, rules)
    notice = rules.leave_notice_long_days if long else rules.leave_notice_short_days
    return Deadlines(
        file_due_by=file_due,
        submitted_on=figures.submitted_on,
        file_on_time=figures.submitted_on <= file_due,
        long_interruption=long,
        leave_notice_days=notice,
        leave_request_due_by=figures.start_date - timedelta(days=notice),
    )


def input_errors(start_date: date | None, end_date: date | None) -> dict[str, str]:
    """Cross-field checks shared by the simulator form and the API serializer."""
    if start_date and end_date and end_date < start_date:
        return {"end_date": _("La fin prévue doit être postérieure ou égale au début prévu.")}
    return {}


def ttc(amount_ht: Decimal, rules: FundingRules) -> Decimal:
    return _cents(amount_ht * (HUNDRED + rules.vat_rate_percent) / HUNDRED)


def _cents(value: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    return value.quantize(CENT, rounding=rounding)


@dataclass(frozen=True)
class Cover:
    """Everything the rules say about one path: what each item covers and what remains."""

    pedagogic: PedagogicCover
    salary: SalaryCover
    company_hours: CompanyHoursCover
    duration: DurationCover
    deadlines: Deadlines
    remaining: RemainingCost


def cover(figures: PathFigures, rules: FundingRules, smic: Smic | None) -> Cover:
    """The figures of the check: each item under the rules in force and the SMIC of the start
    date, and the remaining cost."""
    pedagogic = pedagogic_cover(figures.pedagogic_cost_ht, figures.centre_hours, rules)
    salary = salary_cover(figures.reference_monthly_salary, smic, rules)
    company = company_hours_cover(
        figures.company_hours, figures.centre_hours, figures.company_hours_required, rules
    )
    duration = duration_cover(figures, rules)
    return Cover(
        pedagogic=pedagogic,
        salary=salary,
        company_hours=company,
        duration=duration,
        deadlines=deadlines_for(figures, rules),
        remaining=remaining_cost_for(figures, pedagogic, salary, company, duration),
    )
