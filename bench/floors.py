"""The floors of the bench's figures, measured in the same run: what the same result costs by the
plainest means on the same rows, so that a figure is read as a ratio that holds on any machine.

- indicators: the same counts and medians by SQL aggregates (`GROUP BY`, `COUNT`, medians by
  `percentile_cont` on PostgreSQL, by `ORDER BY … LIMIT … OFFSET` on SQLite);
- the workbook: the same rows written as CSV (bench/workbook.py --format csv);
- pages: a bare Django view rendering a page of the same size (bench/urls.py).
"""

from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth

PARIS = ZoneInfo("Europe/Paris")


def _median(table: str, expression: str, where: str, params: list, nearest_rank=None):
    """The median (or, with `nearest_rank`, that percentile by nearest rank) of `expression`."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            function = (
                f"percentile_disc({nearest_rank})" if nearest_rank else "percentile_cont(0.5)"
            )
            cursor.execute(
                f"SELECT {function} WITHIN GROUP (ORDER BY {expression}) "  # noqa: S608
                f"FROM {table} WHERE {where}",
                params,
            )
            value = cursor.fetchone()[0]
            return None if value is None else float(value)
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}", params)  # noqa: S608
        count = cursor.fetchone()[0]
        if not count:
            return None
        if nearest_rank:
            offset, limit = -(-int(nearest_rank * 100) * count // 100) - 1, 1
        else:
            offset, limit = (count - 1) // 2, 2 - count % 2
        cursor.execute(
            f"SELECT {expression} AS v FROM {table} WHERE {where} "  # noqa: S608
            f"ORDER BY v LIMIT {limit} OFFSET {offset}",
            params,
        )
        values = [row[0] for row in cursor.fetchall()]
        return sum(values) / len(values)


def _seconds(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"
    return f"((julianday({later}) - julianday({earlier})) * 86400.0)"


def network_indicators(period) -> dict:
    """The network's indicators that are counts and medians, by SQL alone (same rows as
    reports/dataset.py: proposals submitted, alerts raised in the period)."""
    from alerts.models import Alert
    from paths.models import CommissionDecision, Lever, PathProposal

    first, after = period.bounds()
    proposals = PathProposal.objects.filter(submitted_at__gte=first, submitted_at__lt=after)
    alerts = Alert.objects.filter(created_at__gte=first, created_at__lt=after)
    figures = {
        "proposals_submitted": proposals.count(),
        "proposals_concerted": proposals.concerted().count(),
        "proposals_by_lever": dict(
            Lever.objects.filter(proposal__in=proposals.values("pk"))
            .values_list("code")
            .annotate(n=Count("pk"))
            .order_by()
        ),
        "proposals_by_month": {
            month.strftime("%Y-%m"): count
            for month, count in proposals.annotate(month=TruncMonth("submitted_at", tzinfo=PARIS))
            .values_list("month")
            .annotate(n=Count("pk"))
            .order_by()
        },
        "decisions_by_outcome": dict(
            CommissionDecision.objects.filter(proposal__in=proposals.values("pk"))
            .exclude(
                Exists(
                    CommissionDecision.objects.filter(proposal=OuterRef("proposal")).filter(
                        Q(decided_at__gt=OuterRef("decided_at"))
                        | Q(decided_at=OuterRef("decided_at"), pk__gt=OuterRef("pk"))
                    )
                )
            )
            .values_list("outcome")
            .annotate(n=Count("pk"))
            .order_by()
        ),
        "alerts_total": alerts.count(),
        "alerts_by_category": dict(
            alerts.values_list("category").annotate(n=Count("pk")).order_by()
        ),
        "alerts_by_origin": dict(alerts.values_list("origin").annotate(n=Count("pk")).order_by()),
        "alerts_by_outcome": dict(
            alerts.exclude(outcome="").values_list("outcome").annotate(n=Count("pk")).order_by()
        ),
    }
    proposal_table, alert_table = PathProposal._meta.db_table, Alert._meta.db_table
    answered = "submitted_at >= %s AND submitted_at < %s AND first_feedback_at IS NOT NULL"
    delay = _seconds("first_feedback_at", "submitted_at")
    days = _median(proposal_table, delay, answered, [first, after])
    p90 = _median(proposal_table, delay, answered, [first, after], nearest_rank=0.9)
    figures["feedback_median_days"] = None if days is None else round(days / 86400, 1)
    figures["feedback_p90_days"] = None if p90 is None else round(p90 / 86400, 1)
    acknowledged = "created_at >= %s AND created_at < %s AND acknowledged_at IS NOT NULL"
    hours = _median(
        alert_table, _seconds("acknowledged_at", "created_at"), acknowledged, [first, after]
    )
    figures["alert_ack_median_hours"] = None if hours is None else round(hours / 3600, 1)
    return figures


def differences(figures: dict, report) -> list[str]:
    """The indicators whose floor does not give the report's value (zeros left out of
    breakdowns): an empty list means the floor computed the same figures."""
    wrong = []
    for code, expected in figures.items():
        value = report.value(code)
        if isinstance(value, dict):
            value = {key: count for key, count in value.items() if count}
            expected = {key: count for key, count in expected.items() if count}
        if value != expected:
            wrong.append(code)
    return wrong
