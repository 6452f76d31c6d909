"""Retries and races file once. Twenty identical requests sent at the same moment with one
Idempotency-Key make one record (draft, message, alert); twenty requests for a trainee link on one
path make one usable link. Each request runs in its own thread with its own database connection,
as behind a multi-worker server; only PostgreSQL lets those writes really overlap."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from alerts.models import Alert, TraineeLink
from paths.models import Message, PathProposal
from tests.concurrency import RACES_ON_POSTGRESQL, at_once
from tests.factories import PathProposalFactory

pytestmark = RACES_ON_POSTGRESQL

THREADS = 20

DRAFT = {
    "trainee_reference": "STG-042",
    "target_job": "Soudeur assembleur",
    "certification_code": "RNCP35625",
    "certification_title": "Soudeur assembleur industriel",
    "start_date": "2022-09-05",
    "end_date": "2023-03-31",
    "schedule": "full_time",
    "centre_hours_in_person": "420.00",
    "company_hours": "175.00",
    "pedagogic_cost_ht": "14800.00",
    "levers": [{"code": "hybrid", "explanation": "Un tiers à distance."}],
}


def _at_once(user, path, payload, key=None):
    """THREADS identical POSTs released together; the answers, in no particular order."""
    token = Token.objects.create(user=user).key
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}

    def authenticated():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return at_once(
        lambda client: client.post(path, payload, format="json", **headers),
        THREADS,
        prepare=authenticated,
    )


def _filed_once(answers):
    """One request did the work (201); every other one got its answer again or was asked to
    retry (409 in_progress) — never a second record, never an error about the key."""
    created = [a for a in answers if a.status_code == 201]
    replayed = [a for a in created if a.get("Idempotent-Replayed") == "true"]
    waiting = [a for a in answers if a.status_code == 409]
    assert len(created) + len(waiting) == THREADS, [a.status_code for a in answers]
    assert len(created) - len(replayed) == 1
    assert {a.json()["id"] for a in created} == {created[0].json()["id"]}
    assert all(a.json()["code"] == "in_progress" for a in waiting)
    return created[0].json()


def test_twenty_retries_of_a_draft_make_one_draft(member_a, org_a):
    answers = _at_once(member_a, "/api/v1/proposals/", DRAFT, key="draft-7f3a")
    body = _filed_once(answers)
    assert list(PathProposal.objects.values_list("pk", "organisation_id")) == [
        (body["id"], org_a.pk)
    ]


def test_twenty_retries_of_a_message_make_one_message(member_a, org_a):
    proposal = PathProposalFactory(organisation=org_a)
    answers = _at_once(
        member_a,
        f"/api/v1/proposals/{proposal.pk}/messages/",
        {"body": "Le devis modifié est joint au dossier."},
        key="msg-1",
    )
    _filed_once(answers)
    assert list(Message.objects.values_list("body", flat=True)) == [
        "Le devis modifié est joint au dossier."
    ]


def test_twenty_retries_of_an_alert_make_one_alert(member_a, org_a, quality_officer):
    payload = {
        "category": "dropout_risk",
        "description": "Le stagiaire envisage d'arrêter.",
        "severity": "high",
        "trainee_reference": "STG-900",
    }
    # longer than the 64 characters the alerts endpoint used to cut keys at
    answers = _at_once(member_a, "/api/v1/alerts/", payload, key="alert-" + "x" * 120)
    body = _filed_once(answers)
    assert list(Alert.objects.values_list("pk", flat=True)) == [body["id"]]


def test_twenty_trainee_link_requests_make_one_usable_link(member_a, org_a):
    proposal = PathProposalFactory(organisation=org_a)
    answers = _at_once(member_a, "/api/v1/trainee-links/", {"proposal": proposal.pk})
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [400] * (THREADS - 1)
    refused = [a.json() for a in answers if a.status_code == 400]
    assert all("Un lien valable existe déjà" in r["proposal"][0] for r in refused)
    assert TraineeLink.objects.usable().filter(proposal=proposal).count() == 1
