"""Bar charts drawn on the server as inline SVG: no JavaScript, no external resource.

Each chart carries its own accessible name (<title>, aria-label) and a short description (<desc>);
the page puts the chart's data table right after it for screen readers and for print.
"""

from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alerts.models import AlertOutcome, Category, Origin
from paths.models import DecisionOutcome, LeverCode

WIDTH = 420  # viewBox units; the SVG scales to the width of its container
ROW = 46  # one row: its label on a line, the bar under it
BAR = 18
LABEL_MAX = 44  # characters; the full label is in the bar's <title> and in the data table

# the French labels of each breakdown's keys
CHOICES = {
    "proposals_by_lever": LeverCode,
    "secured_paths_levers": LeverCode,
    "decisions_by_outcome": DecisionOutcome,
    "alerts_by_category": Category,
    "alerts_by_origin": Origin,
    "alerts_by_outcome": AlertOutcome,
}


def key_labels(code: str, keys) -> dict[str, str]:
    """What people read for each key of a breakdown: a choice's label, or a month by its name."""
    choices = CHOICES.get(code)
    labels = {}
    for key in keys:
        if choices is not None:
            labels[key] = str(dict(choices.choices).get(key, key))
        elif code == "proposals_by_month":
            labels[key] = month_label(key)
        else:
            labels[key] = str(key)
    return labels


def month_label(key: str) -> str:
    """« 2022-03 » → « mars 2022 »."""
    try:
        year, month = (int(part) for part in key.split("-"))
        return date_format(date(year, month, 1), "F Y")
    except ValueError:
        return key


def show(value) -> str:
    """A figure as French readers write it (decimal comma)."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return number_format(value, decimal_pos=1)
    return number_format(value)


def rows(values: dict, labels: dict) -> list[tuple[str, str, object]]:
    """(key, label, value) for a breakdown, in its own order: the chart's data table."""
    return [(key, labels.get(key, key), value) for key, value in values.items()]


def _short(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1].rstrip() + "…"


def describe(values: dict, labels: dict) -> str:
    """One sentence saying what the chart shows, for those who do not see it."""
    total = sum(v for v in values.values() if isinstance(v, int | float))
    if not total:
        return _("Aucune valeur sur la période.")
    top_key = max(values, key=lambda k: values[k] or 0)
    return ngettext(
        "Total : %(total)s sur %(count)s catégorie. La plus élevée : %(label)s (%(value)s).",
        "Total : %(total)s sur %(count)s catégories. La plus élevée : %(label)s (%(value)s).",
        len(values),
    ) % {
        "total": show(total),
        "count": len(values),
        "label": labels.get(top_key, top_key),
        "value": show(values[top_key]),
    }


def bar_chart(values: dict, labels: dict | None = None, *, title: str, chart_id: str = ""):
    """A horizontal bar chart of a breakdown ({key: number}), as safe inline SVG markup."""
    labels = labels or {}
    chart_id = slugify(chart_id or title) or "graphique"
    top = max([v for v in values.values() if isinstance(v, int | float)] or [0])
    scale = (WIDTH - 70) / top if top else 0
    height = max(ROW * len(values), ROW)
    bars = []
    for index, (key, value) in enumerate(values.items()):
        label = labels.get(key, key)
        y = index * ROW
        width = round((value or 0) * scale, 1)
        bars.append(
            (
                f"{label} : {show(value)}",
                y + 16,
                _short(label),
                y + 22,
                width,
                min(width + 6, WIDTH - 60),
                y + 37,
                show(value),
            )
        )
    body = format_html_join(
        "",
        '<g class="chart-row"><title>{}</title>'
        '<text x="0" y="{}" class="chart-label">{}</text>'
        '<rect x="0" y="{}" width="{}" height="' + str(BAR) + '" class="chart-bar" fill="#0b4f8a"/>'
        '<text x="{}" y="{}" class="chart-value">{}</text></g>',
        bars,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" '
        'font-family="system-ui, sans-serif" font-size="16" fill="#1d2433" '
        'role="img" aria-label="{}" aria-describedby="{}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        height,
        title,
        chart_id,
        chart_id,
        title,
        chart_id,
        describe(values, labels),
        body,  # built by format_html_join: every value is escaped
    )
