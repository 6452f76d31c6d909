"""Staff record organisations, editions and signatures through the back office."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organisms.models import CharterEdition, Organisation, Signature
from tests.dom import HISTORY, error_of, facts, messages, rows, texts
from tests.factories import PDF_BYTES, OrganisationFactory, SignatureFactory

FORM = {
    "legal_name": "Gamma Formation",
    "trade_name": "",
    "siret": "732 829 320 00074",
    "nda": "44670000000",
    "address": "3 rue des Juifs",
    "postcode": "67000",
    "city": "Strasbourg",
    "departement": "67",
    "website": "gamma.example.org",
    "contact_name": "",
    "contact_email": "",
    "contact_phone": "",
    "qualiopi_date": "",
    "certifications": "rncp34567 Secrétaire assistant",
    "public_description": "",
}


def test_quality_officer_creates_an_organisation(client, quality_officer):
    client.force_login(quality_officer)
    response = client.post(reverse("organisms:organisation_create"), FORM, follow=True)
    organisation = Organisation.objects.get()
    assert organisation.siret == "73282932000074"  # typed with spaces, stored without
    assert organisation.website == "https://gamma.example.org"
    assert organisation.certifications == "RNCP34567 Secrétaire assistant"
    assert messages(response) == ["Organisme enregistré."]
    assert texts(response, "//main//h1") == ["Gamma Formation"]
    assert organisation.history.get().history_user == quality_officer


def test_a_bad_siret_is_shown_next_to_the_field_and_nothing_is_saved(client, quality_officer):
    client.force_login(quality_officer)
    response = client.post(
        reverse("organisms:organisation_create"), {**FORM, "siret": "73282932000075"}
    )
    assert "clé de contrôle" in error_of(response, "siret")
    assert not Organisation.objects.exists()


def test_a_duplicate_siret_is_shown_next_to_the_field(client, quality_officer, org_a):
    client.force_login(quality_officer)
    response = client.post(reverse("organisms:organisation_create"), {**FORM, "siret": org_a.siret})
    assert "Un organisme avec ce SIRET existe déjà." in response.content.decode()
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "alpha"}, ["Formations Alpha"]),
        ({"departement": "68"}, ["Beta Compétences"]),
        ({"status": "active"}, ["Formations Alpha"]),
        ({"status": "none"}, ["Beta Compétences"]),
        ({}, ["Beta Compétences", "Formations Alpha"]),
    ],
)
def test_staff_search_and_filter_organisations(
    client, path_analyst, signed_a, org_b, on_day, query, expected
):
    on_day(datetime.date(2022, 3, 15))
    client.force_login(path_analyst)
    response = client.get(reverse("organisms:organisation_list"), query)
    assert [org.legal_name for org, _status, _sig in response.context["rows"]] == expected


def test_filter_expired_and_withdrawn(client, quality_officer, signed_a, signed_b, on_day):
    signed_b.withdrawn_on = datetime.date(2022, 2, 1)
    signed_b.save()
    client.force_login(quality_officer)
    on_day(datetime.date(2022, 3, 15))
    withdrawn = client.get(reverse("organisms:organisation_list"), {"status": "withdrawn"})
    assert [org.legal_name for org, *_ in withdrawn.context["rows"]] == ["Beta Compétences"]
    on_day(datetime.date(2023, 3, 15))
    expired = client.get(reverse("organisms:organisation_list"), {"status": "expired"})
    assert [org.legal_name for org, *_ in expired.context["rows"]] == ["Formations Alpha"]


def test_the_organisation_list_keeps_a_constant_number_of_queries(
    client, quality_officer, edition, django_assert_max_num_queries
):
    client.force_login(quality_officer)
    for _ in range(3):
        SignatureFactory(organisation=OrganisationFactory(), edition=edition)
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("organisms:organisation_list"))
    for _ in range(20):
        SignatureFactory(organisation=OrganisationFactory(), edition=edition)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("organisms:organisation_list"))
    assert len(response.context["rows"]) == 23


def test_quality_officer_records_a_signature_with_its_pdf(client, quality_officer, org_a, edition):
    client.force_login(quality_officer)
    response = client.post(
        reverse("organisms:signature_create", args=[org_a.pk]),
        {
            "edition": edition.pk,
            "place": "Metz",
            "signed_on": "2021-10-04",
            "of_signatory_name": "Claire Dupont",
            "of_signatory_function": "Directrice",
            "tp_signatory_name": "Jean Muller",
            "tp_signatory_function": "Directeur",
            "document": SimpleUploadedFile("charte.pdf", PDF_BYTES, content_type="application/pdf"),
        },
        follow=True,
    )
    signature = Signature.objects.get()
    assert signature.organisation == org_a
    assert messages(response) == ["Signature enregistrée."]
    download = client.get(reverse("organisms:signature_document", args=[signature.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_signature_upload_that_is_not_a_pdf_is_refused(client, quality_officer, org_a, edition):
    client.force_login(quality_officer)
    response = client.post(
        reverse("organisms:signature_create", args=[org_a.pk]),
        {
            "edition": edition.pk,
            "place": "Metz",
            "signed_on": "2021-10-04",
            "of_signatory_name": "Claire Dupont",
            "of_signatory_function": "Directrice",
            "tp_signatory_name": "Jean Muller",
            "tp_signatory_function": "Directeur",
            "document": SimpleUploadedFile("charte.pdf", b"<html>not a pdf</html>"),
        },
    )
    assert 'id="id_document_error"' in response.content.decode()
    assert not Signature.objects.exists()


def test_the_organisation_page_shows_its_history_with_who_did_what(client, quality_officer, org_a):
    client.force_login(quality_officer)
    client.post(
        reverse("organisms:organisation_edit", args=[org_a.pk]),
        {
            **FORM,
            "siret": org_a.siret,
            "nda": org_a.nda,
            "legal_name": "Formations Alpha",
            "city": "Thionville",
        },
    )
    page = client.get(reverse("organisms:organisation_detail", args=[org_a.pk]))
    assert facts(page)["Adresse"].endswith(" Thionville")
    [change] = [row for row in rows(page, HISTORY) if "Metz → Thionville" in row[3]]
    assert change[1] == f"{quality_officer} (Chargé(e) de projet qualité OF)"


def test_an_administrator_revises_the_charter_into_a_new_edition(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("organisms:edition_create"),
        {
            "title": "Charte révisée",
            "version": "2023",
            "valid_from": "2023-01-01",
            "valid_until": "2024-12-31",
            "document": SimpleUploadedFile("charte.pdf", PDF_BYTES),
        },
        follow=True,
    )
    assert [row[:2] for row in rows(response)] == [["Charte révisée", "2023"]]
    assert CharterEdition.objects.get().valid_until == datetime.date(2024, 12, 31)


def test_an_edition_ending_before_it_starts_is_refused(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("organisms:edition_create"),
        {"title": "x", "version": "x", "valid_from": "2023-01-01", "valid_until": "2022-01-01"},
    )
    assert 'id="id_valid_until_error"' in response.content.decode()
    assert not CharterEdition.objects.exists()
