"""GET /api/v1/indicators/: the figures of reports.report.build, for what the user may ask."""

import datetime
import json

import pytest

from reports import report as reports
from reports.dataset import Period, Scope
from tests.conftest import DAY_IN_EDITION
from tests.factories import MembershipFactory, UserFactory
from tests.reports.conftest import PERIOD_2022

URL = "/api/v1/indicators/"


def expected(period, scope):
    """What the API must say: the computed report, as JSON, without the moment it was computed."""
    body = json.loads(json.dumps(reports.build(period, scope).as_json()))
    body.pop("generated_at")
    return body


def test_staff_get_an_organisation_s_indicators_as_the_reports_compute_them(
    api, quality_officer, org_a, records
):
    api.force_authenticate(quality_officer)
    response = api.get(URL, {"organisation": org_a.pk, **PERIOD_2022})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["generated_at"]
    body.pop("generated_at")
    assert body == expected(
        Period(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30)), Scope(org_a.pk)
    )
    assert body["period"] == {"start": "2022-01-01", "end": "2022-06-30"}
    assert body["scope"] == {
        "organisation": org_a.pk,
        "departement": None,
        "label": "Formations Alpha",
    }
    rows = {row["code"]: row for row in body["indicators"]}
    assert set(rows["proposals_submitted"]) >= {"code", "label", "definition", "value"}
    assert rows["proposals_submitted"]["label"] == "Propositions de parcours transmises"
    assert rows["proposals_submitted"]["value"] == 2  # PA1, PA2 (not B's)
    assert rows["proposals_concerted"]["value"] == 1
    assert rows["proposals_by_lever"]["value"]["modularisation"] == 1
    assert rows["proposals_by_lever"]["value"]["digital"] == 0
    assert rows["feedback_median_days"]["value"] == 12.5  # 5 and 20 days
    assert rows["alerts_total"]["value"] == 1
    assert rows["secured_paths_levers"]["value"]["hybrid"] == 1


def test_the_network_and_a_departement(api, path_analyst, records):
    api.force_authenticate(path_analyst)
    period = Period(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
    network = api.get(URL, PERIOD_2022).json()
    assert network["scope"]["organisation"] is None
    assert {r["code"]: r["value"] for r in network["indicators"]}["proposals_submitted"] == 3
    network.pop("generated_at")
    assert network == expected(period, Scope())
    moselle = api.get(URL, {"departement": "68", **PERIOD_2022}).json()  # Beta is in Haut-Rhin
    moselle.pop("generated_at")
    assert moselle == expected(period, Scope(None, "68"))
    assert {r["code"]: r["value"] for r in moselle["indicators"]}["proposals_submitted"] == 1


def test_the_default_period_is_the_edition_in_force_up_to_today(
    api, quality_officer, member_a, org_a, signed_a, on_day
):
    """Edition 01/06/2021 – 31/12/2022, today 15/03/2022: the period stops today."""
    on_day(DAY_IN_EDITION)
    api.force_authenticate(quality_officer)
    assert api.get(URL).json()["period"] == {"start": "2021-06-01", "end": "2022-03-15"}
    # for an organisation: from its signature
    body = api.get(URL, {"organisation": org_a.pk}).json()
    assert body["period"] == {"start": "2021-09-15", "end": "2022-03-15"}
    api.force_authenticate(member_a)
    body = api.get(URL).json()
    assert body["scope"]["organisation"] == org_a.pk
    assert body["period"] == {"start": "2021-09-15", "end": "2022-03-15"}
    # one date given: the other one is the default's
    assert api.get(URL, {"end": "2022-03-31"}).json()["period"] == {
        "start": "2021-09-15",
        "end": "2022-03-31",
    }


def test_an_of_member_gets_their_own_organisation_s_figures(
    api, member_a, quality_officer, org_a, records
):
    api.force_authenticate(member_a)
    own = api.get(URL, PERIOD_2022).json()
    api.force_authenticate(quality_officer)
    staff = api.get(URL, {"organisation": org_a.pk, **PERIOD_2022}).json()
    own.pop("generated_at"), staff.pop("generated_at")
    assert own == staff


@pytest.mark.parametrize(
    "url", [URL, "/api/v1/indicators/export.xlsx", "/api/v1/indicators/export.csv"]
)
def test_b_cannot_ask_for_a_s_figures_which_do_not_exist_for_b(api, member_b, org_a, records, url):
    api.force_authenticate(member_b)
    response = api.get(url, {"organisation": org_a.pk})
    assert response.status_code == 404
    assert "Formations Alpha" not in response.content.decode()
    # an organisation that does not exist answers the same: nothing is revealed
    assert api.get(url, {"organisation": 999999}).status_code == 404


@pytest.mark.parametrize(
    "url", [URL, "/api/v1/indicators/export.xlsx", "/api/v1/indicators/export.csv"]
)
def test_an_of_member_cannot_ask_for_a_departement(api, member_a, url):
    api.force_authenticate(member_a)
    response = api.get(url, {"departement": "57"})
    assert response.status_code == 403
    assert "organismes" in response.json()["detail"]


def test_a_member_of_two_organisations_chooses_one(api, member_a, org_b, records):
    MembershipFactory(user=member_a, organisation=org_b)
    api.force_authenticate(member_a)
    body = api.get(URL, {"organisation": org_b.pk, **PERIOD_2022}).json()
    assert body["scope"]["organisation"] == org_b.pk
    assert {r["code"]: r["value"] for r in body["indicators"]}["proposals_submitted"] == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2022-13-01"}, "start"),
        ({"start": "hier"}, "start"),
        ({"end": "15/03/2022"}, "end"),
        ({"start": "2022-06-30", "end": "2022-01-01"}, "end"),
        ({"organisation": "abc"}, "organisation"),
        ({"departement": "99"}, "departement"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_field(api, quality_officer, edition, params, field):
    api.force_authenticate(quality_officer)
    response = api.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert body[field][0]


def test_bad_dates_in_an_export_are_a_400_too(api, quality_officer):
    api.force_authenticate(quality_officer)
    response = api.get("/api/v1/indicators/export.csv", {"start": "2022-02-30"})
    assert response.status_code == 400
    assert response.json() == {"start": ["Saisissez une date valide au format AAAA-MM-JJ."]}


def test_an_organisation_and_a_departement_at_once_is_a_400(api, quality_officer, org_a):
    api.force_authenticate(quality_officer)
    response = api.get(URL, {"organisation": org_a.pk, "departement": "57"})
    assert response.status_code == 400
    assert response.json() == {
        "departement": ["Choisissez un organisme ou un département, pas les deux."]
    }


def test_who_may_read_the_indicators(api, db):
    assert api.get(URL).status_code == 401
    api.force_authenticate(UserFactory())  # an account with no role and no organisation
    assert api.get(URL).status_code == 403


def test_the_indicators_are_read_only(api, quality_officer):
    api.force_authenticate(quality_officer)
    assert api.post(URL, {}, format="json").status_code == 405
