"""A quality officer confirms a communication breach: the signature is withdrawn at once (C13),
the organisation leaves the public directory and its open data (C14), and it is told by email."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from charter_portal import roles
from organisms.models import CommunicationControl, Signature
from tests.factories import (
    CharterEditionFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.e2e


def test_a_confirmed_breach_withdraws_the_signatory(page: Page, new_context, live_server, log_in):
    today = timezone.localdate()
    edition = CharterEditionFactory(
        version="2025",
        valid_from=today - datetime.timedelta(days=100),
        valid_until=today + datetime.timedelta(days=400),
    )
    fautif = OrganisationFactory(
        legal_name="Compétences Express SARL",
        trade_name="Compétences Express",
        city="Troyes",
        postcode="10000",
        departement="10",
        contact_email="dossiers@competences-express.example.org",
    )
    voisin = OrganisationFactory(
        legal_name="Atelier Voisin Formation", city="Troyes", postcode="10000", departement="10"
    )
    signature = SignatureFactory(
        organisation=fautif, edition=edition, signed_on=today - datetime.timedelta(days=30)
    )
    SignatureFactory(
        organisation=voisin, edition=edition, signed_on=today - datetime.timedelta(days=30)
    )
    officer = UserFactory(email="qualite@transitionspro.example.org", role=roles.QUALITY_OFFICER)

    # the organisation is listed before the control
    page.goto(f"{live_server.url}/annuaire/")
    expect(page.get_by_role("link", name="Compétences Express", exact=True)).to_be_visible()

    log_in(page, officer.email)
    page.get_by_role("link", name="Organismes", exact=True).click()
    page.get_by_label("Recherche").fill("Express")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("1 organisme", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Atelier Voisin Formation", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Compétences Express", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compétences Express")

    page.get_by_role("link", name="Ouvrir un contrôle de communication").click()
    page.get_by_label("Support observé").select_option(label="Page web")
    page.get_by_label("Ce qui a été vu").fill(
        "La page d'accueil affiche un « label officiel Transitions Pro » qui n'existe pas."
    )
    page.get_by_label("Preuve : adresse web").fill("https://competences-express.example.org/label")
    page.get_by_role("button", name="Ouvrir le contrôle").click()

    expect(page.get_by_text("Contrôle ouvert.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Contrôle de la communication de Compétences Express"
    )
    expect(page.locator("main h1 + p .badge")).to_have_text("En cours")  # « Conclusion : »

    page.get_by_label("Manquement").check()
    page.get_by_label("Constats").fill(
        "Usage d'un label inexistant sur la page d'accueil, constaté ce jour."
    )
    page.get_by_role("button", name="Enregistrer la conclusion").click()

    expect(
        page.get_by_text(
            "Manquement confirmé : la signature est retirée et l'organisme n'apparaît plus dans l'annuaire."
        )
    ).to_be_visible()
    withdrawn = page.get_by_role("region", name="Signatures retirées")
    expect(withdrawn).to_contain_text(f"retirée le {today:%d/%m/%Y}")
    expect(withdrawn).to_contain_text(f"signée le {signature.signed_on:%d/%m/%Y}")
    expect(page.get_by_role("button", name="Enregistrer la conclusion")).to_have_count(0)

    # what was recorded
    control = CommunicationControl.objects.get(organisation=fautif)
    assert control.outcome == CommunicationControl.Outcome.BREACH
    assert control.decided_by == officer
    signature.refresh_from_db()
    assert signature.withdrawn_on == today
    assert signature.withdrawn_by_control == control
    assert Signature.objects.get(organisation=voisin).withdrawn_on is None

    # a visitor no longer finds it, in the directory nor in its open data
    visitor = new_context().new_page()  # another browser, not logged in
    visitor.goto(f"{live_server.url}/annuaire/")
    expect(visitor.get_by_role("link", name="Atelier Voisin Formation", exact=True)).to_be_visible()
    expect(visitor.get_by_role("link", name="Compétences Express", exact=True)).to_have_count(0)
    csv = visitor.request.get(f"{live_server.url}/annuaire.csv")
    assert csv.ok
    assert voisin.siret in csv.text()
    assert fautif.siret not in csv.text()
    assert visitor.request.get(f"{live_server.url}/annuaire/{fautif.siret}/").status == 404

    # the organisation's contact is told, once
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dossiers@competences-express.example.org"]
    assert message.subject == (
        "Charte d'engagement : manquement constaté et retrait de la signature de Compétences Express"
    )
    assert f"votre engagement est retiré à compter du {today:%d/%m/%Y}" in message.body
    assert "Votre organisme n'apparaît plus dans l'annuaire public des signataires." in message.body
    assert "Usage d'un label inexistant" in message.body
    assert re.search(rf"http://testserver/mon-organisme/{fautif.pk}/", message.body)
