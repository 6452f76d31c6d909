"""People are shown by name (and role), never by email address (issue 11): the user model's own
text, the API's author names, the commission session page and the control pages."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from paths import commission, services
from paths.models import DecisionOutcome, ProposalStatus
from tests.dom import facts, main_text
from tests.factories import (
    CommissionSessionFactory,
    ControlFactory,
    UserFactory,
    complete_draft,
    proposal_at_commission,
)

pytestmark = pytest.mark.django_db


def test_a_user_reads_as_a_name_never_as_an_address():
    named = UserFactory(first_name="Inès", last_name="Haddad", email="ines.h@of.example.org")
    assert str(named) == "Inès Haddad"
    nameless = User.objects.create_user(email="contact@of.example.org", password="x" * 12)
    assert str(nameless) == "contact"  # the part before the @, not the address


def test_the_api_names_the_feedback_and_message_authors_with_their_role(
    org_a, member_a, path_analyst
):
    proposal = complete_draft(org_a, status=ProposalStatus.SUBMITTED)
    services.give_feedback(proposal.pk, path_analyst, "Parcours cohérent.")
    services.post_message(proposal.pk, member_a, "Merci, nous révisons.")
    api = APIClient()
    api.force_authenticate(member_a)
    data = api.get(f"/api/v1/proposals/{proposal.pk}/").json()
    analyst = f"{path_analyst.get_full_name()} (Chargé(e) de projet analyse des parcours)"
    assert [f["author_name"] for f in data["feedbacks"]] == [analyst]
    thread = api.get(f"/api/v1/proposals/{proposal.pk}/messages/").json()
    assert [m["author_name"] for m in thread] == [member_a.get_full_name()]
    assert "@" not in str(data["feedbacks"]) + str(thread)


def test_the_session_page_names_who_recorded_a_decision(client, org_a, path_analyst, on_day):
    day = datetime.date(2022, 6, 21)
    on_day(day)
    session = CommissionSessionFactory(held_on=day)
    proposal = proposal_at_commission(session, organisation=org_a, target_job="Soudeur")
    commission.record_decision(proposal.pk, path_analyst, outcome=DecisionOutcome.ACCEPTED)
    client.force_login(path_analyst)
    page = main_text(client.get(reverse("paths:session_detail", args=[session.pk])))
    who = f"{path_analyst.get_full_name()} (Chargé(e) de projet analyse des parcours)"
    assert f"le 21/06/2022 par {who}" in page
    assert path_analyst.email not in page


def test_the_control_pages_name_who_opened_the_control(client, org_a, quality_officer):
    control = ControlFactory(organisation=org_a, opened_by=quality_officer)
    client.force_login(quality_officer)
    who = f"{quality_officer.get_full_name()} (Chargé(e) de projet qualité OF)"
    detail = client.get(reverse("organisms:control_detail", args=[control.pk]))
    assert facts(detail)["Ouvert par"] == who
    assert quality_officer.email not in main_text(detail)
    organisation = main_text(client.get(reverse("organisms:organisation_detail", args=[org_a.pk])))
    assert who in organisation
    assert quality_officer.email not in organisation
