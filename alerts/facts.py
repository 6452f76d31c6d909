"""An alert's row-level facts, each defined once as a query expression: the indicators
(reports/indicators.py), the detail sheets (reports/details.py) and the benchmark's floor read
these."""

from datetime import date, datetime

from django.db.models import Func, Q

from charter_portal.expressions import LocalDate, Seconds, per


def acknowledgement_hours() -> Func:
    """Hours from the alert's emission to its acknowledgement (C7); null until acknowledged."""
    return per(Seconds("acknowledged_at", "created_at"), 3600)


def closing_days() -> Func:
    """Days from the alert's emission to its closing (C7); null until closed."""
    return per(Seconds("closed_at", "created_at"), 86400)


def acknowledged_in_time(span: tuple[datetime, datetime] | None = None) -> Q:
    """Acknowledged on or before the day it was due (Paris days, C7). `span`: the moments most
    acknowledgements fall in, which makes the Paris day cheaper on SQLite (`LocalDate`)."""
    return Q(acknowledged_at__isnull=False) & Q(ack_due_on__gte=LocalDate("acknowledged_at", span))


def waiting_past_due(today: date) -> Q:
    """Not acknowledged, and the day it was due is past."""
    return Q(acknowledged_at__isnull=True, ack_due_on__lt=today)
