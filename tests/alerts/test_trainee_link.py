"""The trainee's own channel: a signed, revocable link on one path, with no account, that raises
an alert (origin « stagiaire ») and shows nothing else."""

import datetime
import json

import pytest
from django.core import mail, signing
from django.urls import reverse

from alerts import links, services
from alerts.models import Alert, Origin, Severity, TraineeLink
from tests.dom import cells_of_row, error_of, form_errors, messages, texts
from tests.factories import AlertFactory, TraineeLinkFactory

DAY = datetime.date(2022, 3, 15)
SITUATION = "Je n'arrive plus à suivre les cours à distance, je pense arrêter."


@pytest.fixture
def link(proposal_a, member_a):
    return TraineeLinkFactory(proposal=proposal_a, created_by=member_a)


def _url(link, name="alerts:trainee_alert"):
    return reverse(name, args=[links.make_token(link)])


def _send(client, url, **changes):
    data = {"category": "dropout_risk", "description": SITUATION, "contact": "06 12 34 56 78"}
    data.update(changes)
    return client.post(url, data)


def test_an_of_member_creates_a_link_and_a_trainee_raises_an_alert_through_it(
    client, member_a, org_a, proposal_a, quality_officer, on_day, mailed
):
    on_day(DAY)
    client.force_login(member_a)
    response = client.post(
        reverse("alerts:trainee_links"), {"proposal": proposal_a.pk, "expires_on": ""}, follow=True
    )
    link = TraineeLink.objects.get()
    shared = f"http://testserver{_url(link)}"
    assert shared in response.content.decode()
    client.logout()

    page = client.get(shared)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    [who_reads] = texts(page, "//main//h2[@id='who-reads']/following-sibling::p[1]")
    # their own OF, named so they know who reads it
    assert who_reads.endswith("votre organisme de formation, Formations Alpha. Personne d'autre.")
    assert list(page.context["form"].fields) == ["category", "description", "urgent", "contact"]

    with mailed():
        response = _send(client, shared, urgent="on")
    assert response.status_code == 302
    assert response["Location"] == _url(link, "alerts:trainee_thanks")
    thanks = client.get(response["Location"]).content.decode()
    assert "Merci, votre message est envoyé" in thanks

    alert = Alert.objects.get()
    assert alert.origin == Origin.TRAINEE
    assert alert.organisation == org_a
    assert alert.proposal == proposal_a
    assert alert.trainee_link == link
    assert alert.created_by is None
    assert alert.severity == Severity.HIGH
    assert alert.observed_on == DAY
    assert alert.trainee_contact == "06 12 34 56 78"
    assert [m.to for m in mail.outbox] == [[quality_officer.email]]
    assert mail.outbox[0].subject.startswith("[URGENT]")
    assert "Un ou une stagiaire de Formations Alpha" in mail.outbox[0].body

    # the OF sees it like its own alerts
    client.force_login(member_a)
    listing = client.get(reverse("alerts:my_alerts"))
    assert cells_of_row(listing, alert.reference)[2] == "Stagiaire"  # "Émise par"
    detail = client.get(reverse("alerts:my_alert_detail", args=[alert.pk])).content.decode()
    assert SITUATION.replace("'", "&#x27;") in detail
    assert proposal_a.trainee_reference in detail


def test_the_link_page_shows_nothing_of_other_alerts(client, link, org_a, proposal_a):
    AlertFactory(
        organisation=org_a, proposal=proposal_a, description="Conflit avec le formateur référent."
    )
    for url in (_url(link), _url(link, "alerts:trainee_thanks")):
        text = client.get(url).content.decode()
        assert "Conflit avec le formateur" not in text
        assert "AL-0" not in text
        assert proposal_a.trainee_reference not in text
        assert proposal_a.reference not in text


def test_the_form_says_who_reads_it_and_that_no_control_follows(client, link):
    text = client.get(_url(link)).content.decode()
    assert "chargé(e) de projet qualité des organismes de formation de Transitions Pro" in text
    assert "n&#x27;entraînera jamais de contrôle de votre organisme de formation" in text


