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
