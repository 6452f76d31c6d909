"""Charts are inline SVG drawn on the server: named, described, escaped, and sized to their data."""

import re

from reports import charts


def test_a_bar_chart_is_an_accessible_image_with_one_bar_per_key():
    svg = charts.bar_chart(
        {"hybrid": 3, "digital": 1, "other": 0},
        {"hybrid": "Hybridation", "digital": "Digitalisation", "other": "Autre"},
        title="Propositions par levier",
        chart_id="levers",
    )
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img"' in svg
    assert 'aria-label="Propositions par levier"' in svg
    assert '<title id="levers-title">Propositions par levier</title>' in svg
    assert (
        '<desc id="levers-desc">Total : 4 sur 3 catégories. '
        "La plus élevée : Hybridation (3).</desc>" in svg
    )
    assert 'aria-describedby="levers-desc"' in svg
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths[0] > widths[1] > widths[2] == 0  # bars in proportion
    assert abs(widths[0] - 3 * widths[1]) < 0.5
    assert "<script" not in svg


def test_labels_are_escaped_and_long_ones_shortened():
    label = "<b>" + "Aménagement (durée ajustée après positionnement) " * 2
    svg = charts.bar_chart({"x": 2}, {"x": label}, title="Levier <i>")
    assert "<b>" not in svg and "<i>" not in svg
    assert "&lt;b&gt;" in svg
    assert "…" in svg  # shortened in the drawing; whole in the bar's title and the data table


def test_an_empty_breakdown_says_so():
    svg = charts.bar_chart({"a": 0, "b": 0}, title="Issue des alertes")
    assert "Aucune valeur sur la période." in svg


def test_keys_read_in_french():
    assert charts.key_labels("proposals_by_month", ["2022-02"]) == {"2022-02": "février 2022"}
    assert charts.key_labels("alerts_by_origin", ["trainee"]) == {"trainee": "Stagiaire"}
    assert charts.show(12.5) == "12,5"
    assert charts.show(None) == "—"


def test_a_bar_chart_has_axes_a_scale_and_a_legend_and_zero_rows_keep_a_mark():
    """Top value 4: the scale reads 0, 2 and 4; the zero row shows a mark and « 0 »."""
    svg = charts.bar_chart({"a": 4, "b": 0}, {"a": "Alpha", "b": "Bêta"}, title="Par levier")
    assert '<g class="chart-axes"' in svg
    ticks = re.findall(r'class="chart-tick" font-size="13">([^<]+)<', svg)
    assert ticks == ["0", "2", "4"]
    assert "Nombre (valeur au bout de chaque barre)" in svg
    assert svg.count('class="chart-zero"') == 1
    values = re.findall(r'class="chart-value">([^<]+)<', svg)
    assert values == ["4", "0"]


def test_a_breakdown_at_zero_everywhere_is_one_sentence_not_a_list_of_labels():
    svg = charts.bar_chart({"a": 0, "b": 0}, {"a": "Alpha", "b": "Bêta"}, title="Issue")
    assert "Alpha" not in svg and "Bêta" not in svg
    assert "chart-empty" in svg


def test_months_are_columns_on_a_baseline_with_their_values():
    """Twelve months, two with proposals (3 in March, 1 in November): two visible columns."""
    months = {f"2025-{m:02d}": 0 for m in range(1, 13)} | {"2025-03": 3, "2025-11": 1}
    svg = charts.column_chart(months, charts.key_labels("proposals_by_month", months), title="Mois")
    heights = [
        float(h)
        for h in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"', svg)
    ]
    assert len(heights) == 12 + 1  # a column per month, and the legend's swatch
    assert heights[2] == 160 and abs(heights[10] - 160 / 3) < 0.1 and heights[0] == 0
    assert re.findall(r'class="chart-value">([^<]+)<', svg) == ["3", "1"]
    assert "01/2025" in svg and "12/2025" in svg  # the first and last months under the baseline
    assert "<title>mars 2025 : 3</title>" in svg
