"""Dates are bounded everywhere (issue 9 §1): a date before 2000 or after 2100 on a proposal (page
and API), an alert (page and API) is an error on its field, never a 500; a proposal saved with
such a date before the bound existed still gets its feedback."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from alerts.models import Alert
from paths import services
from paths.models import PathProposal, ProposalStatus
from tests.alerts.test_alerts_api import NEW as NEW_ALERT
from tests.alerts.test_raise_alert import _form as alert_form
from tests.factories import PathProposalFactory
from tests.paths.test_proposal_api import NEW as NEW_PROPOSAL
from tests.paths.test_proposal_draft import form_data as proposal_form

OUT_OF_RANGE = "Indiquez une date entre le 01/01/2000 et le 31/12/2100."


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def proposal_a(org_a):
    return PathProposalFactory(organisation=org_a, trainee_reference="AB-2022-07")


@pytest.mark.parametrize(
    ("field", "value"),
    [("start_date", "9999-01-01"), ("end_date", "2101-01-01"), ("concerted_on", "1999-12-31")],
)
def test_the_proposal_api_refuses_a_date_outside_2000_2100(api, member_a, field, value):
    api.force_authenticate(member_a)
    changes = {field: value}
    if field == "start_date":
        changes["end_date"] = "9999-06-30"
    response = api.post("/api/v1/proposals/", {**NEW_PROPOSAL, **changes}, format="json")
    assert response.status_code == 400
    assert OUT_OF_RANGE in response.json()[field]
    assert PathProposal.objects.count() == 0


def test_the_proposal_form_refuses_a_date_outside_2000_2100(client, member_a):
    client.force_login(member_a)
    data = proposal_form(start_date="9999-01-01", end_date="9999-06-30")
    response = client.post(reverse("paths:proposal_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["start_date"] == [OUT_OF_RANGE]
    assert PathProposal.objects.count() == 0


def test_the_alert_api_refuses_a_date_outside_2000_2100(api, member_a, proposal_a):
    api.force_authenticate(member_a)
    response = api.post(
        "/api/v1/alerts/",
        {**NEW_ALERT, "proposal": proposal_a.pk, "observed_on": "9999-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert OUT_OF_RANGE in response.json()["observed_on"]
    assert Alert.objects.count() == 0


def test_the_alert_form_refuses_a_date_outside_2000_2100(client, member_a, org_a, proposal_a):
    client.force_login(member_a)
    response = client.post(
        reverse("alerts:my_alert_create"),
        alert_form(org_a, proposal=proposal_a.pk, observed_on="1999-12-31"),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["observed_on"] == [OUT_OF_RANGE]
    assert Alert.objects.count() == 0


def test_a_proposal_dated_9999_still_gets_its_feedback(path_analyst, org_a):
    # saved before dates were bounded (the factory bypasses validation, like old rows)
    proposal = PathProposalFactory(
        organisation=org_a,
        start_date=datetime.date(9999, 1, 1),
        end_date=datetime.date(9999, 6, 30),
        status=ProposalStatus.IN_REVIEW,
    )
    feedback = services.give_feedback(proposal.pk, path_analyst, "Dates à corriger.")
    assert OUT_OF_RANGE in feedback.funding_check["unavailable"]
