"""The path analyst answers a proposal (C4): a text, co-funding leads and the funding check as it
was computed at that moment; the OF's members — and only they — are told by email."""

import datetime
import html
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from paths import services
from paths.models import Feedback, FundingRuleSet, ProposalStatus
from tests.dom import cells_of_row, parse, texts
from tests.factories import MembershipFactory, complete_draft


def plain(text: str) -> str:
    """French numbers are grouped with no-break spaces: read them as plain spaces."""
    return html.unescape(text).replace("\xa0", " ").replace("\u202f", " ")


@pytest.fixture
def submitted(org_a):
    # 600 h in the centre at 27.45 € = 16,470 € < 18,000 €: the hourly cap limits 17,500 €
    return complete_draft(
        org_a,
        status=ProposalStatus.SUBMITTED,
        start_date=datetime.date(2022, 9, 5),
        end_date=datetime.date(2023, 3, 31),
        centre_hours_in_person=Decimal("500"),
        centre_hours_distance=Decimal("100"),
        company_hours=Decimal("140"),
        pedagogic_cost_ht=Decimal("17500.00"),
        reference_monthly_salary=Decimal("2500.00"),
    )


def test_feedback_keeps_the_funding_check_of_that_moment(submitted, path_analyst):
    feedback = services.give_feedback(
        submitted.pk, path_analyst, "Parcours cohérent.", "Abondement du CPF."
    )
    check = feedback.funding_check
    assert check["pedagogic"]["covered_ht"] == "16470.00"
    assert check["pedagogic"]["not_covered_ht"] == "1030.00"
    assert check["pedagogic"]["limited_by"] == "hourly_cap"
    assert check["salary"]["rate_percent"] == "100.00"
    assert check["remaining_cost_ht"] == "1030.00"
    # the rules change later: the snapshot does not
    FundingRuleSet.objects.update(pedagogic_hourly_cap_ht=Decimal("40.00"))
    feedback.refresh_from_db()
    assert feedback.funding_check["pedagogic"]["covered_ht"] == "16470.00"
    later = services.funding_snapshot(submitted)
    assert later["pedagogic"]["covered_ht"] == "17500.00"


def test_the_feedback_page_previews_the_check_and_the_proposal_page_shows_the_snapshot(
    client, submitted, path_analyst, member_a
):
    client.force_login(path_analyst)
    url = reverse("paths:proposal_feedback", args=[submitted.pk])
    form_response = client.get(url)
    form_page = plain(form_response.content.decode())
    assert "Vérification du financement à ce jour" in form_page
    assert cells_of_row(form_response, "Coût pédagogique")[1] == "16 470,00 € HT"  # covered

    response = client.post(
        url,
        {"text": "Parcours cohérent avec le projet.", "cofunding_leads": "Abondement du CPF."},
        follow=True,
    )
    page = html.unescape(response.content.decode())
    assert "Retour enregistré et envoyé aux membres de l'organisme." in page
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.FEEDBACK_GIVEN

    client.force_login(member_a)
    of_response = client.get(reverse("paths:proposal_detail", args=[submitted.pk]))
    of_page = plain(of_response.content.decode())
    (feedback,) = parse(of_response).xpath("//main//section[@id='retours']/article")
    assert texts(feedback, "./p") == [
        "Parcours cohérent avec le projet.",
        "Pistes de cofinancement :",
        "Abondement du CPF.",
    ]
    assert "Vérification du financement au" in of_page
    # 17 500 € HT asked, 16 470 covered: 1 030 not covered, and the remaining cost
    assert cells_of_row(feedback, "Coût pédagogique")[2] == "1 030,00 € HT"
    assert cells_of_row(feedback, "Reste à financer (coût pédagogique)")[1] == "1 030,00 € HT"
    assert "Lisez le retour de Transitions Pro" in of_page


def test_feedback_emails_the_organisations_members_only(
    submitted,
    path_analyst,
    member_a,
    member_b,
    quality_officer,
    org_a,
    django_capture_on_commit_callbacks,
):
    colleague = MembershipFactory(organisation=org_a, user__email="collegue@alpha.example.org")
    MembershipFactory(
        organisation=org_a, user__email="parti@alpha.example.org", user__is_active=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.give_feedback(submitted.pk, path_analyst, "Parcours cohérent.", "CPF.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([member_a.email, colleague.user.email])
    assert org_a.contact_email not in message.to
    assert message.subject == (
        f"Retour de Transitions Pro Grand Est sur votre proposition {submitted.reference}"
    )
    assert "Parcours cohérent." in message.body
    assert "Pistes de cofinancement :" in message.body
    assert f"http://testserver/propositions/{submitted.pk}/" in message.body
    assert "Reste à financer estimé par la vérification du financement : 1 030,00 € HT." in (
        plain(message.body)
    )


def test_feedback_needs_a_text(submitted, path_analyst, client):
    with pytest.raises(ValidationError) as refused:
        services.give_feedback(submitted.pk, path_analyst, "  ")
    assert "text" in refused.value.message_dict
    client.force_login(path_analyst)
    response = client.post(reverse("paths:proposal_feedback", args=[submitted.pk]), {"text": ""})
    assert response.status_code == 400
    assert 'id="id_text_error"' in response.content.decode()
    assert not Feedback.objects.exists()


def test_only_path_analysts_and_administrators_give_feedback(
    client, submitted, quality_officer, commission_member, member_a, administrator
):
    for user in (quality_officer, commission_member, member_a):
        with pytest.raises(PermissionDenied):
            services.give_feedback(submitted.pk, user, "Retour.")
    url = reverse("paths:proposal_feedback", args=[submitted.pk])
    api = APIClient()
    for user, page_status, api_status in (
        (quality_officer, 403, 403),
        (commission_member, 403, 403),
        (member_a, 404, 403),
    ):
        client.force_login(user)
        assert client.post(url, {"text": "Retour."}).status_code == page_status
        api.force_authenticate(user)
        response = api.post(f"/api/v1/proposals/{submitted.pk}/feedback/", {"text": "Retour."})
        assert response.status_code == api_status
    assert not Feedback.objects.exists()
    api.force_authenticate(administrator)
    response = api.post(
        f"/api/v1/proposals/{submitted.pk}/feedback/",
        {"text": "Retour.", "cofunding_leads": "Région."},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["funding_check"]["pedagogic"]["limited_by"] == "hourly_cap"
    assert response.json()["cofunding_leads"] == "Région."


def test_feedback_without_rules_for_the_start_date_says_so(submitted, path_analyst):
    FundingRuleSet.objects.update(valid_from=datetime.date(2030, 1, 1))
    feedback = services.give_feedback(submitted.pk, path_analyst, "Retour.")
    assert "Aucune règle de financement" in feedback.funding_check["unavailable"]
