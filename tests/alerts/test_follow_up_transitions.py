"""The quality officer acknowledges, follows up and closes an alert: legal moves only, each dated,
the OF told on acknowledgement and on closing."""

import datetime
import threading

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from alerts import services
from alerts.models import Alert, AlertStatus, AlertTransition
from tests.dom import buttons, facts, messages
from tests.factories import AlertFactory, UserFactory

DAY = datetime.date(2022, 3, 15)
ACTIONS = "//main//section[@aria-labelledby='alert-actions']"


@pytest.fixture
def alert(org_a, member_a):
    return AlertFactory(organisation=org_a, created_by=member_a)


def test_acknowledge_follow_up_and_close_are_dated_and_tell_the_organisation(
    alert, org_a, member_a, quality_officer, path_analyst, on_day, mailed
):
    on_day(DAY)
    with mailed():
        services.acknowledge(alert.pk, quality_officer)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED
    assert alert.acknowledged_by == quality_officer
    assert alert.acknowledged_at.date() == DAY
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {member_a.email, org_a.contact_email}
    assert mail.outbox[0].subject == f"Votre alerte {alert.reference} a été prise en compte"
    assert "a pris en compte le 15/03/2022" in mail.outbox[0].body

    with mailed():
        services.start_follow_up(alert.pk, quality_officer)
    assert len(mail.outbox) == 1  # following up tells no one

    with mailed():
        services.close(alert.pk, "secured", quality_officer, "Planning aménagé, reprise lundi.")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED
    assert alert.outcome == "secured"
    assert alert.closed_by == quality_officer
    assert len(mail.outbox) == 2
    closing = mail.outbox[1]
    assert set(closing.to) == {member_a.email, org_a.contact_email}
    assert closing.subject == (
        f"Votre alerte {alert.reference} est clôturée : Parcours sécurisé (maintenu)"
    )
    assert "Planning aménagé, reprise lundi." in closing.body

    steps = list(alert.transitions.values_list("action", "from_status", "to_status", "by"))
    assert steps == [
        ("acknowledge", "open", "acknowledged", quality_officer.pk),
        ("follow_up", "acknowledged", "in_follow_up", quality_officer.pk),
        ("close", "in_follow_up", "closed", quality_officer.pk),
    ]
    assert alert.history.order_by("-history_id").first().history_user == quality_officer


def test_an_acknowledged_alert_may_be_closed_without_a_follow_up(alert, quality_officer):
    services.acknowledge(alert.pk, quality_officer)
    services.close(alert.pk, "no_action", quality_officer)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED
    assert alert.follow_up_at is None


def _reach(alert, status, user):
    moves = {
        AlertStatus.OPEN: [],
        AlertStatus.ACKNOWLEDGED: ["acknowledge"],
        AlertStatus.IN_FOLLOW_UP: ["acknowledge", "follow_up"],
        AlertStatus.CLOSED: ["acknowledge", "close"],
    }[status]
    for move in moves:
        if move == "acknowledge":
            services.acknowledge(alert.pk, user)
        elif move == "follow_up":
            services.start_follow_up(alert.pk, user)
        else:
            services.close(alert.pk, "modified", user)


def _do(action, alert, user):
    if action == "acknowledge":
        return services.acknowledge(alert.pk, user)
    if action == "follow_up":
        return services.start_follow_up(alert.pk, user)
    return services.close(alert.pk, "secured", user)


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (AlertStatus.OPEN, "follow_up"),
        (AlertStatus.OPEN, "close"),
        (AlertStatus.ACKNOWLEDGED, "acknowledge"),
        (AlertStatus.IN_FOLLOW_UP, "acknowledge"),
        (AlertStatus.IN_FOLLOW_UP, "follow_up"),
        (AlertStatus.CLOSED, "acknowledge"),
        (AlertStatus.CLOSED, "follow_up"),
        (AlertStatus.CLOSED, "close"),
    ],
)
def test_illegal_moves_are_refused_and_change_nothing(alert, quality_officer, status, action):
    _reach(alert, status, quality_officer)
    before = AlertTransition.objects.count()
    with pytest.raises(ValidationError, match="Action impossible"):
        _do(action, alert, quality_officer)
    alert.refresh_from_db()
    assert alert.status == status
    assert AlertTransition.objects.count() == before


def test_an_unknown_outcome_is_refused(alert, quality_officer):
    services.acknowledge(alert.pk, quality_officer)
    with pytest.raises(ValidationError, match="Choisissez l'issue"):
        services.close(alert.pk, "forgotten", quality_officer)


def test_the_quality_officer_follows_an_alert_from_its_page(
    client, alert, quality_officer, on_day, mailed
):
    on_day(DAY)
    client.force_login(quality_officer)
    url = reverse("alerts:alert_detail", args=[alert.pk])
    assert buttons(client.get(url), ACTIONS) == ["Prendre en compte"]  # no "Clôturer" yet

    with mailed():
        response = client.post(reverse("alerts:alert_acknowledge", args=[alert.pk]), follow=True)
    page = response.content.decode()
    assert messages(response) == ["Alerte prise en compte : l'organisme en est informé."]
    assert "Prise en compte — 15/03/2022" in page
    assert buttons(response, ACTIONS) == ["Mettre en suivi", "Clôturer"]

    client.post(reverse("alerts:alert_follow_up", args=[alert.pk]))
    response = client.post(
        reverse("alerts:alert_close", args=[alert.pk]),
        {"outcome": "modified", "comment": "Passage en hybride."},
        follow=True,
    )
    page = response.content.decode()
    shown = facts(response)
    assert (shown["Statut"], shown["Issue"]) == ("Clôturée", "Parcours adapté")
    assert shown["Message de clôture"] == "Passage en hybride."
    assert 'action="/alertes/' not in page.split("alert-facts")[0]  # no action is left


