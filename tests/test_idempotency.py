"""An OF's software may retry a POST: with the same Idempotency-Key, it is filed only once.
The races (twenty requests at once) are in test_concurrent_retries.py, on PostgreSQL."""

import hashlib
import json
from datetime import timedelta

from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from charter_portal import idempotency
from charter_portal.models import IdempotencyRecord
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


def test_a_key_longer_than_200_characters_is_refused_naming_the_header(quality_officer):
    response = _client(quality_officer).post(
        "/api/v1/organisations/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="k" * 201
    )
    assert response.status_code == 400
    assert response.json() == {
        "Idempotency-Key": ["La clé d'idempotence ne doit pas dépasser 200 caractères."]
    }
    assert not Organisation.objects.exists()


def test_a_key_of_200_characters_is_kept_whole(quality_officer):
    client = _client(quality_officer)
    client.post("/api/v1/organisations/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="k" * 200)
    assert IdempotencyRecord.objects.get().key == "k" * 200


def test_a_request_still_running_with_the_key_answers_409_in_progress(quality_officer, monkeypatch):
    """The first request claimed the key and has not answered yet: the duplicate waits, then is
    told to retry — it never runs the work a second time."""
    monkeypatch.setattr(idempotency, "WAIT_SECONDS", 0.2)
    client = _client(quality_officer)
    body = json.dumps(PAYLOAD).encode()
    IdempotencyRecord.objects.create(
        user=quality_officer,
        key="busy",
        method="POST",
        path="/api/v1/organisations/",
        body_hash=hashlib.sha256(body).hexdigest(),
    )
    response = client.post(
        "/api/v1/organisations/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="busy"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "in_progress"
    assert response["Retry-After"] == "1"
    assert not Organisation.objects.exists()


def test_a_claim_abandoned_by_a_dead_request_is_taken_over(quality_officer):
    client = _client(quality_officer)
    body = json.dumps(PAYLOAD).encode()
    IdempotencyRecord.objects.create(
        user=quality_officer,
        key="dead",
        method="POST",
        path="/api/v1/organisations/",
        body_hash=hashlib.sha256(body).hexdigest(),
        created_at=timezone.now() - timedelta(minutes=6),
    )
    response = client.post(
        "/api/v1/organisations/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="dead"
    )
    assert response.status_code == 201
    assert Organisation.objects.get().legal_name == "Gamma Formation"
    assert IdempotencyRecord.objects.get(key="dead").status_code == 201


def test_a_server_error_is_not_stored_and_the_retry_runs(quality_officer, monkeypatch):
    """A 500 is never replayed: the claim is given back, and the retry files the record."""
    from organisms.api import OrganisationViewSet

    real_create = OrganisationViewSet.create
    calls = []

    def create_failing_once(self, request, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return real_create(self, request, *args, **kwargs)

    monkeypatch.setattr(OrganisationViewSet, "create", create_failing_once)
    client = _client(quality_officer)
    client.raise_request_exception = False
    failed = client.post(
        "/api/v1/organisations/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="retry-me"
    )
    assert failed.status_code == 500
    assert not IdempotencyRecord.objects.exists()
    retry = client.post(
        "/api/v1/organisations/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="retry-me"
    )
    assert retry.status_code == 201
    assert "Idempotent-Replayed" not in retry
    assert Organisation.objects.count() == 1


def test_a_validation_error_is_replayed_as_it_was(quality_officer):
    """A 400 about the request itself is the request's answer: the retry gets it again."""
    client = _client(quality_officer)
    bad = {**PAYLOAD, "siret": "123"}
    first = client.post("/api/v1/organisations/", bad, format="json", HTTP_IDEMPOTENCY_KEY="v")
    again = client.post("/api/v1/organisations/", bad, format="json", HTTP_IDEMPOTENCY_KEY="v")
    assert first.status_code == again.status_code == 400
    assert again.json() == first.json()
    assert "siret" in again.json()
    assert again["Idempotent-Replayed"] == "true"


def test_a_refused_credential_is_not_stored(quality_officer):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.post(
        "/api/v1/organisations/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="x"
    )
    assert response.status_code == 401
    assert not IdempotencyRecord.objects.exists()


def test_a_slow_request_whose_claim_was_taken_over_does_not_overwrite_the_answer(
    quality_officer, monkeypatch
):
    """The first request is slow, not dead: past 5 minutes a retry takes its claim over and files
    the organisation (201). When the first one ends (a 400: the SIRET is taken by then), the key
    keeps the retry's answer, and a later replay gives the 201, not the late 400."""
    from organisms.api import OrganisationViewSet

    real_create = OrganisationViewSet.create
    client = _client(quality_officer)
    body = json.dumps(PAYLOAD).encode()
    retry = {}

    def slow_create(self, request, *args, **kwargs):
        monkeypatch.setattr(OrganisationViewSet, "create", real_create)  # the retry runs for real
        IdempotencyRecord.objects.filter(key="slow").update(
            created_at=timezone.now() - timedelta(minutes=6)
        )
        retry["response"] = client.post(
            "/api/v1/organisations/",
            body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="slow",
        )
        return real_create(self, request, *args, **kwargs)  # too late: the SIRET is taken

    monkeypatch.setattr(OrganisationViewSet, "create", slow_create)
    first = client.post(
        "/api/v1/organisations/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="slow"
    )
    assert retry["response"].status_code == 201
    stored = IdempotencyRecord.objects.get(key="slow")
    assert json.loads(bytes(stored.content))["id"] == retry["response"].json()["id"]
    replay = client.post(
        "/api/v1/organisations/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="slow"
    )
    assert first.status_code == 400 and "siret" in first.json()
    assert replay["Idempotent-Replayed"] == "true"
    assert replay.status_code == 201
    assert replay.json()["id"] == retry["response"].json()["id"]
    assert Organisation.objects.count() == 1
