"""An OF gives a trainee a link; the trainee, with no account and on a phone, raises an alert on
their own path; the quality officer is told and the OF sees it among its alerts."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from alerts.models import Alert
from charter_portal import roles
from tests.factories import MembershipFactory, OrganisationFactory, PathProposalFactory, UserFactory

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_a_trainee_raises_an_alert_through_the_shared_link(page, new_context, live_server, log_in):
    organisation = OrganisationFactory(legal_name="Compétences Lorraine")
    member = MembershipFactory(
        organisation=organisation, user__email="dossiers@competences-lorraine.example.org"
    ).user
    proposal = PathProposalFactory(organisation=organisation, trainee_reference="SL-2022-031")
    officer = UserFactory(email="qualite@transitionspro.example.org", role=roles.QUALITY_OFFICER)

    log_in(page, member.email)
    page.get_by_role("link", name="Mes alertes", exact=True).click()
    page.get_by_role("link", name="Liens pour vos stagiaires").click()
    page.get_by_label("Parcours").select_option(value=str(proposal.pk))
    page.get_by_role("button", name="Créer le lien").click()
    expect(page.get_by_text("Lien créé pour")).to_be_visible()
    shared = page.get_by_label(f"Lien pour {proposal.reference}").input_value()
    assert shared.startswith(f"{live_server.url}/signalement/")

    trainee = new_context(**PHONE).new_page()  # another browser, no account
    trainee.goto(shared)
    expect(trainee.get_by_role("heading", level=1)).to_have_text(
        "Signaler une difficulté dans votre formation"
    )
    expect(trainee.get_by_role("region", name="Qui lira votre message ?")).to_contain_text(
        "Compétences Lorraine"
    )
    expect(trainee.locator("#no-control")).to_contain_text("n'entraînera jamais de contrôle")
    expect(trainee.get_by_role("button", name="Se déconnecter")).to_have_count(0)
    trainee.get_by_label("De quoi s'agit-il ?").select_option(label="Difficultés financières")
    trainee.get_by_label("Que se passe-t-il ?").fill(
        "Mes frais de transport ont doublé, je ne sais pas si je peux continuer."
    )
    trainee.get_by_label("Comment vous joindre (facultatif)").fill("06 11 22 33 44")
    trainee.get_by_role("button", name="Envoyer").click()
    expect(trainee.get_by_role("heading", level=1)).to_have_text("Merci, votre message est envoyé")

    alert = Alert.objects.get()
    assert (alert.origin, alert.organisation, alert.proposal) == ("trainee", organisation, proposal)
    assert [m.to for m in mail.outbox] == [[officer.email]]

    page.get_by_role("link", name="Mes alertes", exact=True).click()
    row = page.locator("tbody tr", has_text=alert.reference)
    expect(row.locator("td").nth(1)).to_have_text("Stagiaire")  # « Émise par » (also a column)
    expect(row).to_contain_text("SL-2022-031")
    row.get_by_role("link").click()
    expect(page.get_by_role("region", name="L'alerte", exact=True)).to_contain_text(
        "06 11 22 33 44"
    )
