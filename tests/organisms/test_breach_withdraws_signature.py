"""C13: confirming a breach withdraws the signature at once, tells the OF, and empties the directory."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from organisms import services
from organisms.models import CommunicationControl, Signature, SignatureStatus
from tests.dom import form_errors, messages, texts, with_class
from tests.factories import ControlFactory, MembershipFactory

DAY = datetime.date(2022, 3, 15)


@pytest.fixture
def control(signed_a, quality_officer):
    return ControlFactory(organisation=signed_a.organisation, opened_by=quality_officer)


def _directory_sirets(client):
    response = client.get(reverse("organisms:directory_csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return {row["siret"] for row in rows}


def test_breach_withdraws_the_active_signature_and_emails_the_organisation(
    control,
    signed_a,
    signed_b,
    quality_officer,
    member_a,
    on_day,
    django_capture_on_commit_callbacks,
):
    on_day(DAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.conclude_control(
            control.pk, CommunicationControl.Outcome.BREACH, "Logo détourné.", quality_officer
        )

    signed_a.refresh_from_db()
    assert signed_a.withdrawn_on == DAY
    assert signed_a.withdrawn_by_control == control
    assert signed_a.status() == SignatureStatus.WITHDRAWN
    signed_b.refresh_from_db()
    assert signed_b.status() == SignatureStatus.ACTIVE  # the neighbour is untouched

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {member_a.email, signed_a.organisation.contact_email}
    assert "retir" in message.subject.lower() or "manquement" in message.subject.lower()
    assert "Logo détourné." in message.body
    assert message.alternatives and message.alternatives[0][1] == "text/html"

    history = signed_a.history.order_by("-history_id").first()
    assert history.history_user == quality_officer
    assert history.withdrawn_on == DAY


def test_a_compliant_outcome_keeps_the_signature_and_sends_nothing(
    control, signed_a, quality_officer, on_day, django_capture_on_commit_callbacks
):
    on_day(DAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.conclude_control(
            control.pk, CommunicationControl.Outcome.COMPLIANT, "Conforme.", quality_officer
        )
    signed_a.refresh_from_db()
    assert signed_a.withdrawn_on is None
    assert mail.outbox == []


def test_a_control_is_concluded_once(control, quality_officer, on_day):
    on_day(DAY)
    services.conclude_control(
        control.pk, CommunicationControl.Outcome.COMPLIANT, "Conforme.", quality_officer
    )
    with pytest.raises(ValidationError, match="déjà conclu"):
        services.conclude_control(
            control.pk, CommunicationControl.Outcome.BREACH, "Non.", quality_officer
        )


def test_breach_and_withdrawal_are_one_transaction(
    control, signed_a, quality_officer, on_day, monkeypatch
):
    """If withdrawing the signature fails, the control is not left concluded either."""
    on_day(DAY)

    def broken_save(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Signature, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.conclude_control(
            control.pk, CommunicationControl.Outcome.BREACH, "Non.", quality_officer
        )
    control.refresh_from_db()
    assert control.outcome == CommunicationControl.Outcome.PENDING
    assert control.decided_on is None


def test_quality_officer_records_a_breach_and_the_organisation_leaves_the_directory(
    client, control, signed_a, signed_b, quality_officer, on_day, django_capture_on_commit_callbacks
):
    on_day(DAY)
    siret = signed_a.organisation.siret
    assert siret in _directory_sirets(client)

    client.force_login(quality_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisms:control_conclude", args=[control.pk]),
            {"outcome": "breach", "findings": "La plaquette parle d'un label."},
            follow=True,
        )
    assert messages(response) == [
        "Manquement confirmé : la signature est retirée et l'organisme n'apparaît plus dans "
        "l'annuaire."
    ]
    assert len(mail.outbox) == 1
    client.logout()

    assert siret not in _directory_sirets(client)
    assert signed_b.organisation.siret in _directory_sirets(client)
    payload = client.get(reverse("organisms:directory_json")).json()
    assert siret not in {row["siret"] for row in payload["signatories"]}
    page = client.get(reverse("organisms:directory")).content.decode()
    assert signed_a.organisation.display_name not in page
    assert client.get(reverse("organisms:directory_detail", args=[siret])).status_code == 404
    api = client.get("/api/v1/public/signatories/").json()
    assert siret not in {row["siret"] for row in api["results"]}


def test_concluding_without_findings_shows_the_error_next_to_the_field(
    client, control, quality_officer, on_day
):
    on_day(DAY)
    client.force_login(quality_officer)
    response = client.post(
        reverse("organisms:control_conclude", args=[control.pk]), {"outcome": "breach"}
    )
    assert response.status_code == 400
    assert 'id="id_findings_error"' in response.content.decode()
    control.refresh_from_db()
    assert control.outcome == CommunicationControl.Outcome.PENDING


def test_path_analyst_cannot_conclude_a_control(client, control, path_analyst, on_day):
    on_day(DAY)
    client.force_login(path_analyst)
    response = client.post(
        reverse("organisms:control_conclude", args=[control.pk]),
        {"outcome": "breach", "findings": "x"},
    )
    assert response.status_code == 403
    control.refresh_from_db()
    assert control.outcome == CommunicationControl.Outcome.PENDING


def test_the_control_form_says_alerts_never_lead_to_a_control(client, org_a, quality_officer):
    client.force_login(quality_officer)
    response = client.get(reverse("organisms:control_create", args=[org_a.pk]))
    (notice,) = texts(response, "//main" + with_class("notice", "p"))
    assert "Il ne part jamais d'une alerte émise par l'organisme ou par un stagiaire" in notice
    assert "C8" not in notice  # the commitment in words, never its internal code
    assert "alert" not in [name.lower() for name in CommunicationControl._meta.fields_map]


def test_opening_a_control_needs_evidence(client, org_a, quality_officer):
    client.force_login(quality_officer)
    response = client.post(
        reverse("organisms:control_create", args=[org_a.pk]),
        {"opened_on": "2022-03-15", "medium": "web_page", "seen_description": "Page d'accueil"},
    )
    assert form_errors(response) == ["Joignez une preuve : une adresse web ou un fichier PDF."]
    assert not CommunicationControl.objects.exists()


def test_a_member_of_the_organisation_is_emailed_once_even_if_also_the_contact(
    control, signed_a, quality_officer, on_day, django_capture_on_commit_callbacks
):
    on_day(DAY)
    MembershipFactory(
        organisation=signed_a.organisation, user__email=signed_a.organisation.contact_email
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.conclude_control(
            control.pk, CommunicationControl.Outcome.BREACH, "x", quality_officer
        )
    assert mail.outbox[0].to == [signed_a.organisation.contact_email]
