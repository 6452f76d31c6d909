"""The indicators the database aggregates, at the edges a hand computation must get right (Paris
days at midnight, the last of several decisions), and the row-level facts (paths/facts.py,
alerts/facts.py) giving the same answer to the indicators, the detail sheets and the proposal.

Period 01/01/2022 → 31/03/2022, organisation A, feedback target 15 days; « today » is later.

  proposal  submitted (Paris)          concerted on  first feedback        decisions (in order)
  R1        01/03 00:30 (28/02 UTC)    01/03         02/03 12:30 (1.5 d)   refused, then
                                                                           accepted_with_adjustments
                                                                           at the same moment
  R2        31/01 23:30                01/02 (after) 01/02 11:30 (0.5 d)   —
  R3        15/02 10:00                —             none (waiting > 15 d) postponed 15/03, accepted 29/03

  proposals_concerted           = R1 (contact on its Paris day; in UTC it would be the day after) = 1
  proposals_by_month            = January R2, February R3, March R1 (Paris months)
  feedback_median_days          = median(0.5, 1.5) = 1.0; 90th centile (rank ⌈0.9 × 2⌉ = 2) = 1.5
  feedback_within_target_share  = R1, R2 within / (R1, R2, R3 waiting too long) = 2/3 = 66.7 %
  decisions_by_outcome          = last decisions: R1 accepted_with_adjustments (the later id),
                                  R3 accepted (the later date) → 1 accepted, 1 with adjustments
  acceptance_rate_concerted     = R1 accepted / R1 = 100.0 %
  acceptance_rate_not_concerted = R3 accepted / R3 = 100.0 %

  alert  raised       due by  acknowledged (Paris)      hours   closed        in time?
  E1     01/03 10:00  03/03   03/03 23:30 (22:30 UTC)   61.5    11/03 10:00   yes (its due day)
  E2     01/03 10:00  03/03   04/03 00:30 (03/03 UTC)   62.5    —             no (a day late)

  alerts_acknowledged_in_time_share = E1 / (E1, E2) = 50.0 %
  alert_ack_median_hours            = median(61.5, 62.5) = 62.0
  alerts_close_median_days          = 10.0
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from alerts.models import Alert
from charter_portal.expressions import LocalDate
from paths.models import CommissionDecision, PathProposal
from reports import details
from reports.dataset import Period, Scope, load
from reports.indicators import compute_all
from tests.dom import facts
from tests.factories import CommissionSessionFactory
from tests.reports.conftest import at, submitted_proposal

PERIOD = Period(datetime.date(2022, 1, 1), datetime.date(2022, 3, 31))
D = datetime.date


def _alert(org, acknowledged, closed=None):
    return Alert.objects.create(
        organisation=org,
        trainee_reference="STG-7",
        category="absence",
        origin="of",
        description="…",
        created_at=at(2022, 3, 1, 10),
        ack_due_on=D(2022, 3, 3),
        acknowledged_at=acknowledged,
        closed_at=closed,
        status="closed" if closed else "acknowledged",
        outcome="no_action" if closed else "",
    )


@pytest.fixture
def edges(org_a, path_analyst):
    r1 = submitted_proposal(org_a, at(2022, 3, 1, 0, 30), at(2022, 3, 2, 12, 30), D(2022, 3, 1))
    r2 = submitted_proposal(org_a, at(2022, 1, 31, 23, 30), at(2022, 2, 1, 11, 30), D(2022, 2, 1))
    r3 = submitted_proposal(org_a, at(2022, 2, 15, 10))
    session = CommissionSessionFactory(held_on=D(2022, 3, 15))
    for proposal, outcome, moment in [
        (r1, "refused", at(2022, 3, 15, 10)),
        (r1, "accepted_with_adjustments", at(2022, 3, 15, 10)),
        (r3, "postponed", at(2022, 3, 15, 10)),
        (r3, "accepted", at(2022, 3, 29, 10)),
    ]:
        CommissionDecision.objects.create(
            proposal=proposal,
            session=session,
            outcome=outcome,
            reason="incoherent_path" if outcome == "refused" else "",
            decided_by=path_analyst,
            decided_at=moment,
        )
    e1 = _alert(org_a, at(2022, 3, 3, 23, 30), at(2022, 3, 11, 10))
    e2 = _alert(org_a, at(2022, 3, 4, 0, 30))
    return {"R1": r1, "R2": r2, "R3": r3, "E1": e1, "E2": e2}


def test_the_database_counts_paris_days_and_the_last_decision(edges, org_a):
    v = {row["code"]: row["value"] for row in compute_all(load(PERIOD, Scope(), 15))}
    assert v["proposals_submitted"] == 3
    assert v["proposals_concerted"] == 1
    assert v["proposals_by_month"] == {"2022-01": 1, "2022-02": 1, "2022-03": 1}
    assert v["feedback_median_days"] == 1.0
    assert v["feedback_p90_days"] == 1.5
    assert v["feedback_within_target_share"] == 66.7
    assert v["decisions_by_outcome"] == {
        "accepted": 1,
        "accepted_with_adjustments": 1,
        "refused": 0,
        "postponed": 0,
    }
    assert v["proposals_accepted"] == 2
    assert v["coherence_refusals"] == 0  # R1's refusal was not its last decision
    assert v["acceptance_rate_concerted"] == 100.0
    assert v["acceptance_rate_not_concerted"] == 100.0
    assert v["alerts_acknowledged_in_time_share"] == 50.0
    assert v["alert_ack_median_hours"] == 62.0
    assert v["alerts_close_median_days"] == 10.0
    assert v["alerts_by_outcome"] == {"secured": 0, "modified": 0, "interrupted": 0, "no_action": 1}
    # one organisation's figures are the network's here (A files everything)
    mine = {
        row["code"]: row["value"]
        for row in compute_all(load(PERIOD, Scope(organisation_id=org_a.pk), 15))
    }
    assert mine == v


def test_the_detail_sheets_and_the_proposal_read_the_same_facts(edges, org_a, client, path_analyst):
    """The proposals sheet says R1 was concerted and answered after 1.5 days, R2 not concerted
    and answered after 0.5 day, R3 not answered; the alerts sheet gives 61.5 h and 62.5 h. The
    proposal's own page (and the API, the CSV, the commission: `with_facts()`) says the same in
    whole days: R1 concerted, its first contact on the Paris day of its submission (01/03 00:30
    Paris is still 28/02 in UTC), first feedback 1 day after (⌊1.5⌋); R2's contact on 01/02 came
    after its submission on 31/01 23:30 Paris (22:30 UTC), first feedback 0 days after (⌊0.5⌋);
    R3 had no contact and waits."""
    sheets = {table.key: list(table.rows()) for table in details.tables(PERIOD, Scope())}
    by_reference = {row[0]: row for row in sheets["proposals"]}
    r1, r2, r3 = (by_reference[edges[name].reference] for name in ("R1", "R2", "R3"))
    assert (r1[8], r1[9]) == (1.5, "oui")
    assert (r2[8], r2[9]) == (0.5, "non")
    assert (r3[8], r3[9]) == (None, "non")
    assert {row[0]: row[9] for row in sheets["alerts"]} == {
        edges["E1"].pk: 61.5,
        edges["E2"].pk: 62.5,
    }
    PathProposal.objects.filter(concerted_on__isnull=False).update(concerted_with="Mme Durand")
    client.force_login(path_analyst)
    for name, concerted, whole_days, concertation, feedback in [
        (
            "R1",
            True,
            1,
            "premier contact le 01/03/2022 avec Mme Durand concertée avant la transmission",
            "02/03/2022 12:30 (1 jour après la transmission)",
        ),
        (
            "R2",
            False,
            0,
            "premier contact le 01/02/2022 avec Mme Durand contact postérieur à la transmission",
            "01/02/2022 11:30 (0 jours après la transmission)",
        ),
        ("R3", False, None, "aucune indiquée", "—"),
    ]:
        proposal = PathProposal.objects.with_facts().get(pk=edges[name].pk)
        assert (proposal.concerted, proposal.response_whole_days) == (concerted, whole_days), name
        assert PathProposal.objects.filter(pk=proposal.pk).concerted().exists() is concerted
        page = facts(client.get(reverse("paths:proposal_detail", args=[proposal.pk])))
        assert page["Concertation préalable"] == concertation, name
        assert page["Premier retour le"] == feedback, name


def test_the_review_queue_and_its_csv_read_the_same_facts(edges, org_a, client, path_analyst):
    """Staff's queue and its CSV say what the sheets say, in whole days: R1 concerted (« oui, le
    01/03/2022 » in the queue), first feedback after 1 day (⌊1.5⌋); R2 not concerted, 0 days
    (⌊0.5⌋); R3 not concerted, no feedback yet (an empty cell)."""
    client.force_login(path_analyst)
    page = client.get(reverse("paths:proposal_queue"), {"status": "all"})
    labels = {p.reference: p.concerted_label for p in page.context["page"].object_list}
    raw = client.get(reverse("paths:proposal_queue_csv"), {"status": "all"})
    header, *rows = csv.reader(io.StringIO(raw.content.decode("utf-8-sig")), delimiter=";")
    cells = {
        row[0]: (
            row[header.index("Concertée")],
            row[header.index("Délai de premier retour (jours)")],
        )
        for row in rows
    }
    r1, r2, r3 = (edges[name].reference for name in ("R1", "R2", "R3"))
    assert labels == {r1: "oui, le 01/03/2022", r2: "non", r3: "non"}
    assert cells == {r1: ("oui", "1"), r2: ("non", "0"), r3: ("non", "")}


def test_the_paris_day_of_a_moment_is_right_around_clock_changes_and_outside_the_span(org_a):
    """`LocalDate` with a span (2022) reads the zone's offsets instead of calling Python per row
    on SQLite; each moment's day must be the one a Paris clock shows: 22:30 UTC is the next day
    in summer (+2 h) but the same day in winter (+1 h), and a moment outside the span (2021)
    still gets its day."""
    utc = datetime.UTC
    moments = [
        datetime.datetime(2021, 7, 1, 22, 30, tzinfo=utc),  # outside the span: 2 July
        datetime.datetime(2022, 3, 26, 22, 30, tzinfo=utc),  # winter: 26 March
        datetime.datetime(2022, 3, 27, 0, 59, 59, tzinfo=utc),  # before the change: 27 March
        datetime.datetime(2022, 3, 27, 22, 30, tzinfo=utc),  # summer: 28 March
        datetime.datetime(2022, 10, 29, 22, 30, tzinfo=utc),  # summer: 30 October
        datetime.datetime(2022, 10, 30, 22, 30, tzinfo=utc),  # winter again: 30 October
    ]
    for moment in moments:
        _alert(org_a, moment)
    span = Period(D(2022, 1, 1), D(2022, 12, 31)).bounds()
    days = dict(
        Alert.objects.annotate(day=LocalDate("acknowledged_at", span)).values_list(
            "acknowledged_at", "day"
        )
    )
    assert [days[moment] for moment in moments] == [
        D(2021, 7, 2),
        D(2022, 3, 26),
        D(2022, 3, 27),
        D(2022, 3, 28),
        D(2022, 10, 30),
        D(2022, 10, 30),
    ]