def test_an_expired_link_is_refused(client, link, on_day):
    link.expires_on = DAY
    link.save()
    on_day(DAY + datetime.timedelta(days=1))
    assert client.get(_url(link)).status_code == 410
    response = _send(client, _url(link))
    assert response.status_code == 410
    assert texts(response, "//main/p[1]") == [
        "Ce lien n'est plus valable : sa date de validité est passée."
    ]
    assert not Alert.objects.exists()


def test_a_link_works_until_the_last_day_of_its_validity(client, link, on_day):
    link.expires_on = DAY
    link.save()
    on_day(DAY)
    response = _send(client, _url(link))
    assert response["Location"] == _url(link, "alerts:trainee_thanks")
    alert = Alert.objects.get()
    assert (alert.trainee_link, alert.origin, alert.observed_on) == (link, Origin.TRAINEE, DAY)
    assert alert.description == SITUATION


def test_a_revoked_link_is_refused(client, link, member_a):
    url = _url(link)
    client.force_login(member_a)
    response = client.post(reverse("alerts:trainee_link_revoke", args=[link.pk]), follow=True)
    assert messages(response) == ["Lien révoqué : il ne permet plus d'émettre d'alerte."]
    client.logout()
    assert client.get(url).status_code == 410
    assert _send(client, url).status_code == 410
    assert not Alert.objects.exists()
    link.refresh_from_db()
    assert link.revoked_by == member_a


def test_the_link_is_throttled_after_a_few_alerts_an_hour(client, link, settings, on_day):
    on_day(DAY)
    settings.ALERTS_TRAINEE_LINK_MAX_PER_HOUR = 3
    for _n in range(3):
        assert _send(client, _url(link)).status_code == 302
    response = _send(client, _url(link))
    assert response.status_code == 429
    [refusal] = form_errors(response)
    assert refusal.startswith(
        "Plusieurs signalements ont déjà été envoyés avec ce lien dans l'heure."
    )
    assert Alert.objects.count() == 3


def test_the_throttle_counts_the_last_hour_only(client, link, settings):
    """One alert an hour: an alert 61 minutes old does not count, one 59 minutes old does."""
    settings.ALERTS_TRAINEE_LINK_MAX_PER_HOUR = 1
    earlier = AlertFactory(
        organisation=link.proposal.organisation, proposal=link.proposal, trainee_link=link
    )
    Alert.objects.filter(pk=earlier.pk).update(
        created_at=earlier.created_at - datetime.timedelta(minutes=61)
    )
    assert _send(client, _url(link)).status_code == 302
    new = Alert.objects.exclude(pk=earlier.pk).get()
    assert (new.trainee_link, new.description) == (link, SITUATION)

    Alert.objects.filter(pk=new.pk).update(
        created_at=new.created_at - datetime.timedelta(minutes=59)
    )
    assert _send(client, _url(link)).status_code == 429
    assert link.alerts.count() == 2


def _tamper(token, **changes):
    payload, signature = token.rsplit(":", 1)
    data = json.loads(signing.b64_decode(payload.encode()))
    data.update(changes)
    forged = signing.b64_encode(json.dumps(data, separators=(",", ":")).encode()).decode()
    return f"{forged}:{signature}"


def test_a_token_edited_to_reach_another_organisations_path_fails(client, link, proposal_b, org_b):
    other = TraineeLinkFactory(proposal=proposal_b)
    token = links.make_token(link)
    for forged in (
        _tamper(token, p=proposal_b.pk),
        _tamper(token, l=other.pk),
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        "not-a-token",
    ):
        url = reverse("alerts:trainee_alert", args=[forged])
        assert client.get(url).status_code == 404
        assert _send(client, url).status_code == 404
    # even a correctly signed token must name the link's own path and nonce
    signer = signing.Signer(salt=links.SALT)
    for payload in (
        {"l": link.pk, "n": link.nonce, "p": proposal_b.pk},
        {"l": link.pk, "n": other.nonce, "p": link.proposal_id},
    ):
        url = reverse("alerts:trainee_alert", args=[signer.sign_object(payload)])
        assert _send(client, url).status_code == 404
    assert not Alert.objects.filter(organisation=org_b).exists()
    assert not Alert.objects.exists()


