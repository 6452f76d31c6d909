"""What the reports' pages share: indicators laid out in sections with their charts, a stored
file served to those who may see its snapshot, and the versions of a snapshot."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from charter_portal.files import serve_file
from reports import charts
from reports.indicators import BREAKDOWN, DAYS, HOURS, PERCENT

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"

# the dashboard's sections, in the charter's order; an indicator listed nowhere goes last
SECTIONS = [
    (
        "proposals",
        gettext_lazy("Propositions de parcours (C1 à C3)"),
        [
            "proposals_submitted",
            "proposals_concerted",
            "individualised_share",
            "proposals_by_month",
            "proposals_by_lever",
        ],
    ),
    (
        "feedback",
        gettext_lazy("Retours de Transitions Pro (C4)"),
        ["feedback_median_days", "feedback_p90_days", "feedback_within_target_share"],
    ),
    (
        "commission",
        gettext_lazy("Commission et dialogues après refus (C5, C6)"),
        ["decisions_by_outcome", "coherence_refusals", "refusal_dialogues_completed_share"],
    ),
    (
        "alerts",
        gettext_lazy("Alertes (C7)"),
        [
            "alerts_total",
            "alert_ack_median_hours",
            "alerts_by_outcome",
            "alerts_by_category",
            "alerts_by_origin",
        ],
    ),
    (
        "secured",
        gettext_lazy("Leviers des parcours sécurisés (C11)"),
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
        item["unit_label"] = UNITS.get(row.get("unit"), "") if row["value"] is not None else ""
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
