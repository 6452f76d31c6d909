"""Forms that forgive (issue 11): a draft saves whatever is typed (only the organisation is
needed); sending checks completeness and lists every missing item at once, each next to its own
field; the fields sending needs are marked before the first attempt. The API keeps its contract."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from paths import services
from paths.models import PathProposal, ProposalStatus
from tests.dom import parse, text, texts, with_class
from tests.factories import ensure_signed

pytestmark = pytest.mark.django_db

TYPED_REQUIRED = [
    "trainee_reference",
    "target_job",
    "certification_code",
    "certification_title",
    "start_date",
    "end_date",
    "schedule",
]


def empty_form():
    """What the form posts when nothing is typed: the hours and costs keep their 0."""
    return {
        "centre_hours_in_person": "0",
        "centre_hours_distance": "0",
        "company_hours": "0",
        "company_hours_required": "0",
        "pedagogic_cost_ht": "0",
        "modules-TOTAL_FORMS": "3",
        "modules-INITIAL_FORMS": "0",
        "modules-MIN_NUM_FORMS": "0",
        "modules-MAX_NUM_FORMS": "1000",
        # the empty module rows, as the browser posts them
        **{f"modules-{row}-cost_ht": "0" for row in range(3)},
    }


def label_of(page, field_id):
    (label,) = parse(page).xpath(f"//label[@for='{field_id}']")
    return text(label)


def test_the_fields_sending_needs_are_marked_before_the_first_attempt(client, member_a):
    client.force_login(member_a)
    page = client.get(reverse("paths:proposal_create"))
    assert page.status_code == 200
    for field in [*TYPED_REQUIRED, "standard_hours", "pedagogic_cost_ht"]:
        assert label_of(page, f"id_{field}").endswith("* (obligatoire pour l'envoi)"), field
    # optional ones carry no mark
    assert "obligatoire" not in label_of(page, "id_competence_blocks")
    assert "obligatoire" not in label_of(page, "id_concerted_on")
    assert texts(page, "//h2[@id='sec-levers']") == [
        "Leviers d'individualisation * (obligatoire pour l'envoi)"
    ]


def test_a_draft_with_nothing_typed_is_saved(client, member_a, org_a):
    client.force_login(member_a)
    data = {**empty_form(), "trainee_reference": "", "target_job": "", "save": ""}
    response = client.post(reverse("paths:proposal_create"), data)
    proposal = PathProposal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("paths:proposal_detail", args=[proposal.pk])
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.organisation == org_a
    assert proposal.trainee_reference == ""
    assert proposal.start_date is None
    assert proposal.end_date is None
    assert proposal.schedule == ""
    assert proposal.history.first().history_user == member_a
    # the page of a half-filled draft still opens, with what is missing listed
    detail = client.get(response.url)
    assert detail.status_code == 200
    missing = texts(detail, "//main//section[@aria-labelledby='missing-title']//li")
    assert [item for item in missing if "la date de début prévue" in item]


def test_sending_an_empty_draft_lists_every_missing_item_at_once_next_to_its_field(
    client, member_a, org_a
):
    ensure_signed(org_a)
    client.force_login(member_a)
    response = client.post(
        reverse("paths:proposal_create"), {**empty_form(), "send": ""}, follow=True
    )
    proposal = PathProposal.objects.get()
    assert proposal.status == ProposalStatus.DRAFT  # saved, not sent
    assert response.redirect_chain[-1][0] == (
        reverse("paths:proposal_edit", args=[proposal.pk]) + "?envoi=1"
    )
    page = parse(response)
    # 7 typed fields + centre hours + pedagogic cost + standard hours + standard cost
    # + a lever + a module + the programme = 14 items, all in one round
    (summary,) = page.xpath("//*[@id='sending-errors']")
    assert "il reste 14 points à compléter" in text(summary)
    assert len(summary.xpath(".//li")) == 14
    for field in TYPED_REQUIRED:
        (error,) = page.xpath(f"//*[@id='id_{field}_error']")
        assert text(error).startswith("Il manque "), field
        # the list at the top links to the field
        assert summary.xpath(f".//a[@href='#id_{field}']"), field
    assert text(page.xpath("//*[@id='id_start_date_error']")[0]) == (
        "Il manque la date de début prévue."
    )
    assert text(page.xpath("//*[@id='id_standard_cost_ht_error']")[0]) == (
        "Il manque le coût du parcours standard (€ HT)."
    )
    (levers,) = page.xpath("//section[@aria-labelledby='sec-levers']")
    assert [text(p) for p in levers.xpath("." + with_class("error", "p"))] == [
        "Il manque au moins un levier d'individualisation, avec son explication."
    ]
    (documents,) = page.xpath("//section[@aria-labelledby='sec-documents']")
    assert [text(p) for p in documents.xpath("." + with_class("error", "p"))] == [
        "Il manque le programme de formation (PDF)."
    ]


def test_the_service_names_each_missing_typed_field(member_a, org_a):
    ensure_signed(org_a)
    proposal = services.save_proposal(PathProposal(organisation=org_a), member_a)
    errors = services.sending_errors(proposal)
    assert errors["trainee_reference"] == [
        "Il manque la référence interne ou les initiales du stagiaire."
    ]
    assert errors["schedule"] == ["Il manque le rythme du parcours."]
    assert set(TYPED_REQUIRED) <= set(errors)


def test_the_api_saves_a_bare_draft_and_submit_names_every_missing_field(member_a, org_a):
    ensure_signed(org_a)
    api = APIClient()
    api.force_authenticate(member_a)
    created = api.post("/api/v1/proposals/", {"target_job": "Soudeur"}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["start_date"] is None
    assert body["trainee_reference"] == ""
    assert "start_date" in body["missing"]
    stored = PathProposal.objects.get(pk=body["id"])
    assert (stored.target_job, stored.status) == ("Soudeur", ProposalStatus.DRAFT)

    refused = api.post(f"/api/v1/proposals/{stored.pk}/submit/")
    assert refused.status_code == 400
    errors = refused.json()
    assert set(errors) == {
        *TYPED_REQUIRED,
        "target_job",
        "centre_hours_in_person",
        "pedagogic_cost_ht",
        "standard_hours",
        "standard_cost_ht",
        "levers",
        "modules",
        "attachments",
    } - {"target_job"}
    assert errors["end_date"] == ["Il manque la date de fin prévue."]
