"""Loading what the indicators count: a few `values()` queries for a period and a scope.

Nothing here computes an indicator; `reports/indicators.py` does, from the frames built here.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd
from django.db import connections
from django.db.models import F, FloatField, Func
from django.utils import timezone

from alerts.models import Alert
from paths.models import CommissionDecision, Lever, PathProposal, RefusalDialogue

PROPOSAL_COLUMNS = [
    "id",
    "organisation_id",
    "submitted_at",
    "first_feedback_at",
    "concerted_on",
    "status",
]
LEVER_COLUMNS = ["proposal_id", "code"]
DECISION_COLUMNS = ["proposal_id", "outcome", "reason", "decided_at"]
DIALOGUE_COLUMNS = [
    "proposal_id",
    "contacted_on",
    "contact_channel",
    "reason_stated_on",
    "reason_statement",
    "expectations_shared_on",
    "expectations",
    "outcome",
]
ALERT_COLUMNS = [
    "id",
    "organisation_id",
    "proposal_id",
    "category",
    "origin",
    "created_at",
    "acknowledged_at",
    "status",
    "outcome",
    "ack_due_on",
    "closed_at",
]


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included (Europe/Paris)."""

    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        first = timezone.make_aware(datetime.combine(self.start, time.min))
        after = timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))
        return first, after


@dataclass(frozen=True)
class Scope:
    """One organisation, one département, or the whole network (both None)."""

    organisation_id: int | None = None
    departement: str | None = None

    def filter(self, queryset, prefix: str = ""):
        if self.organisation_id is not None:
            queryset = queryset.filter(**{f"{prefix}organisation_id": self.organisation_id})
        if self.departement:
            queryset = queryset.filter(**{f"{prefix}organisation__departement": self.departement})
        return queryset


@dataclass
class Dataset:
    period: Period
    scope: Scope
    proposals: pd.DataFrame  # submitted in the period
    levers: pd.DataFrame  # of those proposals
    decisions: pd.DataFrame  # the last decision of each of those proposals
    dialogues: pd.DataFrame  # refusal dialogues of those proposals
    alerts: pd.DataFrame  # raised in the period
    alert_levers: pd.DataFrame  # levers of the proposals the alerts point to
    feedback_target_days: int
    declared_paths: int | None = None  # PTP trainees the organisation declares for the period


def _frame(queryset, columns) -> pd.DataFrame:
    """The rows as a frame, without a Python object per value: moments (`*_at`) come as epoch
    seconds from PostgreSQL and as ISO text from SQLite, and pandas converts whole columns at
    once (UTC; shown in Paris time by the callers). Days (`*_on`) become `datetime.date`."""
    moments = [column for column in columns if column.endswith("_at")]
    postgres = connections[queryset.db].vendor == "postgresql"
    if postgres:
        queryset = queryset.annotate(**{f"{column}__epoch": _Epoch(column) for column in moments})
        selected = [f"{column}__epoch" if column in moments else column for column in columns]
    else:
        selected = columns
    sql, params = queryset.values_list(*selected).query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        frame = pd.DataFrame.from_records(cursor.fetchall(), columns=columns)
    for column in moments:
        values = frame[column]
        if postgres:
            micros = (pd.to_numeric(values, errors="coerce") * 1_000_000).round()
            frame[column] = pd.to_datetime(micros.astype("Int64"), unit="us", utc=True)
        else:
            frame[column] = pd.to_datetime(values, utc=True, format="ISO8601")
    for column in columns:
        if column.endswith("_on") and frame[column].map(type).eq(str).any():
            frame[column] = frame[column].map(
                lambda day: date.fromisoformat(day) if isinstance(day, str) else None
            )
    return frame


class _Epoch(Func):
    """PostgreSQL: a moment as seconds since 1970 (a float, cheaper to load than a datetime)."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)::double precision"
    output_field = FloatField()

    def __init__(self, column):
        super().__init__(F(column))


def load(
    period: Period, scope: Scope, feedback_target_days: int, declared_paths: int | None = None
) -> Dataset:
    first, after = period.bounds()
    proposals_qs = scope.filter(
        PathProposal.objects.filter(submitted_at__gte=first, submitted_at__lt=after)
    )
    proposals = _frame(proposals_qs, PROPOSAL_COLUMNS)
    in_period = proposals_qs.values("pk")
    levers = _frame(Lever.objects.filter(proposal__in=in_period), LEVER_COLUMNS)
    decisions = _frame(
        CommissionDecision.objects.filter(proposal__in=in_period).order_by("decided_at", "pk"),
        DECISION_COLUMNS,
    ).drop_duplicates("proposal_id", keep="last")
    dialogues = _frame(RefusalDialogue.objects.filter(proposal__in=in_period), DIALOGUE_COLUMNS)
    alerts_qs = scope.filter(Alert.objects.filter(created_at__gte=first, created_at__lt=after))
    alerts = _frame(alerts_qs, ALERT_COLUMNS)
    alert_levers = _frame(
        Lever.objects.filter(
            proposal__in=alerts_qs.filter(proposal__isnull=False).values("proposal_id")
        ),
        LEVER_COLUMNS,
    )
    return Dataset(
        period,
        scope,
        proposals,
        levers,
        decisions,
        dialogues,
        alerts,
        alert_levers,
        feedback_target_days,
        declared_paths,
    )
