"""A proposal's documents (programme, positioning result) are PDFs — checked by their content —
and only those who may see the proposal can download them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from paths.models import ProposalAttachment, ProposalStatus
from tests.factories import PDF_BYTES, complete_draft


@pytest.fixture
def proposal(org_a):
    return complete_draft(org_a)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("member_a", 200), ("member_b", 404), ("commission_member", 200), ("path_analyst", 200)],
)
def test_downloads_are_for_those_who_see_the_proposal(client, proposal, request, role, expected):
    attachment = proposal.attachments.get()
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("paths:proposal_attachment", args=[proposal.pk, attachment.pk]))
    assert page.status_code == expected
    api = APIClient()
    api.force_authenticate(request.getfixturevalue(role))
    response = api.get(f"/api/v1/proposals/{proposal.pk}/attachments/{attachment.pk}/")
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF_BYTES


def test_anonymous_visitors_are_sent_to_the_login_page(client, proposal):
    attachment = proposal.attachments.get()
    response = client.get(reverse("paths:proposal_attachment", args=[proposal.pk, attachment.pk]))
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]


def test_an_attachment_of_another_proposal_is_not_reached_through_this_one(
    client, proposal, org_b, member_a
):
    other = complete_draft(org_b)
    client.force_login(member_a)
    url = reverse("paths:proposal_attachment", args=[proposal.pk, other.attachments.get().pk])
    assert client.get(url).status_code == 404


def test_the_api_adds_a_pdf_and_refuses_anything_else(proposal, member_a):
    api = APIClient()
    api.force_authenticate(member_a)
    url = f"/api/v1/proposals/{proposal.pk}/attachments/"
    fake = SimpleUploadedFile("positionnement.pdf", b"<html>not a pdf</html>")
    refused = api.post(url, {"kind": "positioning", "file": fake}, format="multipart")
    assert refused.status_code == 400
    assert "son contenu n'est pas celui d'un PDF" in refused.json()["file"][0]
    real = SimpleUploadedFile("positionnement.pdf", PDF_BYTES)
    added = api.post(url, {"kind": "positioning", "file": real}, format="multipart")
    assert added.status_code == 201, added.content
    assert added.json()["kind"] == "positioning"
    assert added.json()["download_url"].endswith(
        f"/api/v1/proposals/{proposal.pk}/attachments/{added.json()['id']}/"
    )
    assert sorted(a["kind"] for a in api.get(url).json()) == ["positioning", "programme"]


def test_documents_are_added_only_while_the_of_may_edit(proposal, member_a, path_analyst):
    proposal.status = ProposalStatus.SUBMITTED
    proposal.save()
    api = APIClient()
    api.force_authenticate(member_a)
    url = f"/api/v1/proposals/{proposal.pk}/attachments/"
    response = api.post(
        url, {"kind": "other", "file": SimpleUploadedFile("a.pdf", PDF_BYTES)}, format="multipart"
    )
    assert response.status_code == 400
    assert "ne peut plus être modifiée" in response.json()["non_field_errors"][0]
    api.force_authenticate(path_analyst)
    response = api.post(
        url, {"kind": "other", "file": SimpleUploadedFile("a.pdf", PDF_BYTES)}, format="multipart"
    )
    assert response.status_code == 403
    assert ProposalAttachment.objects.count() == 1
