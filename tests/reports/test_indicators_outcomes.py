"""The indicators of what proposals and alerts became, against figures computed by hand.

Period 01/01/2022 → 30/06/2022, organisation A; « today » is after the period.

  proposal  submitted  concerted on           last decision              counts as
  Q1        10/01      05/01 (before: yes)    accepted                   concerted, accepted
  Q2        20/01      25/01 (after: no)      accepted_with_adjustments  not concerted, accepted
  Q3        01/02      —                      refused                    not concerted, refused
  Q4        15/02      10/02 (yes)            refused                    concerted, refused
  Q5        01/03      01/03 (same day: yes)  postponed                  not decided: left out
  Q6        10/03      —                      (withdrawn by the OF)      withdrawn
  Q7        20/03      —                      —                          waiting
  Q8        25/03      —                      accepted                   not concerted, accepted

  proposals_accepted            = Q1, Q2, Q8                       = 3
  proposals_withdrawn           = Q6                               = 1
  acceptance_rate_concerted     = Q1 accepted / (Q1, Q4)           = 1/2 = 50.0 %
  acceptance_rate_not_concerted = Q2, Q8 accepted / (Q2, Q3, Q8)   = 2/3 = 66.7 %

  alert  raised        due by  acknowledged       closed         in time?          days to close
  E1     01/03 10:00   03/03   02/03 09:00        11/03 10:00    yes               10
  E2     07/03 09:00   09/03   10/03 09:00        11/03 09:00    no (a day late)   4
  E3     01/04 10:00   05/04   —                  —              no (still open)   —
  E4     01/06 10:00   03/06   03/06 17:00        —              yes (on the day)  —

  alerts_acknowledged_in_time_share = E1, E4 / (E1, E2, E3, E4) = 2/4 = 50.0 %
  alerts_close_median_days          = median(10, 4)             = 7.0
"""

import datetime

import pytest

from alerts.models import Alert
from paths.models import CommissionDecision, ProposalStatus
from reports.dataset import Period, Scope, load
from reports.indicators import compute_all
from tests.factories import CommissionSessionFactory
from tests.reports.conftest import at, submitted_proposal

PERIOD = Period(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
D = datetime.date


def _decide(proposal, outcome, session, user):
    CommissionDecision.objects.create(
        proposal=proposal,
        session=session,
        outcome=outcome,
        reason="incoherent_path" if outcome == "refused" else "",
        decided_by=user,
        decided_at=at(2022, 4, 12),
    )


def _alert(org, raised, due, acknowledged=None, closed=None):
    return Alert.objects.create(
        organisation=org,
        trainee_reference="STG-1",
        category="dropout_risk",
        origin="of",
        description="…",
        created_at=raised,
        ack_due_on=due,
        acknowledged_at=acknowledged,
        closed_at=closed,
        status="closed" if closed else ("acknowledged" if acknowledged else "open"),
        outcome="secured" if closed else "",
    )


@pytest.fixture
def outcomes(org_a, path_analyst):
    session = CommissionSessionFactory(held_on=D(2022, 4, 12))
    q = {
        name: submitted_proposal(org_a, at(2022, *day), None, concerted)
        for name, day, concerted in [
            ("Q1", (1, 10), D(2022, 1, 5)),
            ("Q2", (1, 20), D(2022, 1, 25)),
            ("Q3", (2, 1), None),
            ("Q4", (2, 15), D(2022, 2, 10)),
            ("Q5", (3, 1), D(2022, 3, 1)),
            ("Q6", (3, 10), None),
            ("Q7", (3, 20), None),
            ("Q8", (3, 25), None),
        ]
    }
    for name, outcome in [
        ("Q1", "accepted"),
        ("Q2", "accepted_with_adjustments"),
        ("Q3", "refused"),
        ("Q4", "refused"),
        ("Q5", "postponed"),
        ("Q8", "accepted"),
    ]:
        _decide(q[name], outcome, session, path_analyst)
    type(q["Q6"]).objects.filter(pk=q["Q6"].pk).update(status=ProposalStatus.WITHDRAWN)
    _alert(org_a, at(2022, 3, 1, 10), D(2022, 3, 3), at(2022, 3, 2), at(2022, 3, 11, 10))
    _alert(org_a, at(2022, 3, 7), D(2022, 3, 9), at(2022, 3, 10), at(2022, 3, 11))
    _alert(org_a, at(2022, 4, 1, 10), D(2022, 4, 5))
    _alert(org_a, at(2022, 6, 1, 10), D(2022, 6, 3), at(2022, 6, 3, 17))
    return q


def _values(scope):
    return {row["code"]: row["value"] for row in compute_all(load(PERIOD, scope, 15))}


def test_what_proposals_and_alerts_became(outcomes, org_a):
    v = _values(Scope(org_a.pk))

    assert v["proposals_submitted"] == 8
    assert v["proposals_accepted"] == 3
    assert v["proposals_withdrawn"] == 1
    assert v["acceptance_rate_concerted"] == 50.0
    assert v["acceptance_rate_not_concerted"] == 66.7
    assert v["alerts_acknowledged_in_time_share"] == 50.0
    assert v["alerts_close_median_days"] == 7.0


def test_nothing_decided_nor_closed_gives_no_rate(org_a, org_b, outcomes):
    v = _values(Scope(org_b.pk))

    assert v["proposals_accepted"] == 0
    assert v["proposals_withdrawn"] == 0
    assert v["acceptance_rate_concerted"] is None
    assert v["acceptance_rate_not_concerted"] is None
    assert v["alerts_acknowledged_in_time_share"] is None
    assert v["alerts_close_median_days"] is None
