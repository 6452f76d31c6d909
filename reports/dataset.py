"""What the indicators count, for a period and a scope: the querysets of the proposals submitted
and the alerts raised in the period, and the figures already aggregated from them.

Nothing here computes an indicator; `reports/indicators.py` does, each by aggregates the database
computes (a few queries per report, one per table), never by loading the rows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from alerts.models import Alert
from paths.models import PathProposal


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included (Europe/Paris)."""

    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        first = timezone.make_aware(datetime.combine(self.start, time.min))
        after = timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))
        return first, after

    def months(self) -> list[tuple[str, datetime, datetime]]:
        """Each month the period touches: its key (`YYYY-MM`) and its first and next month's
        first moments (Paris)."""
        zone = timezone.get_default_timezone()
        months = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            following = (year + 1, 1) if month == 12 else (year, month + 1)
            months.append(
                (
                    f"{year:04d}-{month:02d}",
                    datetime(year, month, 1, tzinfo=zone),
                    datetime(*following, 1, tzinfo=zone),
                )
            )
            year, month = following
        return months


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
    feedback_target_days: int
    declared_paths: int | None = None  # PTP trainees the organisation declares for the period
    _figures: dict[str, Any] = field(default_factory=dict, repr=False)

    def submitted_in_period(self, prefix: str = "") -> Q:
        """The proposals submitted in the period and the scope, seen from `prefix`'s rows
        (`"proposal__"` from a lever, a decision, a dialogue)."""
        first, after = self.period.bounds()
        return Q(**{f"{prefix}submitted_at__gte": first, f"{prefix}submitted_at__lt": after})

    def related(self, queryset: QuerySet, prefix: str = "proposal__") -> QuerySet:
        """Rows of another table belonging to the proposals counted (by a join, no subquery)."""
        return self.scope.filter(queryset.filter(self.submitted_in_period(prefix)), prefix)

    @cached_property
    def proposals(self) -> QuerySet:  # submitted in the period
        return self.related(PathProposal.objects.order_by(), prefix="")

    @cached_property
    def alerts(self) -> QuerySet:  # raised in the period
        first, after = self.period.bounds()
        return self.scope.filter(
            Alert.objects.filter(created_at__gte=first, created_at__lt=after).order_by()
        )

    def figures(self, key: str, compute: Callable[[], Any]) -> Any:
        """`compute()`'s result, computed once per dataset: indicators reading the same table
        share one query."""
        if key not in self._figures:
            self._figures[key] = compute()
        return self._figures[key]


def load(
    period: Period, scope: Scope, feedback_target_days: int, declared_paths: int | None = None
) -> Dataset:
    """The dataset of a report; its figures are queried when the indicators first read them."""
    return Dataset(period, scope, feedback_target_days, declared_paths)