def test_the_form_cannot_choose_another_path(client, link, proposal_a, proposal_b):
    _send(client, _url(link), proposal=proposal_b.pk, organisation=proposal_b.organisation_id)
    alert = Alert.objects.get()
    assert (alert.proposal, alert.organisation) == (proposal_a, proposal_a.organisation)


def test_a_social_security_number_is_refused_as_contact(client, link):
    response = _send(client, _url(link), contact="2 84 12 75 123 456 78")
    assert response.status_code == 400
    # the help text says it too: the error is the one next to the field
    assert "sécurité sociale" in error_of(response, "contact")
    assert not Alert.objects.exists()


def test_links_are_made_for_the_members_own_paths_only(
    client, member_a, member_b, proposal_a, proposal_b, link
):
    client.force_login(member_a)
    response = client.post(reverse("alerts:trainee_links"), {"proposal": proposal_b.pk})
    assert response.status_code == 400
    assert "proposal" in response.context["form"].errors
    # one usable link per path
    response = client.post(reverse("alerts:trainee_links"), {"proposal": proposal_a.pk})
    assert response.status_code == 400
    assert "Un lien valable existe déjà" in response.content.decode()

    client.force_login(member_b)
    page = client.get(reverse("alerts:trainee_links")).content.decode()
    assert links.make_token(link) not in page
    assert client.post(reverse("alerts:trainee_link_revoke", args=[link.pk])).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_a_link_cannot_expire_in_the_past(client, member_a, proposal_a, on_day):
    on_day(DAY)
    client.force_login(member_a)
    response = client.post(
        reverse("alerts:trainee_links"), {"proposal": proposal_a.pk, "expires_on": "2022-03-14"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["expires_on"] == [
        "La date de fin de validité ne peut pas être passée."
    ]


def test_of_software_manages_links_through_the_api(api, client, member_a, member_b, proposal_a):
    api.force_authenticate(member_b)
    response = api.post("/api/v1/trainee-links/", {"proposal": proposal_a.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"proposal": ["Proposition de parcours introuvable."]}

    api.force_authenticate(member_a)
    response = api.post("/api/v1/trainee-links/", {"proposal": proposal_a.pk}, format="json")
    assert response.status_code == 201
    created = response.json()
    assert created["usable"] is True
    assert client.get(created["url"]).status_code == 200

    response = api.post(f"/api/v1/trainee-links/{created['id']}/revoke/")
    assert response.status_code == 200
    assert response.json()["usable"] is False
    assert client.get(created["url"]).status_code == 410


def test_one_unrevoked_link_per_path_is_a_database_rule(link, proposal_a):
    """Even a write that skips the service (a race, a script) cannot make a second link."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        TraineeLinkFactory(proposal=proposal_a)
    assert TraineeLink.objects.filter(proposal=proposal_a).count() == 1


def test_a_second_link_is_refused_with_a_clear_answer(api, link, member_a, proposal_a):
    api.force_authenticate(member_a)
    response = api.post("/api/v1/trainee-links/", {"proposal": proposal_a.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "proposal": [
            "Un lien valable existe déjà pour ce parcours : révoquez-le avant d'en créer un autre."
        ]
    }


def test_an_expired_link_is_replaced_by_a_new_one(link, member_a, proposal_a, on_day):
    link.expires_on = DAY
    link.save()
    on_day(DAY + datetime.timedelta(days=1))
    new = services.create_trainee_link(TraineeLink(proposal=proposal_a), member_a)
    link.refresh_from_db()
    assert link.revoked_at is not None  # the expired link is retired, its alerts stay
    assert list(TraineeLink.objects.usable().filter(proposal=proposal_a)) == [new]
    assert (
        link.history.order_by("-history_id").first().history_change_reason
        == "Lien stagiaire expiré, remplacé"
    )
