"""Each indicator against figures computed by hand on a small dataset.

The dataset (period 01/01/2022 → 30/06/2022, feedback target 15 days):

  proposal  org  submitted (Paris)     first feedback        concerted on  levers                decision
  P1        A    10/01/2022 09:00      15/01/2022 09:00 (5 d) 05/01/2022    modularisation,hybrid accepted
  P2        A    01/02/2022 10:00      21/02/2022 10:00 (20 d) —            adjustment            refused, incoherent path (dialogue done)
  P3        B    15/02/2022 08:00      none (waiting > 15 d)  16/02/2022 (after: not concerted)  —  —
  P4        B    30/06/2022 23:30      02/07/2022 23:30 (2 d) —            digital               —
  P5        A    01/07/2022 00:10      (outside the period)
  P6        A    draft, never submitted

  alert  org  raised (Paris)      acknowledged (delay)  category      origin   outcome      proposal
  A1     A    01/03/2022 10:00    +6 h                  dropout_risk  of       secured      P1
  A2     B    02/03/2022 09:00    +24 h                 absence       trainee  interrupted  —
  A3     A    05/05/2022 10:00    —                     dropout_risk  of       (open)       —
  A4     A    31/12/2021 10:00    (outside the period)
"""

import datetime
import zoneinfo

import pytest

from alerts.models import Alert
from paths.models import CommissionDecision, ProposalStatus, RefusalDialogue
from reports.dataset import Period, Scope, load
from reports.indicators import INDICATORS, compute_all, median, percentile_90
from tests.factories import CommissionSessionFactory, LeverFactory, PathProposalFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PERIOD = Period(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))


def at(day, hour=9, minute=0):
    return datetime.datetime(*day, hour, minute, tzinfo=PARIS)


def _proposal(org, submitted=None, feedback=None, concerted_on=None, levers=()):
    proposal = PathProposalFactory(organisation=org, concerted_on=concerted_on)
    type(proposal).objects.filter(pk=proposal.pk).update(
        submitted_at=submitted,
        first_feedback_at=feedback,
        status=ProposalStatus.SUBMITTED if submitted else ProposalStatus.DRAFT,
    )
    for code in levers:
        LeverFactory(proposal=proposal, code=code)
    return proposal


def _alert(org, raised, category, origin, acknowledged=None, outcome="", proposal=None):
    return Alert.objects.create(
        organisation=org,
        proposal=proposal,
        trainee_reference="" if proposal else "STG-9",
        category=category,
        origin=origin,
        description="…",
        created_at=raised,
        ack_due_on=raised.date() + datetime.timedelta(days=2),
        acknowledged_at=acknowledged,
        status="closed" if outcome else ("acknowledged" if acknowledged else "open"),
        outcome=outcome,
    )


@pytest.fixture
def dataset_records(org_a, org_b, path_analyst):
    p1 = _proposal(
        org_a,
        at((2022, 1, 10)),
        at((2022, 1, 15)),
        datetime.date(2022, 1, 5),
        ["modularisation", "hybrid"],
    )
    p2 = _proposal(org_a, at((2022, 2, 1), 10), at((2022, 2, 21), 10), None, ["adjustment"])
    _proposal(org_b, at((2022, 2, 15), 8), None, datetime.date(2022, 2, 16))
    _proposal(org_b, at((2022, 6, 30), 23, 30), at((2022, 7, 2), 23, 30), None, ["digital"])
    _proposal(org_a, at((2022, 7, 1), 0, 10), None, None, ["innovation"])
    _proposal(org_a)
    session = CommissionSessionFactory(held_on=datetime.date(2022, 3, 15))
    CommissionDecision.objects.create(
        proposal=p1,
        session=session,
        outcome="accepted",
        decided_by=path_analyst,
        decided_at=at((2022, 3, 15)),
    )
    refusal = CommissionDecision.objects.create(
        proposal=p2,
        session=session,
        outcome="refused",
        reason="incoherent_path",
        decided_by=path_analyst,
        decided_at=at((2022, 3, 15)),
    )
    RefusalDialogue.objects.create(
        proposal=p2,
        decision=refusal,
        opened_at=at((2022, 3, 15)),
        contacted_on=datetime.date(2022, 3, 16),
        contact_channel="phone",
        reason_stated_on=datetime.date(2022, 3, 16),
        reason_statement="Motif",
        expectations_shared_on=datetime.date(2022, 3, 17),
        expectations="Attendus",
        outcome="new_proposal",
    )
    _alert(org_a, at((2022, 3, 1), 10), "dropout_risk", "of", at((2022, 3, 1), 16), "secured", p1)
    _alert(org_b, at((2022, 3, 2), 9), "absence", "trainee", at((2022, 3, 3), 9), "interrupted")
    _alert(org_a, at((2022, 5, 5), 10), "dropout_risk", "of")
    _alert(org_a, at((2021, 12, 31), 10), "absence", "of")


NETWORK = Scope()


def values(scope=NETWORK, period=PERIOD):
    return {
        row["code"]: row["value"]
        for row in compute_all(load(period, scope, feedback_target_days=15))
    }


