"""A quality officer asks for the network's indicators workbook in the background from the
dashboard, follows it on its progress page and downloads it when it is ready (tasks run at once
in tests: it is ready on the first look), then reads the file back."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from charter_portal import roles
from exports.models import Export
from tests.factories import (
    CharterEditionFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
)
from tests.reports.conftest import submitted_proposal

pytestmark = pytest.mark.e2e


def test_the_workbook_asked_from_the_dashboard_arrives_as_a_download(page, live_server, log_in):
    """Three organisations of the edition in force each submitted one proposal 10, 30 and 50 days
    ago: the network's « proposals_submitted » over the edition up to today is 3."""
    today = timezone.localdate()
    edition = CharterEditionFactory(
        version="2025",
        valid_from=today - datetime.timedelta(days=90),
        valid_until=today + datetime.timedelta(days=600),
    )
    for index, departement in enumerate(["51", "57", "67"]):
        organisation = OrganisationFactory(departement=departement)
        SignatureFactory(organisation=organisation, edition=edition, signed_on=edition.valid_from)
        submitted_proposal(organisation, timezone.now() - datetime.timedelta(days=10 + 20 * index))
    officer = UserFactory(role=roles.QUALITY_OFFICER)

    log_in(page, officer.email)
    page.get_by_role("link", name="Tableau de bord").click()
    page.get_by_role("button", name="Préparer le classeur en arrière-plan").click()

    # the progress page of this export
    export = Export.objects.get(requested_by=officer)
    expect(page).to_have_url(re.compile(rf"/exports/{export.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Indicateurs de la charte (classeur Excel)"
    )
    expect(page.get_by_text("Votre export est en préparation")).to_be_visible()
    state = page.locator("#export-state")
    expect(state.locator("[data-status]")).to_have_text("Prêt")
    expect(page.get_by_label("Avancement")).to_have_attribute("value", "100")

    link = page.get_by_role("link", name=re.compile(r"^Télécharger indicateurs-.*\.xlsx$"))
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    synthesis = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))["Synthèse"]
    values = {
        row[0]: [cell for cell in row if cell is not None][-1]
        for row in synthesis.iter_rows(values_only=True)
        if row and row[0]
    }
    assert values["proposals_submitted"] == 3

    # the email brings the same page
    assert mail.outbox[-1].to == [officer.email]
    assert f"/exports/{export.pk}/" in mail.outbox[-1].body

    # the list of the officer's exports shows it
    page.get_by_role("link", name="Tous mes exports").click()
    expect(page.get_by_role("link", name=re.compile("Indicateurs de la charte"))).to_be_visible()
