"""The PTP funding check (C4, financial engineering): a pure function from a path's figures and the
rule set in force at its start date to what is covered, what is not, why, and the remaining cost.

Plain data in, plain data out (dataclasses, `Decimal`, `date`): no ORM, no request. Figures come
from `paths/funding_data.py`, which loads the rule set and the SMIC from the database.

- `rules.py`: the figures — caps, salary rate against 2 × SMIC, duration of salary cover, PAE
  hours, deadlines, remaining cost.
- `explain/`: the same in the user's words — the result table's lines (`table.py`), the
  explanations (`verdicts.py`), the warnings (`notices.py`), the remaining cost item by item
  (`remaining.py`).
- here: `check()`, which puts both together in one `FundingCheck`.

What it checks: the pedagogic cost against the total and hourly caps, the salary rate against
2 × SMIC, the duration of salary cover (1 year full time / 1,200 h part time or discontinuous),
the in-company placement (PAE) hours against 30 % of the centre hours, the deadline of the
complete file and of the leave request. What it does not: eligibility by contract (seniority),
the employer's answer to the leave request, mobility aid (frais annexes), the FIPU fund, the
employer's social charges on the salary, the commission's priorities and budget.

Its JSON has one definition, `FundingCheckResultSerializer` in `paths/api/funding.py` (the API's
answer, the feedback's snapshot): money, hours and percentages are strings with two decimals
("12000.00", "180.00", "100.00"), so no figure goes through a float; dates are ISO (YYYY-MM-DD);
counts of months and days are integers.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from paths.funding import explain
from paths.funding.explain import (
    DEADLINE_NEAR,
    QUALIOPI_MISSING,
    SMIC_MAY_BE_OUTDATED,
    ExplainedRemainingCost,
    FundingWarning,
    Line,
    RemainingLine,
)
from paths.funding.rules import (
    DEADLINE_NEAR_DAYS,
    DISCONTINUOUS,
    FULL_TIME,
    HOURLY_CAP,
    PART_TIME,
    SCHEDULES,
    TOTAL_CAP,
    CompanyHoursCover,
    Deadlines,
    DurationCover,
    FundingRules,
    PathFigures,
    PedagogicCover,
    RemainingCost,
    SalaryCover,
    Smic,
    add_months,
    cover,
    input_errors,
    smic_is_outdated,
)

__all__ = [
    "DEADLINE_NEAR",
    "DEADLINE_NEAR_DAYS",
    "DISCONTINUOUS",
    "FULL_TIME",
    "HOURLY_CAP",
    "PART_TIME",
    "QUALIOPI_MISSING",
    "SCHEDULES",
    "SMIC_MAY_BE_OUTDATED",
    "TOTAL_CAP",
    "CompanyHoursCover",
    "Deadlines",
    "DurationCover",
    "ExplainedRemainingCost",
    "FundingCheck",
    "FundingRules",
    "FundingWarning",
    "Line",
    "PathFigures",
    "PedagogicCover",
    "RemainingCost",
    "RemainingLine",
    "SalaryCover",
    "Smic",
    "add_months",
    "check",
    "input_errors",
    "smic_is_outdated",
]


@dataclass(frozen=True)
class FundingCheck:
    """The check of one path: the rules' figures item by item, and their explanation."""

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
    remaining: ExplainedRemainingCost | None = None


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
    covered = cover(figures, rules, smic)
    return FundingCheck(
        rules=rules,
        figures=figures,
        pedagogic=covered.pedagogic,
        salary=covered.salary,
        company_hours=covered.company_hours,
        duration=covered.duration,
        deadlines=covered.deadlines,
        remaining_cost_ht=covered.pedagogic.not_covered_ht,
        lines=explain.lines(covered, figures, rules),
        messages=explain.messages(covered, figures, rules),
        warnings=explain.warnings(covered, figures, smic, qualiopi_certified),
        remaining=explain.remaining_cost(covered.remaining),
    )