def test_an_illegal_move_from_the_page_is_a_400_with_a_french_message(
    client, alert, quality_officer
):
    client.force_login(quality_officer)
    response = client.post(reverse("alerts:alert_follow_up", args=[alert.pk]))
    assert response.status_code == 400
    assert (
        "Action impossible : une alerte « Ouverte » ne peut pas être mise en suivi."
        in response.content.decode()
    )
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_closing_needs_an_outcome_named_next_to_the_field(client, alert, quality_officer):
    services.acknowledge(alert.pk, quality_officer)
    client.force_login(quality_officer)
    response = client.post(reverse("alerts:alert_close", args=[alert.pk]), {"comment": "x"})
    assert response.status_code == 400
    assert response.context["close_form"].errors["outcome"] == ["Ce champ est obligatoire."]
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED


def test_path_analysts_read_alerts_but_do_not_act(client, alert, path_analyst):
    client.force_login(path_analyst)
    page = client.get(reverse("alerts:alert_detail", args=[alert.pk]))
    assert buttons(page, ACTIONS) == []  # no "Prendre en compte"
    assert "Prendre en compte" not in page.content.decode()
    assert client.post(reverse("alerts:alert_acknowledge", args=[alert.pk])).status_code == 403
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_a_second_officer_acting_on_a_stale_page_is_refused(client, alert, quality_officer, mailed):
    colleague = UserFactory(role="quality_officer")
    client.force_login(colleague)
    client.get(reverse("alerts:alert_detail", args=[alert.pk]))  # both have the page open
    with mailed():
        services.acknowledge(alert.pk, quality_officer)
        response = client.post(reverse("alerts:alert_acknowledge", args=[alert.pk]))
    assert response.status_code == 400
    assert AlertTransition.objects.filter(alert=alert).count() == 1
    assert Alert.objects.get(pk=alert.pk).acknowledged_by == quality_officer
    assert len(mail.outbox) == 1


def test_the_api_moves_an_alert_and_refuses_illegal_moves(api, alert, quality_officer):
    api.force_authenticate(quality_officer)
    base = f"/api/v1/alerts/{alert.pk}"
    response = api.post(f"{base}/close/", {"outcome": "secured"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            "Action impossible : une alerte « Ouverte » ne peut pas être clôturée."
        ]
    }

    response = api.post(f"{base}/acknowledge/")
    assert response.status_code == 200
    assert response.json()["status"] == "acknowledged"
    assert response.json()["acknowledged_at"]
    assert api.post(f"{base}/acknowledge/").status_code == 400

    assert api.post(f"{base}/follow-up/").json()["status"] == "in_follow_up"
    response = api.post(f"{base}/close/", {"outcome": "done"}, format="json")
    assert response.status_code == 400
    assert "outcome" in response.json()
    response = api.post(
        f"{base}/close/", {"outcome": "interrupted", "comment": "Abandon."}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["outcome"], body["closing_comment"]) == (
        "closed",
        "interrupted",
        "Abandon.",
    )


def test_of_members_cannot_move_their_own_alert_through_the_api(api, alert, member_a):
    api.force_authenticate(member_a)
    assert api.post(f"/api/v1/alerts/{alert.pk}/acknowledge/").status_code == 403
    assert api.post(f"/api/v1/alerts/{alert.pk}/close/", {"outcome": "secured"}).status_code == 403


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need a server database")
@pytest.mark.django_db(transaction=True)
def test_two_officers_acknowledging_at_once_make_one_transition(org_a, quality_officer):
    alert = AlertFactory(organisation=org_a)
    colleague = UserFactory(role="quality_officer")
    barrier = threading.Barrier(2)
    outcomes = []

    def act(user):
        barrier.wait()
        try:
            services.acknowledge(alert.pk, user)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(u,)) for u in (quality_officer, colleague)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert AlertTransition.objects.filter(alert=alert).count() == 1


def test_a_member_who_sits_on_the_commission_is_not_emailed_about_the_alert(
    alert, org_a, member_a, quality_officer, mailed
):
    """C8: a commission member never reads alert data, even as a member of the organisation, and
    whatever their email preferences (a thread's messages reach staff at once by default)."""
    from charter_portal import roles
    from tests.factories import MembershipFactory

    sitting = MembershipFactory(organisation=org_a, user__email="siege@alpha.example.org").user
    sitting.groups.add(Group.objects.get_or_create(name=roles.COMMISSION)[0])
    with mailed():
        services.acknowledge(alert.pk, quality_officer)
        services.post_message(alert, quality_officer, "Pouvez-vous nous rappeler ?")
    assert len(mail.outbox) == 2
    for sent in mail.outbox:
        assert set(sent.to) == {member_a.email, org_a.contact_email}, sent.subject
