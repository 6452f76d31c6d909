"""A refusal for an incoherent path opens the refusal dialogue (C6), which staff complete through
the charter's three steps and a joint outcome; the OF's member follows it on the portal."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from charter_portal import roles
from paths.models import DialogueOutcome, RefusalDialogue
from tests.factories import (
    CommissionSessionFactory,
    MembershipFactory,
    OrganisationFactory,
    PathProposalFactory,
    UserFactory,
    proposal_at_commission,
)

pytestmark = pytest.mark.e2e

INCOHERENT = (
    "Le parcours de formation envisagé ne semble pas cohérent au regard du projet professionnel"
)


def test_a_refusal_for_incoherence_opens_the_dialogue_that_staff_complete(
    page: Page, new_context, live_server, log_in
):
    today = timezone.localdate()
    session = CommissionSessionFactory(held_on=today)
    alpha = OrganisationFactory(legal_name="Formations Alpha", contact_name="Claire Dupont")
    member = MembershipFactory(organisation=alpha, user__email="referente@alpha.example.org").user
    refused = proposal_at_commission(session, organisation=alpha, target_job="Soudeur")
    follow_up = PathProposalFactory(organisation=alpha, target_job="Soudeur TIG")
    analyst = UserFactory(
        email="analyste@transitionspro.example.org",
        first_name="Nathalie",
        last_name="Analyste",
        role=roles.PATH_ANALYST,
    )

    log_in(page, analyst.email)
    page.get_by_role("link", name="Commissions", exact=True).click()
    page.get_by_role("link", name=f"Commission du {today:%d/%m/%Y}").click()
    card = page.get_by_role("article", name=re.compile(refused.reference))
    card.get_by_label("Décision").select_option(label="Refusé")
    card.get_by_label("Motif").select_option(label=INCOHERENT)
    card.get_by_label("Commentaire de la commission").fill("Les modules visent l'usinage.")
    card.get_by_role("button", name="Enregistrer la décision").click()
    expect(
        page.get_by_text(
            "Un dialogue après refus est ouvert avec l'organisme (charte d'engagement)."
        )
    ).to_be_visible()

    page.get_by_role("link", name="Dialogues", exact=True).click()
    row = page.get_by_role("row", name=re.compile(refused.reference))
    expect(row).to_contain_text("En cours")
    expect(row).to_contain_text("1. Contacter l'interlocuteur du dossier")
    row.get_by_role("link", name=refused.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Dialogue après le refus de {refused.reference}"
    )

    # 1. contact: today, by the analyst, with the OF's file contact (all by default)
    expect(page.get_by_label("Interlocuteur du dossier dans l'organisme")).to_have_value(
        "Claire Dupont"
    )
    page.get_by_label("Moyen").select_option(label="Téléphone")
    page.get_by_role("button", name="Enregistrer cette étape").click()
    expect(page.get_by_text("Contact enregistré.")).to_be_visible()
    expect(
        page.get_by_text(
            f"Le {today:%d/%m/%Y}, par téléphone : Nathalie Analyste a contacté Claire Dupont."
        )
    ).to_be_visible()

    # 2. the reason, 3. the commission's expectations
    page.get_by_label("Motif du refus, tel que précisé à l'organisme").fill(
        "Les modules d'usinage ne préparent pas au métier de soudeur."
    )
    page.get_by_role("button", name="Enregistrer cette étape").click()
    expect(page.get_by_text("Motif du refus enregistré.")).to_be_visible()
    page.get_by_role("textbox", name="Attendus de la commission").fill(
        "Un parcours centré sur les procédés de soudage, avec une PAE en atelier."
    )
    page.get_by_role("button", name="Enregistrer cette étape").click()
    expect(page.get_by_text("Attendus de la commission enregistrés.")).to_be_visible()

    # the joint outcome: a new proposal follows the refused one, and the dialogue closes
    page.get_by_label("Nouvelle proposition", exact=True).check()
    page.get_by_label("Nouvelle proposition de l'organisme").select_option(label=str(follow_up))
    page.get_by_role("button", name="Enregistrer cette étape").click()
    expect(page.get_by_text("Issue commune enregistrée : le dialogue est clos.")).to_be_visible()
    expect(
        page.get_by_text(
            f"La nouvelle proposition {follow_up.reference} fait suite à la proposition refusée."
        )
    ).to_be_visible()
    expect(page.get_by_role("button", name="Enregistrer cette étape")).to_have_count(0)

    dialogue = RefusalDialogue.objects.get(proposal=refused)
    assert dialogue.outcome == DialogueOutcome.NEW_PROPOSAL
    assert dialogue.is_complete
    follow_up.refresh_from_db()
    assert follow_up.previous_proposal == refused

    # the OF's member was told of the refusal and the dialogue, then of its outcome
    assert [m.to for m in mail.outbox] == [[member.email], [member.email]]
    assert "va prendre contact avec l'interlocuteur du dossier" in mail.outbox[0].body
    link = re.search(r"http://testserver(/dialogues/\d+/)", mail.outbox[1].body).group(1)
    of_page = new_context().new_page()
    log_in(of_page, member.email)
    of_page.goto(f"{live_server.url}{link}")
    expect(of_page.get_by_text("Les modules d'usinage ne préparent pas")).to_be_visible()
    expect(of_page.get_by_text("Un parcours centré sur les procédés de soudage")).to_be_visible()
    expect(of_page.get_by_role("button", name="Enregistrer cette étape")).to_have_count(0)
