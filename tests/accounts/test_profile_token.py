"""A member's profile: who they are, their organisations, and their personal API token."""

import html

from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts import services
from charter_portal import roles
from tests.dom import parse
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

API = "/api/v1/organisations/"


def text(response) -> str:
    return html.unescape(response.content.decode())


def api_get(client, key):
    return client.get(API, HTTP_AUTHORIZATION=f"Token {key}")


def test_the_profile_shows_the_members_organisations_and_role(client, member_a, org_a, org_b):
    other = OrganisationFactory(legal_name="Gamma Savoirs", trade_name="Gamma Formation")
    MembershipFactory(user=member_a, organisation=other)
    client.force_login(member_a)

    page = text(client.get(reverse("accounts:profile")))

    assert "membre.a@alpha.example.org" in page
    assert "Formations Alpha</a> — Membre" in page
    assert "Gamma Formation</a> — Membre" in page
    assert "Membre d'organisme de formation" in page
    assert org_b.legal_name not in page


def test_the_profile_shows_a_staff_members_role(client, quality_officer):
    client.force_login(quality_officer)

    response = client.get(reverse("accounts:profile"))
    page = text(response)

    assert "Chargé(e) de projet qualité OF" in page
    assert "Membre d'organisme de formation" not in page
    assert not parse(response).xpath("//*[@id='profile-organisations']")  # no "Mes organismes"


def test_the_profile_needs_a_login(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={reverse('accounts:profile')}"


def test_a_new_token_is_shown_once_and_reads_only_the_members_organisation(
    client, member_a, org_a, org_b
):
    client.force_login(member_a)

    response = client.post(reverse("accounts:token_create"), follow=True)

    key = Token.objects.get(user=member_a).key
    page = text(response)
    assert f"Votre nouveau jeton : <code>{key}</code>" in page.replace("</strong>", "")
    assert "Copiez-le maintenant et gardez-le en lieu sûr : il ne sera plus affiché." in page
    again = text(client.get(reverse("accounts:profile")))
    assert key not in again
    assert "Jeton actif, créé le" in again

    client.logout()
    api = api_get(client, key)
    assert api.status_code == 200
    assert [row["legal_name"] for row in api.json()["results"]] == ["Formations Alpha"]
    assert client.get(f"{API}{org_b.pk}/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 404


def test_creating_a_token_again_replaces_the_previous_one(client, member_a):
    client.force_login(member_a)
    client.post(reverse("accounts:token_create"))
    first = Token.objects.get(user=member_a).key

    client.post(reverse("accounts:token_create"))

    second = Token.objects.get(user=member_a).key
    assert second != first
    client.logout()
    assert api_get(client, first).status_code == 401
    assert api_get(client, second).status_code == 200


def test_revoking_the_token_makes_the_same_call_401(client, member_a):
    client.force_login(member_a)
    client.post(reverse("accounts:token_create"))
    key = Token.objects.get(user=member_a).key

    response = client.post(reverse("accounts:token_revoke"), follow=True)

    assert "Votre jeton d'API a été révoqué." in text(response)
    assert "Vous n'avez pas de jeton d'API." in text(response)
    assert not Token.objects.filter(user=member_a).exists()
    client.logout()
    api = api_get(client, key)
    assert api.status_code == 401
    assert api.json() == {"detail": "Token non valide."}


def test_token_pages_take_no_get(client, member_a):
    client.force_login(member_a)

    assert client.get(reverse("accounts:token_create")).status_code == 405
    assert client.get(reverse("accounts:token_revoke")).status_code == 405
    assert not Token.objects.filter(user=member_a).exists()


def test_a_user_only_ever_sees_and_changes_their_own_token(client, member_a, member_b):
    key_b = services.create_token(member_b)
    client.force_login(member_a)

    created = text(client.post(reverse("accounts:token_create"), follow=True))
    key_a = Token.objects.get(user=member_a).key
    assert key_b not in created

    revoked = text(client.post(reverse("accounts:token_revoke"), follow=True))
    assert key_b not in revoked
    assert key_a not in revoked
    # member B's token is untouched and still reads B's organisation only
    client.logout()
    assert Token.objects.get(user=member_b).key == key_b
    assert [row["legal_name"] for row in api_get(client, key_b).json()["results"]] == [
        "Beta Compétences"
    ]


def test_a_staff_token_reads_every_organisation(client, org_a, org_b):
    analyst = UserFactory(role=roles.PATH_ANALYST)
    key = services.create_token(analyst)

    response = api_get(client, key)

    assert {row["legal_name"] for row in response.json()["results"]} == {
        "Formations Alpha",
        "Beta Compétences",
    }
