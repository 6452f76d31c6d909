"""Someone who forgot their password asks for a link by email and chooses a new one."""

import re

from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "Une-nouvelle-phrase-2022"
LINK = re.compile(r"https?://[^\s\"'<>]+/compte/mot-de-passe/nouveau/[^\s\"'<>]+/[^\s\"'<>]+/")


def ask_for_a_reset(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email}, follow=True)


def test_a_known_email_gets_one_french_email_with_a_link(client, member_a):
    response = ask_for_a_reset(client, "Membre.A@alpha.example.org")

    assert response.redirect_chain == [(reverse("accounts:password_reset_done"), 302)]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["membre.a@alpha.example.org"]
    assert "mot de passe" in message.subject.lower()
    assert "mot de passe" in message.body.lower()
    assert len(LINK.findall(message.body)) == 1
    html = message.alternatives[0][0] if message.alternatives else ""
    assert not message.alternatives or LINK.search(html)


def test_following_the_link_sets_a_new_password_that_logs_in(client, member_a):
    ask_for_a_reset(client, "membre.a@alpha.example.org")
    link = LINK.search(mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1] if "testserver" in link else re.sub(r"^https?://[^/]+", "", link)

    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    assert "Nouveau mot de passe" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]

    done = client.post(
        set_password_url,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.redirect_chain == [(reverse("accounts:password_reset_complete"), 302)]

    member_a.refresh_from_db()
    assert member_a.check_password(NEW_PASSWORD)
    assert not member_a.check_password(PASSWORD)
    response = client.post(
        reverse("accounts:login"), {"username": "membre.a@alpha.example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member_a.pk)


def test_a_link_works_only_once(client, member_a):
    ask_for_a_reset(client, "membre.a@alpha.example.org")
    path = re.sub(r"^https?://[^/]+", "", LINK.search(mail.outbox[0].body).group(0))
    set_password_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    second = client.get(path, follow=True)

    assert second.context["validlink"] is False
    assert "Nouveau mot de passe" not in second.content.decode()


def test_a_weak_new_password_is_refused_next_to_the_field(client, member_a):
    ask_for_a_reset(client, "membre.a@alpha.example.org")
    path = re.sub(r"^https?://[^/]+", "", LINK.search(mail.outbox[0].body).group(0))
    set_password_url = client.get(path, follow=True).redirect_chain[-1][0]

    response = client.post(set_password_url, {"new_password1": "12345678", "new_password2": "12345678"})

    assert response.status_code == 200
    errors = response.context["form"].errors["new_password2"]
    assert "Ce mot de passe est trop courant." in errors
    assert "Ce mot de passe est trop courant." in response.content.decode()
    member_a.refresh_from_db()
    assert member_a.check_password(PASSWORD)


def test_an_unknown_email_sends_nothing_but_shows_the_same_page(client, member_a):
    known = ask_for_a_reset(client, "membre.a@alpha.example.org")
    mail.outbox.clear()

    unknown = ask_for_a_reset(client, "personne@nulle-part.example.org")

    assert mail.outbox == []
    assert unknown.redirect_chain == known.redirect_chain == [
        (reverse("accounts:password_reset_done"), 302)
    ]
    assert unknown.content == known.content


def test_an_inactive_account_gets_no_email(client):
    UserFactory(email="parti@example.org", is_active=False)

    response = ask_for_a_reset(client, "parti@example.org")

    assert response.redirect_chain == [(reverse("accounts:password_reset_done"), 302)]
    assert mail.outbox == []
