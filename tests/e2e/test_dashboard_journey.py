"""A quality officer opens the dashboard: it covers the edition in force up to today, offers the
ended edition in one click, folds each chart's table, and prints on a few pages."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from charter_portal import roles
from tests.factories import (
    CharterEditionFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
)
from tests.reports.conftest import submitted_proposal

pytestmark = pytest.mark.e2e


def test_the_dashboard_opens_on_today_offers_the_editions_and_prints_on_a_few_pages(
    page, live_server, log_in
):
    today = timezone.localdate()
    current = CharterEditionFactory(
        version="2025",
        valid_from=today - datetime.timedelta(days=90),
        valid_until=today + datetime.timedelta(days=600),
    )
    CharterEditionFactory(
        version="2021",
        valid_from=datetime.date(2021, 6, 1),
        valid_until=datetime.date(2022, 12, 31),
    )
    for index, departement in enumerate(["51", "57", "67"]):
        organisation = OrganisationFactory(departement=departement)
        SignatureFactory(organisation=organisation, edition=current, signed_on=current.valid_from)
        moment = timezone.now() - datetime.timedelta(days=10 + 20 * index)
        submitted_proposal(organisation, moment, levers=["hybrid"])
    officer = UserFactory(role=roles.QUALITY_OFFICER)

    log_in(page, officer.email)
    page.get_by_role("link", name="Tableau de bord").click()

    # from the edition's start to today, never beyond
    expect(page.locator(".scope-line")).to_have_text(
        f"Réseau Grand Est, du {current.valid_from:%d/%m/%Y} au {today:%d/%m/%Y}"
    )
    periods = page.get_by_role("navigation", name="Périodes")
    expect(periods.get_by_role("link", name=re.compile("en vigueur"))).to_have_attribute(
        "aria-current", "true"
    )
    # each chart's table is folded under it, one click away
    first_table = page.locator("details.chart-table").first
    expect(first_table.locator("table")).to_be_hidden()
    first_table.locator("summary").click()
    expect(first_table.locator("table")).to_be_visible()

    pages = len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4")))
    assert 1 <= pages <= 4, f"the dashboard prints on {pages} A4 pages"

    periods.get_by_role("link", name="Édition 2021–2022 (du 01/06/2021 au 31/12/2022)").click()
    expect(page.locator(".scope-line")).to_have_text(
        "Réseau Grand Est, du 01/06/2021 au 31/12/2022"
    )
