"""A proposal's row-level facts, each defined once as a query expression, and nowhere else: the
indicators (reports/indicators.py), the detail sheets (reports/details.py), the benchmark's floor
and, through `PathProposal.objects.with_facts()` (annotations `concerted`,
`response_whole_days`), the proposal page, the review queue and its CSV, the commission's pages
and the API (`is_concerted`) all read these. There is no Python twin on the model: a proposal in
memory is read again through `with_facts()` (tests/reports/test_indicators_edges.py checks the
page and the sheets agree at Paris midnight)."""

from datetime import datetime

from django.db.models import Exists, Func, OuterRef, Q

from charter_portal.expressions import LocalDate, Seconds, per


def concerted(prefix: str = "", span: tuple[datetime, datetime] | None = None) -> Q:
    """Concerted before submission (C2): a first contact dated on or before the day of the
    submission (Paris), or a draft with a first contact. `prefix` reaches a proposal from a
    related row (`"proposal__"`); `span`, the moments most submissions fall in (a report's
    period), makes the Paris day cheaper on SQLite (`LocalDate`)."""
    submitted_on = LocalDate(f"{prefix}submitted_at", span)
    return Q(**{f"{prefix}concerted_on__isnull": False}) & (
        Q(**{f"{prefix}submitted_at__isnull": True})
        | Q(**{f"{prefix}concerted_on__lte": submitted_on})
    )


def response_days(prefix: str = "") -> Func:
    """Days from submission to Transitions Pro's first feedback (C4); null while none."""
    return per(Seconds(f"{prefix}first_feedback_at", f"{prefix}submitted_at"), 86400)


def is_last_decision() -> Q:
    """On `CommissionDecision`: the proposal's last decision (latest `decided_at`, then id),
    the one that counts."""
    from paths.models import CommissionDecision

    later = CommissionDecision.objects.filter(proposal=OuterRef("proposal")).filter(
        Q(decided_at__gt=OuterRef("decided_at"))
        | Q(decided_at=OuterRef("decided_at"), pk__gt=OuterRef("pk"))
    )
    return ~Q(Exists(later))
