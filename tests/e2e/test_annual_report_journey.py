"""The annual PTP report (C10): an OF member asks for it from the dashboard, the path analyst
produces it, and the OF member downloads the workbook the email points to."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from charter_portal import roles
from tests.factories import (
    CharterEditionFactory,
    MembershipFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
)
from tests.reports.conftest import at, submitted_proposal

pytestmark = pytest.mark.e2e


def test_an_of_requests_its_annual_report_staff_produce_it_and_the_of_downloads_it(
    page: Page, new_context, live_server, log_in, tmp_path
):
    last_year = timezone.localdate().year - 1
    edition = CharterEditionFactory(
        version="e2e",
        valid_from=datetime.date(last_year - 1, 1, 1),
        valid_until=datetime.date(last_year + 2, 12, 31),
    )
    alpha = OrganisationFactory(legal_name="Formations Alpha", city="Metz", departement="57")
    SignatureFactory(
        organisation=alpha, edition=edition, signed_on=datetime.date(last_year - 1, 3, 1)
    )
    member = MembershipFactory(organisation=alpha, user__email="referente@alpha.example.org").user
    for month in (3, 5, 9):
        submitted_proposal(alpha, at(last_year, month, 10), None, None, ["modularisation"])
    analyst = UserFactory(email="analyste@transitionspro.example.org", role=roles.PATH_ANALYST)
    quality = UserFactory(email="qualite@transitionspro.example.org", role=roles.QUALITY_OFFICER)

    # the OF member asks from the dashboard: the last calendar year is proposed
    log_in(page, member.email)
    page.get_by_role("link", name="Tableau de bord").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon tableau de bord")
    page.get_by_role("link", name="Demander mon rapport annuel PTP").click()
    expect(page.get_by_label("Début de la période")).to_have_value(f"{last_year}-01-01")
    expect(page.get_by_label("Fin de la période")).to_have_value(f"{last_year}-12-31")
    page.get_by_label("Précisions (facultatif)").fill("Pour notre conseil d'administration.")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_text("Votre demande de rapport annuel PTP est transmise")).to_be_visible()
    [asked] = mail.outbox
    assert sorted(asked.to) == sorted([analyst.email, quality.email])

    # the path analyst finds the request and produces the report
    staff_page = new_context().new_page()
    log_in(staff_page, analyst.email)
    staff_page.get_by_role("link", name="Tableau de bord").click()
    staff_page.get_by_role("link", name=re.compile("Rapports annuels PTP")).click()
    staff_page.get_by_role("link", name="Formations Alpha").click()
    staff_page.get_by_role("button", name="Produire le rapport").click()
    expect(staff_page.get_by_text("Rapport annuel PTP produit (version 1)")).to_be_visible()
    expect(staff_page.get_by_role("heading", level=1)).to_have_text(
        "Rapport annuel PTP — Formations Alpha"
    )

    # the OF member is told, opens the report and downloads the workbook
    ready = mail.outbox[-1]
    assert member.email in ready.to
    assert analyst.email not in ready.to
    link = re.search(r"http://testserver(/rapports-annuels/\d+/)", ready.body).group(1)
    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rapport annuel PTP — Formations Alpha"
    )
    submitted = page.locator("#proposals-submitted .figure-value")
    expect(submitted).to_have_text("3")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le classeur Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["Synthèse", "Propositions", "Décisions", "Alertes"]
    synthesis = workbook["Synthèse"]
    assert synthesis["A1"].value == "Rapport annuel PTP — Formations Alpha"
    values = {row[0]: row[4] for row in synthesis.iter_rows(min_row=7, max_col=5, values_only=True)}
    assert values["proposals_submitted"] == 3
    assert workbook["Propositions"].max_row == 4
