"""Quality officers take an alert (« je m'en occupe ») or give it to a colleague; the queue
filters « assignés à moi » / « non assignés »; the API shows and sets the assignee."""

import pytest
from django.urls import reverse

from tests.factories import AlertFactory

QUEUE = reverse("alerts:alert_queue")


@pytest.fixture
def officer(quality_officer):
    quality_officer.first_name, quality_officer.last_name = "Lucie", "Bernard"
    quality_officer.save()
    return quality_officer


def test_officer_takes_an_alert(client, org_a, officer):
    alert = AlertFactory(organisation=org_a)
    client.force_login(officer)

    response = client.post(
        reverse("alerts:alert_assign", args=[alert.pk]), {"take": "1"}, follow=True
    )

    alert.refresh_from_db()
    assert alert.assigned_to == officer
    assert alert.history.first().history_user == officer
    assert "Lucie Bernard (Chargé(e) de projet qualité OF)" in response.content.decode()


def test_an_alert_cannot_go_to_an_analyst_who_only_reads_alerts(
    client, org_a, officer, path_analyst
):
    alert = AlertFactory(organisation=org_a)
    client.force_login(officer)
    response = client.post(
        reverse("alerts:alert_assign", args=[alert.pk]), {"assigned_to": path_analyst.pk}
    )
    assert response.status_code == 400
    alert.refresh_from_db()
    assert alert.assigned_to is None


def test_queue_filters_by_assignee(client, org_a, officer, administrator):
    mine = AlertFactory(organisation=org_a, assigned_to=officer, trainee_reference="MOI-01")
    other = AlertFactory(organisation=org_a, assigned_to=administrator, trainee_reference="AUT-02")
    free = AlertFactory(organisation=org_a, trainee_reference="LIB-03")
    client.force_login(officer)

    me = client.get(QUEUE, {"assigned": "me"}).content.decode()
    assert f"{mine.reference} ·" in me
    assert f"{other.reference} ·" not in me and f"{free.reference} ·" not in me
    nobody = client.get(QUEUE, {"assigned": "none"}).content.decode()
    assert f"{free.reference} ·" in nobody
    assert f"{mine.reference} ·" not in nobody


def test_api_assigns_and_shows_the_assignee(client, org_a, officer, member_a):
    alert = AlertFactory(organisation=org_a)
    client.force_login(officer)
    answer = client.post(
        f"/api/v1/alerts/{alert.pk}/assign/",
        {"assigned_to": officer.pk},
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert answer.json()["assigned_to_name"] == "Lucie Bernard (Chargé(e) de projet qualité OF)"
    assert [
        a["id"] for a in client.get("/api/v1/alerts/", {"assigned": "me"}).json()["results"]
    ] == [alert.pk]
    # the OF sees who follows its alert, and cannot change it
    client.force_login(member_a)
    assert client.get(f"/api/v1/alerts/{alert.pk}/").json()["assigned_to"] == officer.pk
    denied = client.post(
        f"/api/v1/alerts/{alert.pk}/assign/", {"assigned_to": None}, content_type="application/json"
    )
    assert denied.status_code == 403
