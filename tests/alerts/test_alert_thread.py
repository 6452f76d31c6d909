"""The thread on an alert: the OF and staff write to each other; staff-only internal notes never
reach the OF (pages, API, emails, exports)."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from alerts import services
from alerts.models import AlertMessage
from tests.dom import messages, texts
from tests.factories import AlertFactory

NOTE = "Note interne : ce n'est pas la première fois pour cet organisme."
REPLY = "Pouvez-vous préciser les horaires envisagés ?"
THREAD = "//section[@id='fil']//li"  # one item per message: its author line, then its text


@pytest.fixture
def alert(org_a, member_a):
    return AlertFactory(organisation=org_a, created_by=member_a)


@pytest.fixture
def thread(alert, quality_officer, mailed):
    with mailed():
        services.post_message(alert, quality_officer, NOTE, internal=True)
        services.post_message(alert, quality_officer, REPLY)
    return alert


def test_the_of_reads_replies_but_never_internal_notes_on_its_page(client, thread, member_a):
    client.force_login(member_a)
    response = client.get(reverse("alerts:my_alert_detail", args=[thread.pk]))
    assert texts(response, THREAD + "/p[2]") == [REPLY]
    assert texts(response, THREAD + "/p[1]/strong") == []  # no "Note interne" mark
    page = response.content.decode()
    assert "première fois" not in page
    assert "Note interne" not in page


def test_staff_read_internal_notes_marked_as_such(client, thread, quality_officer, path_analyst):
    for user in (quality_officer, path_analyst):
        client.force_login(user)
        response = client.get(reverse("alerts:alert_detail", args=[thread.pk]))
        assert sorted(texts(response, THREAD + "/p[2]")) == sorted([NOTE, REPLY])
        # the note, and only the note, is marked as such
        assert texts(response, THREAD + "[p[1]/strong]/p[2]") == [NOTE]
        assert texts(response, THREAD + "/p[1]/strong") == ["Note interne"]


def test_the_api_thread_leaves_internal_notes_out_for_the_of(
    api, thread, member_a, quality_officer
):
    api.force_authenticate(member_a)
    bodies = [m["body"] for m in api.get(f"/api/v1/alerts/{thread.pk}/messages/").json()]
    assert bodies == [REPLY]
    api.force_authenticate(quality_officer)
    staff_view = api.get(f"/api/v1/alerts/{thread.pk}/messages/").json()
    assert [(m["body"], m["internal"], m["from_staff"]) for m in staff_view] == [
        (NOTE, True, True),
        (REPLY, False, True),
    ]


def test_internal_notes_are_emailed_to_no_one_and_replies_reach_the_other_side(
    alert, member_a, org_a, quality_officer, mailed
):
    with mailed():
        services.post_message(alert, quality_officer, NOTE, internal=True)
    assert mail.outbox == []

    with mailed():
        services.post_message(alert, quality_officer, REPLY)
    assert set(mail.outbox[0].to) == {member_a.email, org_a.contact_email}
    assert mail.outbox[0].subject == (
        f"Nouveau message de Transitions Pro Grand Est sur votre alerte {alert.reference}"
    )
    assert REPLY not in mail.outbox[0].body  # the thread is read on the portal

    with mailed():
        services.post_message(alert, member_a, "Mardi et jeudi matin.")
    assert mail.outbox[1].to == [quality_officer.email]
    assert f"http://testserver/alertes/{alert.pk}/" in mail.outbox[1].body


def test_an_of_member_cannot_write_an_internal_note(client, api, alert, member_a):
    client.force_login(member_a)
    client.post(
        reverse("alerts:my_alert_message", args=[alert.pk]),
        {"body": "Merci pour votre retour.", "internal": "on"},
    )
    assert AlertMessage.objects.get().internal is False

    api.force_authenticate(member_a)
    response = api.post(
        f"/api/v1/alerts/{alert.pk}/messages/",
        {"body": "Secret", "internal": True},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "internal": ["Les notes internes sont réservées à Transitions Pro Grand Est."]
    }
    assert AlertMessage.objects.count() == 1


def test_the_staff_csv_export_carries_no_internal_note(client, thread, quality_officer):
    client.force_login(quality_officer)
    response = client.get(reverse("alerts:alert_export"))
    text = response.content.decode("utf-8-sig")
    assert "première fois" not in text
    assert REPLY not in text
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [row["Référence"] for row in rows] == [thread.reference]


def test_staff_write_a_note_from_the_alert_page(client, alert, quality_officer, mailed):
    client.force_login(quality_officer)
    with mailed():
        response = client.post(
            reverse("alerts:alert_message", args=[alert.pk]),
            {"body": "Appeler le référent lundi.", "internal": "on"},
            follow=True,
        )
    assert messages(response) == ["Note interne enregistrée."]
    message = AlertMessage.objects.get()
    assert message.internal is True
    assert message.history.get().history_user == quality_officer
    assert mail.outbox == []


def test_an_empty_message_is_refused_next_to_the_field(client, alert, member_a):
    client.force_login(member_a)
    response = client.post(reverse("alerts:my_alert_message", args=[alert.pk]), {"body": ""})
    assert response.status_code == 400
    assert response.context["message_form"].errors["body"] == ["Ce champ est obligatoire."]
