"""Someone who forgot their password asks for a link by email and chooses a new one."""

import html
import re

from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "Une-nouvelle-phrase-2022"
LINK = re.compile(r"http://testserver(/compte/mot-de-passe/nouveau/[\w-]+/[\w-]+/)")


def text(response) -> str:
    return html.unescape(response.content.decode())


def without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def ask_for_a_reset(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email}, follow=True)


def reset_link_path() -> str:
    return LINK.search(mail.outbox[-1].body).group(1)


def open_reset_link(client) -> str:
    """Follow the emailed link; Django moves the token to the session and redirects."""
    response = client.get(reset_link_path(), follow=True)
    assert response.context["validlink"] is True
    return response.redirect_chain[-1][0]


def test_a_known_email_gets_one_french_email_with_a_link(client, member_a):
    response = ask_for_a_reset(client, "Membre.A@alpha.example.org")

    assert response.redirect_chain == [(reverse("accounts:password_reset_done"), 302)]
    assert "Vérifiez votre messagerie" in text(response)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["membre.a@alpha.example.org"]
    assert message.subject == (
        "Réinitialisation de votre mot de passe — Portail de la charte Transitions Pro Grand Est"
    )
    assert message.body.startswith("Bonjour,")
    assert "Pour choisir un nouveau mot de passe, ouvrez ce lien :" in message.body
    assert (
        "Votre identifiant de connexion est votre adresse e-mail : membre.a@alpha.example.org"
        in (message.body)
    )
    assert len(LINK.findall(message.body)) == 1
    ((html_body, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert LINK.findall(html_body) == LINK.findall(message.body)


def test_following_the_link_sets_a_new_password_that_logs_in(client, member_a):
    ask_for_a_reset(client, "membre.a@alpha.example.org")

    form_page = client.get(reset_link_path(), follow=True)
    assert "Choisir un nouveau mot de passe" in text(form_page)
    assert 'name="new_password1"' in text(form_page)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert done.redirect_chain == [(reverse("accounts:password_reset_complete"), 302)]
    assert "Votre nouveau mot de passe est enregistré. Vous pouvez vous connecter." in text(done)
    member_a.refresh_from_db()
    assert not member_a.check_password(PASSWORD)
    response = client.post(
        reverse("accounts:login"),
        {"username": "membre.a@alpha.example.org", "password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member_a.pk)


def test_a_link_works_only_once(client, member_a):
    ask_for_a_reset(client, "membre.a@alpha.example.org")
    set_password_url = open_reset_link(client)
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    second = client.get(reset_link_path(), follow=True)

    assert second.context["validlink"] is False
    page = text(second)
    assert (
        "Ce lien de réinitialisation n'est plus valable : il a déjà servi ou il a expiré." in page
    )
    assert 'name="new_password1"' not in page


def test_a_weak_new_password_is_refused_next_to_the_field(client, member_a):
    ask_for_a_reset(client, "membre.a@alpha.example.org")
    set_password_url = open_reset_link(client)

    response = client.post(
        set_password_url, {"new_password1": "12345678", "new_password2": "12345678"}
    )

    assert response.status_code == 200
    assert "Ce mot de passe est trop courant." in response.context["form"].errors["new_password2"]
    assert re.search(
        r'<p class="error" id="id_new_password2_error">Ce mot de passe est trop courant.</p>',
        text(response),
    )
    member_a.refresh_from_db()
    assert member_a.check_password(PASSWORD)


def test_an_unknown_email_sends_nothing_but_shows_the_same_page(client, member_a):
    known = ask_for_a_reset(client, "membre.a@alpha.example.org")
    mail.outbox.clear()

    unknown = ask_for_a_reset(client, "personne@nulle-part.example.org")

    assert mail.outbox == []
    assert (
        unknown.redirect_chain
        == known.redirect_chain
        == [(reverse("accounts:password_reset_done"), 302)]
    )
    assert without_csrf(unknown) == without_csrf(known)


def test_an_inactive_account_gets_no_email(client, db):
    UserFactory(email="parti@example.org", is_active=False)

    response = ask_for_a_reset(client, "parti@example.org")

    assert response.redirect_chain == [(reverse("accounts:password_reset_done"), 302)]
    assert mail.outbox == []
