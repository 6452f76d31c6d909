"""A visitor looks for a signatory in the public directory (C14), on a desktop and on a phone."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import CharterEditionFactory, OrganisationFactory, SignatureFactory

pytestmark = pytest.mark.e2e

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


def build_directory():
    """Two editions (one in force, one ended) and signatories in and around Reims."""
    today = timezone.localdate()
    current = CharterEditionFactory(
        title="Charte d'engagement — les bonnes pratiques au cœur des parcours",
        version="2025",
        valid_from=today - datetime.timedelta(days=200),
        valid_until=today + datetime.timedelta(days=400),
    )
    ended = CharterEditionFactory(
        title="Charte d'engagement 2021-2022",
        version="2021",
        valid_from=datetime.date(2021, 6, 1),
        valid_until=datetime.date(2022, 12, 31),
    )

    def signatory(edition, signed_on, **fields):
        organisation = OrganisationFactory(**fields)
        SignatureFactory(organisation=organisation, edition=edition, signed_on=signed_on)
        return organisation

    recently = today - datetime.timedelta(days=45)
    wanted = signatory(
        current,
        recently,
        legal_name="Champagne Compétences SAS",
        trade_name="Champagne Compétences",
        address="12 boulevard de la Paix",
        city="Reims",
        postcode="51100",
        departement="51",
        website="https://champagne-competences.example.org/",
    )
    signatory(
        current,
        recently,
        legal_name="Institut Reims-Ardennes",
        city="Charleville-Mézières",
        postcode="08000",
        departement="08",
    )
    signatory(
        current,
        recently,
        legal_name="Lorraine Savoirs",
        city="Metz",
        postcode="57000",
        departement="57",
    )
    expired = signatory(
        ended,
        datetime.date(2021, 9, 15),
        legal_name="Ancienne École de Reims",
        city="Reims",
        postcode="51100",
        departement="51",
    )
    return wanted, expired, recently


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_visitor_finds_a_signatory_by_city_and_departement(new_context, live_server, screen):
    wanted, expired, signed_on = build_directory()
    page = new_context(**screen).new_page()

    page.goto(f"{live_server.url}/annuaire/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Annuaire des organismes signataires")
    expect(page.get_by_text("3 organismes signataires", exact=True)).to_be_visible()

    page.get_by_label("Nom, ville ou certification").fill("Reims")
    page.get_by_role("button", name="Rechercher").click()

    expect(page).to_have_url(re.compile(r"/annuaire/\?q=Reims"))
    expect(page.get_by_text("2 organismes signataires", exact=True)).to_be_visible()
    result = page.get_by_role("link", name="Champagne Compétences", exact=True)
    expect(result).to_be_visible()
    result.scroll_into_view_if_needed()
    expect(result).to_be_in_viewport()
    expect(page.get_by_role("link", name="Institut Reims-Ardennes", exact=True)).to_be_visible()
    # an expired signature (its edition ended) and another city are not listed
    expect(page.get_by_role("link", name="Ancienne École de Reims", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Lorraine Savoirs", exact=True)).to_have_count(0)
    # nothing is wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_label("Département").select_option(label="51 – Marne")
    page.get_by_role("button", name="Rechercher").click()

    expect(page.get_by_text("1 organisme signataire", exact=True)).to_be_visible()
    expect(page.get_by_label("Nom, ville ou certification")).to_have_value("Reims")
    expect(page.get_by_role("link", name="Institut Reims-Ardennes", exact=True)).to_have_count(0)
    expect(page.get_by_text(f"Signataire depuis le {signed_on:%d/%m/%Y}")).to_be_visible()

    page.get_by_role("link", name="Champagne Compétences", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/annuaire/{wanted.siret}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Champagne Compétences")
    facts = page.get_by_role("main")

    def fact(term):
        return facts.locator(f'dt:text-is("{term}") + dd')

    expect(fact("Raison sociale")).to_have_text("Champagne Compétences SAS")
    expect(fact("Adresse")).to_contain_text("51100 Reims")
    expect(fact("Département")).to_have_text("51 – Marne")
    expect(fact("Site web")).to_have_text("https://champagne-competences.example.org/")
    expect(
        page.get_by_role("link", name="https://champagne-competences.example.org/")
    ).to_have_attribute("href", "https://champagne-competences.example.org/")
    expect(fact("Signataire depuis le")).to_have_text(f"{signed_on:%d/%m/%Y}")
    expect(fact("Édition de la charte")).to_have_text(
        "Charte d'engagement — les bonnes pratiques au cœur des parcours (2025)"
    )
    # the expired signatory has no public page
    assert page.request.get(f"{live_server.url}/annuaire/{expired.siret}/").status == 404


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_visitor_types_without_accents_and_finds_signatories_on_the_map(
    new_context, live_server, screen
):
    """Reims (51) has one active signatory, Charleville-Mézières (08) one, Metz (57) one."""
    build_directory()
    page = new_context(**screen).new_page()
    page.goto(f"{live_server.url}/annuaire/")

    page.get_by_label("Nom, ville ou certification").fill("charleville mezieres")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("1 organisme signataire", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Institut Reims-Ardennes", exact=True)).to_be_visible()

    # Épinal has no signatory: the Vosges have none either, the visitor is told so
    page.get_by_label("Nom, ville ou certification").fill("Epinal")
    page.get_by_role("button", name="Rechercher").click()
    expect(
        page.get_by_role("heading", name="Signataires du département 88 – Vosges")
    ).to_be_visible()
    # Sedan neither, but the Ardennes have one: it is suggested
    page.get_by_label("Nom, ville ou certification").fill("sedan")
    page.get_by_role("button", name="Rechercher").click()
    suggestions = page.get_by_role("region", name="Signataires du département 08 – Ardennes")
    expect(suggestions.get_by_role("link", name="Institut Reims-Ardennes")).to_be_visible()

    page.goto(f"{live_server.url}/annuaire/")
    marne = page.get_by_role("link", name="51 – Marne : 1 signataire")
    expect(marne).to_be_visible()
    expect(page.get_by_role("link", name="55 – Meuse : aucun signataire")).to_be_visible()
    marne.click()
    expect(page).to_have_url(re.compile(r"/annuaire/\?departement=51"))
    expect(page.get_by_text("1 organisme signataire", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Champagne Compétences", exact=True)).to_be_visible()
