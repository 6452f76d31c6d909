"""Query expressions the apps build their row-level facts from (paths/facts.py, alerts/facts.py):
what both databases compute the same way, so that a figure is the same on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from django.db.models import F, FloatField, Func
from django.db.models.functions import TruncDate
from django.utils import timezone


class Seconds(Func):
    """Seconds from `earlier` to `later` (two moments), as a float; null if either is null.

    PostgreSQL subtracts exactly (an interval, to the microsecond); SQLite subtracts Julian days
    (doubles, ~40 µs of error at today's dates), rounded to the millisecond so that whole
    seconds stay whole and a median falls where a hand computation puts it."""

    output_field = FloatField()

    def __init__(self, later: str, earlier: str) -> None:
        super().__init__(F(later), F(earlier))

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision",
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="ROUND((julianday(%(expressions)s)) * 86400.0, 3)",
            arg_joiner=") - julianday(",
            **extra,
        )


def per(seconds: Func, unit_seconds: int) -> Func:
    """A duration in seconds expressed in another unit (hours: 3600, days: 86400)."""
    return Func(
        seconds, template=f"(%(expressions)s / {float(unit_seconds)!r})", output_field=FloatField()
    )


class LocalDate(TruncDate):
    """The day a moment falls on in the portal's time zone (Europe/Paris).

    PostgreSQL converts natively. SQLite would call Python once per row (Django's
    `django_datetime_cast_date`); for moments inside `span` (two aware datetimes: a report's
    period, say) it adds instead the zone's UTC offset of each stretch between two clock changes,
    read from the zone database, to the stored UTC text with SQLite's `date()`. Moments outside
    the span still go through Django's function, so the day is right for any row."""

    def __init__(
        self, expression: Any, span: tuple[datetime, datetime] | None = None, **extra: Any
    ) -> None:
        super().__init__(expression, tzinfo=timezone.get_default_timezone(), **extra)
        self.span = span

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        fallback, fallback_params = self.as_sql(compiler, connection)
        if not self.span:
            return fallback, fallback_params
        moment, params = compiler.compile(self.lhs)
        whens, whens_params = [f"WHEN {moment} IS NULL THEN NULL"], [*params]
        start = self.span[0]
        whens.append(f"WHEN {moment} < %s THEN {fallback}")
        whens_params += [*params, _utc_text(start), *fallback_params]
        for until, offset in _stretches(self.tzinfo, *self.span):
            whens.append(f"WHEN {moment} < %s THEN date({moment}, %s)")
            whens_params += [*params, _utc_text(until), *params, f"{offset:+d} seconds"]
        sql = f"CASE {' '.join(whens)} ELSE {fallback} END"
        return sql, (*whens_params, *fallback_params)


def _utc_text(moment: datetime) -> str:
    """A moment as SQLite stores it (UTC, `YYYY-MM-DD HH:MM:SS`), for text comparison."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _stretches(zone: tzinfo, start: datetime, end: datetime) -> list[tuple[datetime, int]]:
    """From `start` to `end`, each stretch of constant UTC offset in `zone`: (the moment it
    ends, its offset in seconds), in order; the last one ends at `end`."""
    stretches, moment = [], start.astimezone(UTC)
    end = end.astimezone(UTC)

    def offset(at: datetime) -> int:
        return int((at.astimezone(zone).utcoffset() or timedelta()).total_seconds())

    while moment < end:
        current, step = offset(moment), moment
        while step < end and offset(min(step + timedelta(days=1), end)) == current:
            step = min(step + timedelta(days=1), end)
        if step < end:  # the offset changes within the next day: find the microsecond
            low, high = step, min(step + timedelta(days=1), end)
            while high - low > timedelta(microseconds=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if offset(middle) == current else (low, middle)
            step = high
        stretches.append((step, current))
        moment = step
    return stretches
