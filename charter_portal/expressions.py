"""Query expressions the apps build their row-level facts from (paths/facts.py, alerts/facts.py):
what both databases compute the same way, so that a figure is the same on SQLite and PostgreSQL."""

from django.db.models import F, FloatField, Func


class Seconds(Func):
    """Seconds from `earlier` to `later` (two moments), as a float; null if either is null.

    PostgreSQL subtracts exactly (an interval, to the microsecond); SQLite subtracts Julian days
    (doubles, ~40 µs of error at today's dates), rounded to the millisecond so that whole
    seconds stay whole and a median falls where a hand computation puts it."""

    output_field = FloatField()

    def __init__(self, later: str, earlier: str):
        super().__init__(F(later), F(earlier))

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision",
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
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
