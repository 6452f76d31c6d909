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


# breakdowns over time, drawn as columns
SERIES = {"proposals_by_month"}


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


def _scale_ticks(top) -> list:
    """The values marked on the horizontal axis: 0, the middle and the largest value."""
    if not top:
        return [0]
    middle = top / 2
    if isinstance(top, int) and top % 2:
        middle = round(middle, 1)
    elif isinstance(top, int):
        middle = top // 2
    return [0, middle, top] if top > 1 else [0, top]


def bar_chart(values: dict, labels: dict | None = None, *, title: str, chart_id: str = ""):
    """A horizontal bar chart of a breakdown ({key: number}), as safe inline SVG markup: a vertical
    axis, each bar with its value, a scale under the bars and a legend. A row at zero shows a
    short mark and « 0 »; a breakdown that is zero everywhere says so instead of drawing rows."""
    labels = labels or {}
    chart_id = slugify(chart_id or title) or "graphique"
    numbers = [v for v in values.values() if isinstance(v, int | float)]
    top = max(numbers or [0])
    if not top:
        return format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-empty" viewBox="0 0 {} 40" '
            'font-family="system-ui, sans-serif" font-size="16" fill="#1d2433" '
            'role="img" aria-label="{}" aria-describedby="{}-desc" focusable="false">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
            '<text x="0" y="26" class="chart-empty-text">{}</text></svg>',
            WIDTH,
            title,
            chart_id,
            chart_id,
            title,
            chart_id,
            describe(values, labels),
            _("Aucune valeur sur la période."),
        )
    scale = (WIDTH - 70) / top
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
                # a zero keeps a visible mark on the axis, so the row reads as a bar at 0
                format_html(
                    '<line x1="0" y1="{}" x2="4" y2="{}" class="chart-zero" stroke="#4a5468" '
                    'stroke-width="3"/>',
                    y + 31,
                    y + 31,
                )
                if not value
                else "",
                min(width + 6, WIDTH - 60) if value else 10,
                y + 37,
                show(value),
            )
        )
    body = format_html_join(
        "",
        '<g class="chart-row"><title>{}</title>'
        '<text x="0" y="{}" class="chart-label">{}</text>'
        '<rect x="0" y="{}" width="{}" height="' + str(BAR) + '" class="chart-bar" fill="#0b4f8a"/>'
        "{}"
        '<text x="{}" y="{}" class="chart-value">{}</text></g>',
        bars,
    )
    axis_y = height + 4
    ticks = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#4a5468"/>'
        '<text x="{}" y="{}" text-anchor="{}" class="chart-tick" font-size="13">{}</text>',
        (
            (
                round(tick * scale, 1),
                axis_y,
                round(tick * scale, 1),
                axis_y + 5,
                round(tick * scale, 1),
                axis_y + 20,
                "start" if tick == 0 else "middle",
                show(tick),
            )
            for tick in _scale_ticks(top)
        ),
    )
    axes = format_html(
        '<g class="chart-axes" aria-hidden="true">'
        '<line x1="0" y1="0" x2="0" y2="{}" stroke="#4a5468"/>'
        '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="#4a5468"/>{}'
        '<rect x="0" y="{}" width="14" height="14" fill="#0b4f8a"/>'
        '<text x="20" y="{}" font-size="13" class="chart-legend">{}</text></g>',
        axis_y,
        axis_y,
        WIDTH - 60,
        axis_y,
        ticks,
        axis_y + 32,
        axis_y + 44,
        _("Nombre (valeur au bout de chaque barre)"),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" '
        'font-family="system-ui, sans-serif" font-size="16" fill="#1d2433" '
        'role="img" aria-label="{}" aria-describedby="{}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}</svg>',
        WIDTH,
        height + 56,
        title,
        chart_id,
        chart_id,
        title,
        chart_id,
        describe(values, labels),
        body,  # built by format_html_join: every value is escaped
        axes,
    )


def column_chart(values: dict, labels: dict | None = None, *, title: str, chart_id: str = ""):
    """A series over time ({month: number}) as vertical columns on a baseline, months under it,
    each column with its value; a month at zero is a gap on the baseline, not a line of text."""
    labels = labels or {}
    chart_id = slugify(chart_id or title) or "graphique"
    top = max([v for v in values.values() if isinstance(v, int | float)] or [0])
    if not top or len(values) < 2:
        return bar_chart(values, labels, title=title, chart_id=chart_id)
    plot_top, plot_height = 24, 160
    step = (WIDTH - 10) / len(values)
    width = max(min(step * 0.7, 40), 3)
    columns = []
    for index, (key, value) in enumerate(values.items()):
        x = round(10 + index * step + (step - width) / 2, 1)
        height = round((value or 0) * plot_height / top, 1)
        label = labels.get(key, key)
        shown = show(value) if value else ""
        columns.append(
            (
                f"{label} : {show(value)}",
                x,
                plot_top + plot_height - height,
                width,
                height,
                round(x + width / 2, 1),
                plot_top + plot_height - height - 6,
                shown,
            )
        )
    body = format_html_join(
        "",
        '<g class="chart-row"><title>{}</title>'
        '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar" fill="#0b4f8a"/>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="13" class="chart-value">{}</text></g>',
        columns,
    )
    baseline = plot_top + plot_height
    keys = list(values)
    # the first and last months and every sixth one under the baseline
    last = len(keys) - 1
    marks = [i for i in range(len(keys)) if (i % 6 == 0 and last - i >= 4) or i == last]

    def short(key):  # « 2025-03 » → « 03/2025 »
        year, _sep, month = str(key).partition("-")
        return f"{month}/{year}" if month else str(key)

    months = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="{}" font-size="12" class="chart-tick">{}</text>',
        (
            (
                8 if i == 0 else (WIDTH if i == last else round(10 + i * step + step / 2, 1)),
                baseline + 18,
                "start" if i == 0 else ("end" if i == last else "middle"),
                short(keys[i]),
            )
            for i in marks
        ),
    )
    axes = format_html(
        '<g class="chart-axes" aria-hidden="true">'
        '<line x1="8" y1="{}" x2="{}" y2="{}" stroke="#4a5468"/>'
        '<line x1="8" y1="{}" x2="8" y2="{}" stroke="#4a5468"/>'
        '<text x="10" y="14" font-size="12" class="chart-tick">{}</text>{}'
        '<rect x="10" y="{}" width="14" height="14" fill="#0b4f8a"/>'
        '<text x="30" y="{}" font-size="13" class="chart-legend">{}</text></g>',
        baseline,
        WIDTH,
        baseline,
        plot_top - 4,
        baseline,
        _("max. %(top)s") % {"top": show(top)},
        months,
        baseline + 30,
        baseline + 42,
        _("Nombre par mois (valeur au-dessus de chaque colonne)"),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" '
        'font-family="system-ui, sans-serif" font-size="16" fill="#1d2433" '
        'role="img" aria-label="{}" aria-describedby="{}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}</svg>',
        WIDTH,
        baseline + 50,
        title,
        chart_id,
        chart_id,
        title,
        chart_id,
        describe(values, labels),
        body,
        axes,
    )
