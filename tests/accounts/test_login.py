"""People log in with their email address; django-axes locks an account after five failures."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.dom import buttons, texts
from tests.factories import PASSWORD

MENU = "//header//nav"

LOGIN_ERROR = "Adresse e-mail ou mot de passe incorrect."


def log_in(client, email, password, **extra):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, **extra
    )


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_logging_in_with_the_email_in_any_case_shows_the_users_page(client, member_a, org_a):
    response = client.post(
        f"{reverse('accounts:login')}?next={reverse('accounts:profile')}",
        {"username": "  Membre.A@ALPHA.example.org ", "password": PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert logged_in_user_id(client) == str(member_a.pk)
    page = response.content.decode()
    assert "membre.a@alpha.example.org" in page
    assert "Formations Alpha</a> — Membre" in page
    assert buttons(response, MENU) == ["Se déconnecter"]


def test_logging_in_without_next_lands_on_the_worklist_logged_in(client, member_a):
    response = log_in(client, "membre.a@alpha.example.org", PASSWORD, follow=True)

    assert response.redirect_chain == [(reverse("reports:worklist"), 302)]
    assert "Brouillons à terminer" in texts(response, "//main//h2")  # the member's own worklist
    assert buttons(response, MENU) == ["Se déconnecter"]
    assert "Mon organisme" in texts(response, MENU + "//a")  # the member's own menu


def test_a_wrong_password_shows_the_french_error_next_to_the_form(client, member_a):
    response = log_in(client, "membre.a@alpha.example.org", "pas-le-bon")

    assert response.status_code == 200
    assert logged_in_user_id(client) is None
    page = response.content.decode()
    assert LOGIN_ERROR in page
    assert "le compte est bloqué pendant une heure" in page
    # the error sits in the login form, which is shown again with the email kept
    form = response.context["form"]
    assert form.non_field_errors() == [
        "Adresse e-mail ou mot de passe incorrect. Après 5 essais infructueux, "
        "le compte est bloqué pendant une heure."
    ]
    assert 'value="membre.a@alpha.example.org"' in page


def test_an_unknown_email_gets_the_same_error_as_a_wrong_password(client, member_a):
    response = log_in(client, "personne@nulle-part.example.org", PASSWORD)

    assert response.status_code == 200
    assert LOGIN_ERROR in response.content.decode()
    assert logged_in_user_id(client) is None


def test_an_invalid_email_is_refused_next_to_the_field(client, member_a):
    response = log_in(client, "pas-une-adresse", PASSWORD)

    assert response.status_code == 200
    assert response.context["form"].errors["username"] == ["Saisissez une adresse e-mail valide."]
    assert logged_in_user_id(client) is None


def test_five_failures_lock_the_account_even_for_the_right_password(client, member_a):
    for _attempt in range(4):
        response = log_in(client, "membre.a@alpha.example.org", "pas-le-bon")
        assert response.status_code == 200
        assert LOGIN_ERROR in response.content.decode()
    log_in(client, "membre.a@alpha.example.org", "pas-le-bon")  # the fifth failure

    response = log_in(client, "membre.a@alpha.example.org", PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Compte temporairement bloqué" in page
    assert (
        "Après 5 essais de connexion infructueux, ce compte est bloqué pendant une heure "
        "pour le protéger." in page
    )
    # and offers a way out: a password reset link
    assert f'href="{reverse("accounts:password_reset")}"' in page
    assert LOGIN_ERROR not in page
    assert logged_in_user_id(client) is None
    member_a.refresh_from_db()
    assert member_a.last_login is None
    assert (
        AccessAttempt.objects.get(username="membre.a@alpha.example.org").failures_since_start >= 5
    )


@pytest.mark.parametrize(
    "variant",
    ["MEMBRE.A@ALPHA.EXAMPLE.ORG", " membre.a@alpha.example.org", "Membre.A@Alpha.Example.Org"],
)
def test_changing_the_case_of_the_email_does_not_get_around_the_lock(client, member_a, variant):
    for _attempt in range(5):
        log_in(client, "membre.a@alpha.example.org", "pas-le-bon")

    response = log_in(client, variant, PASSWORD)

    assert response.status_code == 429
    assert "Compte temporairement bloqué" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_the_lock_is_per_account_and_address(client, member_a, member_b):
    for _attempt in range(5):
        log_in(client, "membre.a@alpha.example.org", "pas-le-bon")

    other_account = log_in(client, "membre.b@beta.example.org", PASSWORD)
    assert other_account.status_code == 302
    assert logged_in_user_id(client) == str(member_b.pk)

    client.logout()
    other_address = log_in(client, "membre.a@alpha.example.org", PASSWORD, REMOTE_ADDR="192.0.2.44")
    assert other_address.status_code == 302
    assert logged_in_user_id(client) == str(member_a.pk)


def test_a_success_before_the_limit_resets_the_count(client, member_a):
    for _attempt in range(4):
        log_in(client, "membre.a@alpha.example.org", "pas-le-bon")
    assert log_in(client, "membre.a@alpha.example.org", PASSWORD).status_code == 302
    client.logout()

    response = log_in(client, "membre.a@alpha.example.org", "pas-le-bon")

    assert response.status_code == 200
    assert LOGIN_ERROR in response.content.decode()


def test_logging_out_ends_the_session(client, member_a):
    log_in(client, "membre.a@alpha.example.org", PASSWORD)
    assert logged_in_user_id(client) == str(member_a.pk)

    response = client.post(reverse("accounts:logout"), follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert logged_in_user_id(client) is None
    assert "Se connecter" in texts(response, MENU + "//a")
    assert buttons(response, MENU) == []  # no "Se déconnecter"
    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 302
    assert profile["Location"].startswith(reverse("accounts:login"))


def test_logging_out_needs_a_post(client, member_a):
    log_in(client, "membre.a@alpha.example.org", PASSWORD)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert logged_in_user_id(client) == str(member_a.pk)
