"""The staff alert queue: overdue alerts first, filters, the CSV export of a filtered list."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from alerts import services
from alerts.models import Alert, AlertStatus
from charter_portal.models import ServiceLevels
from tests.conftest import PARIS
from tests.factories import AlertFactory

WEDNESDAY = datetime.date(2022, 3, 16)


def _at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=PARIS)


@pytest.fixture
def queue(org_a, org_b, quality_officer, on_day):
    """Five alerts seen on Wednesday 16/03/2022, with the default delay of 2 working days."""
    on_day(WEDNESDAY)
    alerts = {
        "late_medium": AlertFactory(
            organisation=org_a, created_at=_at(datetime.date(2022, 3, 11))
        ),  # due Tue 15
        "late_low": AlertFactory(
            organisation=org_b,
            created_at=_at(datetime.date(2022, 3, 10)),
            severity="low",
            category="absence",
        ),  # due Mon 14
        "new_high": AlertFactory(organisation=org_a, created_at=_at(WEDNESDAY, 9), severity="high"),
        "in_hand": AlertFactory(
            organisation=org_b, created_at=_at(datetime.date(2022, 3, 14)), origin="trainee"
        ),
        "closed": AlertFactory(
            organisation=org_a,
            created_at=_at(datetime.date(2022, 2, 7)),
            trainee_contact="camille@example.org",
        ),
    }
    services.acknowledge(alerts["in_hand"].pk, quality_officer)
    services.acknowledge(alerts["closed"].pk, quality_officer)
    services.close(alerts["closed"].pk, "secured", quality_officer, "Reprise.")
    return alerts


def _listed(response):
    return [alert.pk for alert in response.context["page"].object_list]


def test_alerts_not_acknowledged_in_time_head_the_queue(client, queue, quality_officer):
    client.force_login(quality_officer)
    response = client.get(reverse("alerts:alert_queue"))
    assert _listed(response) == [
        queue[name].pk for name in ("late_medium", "late_low", "new_high", "in_hand", "closed")
    ]
    page = response.content.decode()
    assert (
        "2 alertes n&#x27;ont pas été prises en compte dans le délai de 2 jours ouvrés" in page
        or "2 alertes n'ont pas été prises en compte dans le délai de 2 jours ouvrés" in page
    )
    assert page.count("En retard") == 2


def test_the_delay_administrators_set_applies_to_new_alerts(org_a, member_a, on_day):
    on_day(WEDNESDAY)
    levels = ServiceLevels.current()
    levels.alert_ack_working_days = 5
    levels.save()
    alert = services.raise_alert(
        Alert(organisation=org_a, category="absence", description="x", trainee_reference="A1"),
        member_a,
    )
    assert alert.ack_due_on == datetime.date(2022, 3, 23)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "overdue"}, ["late_medium", "late_low"]),
        ({"status": "acknowledged"}, ["in_hand"]),
        ({"status": "closed"}, ["closed"]),
        ({"severity": "high"}, ["new_high"]),
        ({"category": "absence"}, ["late_low"]),
        ({"origin": "trainee"}, ["in_hand"]),
        ({"age": "lt7"}, ["late_medium", "late_low", "new_high", "in_hand"]),
        ({"age": "gt30"}, ["closed"]),
        ({"age": "7to30"}, []),
    ],
)
def test_the_queue_filters(client, queue, quality_officer, query, expected):
    client.force_login(quality_officer)
    response = client.get(reverse("alerts:alert_queue"), query)
    assert _listed(response) == [queue[name].pk for name in expected]


def test_the_queue_filters_by_organisation(client, queue, quality_officer, org_b):
    client.force_login(quality_officer)
    response = client.get(reverse("alerts:alert_queue"), {"organisation": org_b.pk})
    assert _listed(response) == [queue["late_low"].pk, queue["in_hand"].pk]


def test_the_csv_export_follows_the_filters_and_reads_back(client, queue, quality_officer):
    client.force_login(quality_officer)
    response = client.get(
        reverse("alerts:alert_export"), {"organisation": queue["closed"].organisation_id}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="alertes-2022-03-16.csv"'
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row["Référence"] for row in rows] == [
        queue[name].reference for name in ("late_medium", "new_high", "closed")
    ]
    closed = rows[2]
    assert closed["Organisme"] == "Formations Alpha"
    assert closed["Statut"] == "Clôturée"
    assert closed["Issue"] == "Parcours sécurisé (maintenu)"
    assert closed["Émise le"] == "07/02/2022"
    assert closed["Nature"] == "Risque de rupture du parcours"
    assert closed["Message de clôture"] == "Reprise."
    assert rows[0]["Délai dépassé"] == "oui" and rows[1]["Délai dépassé"] == "non"
    assert "camille@example.org" not in response.content.decode("utf-8-sig")


def test_the_commission_does_not_see_alerts(client, queue, commission_member, api):
    client.force_login(commission_member)
    assert client.get(reverse("alerts:alert_queue")).status_code == 403
    assert client.get(reverse("alerts:alert_export")).status_code == 403
    page = client.get("/").content.decode()
    assert 'href="/alertes/"' not in page
    api.force_authenticate(commission_member)
    assert api.get("/api/v1/alerts/").json()["count"] == 0


def _make(count, org_a, org_b, proposal):
    for index in range(count):
        AlertFactory(
            organisation=org_a if index % 2 else org_b,
            proposal=proposal if index % 2 else None,
        )


def test_the_queue_and_its_export_keep_a_constant_number_of_queries(
    client, quality_officer, org_a, org_b, proposal_a, django_assert_max_num_queries
):
    client.force_login(quality_officer)
    _make(3, org_a, org_b, proposal_a)
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("alerts:alert_queue"))
    _make(30, org_a, org_b, proposal_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("alerts:alert_queue"))
    assert len(response.context["page"].object_list) == 25

    with django_assert_max_num_queries(15) as export:
        client.get(reverse("alerts:alert_export"))
    _make(10, org_a, org_b, proposal_a)
    with django_assert_max_num_queries(len(export.captured_queries)):
        client.get(reverse("alerts:alert_export"))


def test_the_members_list_keeps_a_constant_number_of_queries(
    client, member_a, org_a, org_b, proposal_a, django_assert_max_num_queries
):
    client.force_login(member_a)
    _make(4, org_a, org_b, proposal_a)
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("alerts:my_alerts"))
    _make(40, org_a, org_b, proposal_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("alerts:my_alerts"))
    assert response.context["page"].paginator.count == 22
    assert {a.organisation_id for a in response.context["page"].object_list} == {org_a.pk}


def test_alert_statuses_listed_for_staff(client, queue, path_analyst):
    client.force_login(path_analyst)
    page = client.get(reverse("alerts:alert_queue")).content.decode()
    for status in AlertStatus:
        if status != AlertStatus.IN_FOLLOW_UP:
            assert str(status.label) in page
