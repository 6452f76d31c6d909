"""Each person chooses how they hear of each kind of event; the digest gathers the rest."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail

from alerts import notifications as alert_notifications
from alerts.models import Origin, Severity
from charter_portal.models import DigestItem, NotificationPreference
from charter_portal.preferences import defaults_for
from paths import notifications as path_notifications
from reminders.services import send_digests
from tests.factories import AlertFactory, PathProposalFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def choose(user, **choices):
    values = {**defaults_for(user), **choices}
    return NotificationPreference.objects.update_or_create(user=user, defaults=values)[0]


def to(address):
    return [m for m in mail.outbox if address in m.to]


def test_defaults_per_role(quality_officer, path_analyst, member_a):
    assert defaults_for(quality_officer)["alert"] == "immediate"
    assert defaults_for(path_analyst)["alert"] == "digest"
    assert defaults_for(path_analyst)["new_proposal"] == "immediate"
    assert defaults_for(member_a)["feedback"] == "immediate"


def test_a_new_proposal_goes_at_once_to_those_who_want_it_and_waits_for_the_others(
    quality_officer, path_analyst, org_a
):
    choose(path_analyst, new_proposal="digest")
    proposal = PathProposalFactory(organisation=org_a)
    path_notifications.proposal_submitted(proposal)
    assert len(to(quality_officer.email)) == 1
    assert to(path_analyst.email) == []
    item = DigestItem.objects.get(user=path_analyst)
    assert item.event == "new_proposal"
    assert proposal.reference in item.subject
    assert item.link == f"http://testserver/propositions/{proposal.pk}/"


def test_not_by_email_means_no_email_and_nothing_in_the_digest(quality_officer, org_a):
    choose(quality_officer, new_proposal="off")
    path_notifications.proposal_submitted(PathProposalFactory(organisation=org_a))
    assert mail.outbox == []
    assert DigestItem.objects.count() == 0


def test_a_trainee_s_urgent_alert_always_reaches_quality_officers_at_once(quality_officer, org_a):
    choose(quality_officer, alert="off")
    alert_notifications.alert_raised(AlertFactory(organisation=org_a, origin=Origin.OF))
    # their choice applies to an ordinary alert
    assert mail.outbox == []
    urgent = AlertFactory(organisation=org_a, origin=Origin.TRAINEE, severity=Severity.HIGH)
    alert_notifications.alert_raised(urgent)
    assert len(to(quality_officer.email)) == 1


def test_every_email_links_to_the_preferences_page(quality_officer, org_a):
    path_notifications.proposal_submitted(PathProposalFactory(organisation=org_a))
    message = mail.outbox[0]
    assert "http://testserver/compte/notifications/" in message.body
    html = message.alternatives[0][0]
    assert 'href="http://testserver/compte/notifications/"' in html
    assert html.rstrip().endswith("</html>")


def test_each_person_reads_in_the_language_they_chose(quality_officer, path_analyst, org_a):
    choose(path_analyst, language="en")
    path_notifications.proposal_submitted(PathProposalFactory(organisation=org_a))
    french, english = to(quality_officer.email), to(path_analyst.email)
    assert len(french) == len(english) == 1
    assert french[0] is not english[0]
    assert "Bonjour," in french[0].body
    assert "Hello," in english[0].body


def test_the_digest_goes_on_working_days_grouped_by_kind(quality_officer, org_a):
    """Items kept on Friday evening and Saturday; nothing on Saturday 9:00; Monday 9:00 brings
    one email with both kinds, then nothing more."""
    choose(quality_officer, new_proposal="digest", alert="digest")
    with time_machine.travel(datetime.datetime(2026, 3, 6, 18, tzinfo=PARIS), tick=False):
        proposal = PathProposalFactory(organisation=org_a)
        path_notifications.proposal_submitted(proposal)
    with time_machine.travel(datetime.datetime(2026, 3, 7, 8, tzinfo=PARIS), tick=False):
        alert = AlertFactory(organisation=org_a)
        alert_notifications.alert_raised(alert)
    assert mail.outbox == []
    assert send_digests(datetime.datetime(2026, 3, 7, 9, tzinfo=PARIS)) == 0
    assert send_digests(datetime.datetime(2026, 3, 9, 9, tzinfo=PARIS)) == 1
    (digest,) = mail.outbox
    assert digest.to == [quality_officer.email]
    assert "2 nouveautés" in digest.subject
    body = digest.body
    assert body.index("Nouvelles propositions de parcours") < body.index(proposal.reference)
    assert body.index("Alertes") < body.index(alert.reference)
    assert f"http://testserver/propositions/{proposal.pk}/" in body
    assert DigestItem.objects.filter(sent_at__isnull=True).count() == 0
    assert send_digests(datetime.datetime(2026, 3, 10, 9, tzinfo=PARIS)) == 0


def test_the_preferences_page_saves_the_choices(client, member_a):
    client.force_login(member_a)
    page = client.get("/compte/notifications/").content.decode()
    assert "Retours sur les propositions" in page
    assert "Dans le récapitulatif quotidien (jours ouvrés)" in page
    response = client.post(
        "/compte/notifications/",
        {
            "language": "en",
            "new_proposal": "off",
            "feedback": "digest",
            "message": "immediate",
            "alert": "immediate",
            "reminder": "off",
        },
    )
    assert response.status_code == 302
    saved = NotificationPreference.objects.get(user=member_a)
    assert (saved.language, saved.feedback, saved.reminder) == ("en", "digest", "off")
    assert saved.history.first().history_user == member_a


def test_a_bad_choice_is_shown_next_to_the_field(client, member_a):
    client.force_login(member_a)
    response = client.post("/compte/notifications/", {"language": "fr", "feedback": "weekly"})
    assert response.status_code == 200
    page = response.content.decode()
    # the field's own error, next to it
    assert 'class="error">Sélectionnez un choix valide' in page
    assert not NotificationPreference.objects.filter(user=member_a).exists()
