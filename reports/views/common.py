"""What the reports' pages share: indicators laid out in sections with their charts, a stored
file served to those who may see its snapshot, and the versions of a snapshot."""

import tempfile

from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from charter_portal import roles
from charter_portal.files import serve_file
from reports import charts
from reports import report as reports
from reports.exports import csv as csv_export
from reports.exports import redact
from reports.indicators import BREAKDOWN, DAYS, HOURS, PERCENT

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"

# the dashboard's sections, in the charter's order; an indicator listed nowhere goes last
SECTIONS = [
    (
        "proposals",
        gettext_lazy("Propositions de parcours individualisés"),
        [
            "proposals_submitted",
            "proposals_concerted",
            "proposals_accepted",
            "proposals_withdrawn",
            "individualised_share",
            "proposals_by_month",
            "proposals_by_lever",
        ],
    ),
    (
        "feedback",
        gettext_lazy("Retours de Transitions Pro sur les propositions"),
        ["feedback_median_days", "feedback_p90_days", "feedback_within_target_share"],
    ),
    (
        "commission",
        gettext_lazy("Commission paritaire et dialogues après refus"),
        [
            "decisions_by_outcome",
            "acceptance_rate_concerted",
            "acceptance_rate_not_concerted",
            "coherence_refusals",
            "refusal_dialogues_completed_share",
        ],
    ),
    (
        "alerts",
        gettext_lazy("Alertes sur les parcours des stagiaires"),
        [
            "alerts_total",
            "alert_ack_median_hours",
            "alerts_acknowledged_in_time_share",
            "alerts_close_median_days",
            "alerts_by_outcome",
            "alerts_by_category",
            "alerts_by_origin",
        ],
    ),
    (
        "secured",
        gettext_lazy("Leviers des parcours sécurisés"),
        ["secured_paths_levers"],
    ),
]
UNITS = {
    PERCENT: gettext_lazy("%"),
    DAYS: gettext_lazy("jours"),
    HOURS: gettext_lazy("heures"),
}


def figure(row: dict, prefix: str = "") -> dict:
    """One indicator ready for a template: its value as read, or its chart and data table."""
    item = {**row, "id": f"{prefix}{row['code']}".replace("_", "-")}
    if row.get("unit") == BREAKDOWN or isinstance(row["value"], dict):
        values = row["value"] or {}
        labels = charts.key_labels(row["code"], values)
        item["breakdown"] = True
        draw = charts.column_chart if row["code"] in charts.SERIES else charts.bar_chart
        item["chart"] = draw(values, labels, title=row["label"], chart_id=f"chart-{item['id']}")
        item["rows"] = [
            (label, charts.show(value)) for _key, label, value in charts.rows(values, labels)
        ]
    else:
        item["breakdown"] = False
        item["shown"] = charts.show(row["value"])
        item["unit_label"] = (
            UNITS.get(row.get("unit") or "", "") if row["value"] is not None else ""
        )
        item["missing"] = row["value"] is None
    return item


def sections(indicators: list[dict], prefix: str = "") -> list[dict]:
    """The indicators grouped as the dashboard shows them, figures first, then charts."""
    by_code = {row["code"]: row for row in indicators}
    laid_out = []
    placed = set()
    for key, title, codes in SECTIONS:
        items = [figure(by_code[code], prefix) for code in codes if code in by_code]
        placed.update(codes)
        if items:
            laid_out.append(_section(key, title, items))
    others = [figure(row, prefix) for row in indicators if row["code"] not in placed]
    if others:
        laid_out.append(_section("others", _("Autres indicateurs"), others))
    return laid_out


def _section(key, title, items):
    return {
        "key": key,
        "title": title,
        "figures": [item for item in items if not item["breakdown"]],
        "charts": [item for item in items if item["breakdown"]],
    }


def by_code(indicators: list[dict], prefix: str = "") -> dict:
    return {row["code"]: figure(row, prefix) for row in indicators}


def serve(field, filename: str, content_type: str):
    """A snapshot's stored file, as it was generated."""
    return serve_file(field, filename=filename, content_type=content_type, as_attachment=True)


def serve_workbook(snapshot, user, filename: str):
    """A snapshot's stored workbook; for a reader who may not see alert data, the same workbook
    without it (C8), filtered now whatever the stored file holds. Neither while the worker is
    still writing the files (as `serve_csv`, so both links appear and answer together)."""
    if not snapshot.files_ready:
        raise Http404
    if roles.may_see_alerts(user):
        return serve(snapshot.workbook, filename, XLSX)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 — the response closes it once sent
    try:
        with snapshot.workbook.open("rb") as stored:
            redact.write_without_alerts(
                stored, reports.from_snapshot(snapshot).for_user(user), handle
            )
    except FileNotFoundError as exc:
        handle.close()
        raise Http404 from exc
    handle.seek(0)
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def serve_csv(snapshot, user, filename: str):
    """A snapshot's stored CSV; for a reader who may not see alert data, the same CSV written again
    from the frozen figures without the alert indicators (C8). Neither while the worker is still
    writing the files."""
    if not snapshot.files_ready:
        raise Http404
    if roles.may_see_alerts(user):
        return serve(snapshot.csv_file, filename, CSV)
    response = HttpResponse(
        csv_export.write(reports.from_snapshot(snapshot).for_user(user)), content_type=CSV
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_stem(kind: str, snapshot) -> str:
    if snapshot.organisation_id:
        scope = f"organisme-{snapshot.organisation_id}"
    elif snapshot.departement:
        scope = f"departement-{snapshot.departement}"
    else:
        scope = "reseau"
    return f"{kind}-{scope}-{snapshot.period_start:%Y%m%d}-{snapshot.period_end:%Y%m%d}-v{snapshot.version}"


def versions(snapshot, user):
    """Every version of the same report (same scope and period) the user may see, newest first."""
    return (
        type(snapshot)
        .objects.visible_to(user)
        .filter(
            organisation_id=snapshot.organisation_id,
            departement=snapshot.departement,
            period_start=snapshot.period_start,
            period_end=snapshot.period_end,
        )
        .select_related("generated_by")
        .order_by("-version")
    )
