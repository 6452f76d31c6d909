"""Browser journeys of a path proposal (C1, C2, C4): an OF member files a modular, hybrid
proposal after a prior concertation and sends it; the path analyst studies it and answers with
feedback and the funding check, which the OF then reads."""

import datetime
import importlib
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from charter_portal import roles
from paths import services
from paths.models import PathProposal, ProposalStatus
from tests.factories import (
    PDF_BYTES,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    complete_draft,
    ensure_signed,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def funding_rules(transactional_db):
    """The PTP rules seeded by the data migration (a live server's database is flushed between
    tests, so they are put back here)."""
    seed = importlib.import_module("paths.migrations.0002_seed_funding_rules").seed
    seed(apps, None)
    importlib.import_module("paths.migrations.0005_smic_2023_2026").forward(apps, None)


@pytest.fixture
def alpha(transactional_db):
    # an active signatory: only such an organisation may send a proposal (C13)
    return ensure_signed(
        OrganisationFactory(
            legal_name="Atelier Formation Alpha SAS",
            trade_name="Atelier Alpha",
            city="Reims",
            postcode="51100",
            departement="51",
            contact_email="dossiers@alpha.example.org",
        )
    )


@pytest.fixture
def staff(transactional_db):
    return {
        "quality": UserFactory(
            email="qualite@transitionspro.example.org", role=roles.QUALITY_OFFICER
        ),
        "analyst": UserFactory(
            email="analyste@transitionspro.example.org", role=roles.PATH_ANALYST
        ),
        "commission": UserFactory(
            email="commission@transitionspro.example.org", role=roles.COMMISSION
        ),
    }


def test_an_of_files_a_modular_hybrid_proposal_after_concertation_and_sends_it(
    page: Page, live_server, log_in, alpha, staff, funding_rules
):
    member = MembershipFactory(organisation=alpha, user__email="referente@alpha.example.org").user
    today = timezone.localdate()
    start = today + datetime.timedelta(days=150)
    end = start + datetime.timedelta(days=180)
    first_contact = today - datetime.timedelta(days=12)

    log_in(page, member.email)
    page.get_by_role("link", name="Mes propositions", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes propositions de parcours")
    page.get_by_role("link", name="Nouvelle proposition").click()

    page.get_by_label("Stagiaire : référence interne ou initiales").fill("STG-2027-08")
    page.get_by_label("Projet professionnel (métier visé)").fill("Soudeur assembleur")
    page.get_by_label("Certification visée : code RNCP ou RS").fill("RNCP35625")
    page.get_by_label("Certification visée : intitulé").fill("Soudeur assembleur industriel")
    page.get_by_label("Début prévu").fill(start.isoformat())
    page.get_by_label("Fin prévue").fill(end.isoformat())
    page.get_by_label("Rythme").select_option(label="Temps plein")
    page.get_by_label("Heures en centre : présentiel").fill("420")
    page.get_by_label("Heures en centre : distanciel").fill("140")
    page.get_by_label("Heures de PAE (période d'application en entreprise)").fill("160")
    page.get_by_label("Coût pédagogique (€ HT)").fill("14800")
    page.get_by_label("Parcours standard : heures").fill("910")
    page.get_by_label("Parcours standard : coût (€ HT)").fill("19600")

    page.get_by_label("Modularisation", exact=True).check()
    page.get_by_label("Explication : Modularisation").fill(
        "Les modules de lecture de plans sont dispensés : acquis au positionnement."
    )
    page.get_by_label("Hybridation", exact=True).check()
    page.get_by_label("Explication : Hybridation").fill(
        "Théorie en classe virtuelle le mardi, gestes professionnels en atelier."
    )
    for number, (name, hours, modality, cost) in enumerate(
        [
            ("Soudage semi-automatique", "280", "Présentiel", "8400"),
            ("Sécurité et métallurgie (classe virtuelle)", "140", "Distanciel", "2600"),
            ("Soudage TIG", "140", "Hybride", "3800"),
        ],
        start=1,
    ):
        page.get_by_label(f"Module {number} : intitulé").fill(name)
        page.get_by_label(f"Module {number} : heures").fill(hours)
        page.get_by_label(f"Module {number} : modalité").select_option(label=modality)
        page.get_by_label(f"Module {number} : coût (€ HT)").fill(cost)
    page.get_by_label("Programme de formation (PDF)").set_input_files(
        {"name": "programme.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_label("Concertation préalable : date du premier contact").fill(
        first_contact.isoformat()
    )
    page.get_by_label("Concertation préalable : avec qui").fill(
        "Chargée de projet analyse des parcours"
    )
    page.get_by_role("button", name="Enregistrer et transmettre").click()

    expect(page.get_by_text("Proposition transmise à Transitions Pro")).to_be_visible()
    proposal = PathProposal.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Proposition {proposal.reference} : Soudeur assembleur"
    )
    expect(page.locator(".badge.status-submitted")).to_have_text("Transmise")
    facts = page.get_by_role("region", name="Le parcours")
    expect(facts).to_contain_text(
        f"premier contact le {first_contact:%d/%m/%Y} avec Chargée de projet analyse des parcours"
    )
    expect(facts).to_contain_text("concertée avant la transmission")
    expect(page.get_by_role("region", name="Leviers d'individualisation")).to_contain_text(
        "Théorie en classe virtuelle le mardi"
    )
    expect(page.get_by_role("region", name="Modules").get_by_role("row")).to_have_count(5)

    # what was recorded: a concerted proposal with its levers, modules and programme
    assert proposal.status == ProposalStatus.SUBMITTED
    assert PathProposal.objects.with_facts().get(pk=proposal.pk).concerted
    assert {lever.code for lever in proposal.levers.all()} == {"modularisation", "hybrid"}
    assert [m.modality for m in proposal.modules.all()] == ["in_person", "distance", "hybrid"]
    assert proposal.attachments.get().kind == "programme"
    # the quality officer and the path analyst are told, and nobody else (C2)
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == [
        "analyste@transitionspro.example.org",
        "qualite@transitionspro.example.org",
    ]
    assert f"{live_server.url}" not in mail.outbox[0].body  # links use SITE_URL
    assert f"/propositions/{proposal.pk}/" in mail.outbox[0].body

    # back in « Mes propositions »: status and next step
    page.get_by_role("link", name="Mes propositions", exact=True).click()
    row = page.get_by_role("row").filter(has_text=proposal.reference)
    expect(row.locator(".badge")).to_have_text("Transmise")
    expect(row).to_contain_text("Transitions Pro va étudier votre proposition.")


def test_the_analyst_answers_with_feedback_and_the_funding_check(
    page: Page, new_context, live_server, log_in, alpha, staff, funding_rules
):
    member = MembershipFactory(organisation=alpha, user__email="referente@alpha.example.org").user
    today = timezone.localdate()
    # 600 h in the centre: the hourly cap (27.45 € HT) covers 16,470 € of the 17,500 € asked
    proposal = complete_draft(
        alpha,
        target_job="Soudeur assembleur",
        start_date=today + datetime.timedelta(days=150),
        end_date=today + datetime.timedelta(days=330),
        centre_hours_in_person=Decimal("500"),
        centre_hours_distance=Decimal("100"),
        company_hours=Decimal("140"),
        pedagogic_cost_ht=Decimal("17500.00"),
        reference_monthly_salary=Decimal("2400.00"),
    )
    services.submit(proposal.pk, member)
    mail.outbox.clear()

    log_in(page, staff["analyst"].email)
    page.get_by_role("link", name="Propositions", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propositions de parcours")
    page.get_by_role("link", name=proposal.reference).click()
    page.get_by_role("button", name="Mettre à l'étude").click()
    expect(page.get_by_text("Proposition mise à l'étude.")).to_be_visible()
    expect(page.locator(".badge.status-in_review")).to_have_text("En cours d'étude")

    page.get_by_role("link", name="Faire un retour").click()
    check = page.get_by_role("table", name=re.compile("Vérification du financement à ce jour"))
    pedagogic = check.get_by_role("row", name=re.compile(r"^Coût pédagogique"))
    expect(pedagogic).to_contain_text(re.compile(r"16\s470,00 € HT"))
    expect(pedagogic).to_contain_text(re.compile(r"1\s030,00 € HT"))
    remaining = check.get_by_role("row", name=re.compile(r"^Reste à financer"))
    expect(remaining).to_contain_text(re.compile(r"1\s030,00 € HT"))

    page.get_by_label("Retour sur le parcours et l'ingénierie financière").fill(
        "Parcours cohérent avec le projet ; le coût horaire dépasse le plafond de 27,45 € HT."
    )
    page.get_by_label("Pistes de cofinancement").fill("Abondement du CPF du candidat.")
    page.get_by_role("button", name="Envoyer le retour").click()

    expect(
        page.get_by_text("Retour enregistré et envoyé aux membres de l'organisme.")
    ).to_be_visible()
    expect(page.locator(".badge.status-feedback_given")).to_have_text("Retour donné")
    feedback = page.locator("article.feedback")
    expect(feedback).to_contain_text("le coût horaire dépasse le plafond")
    expect(feedback).to_contain_text("Abondement du CPF du candidat.")
    expect(
        feedback.get_by_role("table", name=re.compile("Vérification du financement"))
    ).to_contain_text(re.compile(r"16\s470,00 € HT"))

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.FEEDBACK_GIVEN
    assert proposal.first_feedback_at is not None
    snapshot = proposal.feedbacks.get().funding_check
    assert snapshot["pedagogic"]["covered_ht"] == "16470.00"
    assert snapshot["pedagogic"]["limited_by"] == "hourly_cap"
    # the OF's members are told, and only they
    assert [message.to for message in mail.outbox] == [[member.email]]

    # the OF reads the answer and the check's figures on its own page
    of_page = new_context().new_page()
    log_in(of_page, member.email)
    of_page.goto(f"{live_server.url}/propositions/{proposal.pk}/")
    of_feedback = of_page.locator("article.feedback")
    expect(of_feedback).to_contain_text("le coût horaire dépasse le plafond")
    expect(
        of_feedback.get_by_role("table", name=re.compile("Vérification du financement"))
    ).to_contain_text(re.compile(r"1\s030,00 € HT"))
    expect(of_page.get_by_role("link", name="Réviser la proposition")).to_be_visible()
