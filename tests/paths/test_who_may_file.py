"""C13 and the guide's admissibility (issue 9 §3): an organisation whose signature of the charter
is not active cannot send a proposal (page and API), its drafts are kept, its alerts on paths
under way stay possible; a proposal from an organisation without Qualiopi is flagged to staff."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from alerts.models import Alert
from paths import services
from paths.models import ProposalStatus
from tests.dom import by_id, texts
from tests.factories import (
    CharterEditionFactory,
    PathProposalFactory,
    SignatureFactory,
    complete_draft,
)

TODAY = datetime.date(2022, 6, 15)  # inside the 2021 edition (01/06/2021 → 31/12/2022)


def plain(response) -> str:
    return (
        response.content.decode().replace("\xa0", " ").replace("&#x27;", "'").replace("\u202f", " ")
    )


@pytest.fixture
def withdrawn_a(signed_a):
    """Org A's signature withdrawn after a confirmed breach on 01/06/2022."""
    signed_a.withdrawn_on = datetime.date(2022, 6, 1)
    signed_a.save()
    return signed_a


# ---------------------------------------------------------------- the service, the page, the API


def test_a_withdrawn_signature_blocks_submission_and_keeps_the_draft(
    member_a, org_a, withdrawn_a, on_day
):
    on_day(TODAY)
    draft = complete_draft(org_a)
    with pytest.raises(ValidationError) as refused:
        services.submit(draft.pk, member_a)
    message = refused.value.message_dict["organisation"][0]
    assert "la signature de la charte a été retirée le 01/06/2022" in message
    assert "Vos brouillons restent enregistrés" in message
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.DRAFT
    assert draft.submitted_at is None


def test_a_withdrawn_signature_also_blocks_sending_a_revised_version(
    member_a, org_a, withdrawn_a, on_day
):
    on_day(TODAY)
    answered = complete_draft(org_a, status=ProposalStatus.FEEDBACK_GIVEN)
    with pytest.raises(ValidationError) as refused:
        services.revise(answered.pk, member_a)
    assert (
        "la signature de la charte a été retirée le 01/06/2022"
        in (refused.value.message_dict["organisation"][0])
    )
    answered.refresh_from_db()
    assert answered.status == ProposalStatus.FEEDBACK_GIVEN  # still answerable once signed again


@pytest.mark.parametrize(
    ("signed_on", "valid_until", "expected"),
    [
        # edition ended 31/12/2021, nothing withdrawn: expired
        (
            datetime.date(2021, 9, 15),
            datetime.date(2021, 12, 31),
            "l'édition de la charte signée a expiré le 31/12/2021",
        ),
        # signed for 01/09/2022, not yet in effect on 15/06/2022
        (
            datetime.date(2022, 9, 1),
            datetime.date(2023, 12, 31),
            "la signature de la charte ne prend effet que le 01/09/2022",
        ),
    ],
)
def test_an_expired_or_upcoming_signature_blocks_submission(
    member_a, org_a, on_day, signed_on, valid_until, expected
):
    on_day(TODAY)
    edition = CharterEditionFactory(
        version=f"v{valid_until.year}", valid_from=signed_on, valid_until=valid_until
    )
    SignatureFactory(organisation=org_a, edition=edition, signed_on=signed_on)
    draft = complete_draft(org_a)
    with pytest.raises(ValidationError) as refused:
        services.submit(draft.pk, member_a)
    assert expected in refused.value.message_dict["organisation"][0]


def test_an_organisation_that_never_signed_cannot_submit(member_a, org_a):
    draft = PathProposalFactory(organisation=org_a)
    with pytest.raises(ValidationError) as refused:
        services.submit(draft.pk, member_a)
    assert "n'a pas signé la charte" in refused.value.message_dict["organisation"][0]


def test_an_active_signature_lets_the_proposal_through(member_a, org_a, signed_a, on_day):
    on_day(TODAY)
    draft = complete_draft(org_a)
    services.submit(draft.pk, member_a)
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.SUBMITTED


def test_the_page_says_why_and_what_to_do(client, member_a, org_a, withdrawn_a, on_day):
    on_day(TODAY)
    draft = complete_draft(org_a)
    client.force_login(member_a)
    detail = client.get(reverse("paths:proposal_detail", args=[draft.pk]))
    problem = by_id(detail, "signature-inactive")
    assert texts(problem, "./h2") == ["Signature de la charte non active"]
    [why] = texts(problem, "./p")
    assert "retirée le 01/06/2022" in why

    response = client.post(reverse("paths:proposal_submit", args=[draft.pk]), follow=True)
    page = plain(response)
    assert "Seul un organisme signataire actif de la charte peut transmettre" in page
    assert "signez l'édition en vigueur de la charte" in page
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.DRAFT


