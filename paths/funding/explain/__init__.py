"""The funding check in the user's words: each figure of `rules.py` as a line of the result table
(what is covered, what is not, why), the explanations to read below it, the warnings to read
before trusting it, and the remaining cost item by item.

French through gettext; numbers in the active language's format (`money`, `hours`, `percent`).

- `table.py`: the result table's lines (`Line`, `lines`).
- `verdicts.py`: the explanations below it (`messages`).
- `notices.py`: the warnings (`FundingWarning`, their codes, `warnings`).
- `remaining.py`: the remaining cost item by item (`RemainingLine`, `remaining_cost`).
- `words.py`: figures, dates and schedules as people read them, shared by the four.
"""

from paths.funding.explain.notices import (
    DEADLINE_NEAR,
    QUALIOPI_MISSING,
    SMIC_MAY_BE_OUTDATED,
    FundingWarning,
    warnings,
    warnings_for,
)
from paths.funding.explain.remaining import ExplainedRemainingCost, RemainingLine, remaining_cost
from paths.funding.explain.table import Line, lines
from paths.funding.explain.verdicts import messages
from paths.funding.explain.words import (
    day,
    euros_ht,
    hours,
    hours_h,
    money,
    percent,
    schedule_label,
)

__all__ = [
    "DEADLINE_NEAR",
    "QUALIOPI_MISSING",
    "SMIC_MAY_BE_OUTDATED",
    "ExplainedRemainingCost",
    "FundingWarning",
    "Line",
    "RemainingLine",
    "day",
    "euros_ht",
    "hours",
    "hours_h",
    "lines",
    "messages",
    "money",
    "percent",
    "remaining_cost",
    "schedule_label",
    "warnings",
    "warnings_for",
]
