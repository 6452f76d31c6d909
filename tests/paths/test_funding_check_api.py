"""POST /api/v1/funding-check/: the fixed JSON contract, errors that name the field, nothing saved."""

import datetime

import pytest
from rest_framework.test import APIClient

from paths.funding_data import check_proposal
from paths.models import PathProposal
from tests.factories import PathProposalFactory, UserFactory

URL = "/api/v1/funding-check/"

# 600 h × 27.45 = 16,470 < 17,000 → hourly cap; PAE 200 > 30 % × 600 = 180 → 20 h not covered;
# 3,250 ≤ 2 × 1,678.95 = 3,357.90 (SMIC from 01/08/2022) → 100 %; due 05/06/2022, leave 08/05/2022
PAYLOAD = {
    "start_date": "2022-09-05",
    "end_date": "2023-03-31",
    "schedule": "full_time",
    "centre_hours": "600",
    "company_hours": "200",
    "company_hours_required_by_certification": 0,
    "pedagogic_cost_ht": "17000",
    "reference_monthly_salary": "3250.00",
    "submitted_on": "2022-03-15",
}


@pytest.fixture
def api():
    return APIClient()


def post(api, user, payload):
    if user is not None:
        api.force_authenticate(user)
    return api.post(URL, payload, format="json")


def test_an_of_member_gets_the_check_with_every_contract_name(api, member_a):
    response = post(api, member_a, PAYLOAD)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["pedagogic"]["covered_ht"] == "16470.00"
    assert data["pedagogic"]["not_covered_ht"] == "530.00"
    assert data["pedagogic"]["limited_by"] == "hourly_cap"
    assert data["salary"]["rate_percent"] == "100.00"
    assert data["salary"]["smic_monthly"] == "1678.95"
    assert data["salary"]["threshold_monthly"] == "3357.90"
    assert data["company_hours"]["covered"] == "180.00"
    assert data["company_hours"]["not_covered"] == "20.00"
    assert data["duration"]["within_limit"] is True
    assert data["deadlines"]["file_due_by"] == "2022-06-05"
    assert data["deadlines"]["file_on_time"] is True
    assert data["deadlines"]["leave_request_due_by"] == "2022-05-08"
    assert data["remaining_cost_ht"] == "530.00"
    assert data["rule_set"]["name"] == "Guide PTP"
    assert data["rule_set"]["valid_from"] == "2020-01-01"
    assert data["rule_set"]["source"].startswith("Guide « Accompagner la reconversion")
    assert data["rule_set"]["source_date"] == "2025-01-01"
    assert any("plafond horaire" in message for message in data["messages"])
    assert [line["line"] for line in data["lines"]] == [
        "pedagogic",
        "salary",
        "company_hours",
        "duration",
        "deadlines",
    ]


def test_money_is_a_string_with_two_decimals(api, path_analyst):
    data = post(api, path_analyst, {**PAYLOAD, "pedagogic_cost_ht": 12000}).json()
    for key in ("cost_ht", "covered_ht", "not_covered_ht", "total_cap_ht", "hourly_cap_ht"):
        value = data["pedagogic"][key]
        assert isinstance(value, str)
        assert value.split(".")[1].isdigit() and len(value.split(".")[1]) == 2, (key, value)
    assert data["pedagogic"]["covered_ht"] == "12000.00"
    assert data["pedagogic"]["limited_by"] is None
    assert data["remaining_cost_ht"] == "0.00"


def test_the_api_gives_what_the_feedback_snapshot_stores(api, member_a):
    # the same figures through check_proposal (used by the feedback) and through the API
    proposal = PathProposalFactory.build(
        centre_hours_in_person=600,
        centre_hours_distance=0,
        company_hours=200,
        pedagogic_cost_ht=17000,
        reference_monthly_salary=3250,
    )
    snapshot = check_proposal(proposal, on=datetime.date(2022, 3, 15))
    assert post(api, member_a, PAYLOAD).json() == snapshot


@pytest.mark.parametrize(
    ("required", "covered"),
    [
        (True, "200.00"),  # every planned PAE hour is required
        (False, "180.00"),  # no requirement: 30 % × 600
        ("210", "200.00"),  # 210 required, 200 planned: all 200 covered
        (190, "190.00"),
    ],
)
def test_the_certification_requirement_is_hours_or_a_boolean(api, member_a, required, covered):
    payload = {**PAYLOAD, "company_hours_required_by_certification": required}
    data = post(api, member_a, payload).json()
    assert data["company_hours"]["covered"] == covered