def test_network_indicators_match_the_hand_computed_figures(dataset_records):
    v = values()
    assert v["proposals_submitted"] == 4
    assert v["proposals_concerted"] == 1
    assert v["proposals_by_lever"] == {
        "adjustment": 1,
        "modularisation": 1,
        "multimodality": 0,
        "hybrid": 1,
        "innovation": 0,
        "digital": 1,
        "other": 0,
    }
    assert v["proposals_by_month"] == {
        "2022-01": 1,
        "2022-02": 2,
        "2022-03": 0,
        "2022-04": 0,
        "2022-05": 0,
        "2022-06": 1,
    }
    assert v["feedback_median_days"] == 5.0  # delays 2, 5, 20
    assert v["feedback_p90_days"] == 20.0  # rank ⌈0.9 × 3⌉ = 3
    assert (
        v["feedback_within_target_share"] == 50.0
    )  # P1, P4 within; P2 late; P3 still waiting > 15 d
    assert v["decisions_by_outcome"] == {
        "accepted": 1,
        "accepted_with_adjustments": 0,
        "refused": 1,
        "postponed": 0,
    }
    assert v["coherence_refusals"] == 1
    assert v["refusal_dialogues_completed_share"] == 100.0
    # no PTP trainees declared for the network: no share (every proposal has a lever, so a share
    # of proposals would always be 100 %)
    assert v["individualised_share"] is None
    assert v["alerts_total"] == 3
    assert v["alerts_by_category"]["dropout_risk"] == 2
    assert v["alerts_by_category"]["absence"] == 1
    assert v["alerts_by_origin"] == {"of": 2, "trainee": 1}
    assert v["alert_ack_median_hours"] == 15.0  # 6 h and 24 h
    assert v["alerts_by_outcome"] == {"secured": 1, "modified": 0, "interrupted": 1, "no_action": 0}
    assert v["secured_paths_levers"]["modularisation"] == 1
    assert v["secured_paths_levers"]["hybrid"] == 1
    assert sum(v["secured_paths_levers"].values()) == 2


def test_one_organisation(dataset_records, org_a):
    v = values(Scope(organisation_id=org_a.pk))
    assert v["proposals_submitted"] == 2
    assert v["feedback_median_days"] == 12.5  # 5 and 20
    assert v["individualised_share"] is None  # nothing declared
    assert v["alerts_total"] == 2
    assert v["alerts_by_origin"] == {"of": 2, "trainee": 0}


def test_individualised_share_is_over_the_ptp_trainees_declared(dataset_records, org_a):
    """A declares 4 PTP trainees; its individualised paths accepted by the commission: P1
    (modularisation, hybrid; accepted) — P2 was refused. 1 / 4 = 25.0 %."""
    dataset = load(PERIOD, Scope(organisation_id=org_a.pk), 15, declared_paths=4)
    v = {row["code"]: row["value"] for row in compute_all(dataset)}
    assert v["individualised_share"] == 25.0
    zero = load(PERIOD, Scope(organisation_id=org_a.pk), 15, declared_paths=0)
    assert {row["code"]: row["value"] for row in compute_all(zero)}["individualised_share"] is None


def test_a_departement(dataset_records, org_b):
    v = values(Scope(departement=org_b.departement))
    assert v["proposals_submitted"] == 2  # P3 and P4
    assert v["proposals_concerted"] == 0


def test_the_period_ends_are_included(dataset_records):
    last_day = values(period=Period(datetime.date(2022, 6, 30), datetime.date(2022, 6, 30)))
    assert last_day["proposals_submitted"] == 1  # P4 at 23:30 Paris time
    next_day = values(period=Period(datetime.date(2022, 7, 1), datetime.date(2022, 7, 1)))
    assert next_day["proposals_submitted"] == 1  # P5 at 00:10 Paris time


def test_an_empty_period_gives_zeros_and_no_averages(dataset_records):
    v = values(period=Period(datetime.date(2020, 1, 1), datetime.date(2020, 3, 31)))
    assert v["proposals_submitted"] == 0
    assert v["feedback_median_days"] is None
    assert v["feedback_within_target_share"] is None
    assert v["individualised_share"] is None
    assert v["alert_ack_median_hours"] is None
    assert v["proposals_by_month"] == {"2020-01": 0, "2020-02": 0, "2020-03": 0}


def test_an_organisation_with_nothing(dataset_records):
    from tests.factories import OrganisationFactory

    v = values(Scope(organisation_id=OrganisationFactory().pk))
    assert v["proposals_submitted"] == 0
    assert v["alerts_total"] == 0
    assert v["refusal_dialogues_completed_share"] is None


def test_a_single_proposal(org_a):
    _proposal(org_a, at((2022, 3, 1)), at((2022, 3, 4)), None, ["digital"])
    v = values()
    assert v["feedback_median_days"] == 3.0
    assert v["feedback_p90_days"] == 3.0
    assert v["feedback_within_target_share"] == 100.0


@pytest.mark.parametrize(
    ("numbers", "expected_median", "expected_p90"),
    [([4], 4, 4), ([1, 3], 2, 3), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9), ([10, 1, 5], 5, 10)],
)
def test_median_and_nearest_rank_percentile(numbers, expected_median, expected_p90):
    assert median(numbers) == expected_median
    assert percentile_90(numbers) == expected_p90


def test_every_indicator_has_a_french_definition():
    codes = [item.code for item in INDICATORS]
    assert len(codes) == len(set(codes))
    for item in INDICATORS:
        assert len(str(item.definition)) > 40, item.code
        assert item.commitment.startswith("C")
