"""The day a proposal's complete file is due is written once (issue 13): start date minus the
months of the rule set in force at that start date (`paths.funding.rules.file_due_by`, picked by
`paths.models.in_force_among`). The worklist, the reminders and the funding check (simulator and
API) all read it; when no rule set covers the start date there is no deadline anywhere.

The seeded PTP rule set (from 01/01/2020, 3 months) is closed on 31/12/2026 here, and a second
one from 01/01/2027 asks for the file 2 months before the start, so each caller is seen picking
the rule set by the start date."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from paths.funding.rules import file_due_by
from paths.funding_data import file_due_dates
from paths.models import FundingRuleSet, in_force_among
from reminders.services import send_reminders
from reports.worklist import SHOWN
from tests.dom import main_text, parse, text
from tests.factories import PathProposalFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def _rules_from_2027(months: int = 2) -> FundingRuleSet:
    guide = FundingRuleSet.objects.get()
    FundingRuleSet.objects.filter(pk=guide.pk).update(valid_until=datetime.date(2026, 12, 31))
    guide.pk = None
    guide.name = "Règles 2027"
    guide.valid_from = datetime.date(2027, 1, 1)
    guide.valid_until = None
    guide.file_due_months_before = months
    guide.save()
    return guide


@pytest.fixture
def two_rule_sets():
    return _rules_from_2027()


@pytest.fixture
def no_rules_after_2026():
    FundingRuleSet.objects.update(valid_until=datetime.date(2026, 12, 31))


# ---------------------------------------------------------------- the one definition


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (datetime.date(2022, 9, 5), 3, datetime.date(2022, 6, 5)),
        # 31/05 − 3 months: no 31/02 → the month's last day (leap year or not)
        (datetime.date(2023, 5, 31), 3, datetime.date(2023, 2, 28)),
        (datetime.date(2024, 5, 31), 3, datetime.date(2024, 2, 29)),
        # across a new year
        (datetime.date(2027, 2, 10), 2, datetime.date(2026, 12, 10)),
    ],
)
def test_the_file_is_due_the_rule_sets_months_before_the_start(start, months, due):
    assert file_due_by(start, months) == due


def test_the_rule_set_in_force_is_the_newest_whose_period_holds_the_start(two_rule_sets):
    rule_sets = FundingRuleSet.objects.newest_first()
    # the last day of the guide's period still belongs to it (valid_until included)
    assert in_force_among(rule_sets, datetime.date(2026, 12, 31)).name == "Guide PTP"
    assert in_force_among(rule_sets, datetime.date(2027, 1, 1)).name == "Règles 2027"
    # before the first rule set: none
    assert in_force_among(rule_sets, datetime.date(2019, 12, 31)) is None
    # the database form asks the same function
    assert FundingRuleSet.objects.in_force(datetime.date(2027, 1, 1)) == two_rule_sets


def test_when_two_rule_sets_overlap_the_newer_applies(two_rule_sets):
    FundingRuleSet.objects.update(valid_until=None)  # the guide left open by mistake
    assert FundingRuleSet.objects.in_force(datetime.date(2027, 3, 1)) == two_rule_sets
    assert FundingRuleSet.objects.in_force(datetime.date(2026, 3, 1)).name == "Guide PTP"


def test_no_rule_set_no_deadline(org_a, no_rules_after_2026):
    covered = PathProposalFactory(organisation=org_a, start_date=datetime.date(2026, 9, 5))
    uncovered = PathProposalFactory(
        organisation=org_a,
        start_date=datetime.date(2027, 3, 15),
        end_date=datetime.date(2027, 9, 30),
    )
    # 05/09/2026 − 3 months = 05/06/2026; nothing for 2027
    assert file_due_dates([covered, uncovered]) == {covered.pk: datetime.date(2026, 6, 5)}


# ---------------------------------------------------------------- the worklist


def _draft_details(client, user) -> dict[str, str]:
    """Each draft line of the « Brouillons à terminer » section: title → detail."""
    client.force_login(user)
    response = client.get(reverse("reports:worklist"))
    assert response.status_code == 200
    (section,) = parse(response).xpath("//section[@aria-labelledby='worklist-drafts']")
    return {
        text(item.xpath(".//a")[0]): text(item.xpath(".//span[@class='detail']")[0])
        for item in section.xpath(".//li")
    }


def test_the_worklist_dates_each_draft_by_the_rule_set_of_its_start(
    client, on_day, org_a, member_a, two_rule_sets
):
    on_day(datetime.date(2026, 6, 1))
    # 2026 start: the guide's 3 months (05/09 → 05/06); 2027 start: 2 months (15/03 → 15/01)
    guide = PathProposalFactory(
        organisation=org_a, target_job="Soudeur", start_date=datetime.date(2026, 9, 5)
    )
    newer = PathProposalFactory(
        organisation=org_a,
        target_job="Tuyauteur",
        start_date=datetime.date(2027, 3, 15),
        end_date=datetime.date(2027, 9, 30),
    )
    details = _draft_details(client, member_a)
    assert details == {
        f"{guide.reference} — Soudeur": "Dossier complet attendu au plus tard le 05/06/2026.",
        f"{newer.reference} — Tuyauteur": "Dossier complet attendu au plus tard le 15/01/2027.",
    }


def test_the_worklist_announces_no_date_when_no_rule_set_covers_the_start(
    client, on_day, org_a, member_a, no_rules_after_2026
):
    on_day(datetime.date(2026, 6, 1))
    draft = PathProposalFactory(
        organisation=org_a,
        target_job="Tuyauteur",
        start_date=datetime.date(2027, 3, 15),
        end_date=datetime.date(2027, 9, 30),
    )
    assert _draft_details(client, member_a) == {
        f"{draft.reference} — Tuyauteur": "Brouillon à compléter."
    }


def test_the_drafts_deadlines_cost_the_same_queries_for_two_or_many_drafts(
    client, on_day, org_a, member_a, two_rule_sets
):
    on_day(datetime.date(2026, 6, 1))

    def add_drafts(count):
        for index in range(count):
            year = 2026 + index % 2  # both rule sets in use
            PathProposalFactory(
                organisation=org_a,
                start_date=datetime.date(year, 9, 5),
                end_date=datetime.date(year + 1, 3, 31),
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("reports:worklist"))
        return len(captured)

    client.force_login(member_a)
    add_drafts(2)
    queries()  # fills the per-process caches
    with_two = queries()
    add_drafts(SHOWN - 3)
    assert queries() == with_two


# ---------------------------------------------------------------- the reminders


def _run(day: datetime.date) -> dict[str, int]:
    moment = datetime.datetime.combine(day, datetime.time(7), tzinfo=PARIS)
    with time_machine.travel(moment, tick=False):
        return {kind: count for kind, count in send_reminders(day).items() if count}


def test_the_reminders_follow_the_rule_set_of_the_start(org_a, member_a, two_rule_sets):
    """Start 15/03/2027, rules of 2027: due 2 months before, 15/01/2027. 30 days before: 16/12/2026;
    7 days before: 08/01/2027. (The guide's 3 months would have said 15/12/2026.)"""
    PathProposalFactory(
        organisation=org_a,
        start_date=datetime.date(2027, 3, 15),
        end_date=datetime.date(2027, 9, 30),
    )
    assert _run(datetime.date(2026, 11, 15)) == {}  # 30 days before the guide's date: nothing
    assert _run(datetime.date(2026, 12, 15)) == {}
    assert _run(datetime.date(2026, 12, 16)) == {"file_deadline_30": 1}
    (message,) = mail.outbox
    assert message.to == ["membre.a@alpha.example.org"]
    assert "15/01/2027" in message.body
    assert _run(datetime.date(2027, 1, 7)) == {}
    assert _run(datetime.date(2027, 1, 8)) == {"file_deadline_7": 1}
    assert "15/01/2027" in mail.outbox[-1].body


def test_no_file_reminder_when_no_rule_set_covers_the_start(org_a, member_a, no_rules_after_2026):
    """Start 15/03/2027 and no rule set for 2027: no deadline, so no reminder — not even on the
    days the guide's 3 months would give (15/12/2026: 30 days before on 15/11, 7 days on 08/12)."""
    PathProposalFactory(
        organisation=org_a,
        start_date=datetime.date(2027, 3, 15),
        end_date=datetime.date(2027, 9, 30),
    )
    for day in (datetime.date(2026, 11, 15), datetime.date(2026, 12, 8)):
        assert _run(day) == {}
    assert mail.outbox == []


# ---------------------------------------------------------------- the funding check (API, simulator)

PAYLOAD = {
    "start_date": "2027-03-15",
    "end_date": "2027-09-30",
    "schedule": "full_time",
    "centre_hours": "600",
    "company_hours": "0",
    "company_hours_required_by_certification": 0,
    "pedagogic_cost_ht": "12000",
    "reference_monthly_salary": "2500.00",
    "submitted_on": "2027-01-10",
}


def test_the_funding_check_api_dates_the_file_by_the_rule_set_of_the_start(member_a, two_rule_sets):
    api = APIClient()
    api.force_authenticate(member_a)
    response = api.post("/api/v1/funding-check/", PAYLOAD, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    # 15/03/2027 − 2 months = 15/01/2027; sent 10/01: on time
    assert data["rule_set"]["name"] == "Règles 2027"
    assert data["deadlines"]["file_due_by"] == "2027-01-15"
    assert data["deadlines"]["file_on_time"] is True


def test_the_funding_check_api_refuses_a_start_no_rule_set_covers(member_a, no_rules_after_2026):
    api = APIClient()
    api.force_authenticate(member_a)
    response = api.post("/api/v1/funding-check/", PAYLOAD, format="json")
    assert response.status_code == 400
    assert "Aucune règle de financement" in response.json()["start_date"][0]


def test_the_simulator_page_shows_the_file_due_date_of_the_rule_set(
    client, member_a, two_rule_sets
):
    client.force_login(member_a)
    response = client.post(reverse("paths:simulator"), PAYLOAD)
    assert response.status_code == 200
    assert response.context["result"].deadlines.file_due_by == datetime.date(2027, 1, 15)
    assert "15/01/2027" in main_text(response)