def test_the_api_answers_400_naming_the_organisation(member_a, org_a, withdrawn_a, on_day):
    on_day(TODAY)
    draft = complete_draft(org_a)
    api = APIClient()
    api.force_authenticate(member_a)
    response = api.post(f"/api/v1/proposals/{draft.pk}/submit/", format="json")
    assert response.status_code == 400
    assert "retirée le 01/06/2022" in response.json()["organisation"][0]
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.DRAFT


def test_drafts_can_still_be_saved(member_a, org_a, withdrawn_a, on_day):
    on_day(TODAY)
    draft = complete_draft(org_a)
    draft.target_job = "Chaudronnier"
    services.save_proposal(draft, member_a)
    draft.refresh_from_db()
    assert draft.target_job == "Chaudronnier"


# ---------------------------------------------------------------- alerts stay possible


def test_alerts_stay_possible_and_say_the_signature_is_no_longer_active(
    client, member_a, org_a, withdrawn_a, on_day
):
    on_day(TODAY)
    running = PathProposalFactory(organisation=org_a, status=ProposalStatus.DECIDED)
    client.force_login(member_a)
    form_page = plain(client.get(reverse("alerts:my_alert_create")))
    assert "La signature de la charte par Formations Alpha n'est plus active" in form_page
    response = client.post(
        reverse("alerts:my_alert_create"),
        {
            "organisation": org_a.pk,
            "proposal": running.pk,
            "category": "dropout_risk",
            "severity": "high",
            "observed_on": "2022-06-14",
            "description": "Le stagiaire ne vient plus depuis lundi.",
            "proposed_responses": ["tutoring"],
        },
        follow=True,
    )
    assert Alert.objects.filter(organisation=org_a, proposal=running).count() == 1
    assert response.status_code == 200


def test_the_api_files_the_alert_and_warns_the_signature_is_no_longer_active(
    member_a, org_a, withdrawn_a, signed_b, member_b, org_b, on_day
):
    on_day(TODAY)
    running = PathProposalFactory(organisation=org_a, status=ProposalStatus.DECIDED)
    body = {
        "proposal": running.pk,
        "category": "dropout_risk",
        "severity": "high",
        "observed_on": "2022-06-14",
        "description": "Le stagiaire ne vient plus depuis lundi.",
    }
    api = APIClient()
    api.force_authenticate(member_a)
    answer = api.post("/api/v1/alerts/", body, format="json")
    assert answer.status_code == 201
    assert Alert.objects.filter(organisation=org_a, proposal=running).count() == 1
    (warning,) = answer.json()["warnings"]
    assert warning["code"] == "signature_not_active"
    assert "La signature de la charte par Formations Alpha n'est plus active" in warning["message"]
    # an organisation whose signature is active gets no warning; a list never carries one
    api.force_authenticate(member_b)
    other = api.post(
        "/api/v1/alerts/",
        {**body, "proposal": PathProposalFactory(organisation=org_b, status="decided").pk},
        format="json",
    )
    assert other.status_code == 201 and other.json()["warnings"] == []
    api.force_authenticate(member_a)
    assert [row["warnings"] for row in api.get("/api/v1/alerts/").json()["results"]] == [[]]


def test_an_active_organisation_sees_no_signature_notice_on_the_alert_form(
    client, member_a, signed_a, on_day
):
    on_day(TODAY)
    client.force_login(member_a)
    assert "n'est plus active" not in plain(client.get(reverse("alerts:my_alert_create")))


# ---------------------------------------------------------------- qualiopi_missing, for staff


def test_staff_see_a_missing_qualiopi_on_the_proposal_and_in_the_queue(
    client, path_analyst, org_a, org_b, on_day
):
    on_day(TODAY)
    org_b.qualiopi_certified = True
    org_b.save()
    uncertified = PathProposalFactory(organisation=org_a, status=ProposalStatus.SUBMITTED)
    certified = PathProposalFactory(organisation=org_b, status=ProposalStatus.SUBMITTED)
    client.force_login(path_analyst)
    assert 'id="qualiopi-missing"' in plain(
        client.get(reverse("paths:proposal_detail", args=[uncertified.pk]))
    )
    assert 'id="qualiopi-missing"' not in plain(
        client.get(reverse("paths:proposal_detail", args=[certified.pk]))
    )
    queue = plain(client.get(reverse("paths:proposal_queue")))
    # one badge: Formations Alpha's row only
    assert queue.count("Qualiopi manquant</span>") == 1


def test_the_feedback_snapshot_carries_qualiopi_missing(path_analyst, member_a, org_a, on_day):
    on_day(TODAY)
    draft = complete_draft(org_a)
    services.submit(draft.pk, member_a)
    services.start_review(draft.pk, path_analyst)
    feedback = services.give_feedback(draft.pk, path_analyst, "Retour.")
    codes = [warning["code"] for warning in feedback.funding_check["warnings"]]
    assert "qualiopi_missing" in codes
