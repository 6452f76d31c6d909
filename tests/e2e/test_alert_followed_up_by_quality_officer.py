"""The quality officer finds an overdue alert at the head of the queue, acknowledges it, follows
it up with an internal note and a reply, and closes it as « path secured »; the OF is told and
never sees the note."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from alerts import services
from alerts.models import Alert
from charter_portal import roles
from tests.factories import AlertFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.e2e


def test_the_quality_officer_acknowledges_follows_up_and_closes_an_alert(
    page, new_context, live_server, log_in
):
    organisation = OrganisationFactory(legal_name="Alsace Sud Formation")
    member = MembershipFactory(
        organisation=organisation, user__email="contact@alsace-sud.example.org"
    ).user
    officer = UserFactory(
        email="qualite@transitionspro.example.org",
        first_name="Chargée",
        last_name="Qualité",
        role=roles.QUALITY_OFFICER,
    )
    fresh = services.raise_alert(
        Alert(
            organisation=organisation,
            category="absence",
            description="Absences le lundi.",
            trainee_reference="MK-03",
        ),
        member,
    )
    late = AlertFactory(
        organisation=organisation,
        created_by=member,
        trainee_reference="LB-22",
        created_at=timezone.now() - datetime.timedelta(days=10),
        description="La stagiaire pense arrêter : garde d'enfant impossible le soir.",
    )
    mail.outbox.clear()

    log_in(page, officer.email)
    page.get_by_role("link", name="Alertes", exact=True).click()
    expect(page.get_by_text("1 alerte n'a pas été prise en compte dans le délai")).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text(late.reference)
    expect(rows.nth(0).locator(".badge")).to_have_text(["En retard", "Ouverte"])
    expect(rows.nth(1)).to_contain_text(fresh.reference)
    expect(rows.nth(1).locator(".badge")).to_have_text(["Ouverte"])  # not late

    page.get_by_role("link", name=f"{late.reference} · Risque de rupture du parcours").click()
    page.get_by_role("button", name="Prendre en compte").click()
    expect(page.get_by_text("Alerte prise en compte : l'organisme en est informé.")).to_be_visible()
    expect(page.get_by_role("region", name="L'alerte", exact=True)).to_contain_text(
        "Prise en compte"
    )

    page.get_by_role("button", name="Mettre en suivi").click()
    expect(page.get_by_text("Alerte mise en suivi.")).to_be_visible()

    page.get_by_label("Votre message").fill(
        "Piste : cours du soir en distanciel. À voir avec l'analyste."
    )
    page.get_by_label("Note interne (jamais visible par l'organisme)").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Note interne enregistrée.")).to_be_visible()
    page.get_by_label("Votre message").fill("Pouvez-vous proposer les soirs en distanciel ?")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Message envoyé à l'organisme.")).to_be_visible()

    page.get_by_label("Parcours sécurisé (maintenu)").check()
    page.get_by_label("Message de clôture à l'organisme").fill(
        "Les soirées passent en distanciel : le parcours continue."
    )
    page.get_by_role("button", name="Clôturer").click()
    expect(page.get_by_text("Alerte clôturée : l'organisme en est informé.")).to_be_visible()
    facts = page.get_by_role("region", name="L'alerte", exact=True)
    expect(facts).to_contain_text("Clôturée")
    expect(facts).to_contain_text("Parcours sécurisé (maintenu)")
    expect(page.get_by_role("button", name="Prendre en compte")).to_have_count(0)
    expect(page.get_by_role("button", name="Clôturer")).to_have_count(0)
    timeline = page.get_by_role("region", name="Suivi")
    for step in ("Prise en compte", "En suivi", "Clôturée"):
        expect(timeline).to_contain_text(step)

    late.refresh_from_db()
    assert (late.status, late.outcome, late.closed_by) == ("closed", "secured", officer)
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        f"Votre alerte {late.reference} a été prise en compte",
        f"Nouveau message de Transitions Pro Grand Est sur votre alerte {late.reference}",
        f"Votre alerte {late.reference} est clôturée : Parcours sécurisé (maintenu)",
    ]
    assert all(member.email in m.to for m in mail.outbox)

    # the OF reads the outcome and the reply, never the internal note
    of_page = new_context().new_page()
    log_in(of_page, member.email)
    of_page.goto(f"{live_server.url}/mes-alertes/{late.pk}/")
    expect(of_page.get_by_role("region", name="L'alerte", exact=True)).to_contain_text("Clôturée")
    expect(of_page.get_by_text("Les soirées passent en distanciel")).to_be_visible()
    expect(of_page.get_by_text("Pouvez-vous proposer les soirs en distanciel ?")).to_be_visible()
    expect(of_page.get_by_text("À voir avec l'analyste")).to_have_count(0)
