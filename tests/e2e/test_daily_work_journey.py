"""Issue 11's daily work, in a browser: the OF lands on its worklist, saves a half-filled draft,
sees the live funding check, sends; the analyst takes the proposal and answers; the OF revises;
the analyst sees the changed fields marked; the commission's decision produces a letter the OF
downloads."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from charter_portal import roles
from paths import commission, services
from paths.models import PathProposal, ProposalStatus
from tests.factories import (
    PDF_BYTES,
    CommissionSessionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    ensure_signed,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def funding_rules(transactional_db):
    seed = importlib.import_module("paths.migrations.0002_seed_funding_rules").seed
    seed(apps, None)


def _accepting(page: Page) -> Page:
    page.on("dialog", lambda dialog: dialog.accept())
    return page


PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_proposal_from_worklist_to_decision_letter(
    screen, page: Page, new_context, live_server, log_in, funding_rules, transactional_db
):
    if screen == "phone":  # the OF files and follows its proposal on a phone
        page = _accepting(new_context(**PHONE).new_page())
    alpha = ensure_signed(  # only a signatory may send proposals (C13)
        OrganisationFactory(legal_name="Atelier Formation Alpha SAS", city="Reims")
    )
    member = MembershipFactory(organisation=alpha, user__email="referente@alpha.example.org").user
    analyst = UserFactory(
        email="analyste@transitionspro.example.org",
        first_name="Inès",
        last_name="Moreau",
        role=roles.PATH_ANALYST,
    )
    today = timezone.localdate()
    start = today + datetime.timedelta(days=150)

    # 1. the OF lands on its worklist and starts a proposal
    log_in(page, member.email)
    expect(page).to_have_url(f"{live_server.url}/mon-travail/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon travail")
    expect(page.get_by_role("heading", name="Brouillons à terminer")).to_be_visible()
    page.goto(f"{live_server.url}/propositions/nouvelle/")
    page.get_by_label("Stagiaire : référence interne ou initiales").fill("STG-2027-11")
    page.get_by_label("Projet professionnel (métier visé)").fill("Soudeur assembleur")
    page.get_by_label("Certification visée : code RNCP ou RS").fill("RNCP35625")
    page.get_by_label("Certification visée : intitulé").fill("Soudeur assembleur industriel")
    page.get_by_label("Début prévu").fill(start.isoformat())
    page.get_by_label("Fin prévue").fill((start + datetime.timedelta(days=180)).isoformat())
    page.get_by_label("Rythme").select_option(label="Temps plein")
    page.get_by_label("Heures en centre : présentiel").fill("600")
    page.get_by_label("Coût pédagogique (€ HT)").fill("17500")

    # 2. the live funding check: 600 h × 27.45 € = 16,470 € covered, 1,030 € left to fund
    live = page.locator("#live-check")
    expect(live).to_contain_text("pris en charge : 16470.00 € HT ; reste à financer : 1030.00 € HT")
    page.get_by_label("Module 1 : intitulé").fill("Soudage semi-automatique")
    page.get_by_label("Module 1 : heures").fill("400")
    expect(live).to_contain_text(
        "Les modules totalisent 400 h, mais les heures en centre sont de 600 h"
    )

    # 3. a half-filled draft is saved (no lever, no programme yet)
    page.get_by_label("Module 1 : modalité").select_option(label="Présentiel")
    page.get_by_label("Module 1 : coût (€ HT)").fill("17500")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_text("Brouillon enregistré.")).to_be_visible()
    proposal = PathProposal.objects.get()
    assert proposal.status == ProposalStatus.DRAFT

    # then completed and sent
    page.get_by_role("link", name="Modifier la proposition").click()
    page.get_by_label("Module 1 : heures").fill("600")
    page.get_by_label("Parcours standard : heures").fill("800")
    page.get_by_label("Parcours standard : coût (€ HT)").fill("19600")
    page.get_by_label("Modularisation", exact=True).check()
    page.get_by_label("Explication : Modularisation").fill("200 h dispensées au positionnement.")
    page.get_by_label("Programme de formation (PDF)").set_input_files(
        {"name": "programme.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    expect(live).not_to_contain_text("Les modules totalisent")
    page.get_by_role("button", name="Enregistrer et transmettre").click()
    expect(page.get_by_text("Proposition transmise à Transitions Pro")).to_be_visible()

    # 4. the analyst finds it on their worklist, takes it, answers
    staff_page = _accepting(new_context().new_page())
    log_in(staff_page, analyst.email)
    expect(staff_page).to_have_url(f"{live_server.url}/mon-travail/")
    row = staff_page.locator(".worklist-items li").filter(has_text=proposal.reference)
    expect(row).to_contain_text("nouveau")
    row.get_by_role("link").click()
    staff_page.get_by_role("button", name="Je m'en occupe").click()
    expect(staff_page.get_by_text("Proposition confiée à Inès Moreau")).to_be_visible()
    staff_page.get_by_role("link", name="Faire un retour").click()
    staff_page.get_by_label("Retour sur le parcours et l'ingénierie financière").fill(
        "Parcours cohérent ; précisez le métier visé."
    )
    staff_page.get_by_role("button", name="Envoyer le retour").click()
    expect(staff_page.get_by_text("Retour enregistré")).to_be_visible()

    # 5. the OF revises the job and sends the revised version
    page.goto(f"{live_server.url}/propositions/{proposal.pk}/modifier/")
    page.get_by_label("Projet professionnel (métier visé)").fill("Soudeur TIG")
    page.get_by_role("button", name="Enregistrer et transmettre la version révisée").click()
    expect(page.get_by_text("Version révisée transmise à Transitions Pro.")).to_be_visible()

    # 6. the analyst sees the changed field marked, then side by side
    staff_page.goto(f"{live_server.url}/propositions/{proposal.pk}/")
    expect(
        staff_page.get_by_role("heading", name=re.compile("Modifié depuis le retour"))
    ).to_be_visible()
    expect(staff_page.locator("dt.changed-field")).to_have_count(1)
    expect(staff_page.locator("dt.changed-field")).to_contain_text("Métier visé")
    staff_page.get_by_role("link", name=re.compile("Voir les modifications")).click()
    expect(staff_page.locator("del")).to_contain_text("Soudeur assembleur")
    expect(staff_page.locator("ins")).to_contain_text("Soudeur TIG")

    # 7. the commission decides (a session held today); the OF downloads the letter
    services.give_feedback(proposal.pk, analyst, "Version révisée cohérente.")
    session = CommissionSessionFactory(held_on=today, title="Commission du jour")
    commission.schedule(proposal.pk, session.pk, analyst)
    staff_page.goto(f"{live_server.url}/commissions/{session.pk}/")
    card = staff_page.get_by_role("article").filter(has_text=proposal.reference)
    card.get_by_label("Décision").select_option(label="Accepté")
    card.get_by_role("button", name="Enregistrer la décision").click()
    expect(
        staff_page.get_by_text(f"Décision enregistrée pour {proposal.reference}")
    ).to_be_visible()

    page.goto(f"{live_server.url}/propositions/{proposal.pk}/")
    link = page.get_by_role("link", name="Télécharger la lettre de décision (PDF)")
    answer = page.request.get(live_server.url + link.get_attribute("href"))
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF")
