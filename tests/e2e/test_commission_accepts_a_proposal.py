"""The commission accepts a proposal (C5): a path analyst records « Accepté » on the session page,
where proposals concerted beforehand come first, and the OF's member is told and sees it."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from charter_portal import roles
from paths.models import LeverCode, ProposalStatus
from tests.factories import (
    CommissionSessionFactory,
    LeverFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    proposal_at_commission,
)

pytestmark = pytest.mark.e2e


def test_the_commission_accepts_a_concerted_proposal(page: Page, new_context, live_server, log_in):
    today = timezone.localdate()
    session = CommissionSessionFactory(held_on=today, title="Commission paritaire du mois")
    alpha = OrganisationFactory(legal_name="Formations Alpha", city="Metz", departement="57")
    member = MembershipFactory(organisation=alpha, user__email="referente@alpha.example.org").user
    other = proposal_at_commission(
        session, organisation=OrganisationFactory(legal_name="Beta"), target_job="Comptable"
    )
    concerted = proposal_at_commission(
        session,
        organisation=alpha,
        target_job="Soudeur assembleur",
        concerted_on=today - datetime.timedelta(days=45),
        concerted_with="Chargée d'analyse des parcours",
        feedback_text="Parcours modulaire cohérent : 140 h dispensées après positionnement.",
    )
    LeverFactory(
        proposal=concerted,
        code=LeverCode.HYBRID,
        explanation="Théorie à distance, gestes professionnels en atelier.",
    )
    analyst = UserFactory(email="analyste@transitionspro.example.org", role=roles.PATH_ANALYST)

    log_in(page, analyst.email)
    page.get_by_role("link", name="Commissions", exact=True).click()
    page.get_by_role("link", name="Commission paritaire du mois").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Commission paritaire du mois")

    cards = page.get_by_role("article")
    expect(cards).to_have_count(2)
    # the proposal concerted beforehand comes first, with its levers and the staff feedback
    first = cards.first
    expect(first.get_by_role("heading")).to_contain_text(concerted.reference)
    expect(first).to_contain_text("Concertée en amont")
    expect(first).to_contain_text("Hybridation : Théorie à distance")
    expect(first).to_contain_text("Parcours modulaire cohérent")
    expect(cards.nth(1)).to_contain_text(other.reference)
    expect(cards.nth(1)).to_contain_text("Sans concertation préalable")

    first.get_by_label("Décision").select_option(label="Accepté")
    first.get_by_label("Commentaire de la commission").fill("Un bel exemple de modularisation.")
    first.get_by_role("button", name="Enregistrer la décision").click()

    expect(
        page.get_by_text(f"Décision enregistrée pour {concerted.reference} : Accepté.")
    ).to_be_visible()
    expect(page.get_by_role("article")).to_have_count(1)  # it left the list
    decisions = page.get_by_role("region", name="Décisions rendues")
    expect(decisions).to_contain_text(concerted.reference)
    expect(decisions).to_contain_text("Accepté")
    expect(decisions).to_contain_text("Un bel exemple de modularisation.")

    concerted.refresh_from_db()
    assert concerted.status == ProposalStatus.DECIDED

    # the OF's member is told, and reads the decision on the proposal's page
    [message] = mail.outbox
    assert message.to == [member.email]
    assert message.subject == (
        f"Décision de la commission sur votre proposition {concerted.reference} : Accepté"
    )
    link = re.search(r"http://testserver(/propositions/\d+/)", message.body).group(1)

    of_page = new_context().new_page()
    log_in(of_page, member.email)
    of_page.goto(f"{live_server.url}{link}")
    expect(of_page.get_by_role("heading", level=1)).to_contain_text(concerted.reference)
    decision = of_page.get_by_role("region", name="Décision de la commission")
    expect(decision.locator("strong")).to_have_text("Accepté")
    expect(decision).to_contain_text("Un bel exemple de modularisation.")
