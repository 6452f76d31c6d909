"""An OF member raises a dropout-risk alert from a phone: quick form, the quality officer told at
once, the alert page showing it is open (C7); the form says it never leads to a control (C8)."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from alerts.models import Alert
from charter_portal import roles
from tests.factories import MembershipFactory, OrganisationFactory, PathProposalFactory, UserFactory

pytestmark = pytest.mark.e2e

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


def test_an_of_member_raises_a_dropout_risk_alert_on_a_phone(new_context, live_server, log_in):
    organisation = OrganisationFactory(
        legal_name="Atelier Formation Champagne SAS", trade_name="Atelier Formation Champagne"
    )
    member = MembershipFactory(
        organisation=organisation, user__email="direction@atelier-champagne.example.org"
    ).user
    proposal = PathProposalFactory(
        organisation=organisation, trainee_reference="JD-2022-014", target_job="Soudeur assembleur"
    )
    officer = UserFactory(email="qualite@transitionspro.example.org", role=roles.QUALITY_OFFICER)

    page = new_context(**PHONE).new_page()
    log_in(page, member.email)
    # the header folds into a menu: at most 15 % of the first screen (844 px × 15 % = 126.6 px)
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 844 * 0.15
    expect(page.get_by_role("link", name="Mes alertes", exact=True)).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "true")
    page.get_by_role("link", name="Mes alertes", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes alertes")
    page.get_by_role("link", name="Émettre une alerte").click()

    expect(page.locator("#no-control")).to_contain_text(
        "Une alerte n'entraîne jamais de contrôle de votre organisme"
    )
    page.get_by_label("Nature de l'événement").select_option(label="Risque de rupture du parcours")
    page.get_by_label("Élevée (urgent)").check()
    page.get_by_label("Proposition de parcours concernée").select_option(
        label=f"{proposal.reference} – JD-2022-014 – Soudeur assembleur"
    )
    page.get_by_label("Ce qui se passe").fill(
        "Trois absences cette semaine : son employeur le rappelle sur des remplacements."
    )
    page.get_by_label("Tutorat, accompagnement renforcé").check()
    page.get_by_label("Aménagement du planning ou du rythme").check()
    # the form fits the phone: nothing to scroll sideways
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Envoyer l'alerte").click()

    alert = Alert.objects.get()
    expect(page.get_by_text(f"Alerte {alert.reference} transmise")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Alerte {alert.reference} : Risque de rupture du parcours"
    )
    facts = page.get_by_role("region", name="L'alerte", exact=True)
    expect(facts).to_contain_text("Ouverte")
    expect(facts).to_contain_text("Élevée (urgent)")
    expect(facts).to_contain_text("JD-2022-014")
    expect(facts).to_contain_text("Tutorat, accompagnement renforcé")

    assert alert.proposal == proposal
    assert alert.severity == "high"
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert mail.outbox[0].subject.startswith(f"[URGENT] Alerte de gravité élevée {alert.reference}")

    page.get_by_role("link", name="← Mes alertes").click()
    expect(
        page.get_by_role("link", name=f"{alert.reference} · Risque de rupture du parcours")
    ).to_be_visible()
