"""An uploaded PDF is kept when the rest of the proposal form has an error (issue 11): it is
stored for the person who chose it, the page says so, and it becomes an attachment when the
proposal is saved; nobody else can use it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from paths.models import PathProposal, PendingUpload, ProposalAttachment
from tests.dom import parse, text
from tests.factories import PDF_BYTES, complete_draft
from tests.paths.test_proposal_draft import form_data

pytestmark = pytest.mark.django_db

SSN = "1 85 05 78 006 084 36"  # refused as a trainee reference


def programme():
    return SimpleUploadedFile("programme-soudure.pdf", PDF_BYTES, content_type="application/pdf")


def test_the_programme_is_kept_after_an_error_and_joined_when_saved(client, member_a, org_a):
    client.force_login(member_a)
    refused = client.post(
        reverse("paths:proposal_create"),
        form_data(trainee_reference=SSN, **{"attachments-programme": programme()}),
    )
    assert refused.status_code == 400
    assert not PathProposal.objects.exists()
    assert not ProposalAttachment.objects.exists()
    (pending,) = PendingUpload.objects.all()
    assert (pending.user, pending.proposal, pending.kind) == (member_a, None, "programme")
    assert pending.history.first().history_user == member_a
    page = parse(refused)
    (kept,) = page.xpath("//*[@id='kept-files']")
    assert "Programme : programme-soudure.pdf" in text(kept)
    assert "Les documents choisis ont été conservés" in text(page.xpath("//*[@role='alert']")[0])
    assert page.xpath("//input[@type='hidden'][@name='kept']/@value") == [str(pending.pk)]

    # corrected, sent again without choosing the file again
    saved = client.post(
        reverse("paths:proposal_create"),
        form_data(kept=str(pending.pk), **{"attachments-programme": None}),
    )
    assert saved.status_code == 302
    proposal = PathProposal.objects.get()
    (attachment,) = proposal.attachments.all()
    assert attachment.kind == "programme"
    assert attachment.uploaded_by == member_a
    assert attachment.file.name.startswith(f"propositions/{proposal.reference}/programme-")
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    assert not PendingUpload.objects.exists()


def test_a_new_file_of_the_same_kind_replaces_the_kept_one(client, member_a, org_a):
    client.force_login(member_a)
    client.post(
        reverse("paths:proposal_create"),
        form_data(trainee_reference=SSN, **{"attachments-programme": programme()}),
    )
    first = PendingUpload.objects.get()
    again = client.post(
        reverse("paths:proposal_create"),
        form_data(
            trainee_reference=SSN,
            kept=str(first.pk),
            **{
                "attachments-programme": SimpleUploadedFile(
                    "programme-v2.pdf", PDF_BYTES, content_type="application/pdf"
                )
            },
        ),
    )
    assert again.status_code == 400
    (second,) = PendingUpload.objects.all()
    assert second.pk != first.pk
    assert second.filename == "programme-v2.pdf"


def test_a_kept_file_on_an_existing_draft(client, member_a, org_a):
    proposal = complete_draft(org_a)
    proposal.attachments.all().delete()
    client.force_login(member_a)
    url = reverse("paths:proposal_edit", args=[proposal.pk])
    client.post(url, form_data(end_date="2000-01-01", **{"attachments-programme": programme()}))
    (pending,) = PendingUpload.objects.all()
    assert pending.proposal == proposal
    assert not proposal.attachments.exists()
    client.post(url, form_data(kept=str(pending.pk), **{"attachments-programme": None}))
    assert [a.kind for a in proposal.attachments.all()] == ["programme"]


def test_nobody_else_uses_a_kept_file(client, member_a, member_b, org_a, org_b):
    client.force_login(member_a)
    client.post(
        reverse("paths:proposal_create"),
        form_data(trainee_reference=SSN, **{"attachments-programme": programme()}),
    )
    pending = PendingUpload.objects.get()
    client.force_login(member_b)
    client.post(
        reverse("paths:proposal_create"),
        form_data(kept=str(pending.pk), **{"attachments-programme": None}),
    )
    proposal = PathProposal.objects.get()
    assert proposal.organisation == org_b
    assert not proposal.attachments.exists()
    assert PendingUpload.objects.get() == pending  # still member_a's


def test_files_kept_for_an_abandoned_form_go_after_a_week(
    client, member_a, org_a, on_day, django_capture_on_commit_callbacks
):
    import datetime

    on_day(datetime.date(2026, 3, 2))
    client.force_login(member_a)
    client.post(
        reverse("paths:proposal_create"),
        form_data(trainee_reference=SSN, **{"attachments-programme": programme()}),
    )
    old = PendingUpload.objects.get()
    old_name = old.file.name
    on_day(datetime.date(2026, 3, 10))  # 8 days later, another attempt with an error
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("paths:proposal_create"),
            form_data(trainee_reference=SSN, **{"attachments-programme": programme()}),
        )
    (fresh,) = PendingUpload.objects.all()
    assert fresh.pk != old.pk
    assert not old.file.storage.exists(old_name)
