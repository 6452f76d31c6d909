"""An OF's software may retry a POST: with the same Idempotency-Key, it is filed only once."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from organisms.models import Organisation

PAYLOAD = {
    "legal_name": "Gamma Formation",
    "siret": "73282932000074",
    "nda": "44670000000",
    "address": "3 rue des Juifs",
    "postcode": "67000",
    "city": "Strasbourg",
    "departement": "67",
}


def _client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_a_retried_post_with_the_same_key_is_filed_once(quality_officer):
    client = _client(quality_officer)
    first = client.post(
        "/api/v1/organisations/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="abc-1"
    )
    retry = client.post(
        "/api/v1/organisations/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="abc-1"
    )
    assert first.status_code == retry.status_code == 201
    assert retry.json()["id"] == first.json()["id"]
    assert retry["Idempotent-Replayed"] == "true"
    assert Organisation.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(quality_officer):
    client = _client(quality_officer)
    client.post("/api/v1/organisations/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="abc-2")
    other = client.post(
        "/api/v1/organisations/",
        {**PAYLOAD, "city": "Colmar"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="abc-2",
    )
    assert other.status_code == 422
    assert "déjà servi" in other.json()["detail"]
    assert Organisation.objects.get().city == "Strasbourg"


def test_keys_belong_to_their_user(quality_officer, administrator):
    _client(quality_officer).post(
        "/api/v1/organisations/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="k"
    )
    second = _client(administrator).post(
        "/api/v1/organisations/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="k"
    )
    # not a replay of someone else's answer: the administrator's own request runs (duplicate SIRET)
    assert second.status_code == 400
    assert "siret" in second.json()


def test_without_a_key_a_second_post_is_a_second_request(quality_officer):
    client = _client(quality_officer)
    client.post("/api/v1/organisations/", PAYLOAD, format="json")
    again = client.post("/api/v1/organisations/", PAYLOAD, format="json")
    assert again.status_code == 400
    assert again.json()["siret"] == ["Un organisme avec ce SIRET existe déjà."]
