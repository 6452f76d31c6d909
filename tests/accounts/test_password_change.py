"""People change their password from their profile; the session stays open."""

from django.urls import reverse

from tests.dom import texts
from tests.factories import PASSWORD

URL = reverse("accounts:password_change")
NEW = "un-nouveau-mot-de-passe-2026"


def test_a_member_changes_their_password_and_stays_logged_in(client, member_a):
    client.force_login(member_a)
    profile = client.get(reverse("accounts:profile"))
    assert texts(profile, f"//main//a[@href='{URL}']") == ["Changer mon mot de passe"]

    response = client.post(
        URL,
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert "Votre mot de passe a été changé." in response.content.decode()
    member_a.refresh_from_db()
    assert member_a.check_password(NEW) and not member_a.check_password(PASSWORD)
    # still logged in
    assert client.get(reverse("reports:worklist")).status_code == 200


def test_a_wrong_old_password_is_said_next_to_its_field(client, member_a):
    client.force_login(member_a)
    response = client.post(
        URL, {"old_password": "pas-le-bon", "new_password1": NEW, "new_password2": NEW}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_old_password_error"' in page
    member_a.refresh_from_db()
    assert member_a.check_password(PASSWORD)
