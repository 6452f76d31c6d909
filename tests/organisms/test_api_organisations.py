"""The organisations and signatures API: scoping, writes, and errors that name the field."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from organisms.models import Organisation, Signature
from tests.factories import PDF_BYTES, OrganisationFactory

NEW_ORGANISATION = {
    "legal_name": "Gamma Formation",
    "siret": "73282932000074",
    "nda": "44670000000",
    "address": "3 rue des Juifs",
    "postcode": "67000",
    "city": "Strasbourg",
    "departement": "67",
    "certifications": ["RNCP34567 Secrétaire assistant", "RS5080 Créer son entreprise"],
}


@pytest.fixture
def api():
    return APIClient()


def test_staff_create_an_organisation_and_the_history_names_them(api, quality_officer):
    api.force_authenticate(quality_officer)
    response = api.post("/api/v1/organisations/", NEW_ORGANISATION, format="json")
    assert response.status_code == 201, response.content
    organisation = Organisation.objects.get(siret="73282932000074")
    assert organisation.certification_list == [
        ("RNCP34567", "Secrétaire assistant"),
        ("RS5080", "Créer son entreprise"),
    ]
    assert response.json()["certifications"] == NEW_ORGANISATION["certifications"]
    assert organisation.history.first().history_user == quality_officer


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"siret": "73282932000075"}, "siret", "clé de contrôle"),
        ({"siret": "123"}, "siret", "14 chiffres"),
        ({"nda": "12345"}, "nda", "11 chiffres"),
        ({"certifications": ["CQP12 Soudeur"]}, "certifications", "CQP12"),
        ({"departement": "75"}, "departement", "75"),
        ({"qualiopi_certified": False, "qualiopi_date": "2021-01-01"}, "qualiopi_date", "Qualiopi"),
    ],
)
def test_invalid_input_is_a_400_naming_the_field_and_saves_nothing(
    api, quality_officer, change, field, words
):
    api.force_authenticate(quality_officer)
    response = api.post("/api/v1/organisations/", {**NEW_ORGANISATION, **change}, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert not Organisation.objects.exists()


def test_a_duplicate_siret_is_refused_in_french(api, quality_officer, org_a):
    api.force_authenticate(quality_officer)
    response = api.post(
        "/api/v1/organisations/", {**NEW_ORGANISATION, "siret": org_a.siret}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["siret"] == ["Un organisme avec ce SIRET existe déjà."]
    assert Organisation.objects.count() == 1


def test_malformed_json_is_a_clear_400(api, quality_officer):
    api.force_authenticate(quality_officer)
    response = api.generic(
        "POST", "/api/v1/organisations/", '{"legal_name": "Gamma",', content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
    assert not Organisation.objects.exists()


def test_an_of_member_lists_only_their_organisation(api, member_a, org_a, org_b):
    api.force_authenticate(member_a)
    rows = api.get("/api/v1/organisations/").json()["results"]
    assert [row["siret"] for row in rows] == [org_a.siret]
    assert api.get(f"/api/v1/organisations/{org_b.pk}/").status_code == 404


def test_an_of_member_changes_their_contacts_but_not_their_siret(api, member_a, org_a):
    api.force_authenticate(member_a)
    response = api.patch(
        f"/api/v1/organisations/{org_a.pk}/",
        {"website": "https://alpha.example.org", "siret": "73282932000074", "legal_name": "Autre"},
        format="json",
    )
    assert response.status_code == 200
    org_a.refresh_from_db()
    assert org_a.website == "https://alpha.example.org"
    assert org_a.siret != "73282932000074"
    assert org_a.legal_name == "Formations Alpha"


def test_an_of_member_cannot_create_an_organisation(api, member_a):
    api.force_authenticate(member_a)
    assert api.post("/api/v1/organisations/", NEW_ORGANISATION, format="json").status_code == 403
    assert not Organisation.objects.filter(siret=NEW_ORGANISATION["siret"]).exists()


def test_organisations_filter_by_departement(api, path_analyst, org_a, org_b):
    api.force_authenticate(path_analyst)
    rows = api.get("/api/v1/organisations/", {"departement": "68"}).json()["results"]
    assert [row["legal_name"] for row in rows] == [org_b.legal_name]


def _signature_payload(organisation, edition, **extra):
    return {
        "organisation": organisation.pk,
        "edition": edition.pk,
        "place": "Metz",
        "signed_on": "2021-10-04",
        "of_signatory_name": "Claire Dupont",
        "of_signatory_function": "Directrice",
        "tp_signatory_name": "Jean Muller",
        "tp_signatory_function": "Directeur",
        **extra,
    }


def test_staff_record_a_signature_with_its_pdf(api, quality_officer, org_a, edition):
    api.force_authenticate(quality_officer)
    upload = SimpleUploadedFile("charte.pdf", PDF_BYTES, content_type="application/pdf")
    response = api.post(
        "/api/v1/signatures/",
        _signature_payload(org_a, edition, document=upload),
        format="multipart",
    )
    assert response.status_code == 201, response.content
    signature = Signature.objects.get()
    assert signature.document.read().startswith(b"%PDF-")
    assert response.json()["valid_until"] == "2022-12-31"


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused(api, quality_officer, org_a, edition):
    api.force_authenticate(quality_officer)
    fake = SimpleUploadedFile("charte.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = api.post(
        "/api/v1/signatures/", _signature_payload(org_a, edition, document=fake), format="multipart"
    )
    assert response.status_code == 400
    assert "PDF" in " ".join(response.json()["document"])
    assert not Signature.objects.exists()


def test_signing_the_same_edition_twice_is_refused(api, quality_officer, signed_a, edition):
    api.force_authenticate(quality_officer)
    response = api.post(
        "/api/v1/signatures/", _signature_payload(signed_a.organisation, edition), format="json"
    )
    assert response.status_code == 400
    assert "déjà signé cette édition" in str(response.json())
    assert Signature.objects.count() == 1


def test_an_of_member_reads_only_their_signatures_with_status(
    api, member_a, signed_a, signed_b, on_day
):
    on_day(datetime.date(2022, 3, 15))
    api.force_authenticate(member_a)
    rows = api.get("/api/v1/signatures/").json()["results"]
    assert [(row["organisation"], row["status"]) for row in rows] == [
        (signed_a.organisation_id, "active")
    ]


def test_token_authentication_works(api, member_a, org_a):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=member_a)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    rows = api.get("/api/v1/organisations/").json()["results"]
    assert [row["siret"] for row in rows] == [org_a.siret]


def test_organisation_list_keeps_a_constant_number_of_queries(
    api, quality_officer, edition, django_assert_max_num_queries
):
    from tests.factories import SignatureFactory

    for _ in range(30):
        SignatureFactory(organisation=OrganisationFactory(), edition=edition)
    api.force_authenticate(quality_officer)
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/organisations/")
    assert response.json()["count"] == 30


def test_the_schema_documents_the_endpoints(api):
    response = api.get("/api/v1/schema/", {"format": "json"})
    paths = response.json()["paths"]
    assert "/api/v1/organisations/" in paths
    assert "/api/v1/signatures/" in paths
    assert "/api/v1/public/signatories/" in paths
