"""« Mon organisme »: an OF member sees their organisation and edits only its public profile."""

import datetime

from django.urls import reverse

from tests.dom import parse, text, texts, with_class
from tests.factories import MembershipFactory


def test_a_member_sees_their_organisation_and_its_signature(client, member_a, signed_a, on_day):
    on_day(datetime.date(2022, 3, 15))
    client.force_login(member_a)
    response = client.get(reverse("organisms:my_organisation"), follow=True)
    assert texts(response, "//h1") == ["Formations Alpha"]
    (standing,) = parse(response).xpath("//section[@aria-labelledby='my-charter']/p[1]")
    assert texts(standing, "." + with_class("badge", "span")) == ["Active"]
    assert "est active jusqu'au 31/12/2022" in text(standing)


def test_a_member_of_two_organisations_chooses_one(client, member_a, org_b):
    MembershipFactory(user=member_a, organisation=org_b)
    client.force_login(member_a)
    response = client.get(reverse("organisms:my_organisation"))
    assert texts(response, "//main//tbody/tr/th") == ["Beta Compétences", "Formations Alpha"]


def test_a_member_edits_the_public_description_and_it_is_in_the_history(client, member_a, org_a):
    client.force_login(member_a)
    response = client.post(
        reverse("organisms:my_organisation_edit", args=[org_a.pk]),
        {
            "public_description": "Parcours modulaires en soudure.",
            "website": "https://alpha.example.org",
            "contact_name": "Léa",
            "contact_email": "lea@alpha.example.org",
            "contact_phone": "03 87 00 00 00",
            "siret": "73282932000074",
            "legal_name": "Pirate",
        },
        follow=True,
    )
    assert "Vos informations ont été mises à jour." in response.content.decode()
    org_a.refresh_from_db()
    assert org_a.public_description == "Parcours modulaires en soudure."
    assert org_a.legal_name == "Formations Alpha"  # not a field they may change
    assert org_a.siret != "73282932000074"
    assert org_a.history.first().history_user == member_a


def test_a_member_cannot_reach_a_neighbours_organisation(client, member_b, org_a):
    client.force_login(member_b)
    assert (
        client.get(reverse("organisms:my_organisation_detail", args=[org_a.pk])).status_code == 404
    )
    response = client.post(
        reverse("organisms:my_organisation_edit", args=[org_a.pk]), {"public_description": "Piraté"}
    )
    assert response.status_code == 404
    org_a.refresh_from_db()
    assert org_a.public_description == ""
