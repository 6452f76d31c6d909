"""Irreversible actions ask for confirmation and say what will happen (static/js/confirm.js asks
the sentence of the form's data-confirm before sending it)."""

import datetime
import html

from django.urls import reverse

from paths import services
from tests.factories import complete_draft


def _page(client, user, proposal):
    client.force_login(user)
    return html.unescape(
        client.get(reverse("paths:proposal_detail", args=[proposal.pk])).content.decode()
    )


def test_withdrawing_asks_first_and_says_it_is_final(client, org_a, member_a):
    proposal = complete_draft(org_a)
    page = _page(client, member_a, proposal)
    assert 'src="/static/js/confirm.js"' in page
    assert "Retirer la proposition ? C’est définitif" in page


def test_sending_a_revised_version_unchanged_says_so(client, on_day, org_a, member_a, path_analyst):
    on_day(datetime.date(2022, 3, 1))
    proposal = complete_draft(org_a)
    services.submit(proposal.pk, member_a)
    services.give_feedback(proposal.pk, path_analyst, "Précisez le rythme.")
    on_day(datetime.date(2022, 3, 2))

    page = _page(client, member_a, proposal)
    assert "Vous n’avez rien modifié depuis le retour de Transitions Pro" in page

    proposal.refresh_from_db()
    proposal.target_job = "Soudeur TIG"
    services.save_proposal(proposal, member_a)
    page = _page(client, member_a, proposal)
    assert "rien modifié" not in page
    assert "Transmettre la version révisée ? Elle ne sera plus modifiable" in page


def test_closing_an_alert_asks_first(client, org_a, quality_officer):
    from alerts import services as alert_services
    from tests.factories import AlertFactory

    alert = AlertFactory(organisation=org_a)
    alert_services.acknowledge(alert.pk, quality_officer)
    client.force_login(quality_officer)
    page = html.unescape(
        client.get(reverse("alerts:alert_detail", args=[alert.pk])).content.decode()
    )
    assert "Clôturer l’alerte ? L’organisme recevra l’issue" in page
