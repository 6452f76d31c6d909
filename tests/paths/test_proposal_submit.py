"""The OF sends its proposal when it is complete (C1, C2): what is missing is said in French, by
field; once sent, the quality officers and the path analysts — and nobody else — are told."""

import html

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from charter_portal import roles
from paths import services
from paths.models import ProposalAttachment, ProposalStatus
from tests.dom import PROPOSAL_STATUS, texts
from tests.factories import (
    LeverFactory,
    MembershipFactory,
    PathProposalFactory,
    UserFactory,
    complete_draft,
    ensure_signed,
)


@pytest.fixture
def everyone(member_a, member_b, quality_officer, path_analyst, commission_member, administrator):
    """Somebody in every role, plus a second quality officer and a former analyst."""
    return {
        "second_officer": UserFactory(
            email="qualite2@transitionspro.example.org", role=roles.QUALITY_OFFICER
        ),
        "former_analyst": UserFactory(
            email="ancien@transitionspro.example.org", role=roles.PATH_ANALYST, is_active=False
        ),
    }


def test_submitting_emails_the_quality_officers_and_path_analysts_only(
    member_a, org_a, everyone, django_capture_on_commit_callbacks
):
    proposal = complete_draft(org_a, concerted_on="2022-03-01", concerted_with="Analyste")
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(proposal.pk, member_a)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == [
        "analyste@transitionspro.example.org",
        "qualite2@transitionspro.example.org",
        "qualite@transitionspro.example.org",
    ]
    assert message.subject == (
        f"Nouvelle proposition de parcours {proposal.reference} de Formations Alpha"
    )
    assert f"http://testserver/propositions/{proposal.pk}/" in message.body
    assert "Modularisation" in message.body
    assert "Concertation préalable : premier contact le 01/03/2022 avec Analyste." in message.body
    body_html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert f'href="http://testserver/propositions/{proposal.pk}/"' in body_html


def test_an_incomplete_draft_is_not_sent_and_the_missing_items_are_listed(member_a, org_a):
    ensure_signed(org_a)
    proposal = PathProposalFactory(
        organisation=org_a, standard_hours=None, standard_cost_ht=None, pedagogic_cost_ht=0
    )
    LeverFactory(proposal=proposal, code="adjustment")
    with pytest.raises(ValidationError) as refused:
        services.submit(proposal.pk, member_a)
    assert refused.value.message_dict == {
        "modules": ["Il manque au moins un module du parcours (intitulé, heures, modalité, coût)."],
        "pedagogic_cost_ht": ["Il manque le coût pédagogique (€ HT)."],
        "standard_hours": [
            "Il manque les heures du parcours standard dont la proposition s'écarte."
        ],
        "standard_cost_ht": ["Il manque le coût du parcours standard (€ HT)."],
        "attachments": [
            "Il manque le programme de formation (PDF).",
            "Il manque le résultat du positionnement (PDF), qui justifie l'aménagement de la "
            "durée.",
        ],
    }
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.submitted_at is None


def test_a_draft_without_levers_is_not_sent(member_a, org_a):
    proposal = complete_draft(org_a)
    proposal.levers.all().delete()
    with pytest.raises(ValidationError) as refused:
        services.submit(proposal.pk, member_a)
    assert refused.value.message_dict == {
        "levers": ["Il manque au moins un levier d'individualisation, avec son explication."]
    }


def test_the_page_lists_what_is_missing_and_refuses_to_send(client, member_a, org_a):
    proposal = complete_draft(org_a)
    proposal.attachments.all().delete()
    client.force_login(member_a)
    detail = html.unescape(
        client.get(reverse("paths:proposal_detail", args=[proposal.pk])).content.decode()
    )
    assert "Avant de transmettre, il manque :" in detail
    assert "le programme de formation (PDF)" in detail

    response = client.post(reverse("paths:proposal_submit", args=[proposal.pk]), follow=True)
    page = html.unescape(response.content.decode())
    assert "La proposition ne peut pas encore être transmise." in page
    assert "Il manque le programme de formation (PDF)." in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_the_api_names_each_missing_item(member_a, org_a):
    proposal = complete_draft(org_a)
    ProposalAttachment.objects.filter(proposal=proposal).delete()
    api = APIClient()
    api.force_authenticate(member_a)
    before = api.get(f"/api/v1/proposals/{proposal.pk}/").json()
    assert before["missing"] == {"attachments": ["le programme de formation (PDF)"]}
    response = api.post(f"/api/v1/proposals/{proposal.pk}/submit/")
    assert response.status_code == 400
    assert response.json() == {"attachments": ["Il manque le programme de formation (PDF)."]}


def test_a_member_of_the_organisation_sends_it_from_the_page(
    client, member_a, org_a, quality_officer, django_capture_on_commit_callbacks
):
    proposal = complete_draft(org_a)
    client.force_login(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("paths:proposal_submit", args=[proposal.pk]), follow=True)
    page = html.unescape(response.content.decode())
    assert "Proposition transmise à Transitions Pro" in page
    assert texts(response, PROPOSAL_STATUS) == ["Transmise"]
    assert "Transitions Pro va étudier votre proposition." in page
    assert [m.to for m in mail.outbox] == [[quality_officer.email]]


def test_revising_and_withdrawing_tell_staff_but_withdrawing_a_draft_does_not(
    member_a, org_a, path_analyst, django_capture_on_commit_callbacks
):
    revised = complete_draft(org_a, status=ProposalStatus.FEEDBACK_GIVEN)
    withdrawn = complete_draft(org_a, status=ProposalStatus.IN_REVIEW)
    draft = complete_draft(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.revise(revised.pk, member_a)
        services.withdraw(withdrawn.pk, member_a)
        services.withdraw(draft.pk, member_a)
    assert [(m.subject, m.to) for m in mail.outbox] == [
        (f"Proposition {revised.reference} révisée par Formations Alpha", [path_analyst.email]),
        (f"Proposition {withdrawn.reference} retirée par Formations Alpha", [path_analyst.email]),
    ]


def test_a_member_of_another_organisation_cannot_send_it(client, member_b, org_a):
    proposal = complete_draft(org_a)
    client.force_login(member_b)
    assert client.post(reverse("paths:proposal_submit", args=[proposal.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(member_b)
    assert api.post(f"/api/v1/proposals/{proposal.pk}/submit/").status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_a_member_of_two_organisations_sends_for_either(member_a, org_a, org_b):
    MembershipFactory(user=member_a, organisation=org_b)
    proposal = complete_draft(org_b)
    assert services.submit(proposal.pk, member_a).status == ProposalStatus.SUBMITTED
