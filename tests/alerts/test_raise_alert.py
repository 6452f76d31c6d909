"""An OF member raises an alert from « Mes alertes »: the quality officers are told at once."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alerts.models import Alert, AlertAttachment, Origin
from tests.dom import error_of, facts, field_names, options, texts
from tests.factories import JPEG_BYTES, PDF_BYTES, PNG_BYTES, MembershipFactory

FRIDAY = datetime.date(2022, 3, 18)


def _form(organisation, **changes):
    data = {
        "organisation": organisation.pk,
        "category": "dropout_risk",
        "severity": "medium",
        "trainee_reference": "",
        "observed_on": "2022-03-17",
        "description": "Le stagiaire ne vient plus depuis lundi : trajets trop longs.",
        "proposed_responses": ["tutoring", "modality_change"],
        "responses_details": "Deux jours de distanciel par semaine.",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def staff(quality_officer, path_analyst, commission_member, administrator):
    return {
        "quality_officer": quality_officer,
        "path_analyst": path_analyst,
        "commission": commission_member,
        "administrator": administrator,
    }


def test_an_of_member_raises_an_alert_and_only_the_quality_officers_are_emailed(
    client, member_a, org_a, proposal_a, staff, on_day, mailed
):
    on_day(FRIDAY)
    client.force_login(member_a)
    upload = SimpleUploadedFile("emploi-du-temps.pdf", PDF_BYTES, content_type="text/plain")
    with mailed():
        response = client.post(
            reverse("alerts:my_alert_create"),
            _form(org_a, proposal=proposal_a.pk, attachments=[upload]),
            follow=True,
        )

    alert = Alert.objects.get()
    assert response.redirect_chain[-1][0] == reverse("alerts:my_alert_detail", args=[alert.pk])
    page = response.content.decode()
    assert f"{alert.reference} transmise" in page
    shown = facts(response)
    assert shown["Nature"] == "Risque de rupture du parcours"
    assert shown["Statut"] == "Ouverte"
    assert "Tutorat, accompagnement renforcé" in shown["Réponses proposées"]
    # Friday + 2 working days = Tuesday
    assert shown["À prendre en compte au plus tard le"] == "22/03/2022"
    assert texts(response, "//section[@aria-labelledby='alert-documents']//li/a") == [
        "emploi-du-temps.pdf"
    ]

    assert alert.organisation == org_a
    assert alert.proposal == proposal_a
    assert alert.origin == Origin.OF
    assert alert.created_by == member_a
    assert alert.ack_due_on == datetime.date(2022, 3, 22)
    assert sorted(alert.responses.values_list("code", flat=True)) == [
        "modality_change",
        "tutoring",
    ]
    assert alert.attachments.get().content_type == "application/pdf"
    assert alert.history.get().history_user == member_a

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff["quality_officer"].email]
    assert message.subject == (
        f"Nouvelle alerte {alert.reference} : Risque de rupture du parcours — Formations Alpha"
    )
    assert f"http://testserver/alertes/{alert.pk}/" in message.body
    # the situation itself stays on the portal
    assert "trajets trop longs" not in message.body
    assert "trajets trop longs" not in message.alternatives[0][0]


def test_a_high_severity_alert_says_urgent_in_the_subject(
    client, member_a, org_a, quality_officer, mailed
):
    client.force_login(member_a)
    with mailed():
        client.post(
            reverse("alerts:my_alert_create"),
            _form(org_a, severity="high", trainee_reference="AB-07"),
        )
    alert = Alert.objects.get()
    assert mail.outbox[0].subject == (
        f"[URGENT] Alerte de gravité élevée {alert.reference} : "
        "Risque de rupture du parcours — Formations Alpha"
    )
    assert "urgente" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"trainee_reference": ""}, "trainee_reference", "proposition de parcours concernée"),
        ({"trainee_reference": "1 85 05 78 006 084 36"}, "trainee_reference", "sécurité sociale"),
        ({"observed_on": "2022-03-19"}, "observed_on", "dans le futur"),
        ({"description": ""}, "description", "obligatoire"),
        ({"category": "rumour"}, "category", "rumour"),
        (
            {"attachments": [SimpleUploadedFile("photo.pdf", b"GIF89a not a pdf")]},
            "attachments",
            "PDF ou une image PNG ou JPEG",
        ),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(
    client, member_a, org_a, quality_officer, on_day, mailed, changes, field, words
):
    on_day(FRIDAY)
    client.force_login(member_a)
    with mailed():
        response = client.post(reverse("alerts:my_alert_create"), _form(org_a, **changes))
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert words in errors, response.context["form"].errors
    assert words in response.content.decode()
    assert not Alert.objects.exists()
    assert not AlertAttachment.objects.exists()
    assert mail.outbox == []


def test_another_organisations_path_cannot_be_chosen(client, member_a, org_a, proposal_b):
    client.force_login(member_a)
    page = client.get(reverse("alerts:my_alert_create")).content.decode()
    assert proposal_b.reference not in page
    response = client.post(reverse("alerts:my_alert_create"), _form(org_a, proposal=proposal_b.pk))
    assert response.status_code == 400
    assert "proposal" in response.context["form"].errors
    assert not Alert.objects.exists()


def test_a_member_of_two_organisations_chooses_and_paths_must_match(
    client, member_a, org_a, org_b, proposal_b
):
    MembershipFactory(user=member_a, organisation=org_b)
    client.force_login(member_a)
    form = client.get(reverse("alerts:my_alert_create"))
    assert "organisation" in field_names(form)
    assert "Beta Compétences" in options(form, "organisation")
    response = client.post(reverse("alerts:my_alert_create"), _form(org_a, proposal=proposal_b.pk))
    assert response.status_code == 400
    assert response.context["form"].errors["proposal"] == [
        "Cette proposition de parcours appartient à un autre organisme."
    ]


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(PNG_BYTES, "image/png"), (JPEG_BYTES, "image/jpeg"), (PDF_BYTES, "application/pdf")],
)
def test_photos_and_pdfs_are_kept_with_the_type_their_content_says(
    client, member_a, member_b, org_a, content, content_type
):
    client.force_login(member_a)
    upload = SimpleUploadedFile("piece.bin", content, content_type="application/x-anything")
    client.post(
        reverse("alerts:my_alert_create"),
        _form(org_a, trainee_reference="AB-07", attachments=[upload]),
    )
    attachment = AlertAttachment.objects.get()
    assert attachment.content_type == content_type
    assert attachment.uploaded_by == member_a

    response = client.get(reverse("alerts:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == content

    client.force_login(member_b)
    assert client.get(reverse("alerts:attachment", args=[attachment.pk])).status_code == 404


def test_a_file_over_the_size_limit_is_refused(client, member_a, org_a, settings):
    settings.MAX_UPLOAD_MB = 1
    client.force_login(member_a)
    big = SimpleUploadedFile("scan.png", PNG_BYTES + b"\x00" * (1024 * 1024))
    response = client.post(
        reverse("alerts:my_alert_create"),
        _form(org_a, trainee_reference="AB-07", attachments=[big]),
    )
    assert response.status_code == 400
    assert "taille maximale de 1 Mo" in error_of(response, "attachments")
    assert not Alert.objects.exists()


def test_more_documents_are_added_later_until_the_alert_is_closed(
    client, member_a, org_a, quality_officer
):
    from alerts import services
    from tests.factories import AlertFactory

    alert = AlertFactory(organisation=org_a)
    client.force_login(member_a)
    url = reverse("alerts:my_alert_attach", args=[alert.pk])
    response = client.post(url, {"attachments": [SimpleUploadedFile("a.png", PNG_BYTES)]})
    assert response.status_code == 302
    assert alert.attachments.count() == 1

    services.acknowledge(alert.pk, quality_officer)
    services.close(alert.pk, "secured", quality_officer)
    response = client.post(url, {"attachments": [SimpleUploadedFile("b.png", PNG_BYTES)]})
    assert response.status_code == 400
    assert error_of(response, "attachments") == (
        "Cette alerte est clôturée : elle ne reçoit plus de document."
    )
    assert alert.attachments.count() == 1