def test_optional_inputs_may_be_left_out(api, commission_member, on_day):
    on_day(datetime.date(2022, 7, 1))
    payload = {
        key: value
        for key, value in PAYLOAD.items()
        if key
        not in (
            "reference_monthly_salary",
            "submitted_on",
            "company_hours_required_by_certification",
        )
    }
    response = post(api, commission_member, payload)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["salary"]["rate_percent"] is None
    assert data["deadlines"]["submitted_on"] == "2022-07-01"  # today, Paris time
    assert data["deadlines"]["file_on_time"] is False  # due 05/06/2022


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"start_date": None}, "start_date"),
        ({"end_date": "2022-09-04"}, "end_date"),
        ({"end_date": "31/03/2023"}, "end_date"),
        ({"schedule": "weekends"}, "schedule"),
        ({"centre_hours": "-1"}, "centre_hours"),
        ({"company_hours": -10}, "company_hours"),
        (
            {"company_hours_required_by_certification": -5},
            "company_hours_required_by_certification",
        ),
        (
            {"company_hours_required_by_certification": "many"},
            "company_hours_required_by_certification",
        ),
        ({"pedagogic_cost_ht": "-0.01"}, "pedagogic_cost_ht"),
        ({"pedagogic_cost_ht": "abc"}, "pedagogic_cost_ht"),
        ({"reference_monthly_salary": "-100"}, "reference_monthly_salary"),
        ({"submitted_on": "hier"}, "submitted_on"),
        # no rule set before 01/01/2020
        ({"start_date": "2019-06-03", "end_date": "2019-12-20"}, "start_date"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_in_french(api, member_a, change, field):
    payload = {key: value for key, value in {**PAYLOAD, **change}.items() if value is not None}
    response = post(api, member_a, payload)
    assert response.status_code == 400, response.content
    errors = response.json()
    assert list(errors) == [field], errors
    assert errors[field][0]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"end_date": "2022-09-04"}, "end_date", "La fin prévue doit être postérieure"),
        ({"centre_hours": "-1"}, "centre_hours", "ne peut pas être négative"),
        ({"pedagogic_cost_ht": "-0.01"}, "pedagogic_cost_ht", "ne peut pas être négative"),
        (
            {"start_date": "2019-06-03", "end_date": "2019-12-20"},
            "start_date",
            "Aucune règle de financement pour cette date de début",
        ),
    ],
)
def test_error_messages_say_what_is_wrong(api, member_a, change, field, words):
    errors = post(api, member_a, {**PAYLOAD, **change}).json()
    assert words in errors[field][0]


def test_missing_fields_are_each_named(api, member_a):
    response = post(api, member_a, {})
    assert response.status_code == 400
    errors = response.json()
    for field in (
        "start_date",
        "end_date",
        "schedule",
        "centre_hours",
        "company_hours",
        "pedagogic_cost_ht",
    ):
        assert errors[field] == ["Ce champ est obligatoire."], errors


def test_the_check_saves_nothing(api, member_a, org_a):
    PathProposalFactory(organisation=org_a)
    before = PathProposal.objects.count()
    assert post(api, member_a, PAYLOAD).status_code == 200
    assert PathProposal.objects.count() == before


def test_anonymous_callers_are_told_to_authenticate(api):
    response = post(api, None, PAYLOAD)
    assert response.status_code == 401


def test_a_signed_in_account_with_no_role_is_refused(api, db):
    response = post(api, UserFactory(), PAYLOAD)
    assert response.status_code == 403


def test_get_is_not_allowed(api, member_a):
    api.force_authenticate(member_a)
    assert api.get(URL).status_code == 405


def test_the_endpoint_is_in_the_openapi_schema(api):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    schema = response.json()
    operation = schema["paths"][URL]["post"]
    assert operation["operationId"] == "funding_check"
    inputs = schema["components"]["schemas"]["FundingCheckInputRequest"]["properties"]
    assert set(PAYLOAD) <= set(inputs)
    assert "true" in inputs["company_hours_required_by_certification"]["description"]
    result = schema["components"]["schemas"]["FundingCheckResult"]["properties"]
    assert {"pedagogic", "salary", "company_hours", "duration", "deadlines"} <= set(result)
    assert {"remaining_cost_ht", "messages", "rule_set", "lines"} <= set(result)
