"""The benchmark reads the network's indicators against a floor, the same figures by SQL
aggregates (bench/floors.py): that floor must give the very values the report computes, on both
databases, or its ratio would compare different work. No timing here."""

import datetime

from bench import floors
from reports.dataset import Period, Scope
from reports.report import build


def test_the_sql_floor_gives_the_report_s_figures(records):
    """Over the first half of 2022 (see conftest): 3 proposals, 1 concerted (PA1, contacted on
    05/01 before its submission on 10/01); feedback after 5 and 20 days, so a median of 12.5 and
    a 90th centile (nearest rank: ⌈0.9 × 2⌉ = 2nd) of 20.0; 2 alerts, one acknowledged after 6 h."""
    period = Period(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
    figures = floors.network_indicators(period)
    assert figures["proposals_submitted"] == 3
    assert figures["proposals_concerted"] == 1
    assert figures["proposals_by_month"] == {"2022-01": 1, "2022-02": 2}
    assert figures["feedback_median_days"] == 12.5
    assert figures["feedback_p90_days"] == 20.0
    assert figures["alerts_total"] == 2
    assert figures["alert_ack_median_hours"] == 6.0
    assert floors.differences(figures, build(period, Scope())) == []
