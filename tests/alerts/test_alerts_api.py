"""The alerts API: an OF's software raises and follows its own alerts; staff see them all."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from alerts.models import Alert, AlertAttachment, Origin
from tests.factories import PNG_BYTES, AlertFactory, MembershipFactory

NEW = {
    "category": "modality_change",
    "description": "Le stagiaire déménage : il demande à suivre la fin du parcours à distance.",
    "severity": "low",
    "proposed_responses": ["modality_change", "tutoring"],
}


def test_an_of_member_raises_an_alert_for_their_organisation(
    api, member_a, org_a, proposal_a, quality_officer, mailed
):
    api.force_authenticate(member_a)
    with mailed():
        response = api.post("/api/v1/alerts/", {**NEW, "proposal": proposal_a.pk}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    alert = Alert.objects.get()
    assert body["id"] == alert.pk
    assert body["reference"] == alert.reference
    assert body["organisation"] == org_a.pk
    assert body["proposal"] == proposal_a.pk
    assert body["trainee"] == proposal_a.trainee_reference
    assert body["origin"] == Origin.OF
    assert body["status"] == "open"
    assert body["outcome"] is None  # not closed yet: null, never "" outside the enum
    assert sorted(body["proposed_responses"]) == ["modality_change", "tutoring"]
    assert body["overdue"] is False
    assert body["ack_due_on"] == alert.ack_due_on.isoformat()
    assert alert.created_by == member_a
    assert [m.to for m in mail.outbox] == [[quality_officer.email]]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"category": "gossip"}, "category", "gossip"),
        ({"severity": "extreme"}, "severity", "extreme"),
        ({"trainee_reference": "185057800608436"}, "trainee_reference", "sécurité sociale"),
        ({}, "trainee_reference", "proposition de parcours concernée"),
        ({"trainee_reference": "X1", "observed_on": "2099-01-01"}, "observed_on", "futur"),
        ({"trainee_reference": "X1", "proposed_responses": ["prayer"]}, "proposed_responses", ""),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, member_a, changes, field, words):
    api.force_authenticate(member_a)
    response = api.post("/api/v1/alerts/", {**NEW, **changes}, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    assert words in str(errors[field])
    assert not Alert.objects.exists()


def test_another_organisations_path_does_not_exist_for_the_member(api, member_a, proposal_b):
    api.force_authenticate(member_a)
    response = api.post("/api/v1/alerts/", {**NEW, "proposal": proposal_b.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"proposal": ["Proposition de parcours introuvable."]}
    assert not Alert.objects.exists()


def test_a_member_of_two_organisations_names_one_and_paths_must_match(
    api, member_a, org_a, org_b, proposal_b
):
    MembershipFactory(user=member_a, organisation=org_b)
    api.force_authenticate(member_a)
    response = api.post("/api/v1/alerts/", {**NEW, "trainee_reference": "X1"}, format="json")
    assert response.status_code == 400
    assert "organisation" in response.json()
    response = api.post(
        "/api/v1/alerts/",
        {**NEW, "organisation": org_a.pk, "proposal": proposal_b.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "proposal": ["Cette proposition de parcours appartient à un autre organisme."]
    }
    response = api.post(
        "/api/v1/alerts/",
        {**NEW, "organisation": org_b.pk, "proposal": proposal_b.pk},
        format="json",
    )
    assert response.status_code == 201
    assert Alert.objects.get().organisation == org_b


def test_staff_do_not_raise_alerts(api, quality_officer, administrator):
    for user in (quality_officer, administrator):
        api.force_authenticate(user)
        response = api.post("/api/v1/alerts/", {**NEW, "trainee_reference": "X"}, format="json")
        assert response.status_code == 403
    assert not Alert.objects.exists()


def test_a_retried_post_with_the_same_key_files_once(api, member_a, quality_officer, mailed):
    token = Token.objects.create(user=member_a)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    payload = {**NEW, "trainee_reference": "X1"}
    with mailed():
        first = api.post("/api/v1/alerts/", payload, format="json", HTTP_IDEMPOTENCY_KEY="tms-4471")
        again = api.post("/api/v1/alerts/", payload, format="json", HTTP_IDEMPOTENCY_KEY="tms-4471")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert Alert.objects.count() == 1
    assert len(mail.outbox) == 1


def test_keys_sharing_their_first_64_characters_are_two_keys(api, member_a, mailed):
    """The alerts endpoint used to cut keys at 64 characters and answer the first alert again."""
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=member_a).key}")
    stem = "k" * 64
    with mailed():
        first = api.post(
            "/api/v1/alerts/",
            {**NEW, "trainee_reference": "X1"},
            format="json",
            HTTP_IDEMPOTENCY_KEY=stem + "-1",
        )
        second = api.post(
            "/api/v1/alerts/",
            {**NEW, "trainee_reference": "X2"},
            format="json",
            HTTP_IDEMPOTENCY_KEY=stem + "-2",
        )
    assert (first.status_code, second.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in second
    assert sorted(Alert.objects.values_list("trainee_reference", flat=True)) == ["X1", "X2"]


def test_members_list_their_organisations_alerts_and_staff_all(
    api, member_b, org_a, org_b, quality_officer, path_analyst
):
    mine = AlertFactory(organisation=org_b)
    AlertFactory(organisation=org_a)
    api.force_authenticate(member_b)
    body = api.get("/api/v1/alerts/").json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    for user in (quality_officer, path_analyst):
        api.force_authenticate(user)
        assert api.get("/api/v1/alerts/").json()["count"] == 2
        assert api.get("/api/v1/alerts/", {"organisation": org_a.pk}).json()["count"] == 1


def test_the_api_lists_overdue_alerts_first_and_filters_them(api, quality_officer, org_a, on_day):
    import datetime

    from tests.conftest import PARIS

    on_day(datetime.date(2022, 3, 16))
    fresh = AlertFactory(organisation=org_a)
    late = AlertFactory(
        organisation=org_a,
        created_at=datetime.datetime(2022, 3, 10, 9, tzinfo=PARIS),
    )
    api.force_authenticate(quality_officer)
    rows = api.get("/api/v1/alerts/").json()["results"]
    assert [(r["id"], r["overdue"]) for r in rows] == [(late.pk, True), (fresh.pk, False)]
    assert [r["id"] for r in api.get("/api/v1/alerts/?overdue=true").json()["results"]] == [late.pk]
    assert [r["id"] for r in api.get("/api/v1/alerts/?overdue=false").json()["results"]] == [
        fresh.pk
    ]


def test_the_of_attaches_documents_checked_by_content(api, member_a, member_b, org_a):
    alert = AlertFactory(organisation=org_a)
    url = f"/api/v1/alerts/{alert.pk}/attachments/"
    api.force_authenticate(member_a)
    response = api.post(
        url, {"file": [SimpleUploadedFile("photo.jpg", PNG_BYTES)]}, format="multipart"
    )
    assert response.status_code == 201, response.content
    [saved] = response.json()
    assert saved["content_type"] == "image/png"
    download = api.get(saved["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG_BYTES

    response = api.post(
        url, {"file": [SimpleUploadedFile("note.pdf", b"hello")]}, format="multipart"
    )
    assert response.status_code == 400
    assert "PDF ou une image" in str(response.json())
    assert AlertAttachment.objects.count() == 1

    api.force_authenticate(member_b)
    assert api.get(url).status_code == 404
    assert api.get(saved["url"]).status_code == 404
    response = api.post(url, {"file": [SimpleUploadedFile("x.png", PNG_BYTES)]}, format="multipart")
    assert response.status_code == 404


def test_the_api_list_keeps_a_constant_number_of_queries(
    api, quality_officer, member_a, org_a, org_b, proposal_a, django_assert_max_num_queries
):
    def make(count):
        for index in range(count):
            alert = AlertFactory(
                organisation=org_a if index % 2 else org_b,
                proposal=proposal_a if index % 2 else None,
            )
            alert.responses.create(code="tutoring")

    for user in (quality_officer, member_a):
        api.force_authenticate(user)
        make(3)
        with django_assert_max_num_queries(12) as few:
            api.get("/api/v1/alerts/")
        make(20)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = api.get("/api/v1/alerts/")
        assert response.json()["results"][0]["proposed_responses"] == ["tutoring"]


def test_the_schema_documents_alerts_and_their_actions(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/alerts/",
        "/api/v1/alerts/{id}/",
        "/api/v1/alerts/{id}/acknowledge/",
        "/api/v1/alerts/{id}/follow-up/",
        "/api/v1/alerts/{id}/close/",
        "/api/v1/alerts/{id}/messages/",
        "/api/v1/alerts/{id}/attachments/",
        "/api/v1/trainee-links/",
    ):
        assert path in paths, path
    close = paths["/api/v1/alerts/{id}/close/"]["post"]["requestBody"]["content"]
    assert close["application/json"]["schema"]["properties"]["outcome"]["enum"] == [
        "secured",
        "modified",
        "interrupted",
        "no_action",
    ]
    assert "control" not in " ".join(p for p in paths if p.startswith("/api/v1/alerts"))
