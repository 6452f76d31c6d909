"""The thread of a proposal: the OF and staff write to each other; staff-only internal notes are
never seen by the OF — not on the page, not in the API, not in an email, not in the CSV export."""

import html

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from paths import services
from paths.models import Message, ProposalStatus
from tests.dom import error_of, messages
from tests.factories import PDF_BYTES, complete_draft

NOTE = "Note interne : organisme déjà alerté sur ses délais en 2021."


@pytest.fixture
def proposal(org_a):
    return complete_draft(org_a, status=ProposalStatus.IN_REVIEW)


@pytest.fixture
def note(proposal, quality_officer):
    message = services.post_message(proposal.pk, quality_officer, NOTE, internal=True)
    message.attachment.save("note.pdf", ContentFile(PDF_BYTES))
    return message


def test_the_of_and_staff_write_to_each_other_by_email(
    proposal, member_a, path_analyst, quality_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(proposal.pk, member_a, "Le candidat peut commencer en septembre.")
        services.post_message(proposal.pk, path_analyst, "Merci, c'est noté.")
    question, answer = mail.outbox
    assert sorted(question.to) == sorted([path_analyst.email, quality_officer.email])
    assert "Le candidat peut commencer en septembre." in question.body
    assert answer.to == [member_a.email]
    assert "Transitions Pro Grand Est vous a écrit" in answer.body
    assert f"http://testserver/propositions/{proposal.pk}/" in answer.body


def test_an_internal_note_is_emailed_to_nobody(
    proposal, member_a, quality_officer, path_analyst, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(proposal.pk, quality_officer, NOTE, internal=True)
    assert mail.outbox == []


def test_an_internal_note_is_not_on_the_of_page_but_is_on_the_staff_page(
    client, proposal, note, member_a, commission_member
):
    url = reverse("paths:proposal_detail", args=[proposal.pk])
    client.force_login(member_a)
    page = html.unescape(client.get(url).content.decode())
    assert NOTE not in page
    assert "Note interne" not in page
    assert reverse("paths:message_attachment", args=[proposal.pk, note.pk]) not in page
    client.force_login(commission_member)
    assert NOTE in html.unescape(client.get(url).content.decode())


def test_an_internal_note_is_not_in_the_of_api(proposal, note, member_a, path_analyst):
    services.post_message(proposal.pk, path_analyst, "Message visible.")
    api = APIClient()
    api.force_authenticate(member_a)
    thread = api.get(f"/api/v1/proposals/{proposal.pk}/messages/").json()
    assert [m["body"] for m in thread] == ["Message visible."]
    assert NOTE not in api.get(f"/api/v1/proposals/{proposal.pk}/").content.decode()
    assert NOTE not in api.get("/api/v1/proposals/").content.decode()
    download = f"/api/v1/proposals/{proposal.pk}/messages/{note.pk}/attachment/"
    assert api.get(download).status_code == 404
    api.force_authenticate(path_analyst)
    staff_thread = api.get(f"/api/v1/proposals/{proposal.pk}/messages/").json()
    assert [(m["body"], m["internal"]) for m in staff_thread] == [
        (NOTE, True),
        ("Message visible.", False),
    ]
    assert api.get(download).status_code == 200


def test_an_internal_note_attachment_is_not_downloadable_by_the_of(
    client, proposal, note, member_a, quality_officer
):
    url = reverse("paths:message_attachment", args=[proposal.pk, note.pk])
    client.force_login(member_a)
    assert client.get(url).status_code == 404
    client.force_login(quality_officer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_an_internal_note_is_not_in_the_csv_export(client, proposal, note, path_analyst):
    client.force_login(path_analyst)
    export = client.get(reverse("paths:proposal_queue_csv"))
    body = export.content.decode("utf-8-sig")
    assert proposal.reference in body
    assert NOTE not in body


def test_an_of_member_cannot_write_an_internal_note(client, proposal, member_a):
    with pytest.raises(ValidationError) as refused:
        services.post_message(proposal.pk, member_a, "Secret ?", internal=True)
    assert "internal" in refused.value.message_dict
    api = APIClient()
    api.force_authenticate(member_a)
    response = api.post(
        f"/api/v1/proposals/{proposal.pk}/messages/",
        {"body": "Secret ?", "internal": True},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "internal": ["Seul le personnel de Transitions Pro peut écrire une note interne."]
    }
    # the page has no such box; a forged field is ignored and the message stays visible
    client.force_login(member_a)
    detail = client.get(reverse("paths:proposal_detail", args=[proposal.pk])).content.decode()
    assert 'name="internal"' not in detail
    client.post(
        reverse("paths:proposal_message", args=[proposal.pk]),
        {"body": "Bonjour", "internal": "on"},
    )
    assert Message.objects.get().internal is False


def test_staff_write_an_internal_note_from_the_page(client, proposal, path_analyst):
    client.force_login(path_analyst)
    response = client.post(
        reverse("paths:proposal_message", args=[proposal.pk]),
        {"body": NOTE, "internal": "on"},
        follow=True,
    )
    assert messages(response) == ["Note interne enregistrée."]
    message = Message.objects.get()
    assert (message.internal, message.author) == (True, path_analyst)


def test_who_may_write_in_the_thread(client, proposal, commission_member, member_b):
    with pytest.raises(PermissionDenied):
        services.post_message(proposal.pk, commission_member, "Avis ?")
    with pytest.raises(PermissionDenied):
        services.post_message(proposal.pk, member_b, "Bonjour")
    url = reverse("paths:proposal_message", args=[proposal.pk])
    client.force_login(commission_member)
    assert client.post(url, {"body": "Avis ?"}).status_code == 403
    client.force_login(member_b)
    assert client.post(url, {"body": "Bonjour"}).status_code == 404
    api = APIClient()
    api.force_authenticate(member_b)
    assert api.get(f"/api/v1/proposals/{proposal.pk}/messages/").status_code == 404
    assert not Message.objects.exists()


def test_a_message_needs_text_and_its_attachment_must_be_a_pdf(client, proposal, member_a):
    client.force_login(member_a)
    url = reverse("paths:proposal_message", args=[proposal.pk])
    empty = client.post(url, {"body": ""})
    assert empty.status_code == 400
    assert error_of(empty, "body") == "Ce champ est obligatoire."
    fake = SimpleUploadedFile("devis.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    response = client.post(url, {"body": "Voici le devis.", "attachment": fake})
    assert response.status_code == 400
    assert "son contenu n'est pas celui d'un PDF" in error_of(response, "attachment")
    real = SimpleUploadedFile("devis.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(url, {"body": "Voici le devis.", "attachment": real})
    assert Message.objects.get().attachment
