"""C8 matrix: role × output × "contains alert data". A commission member gets no alert sheet, no
alert indicator and no alert column in any output — pages, the indicators API and its exports, the
stored review / annual report / dialogue meeting workbooks and CSV files (filtered when served,
although they were made with the alerts), emails. Every other role that may read alerts keeps them.

The records (tests/reports/conftest.py) hold one alert of A (AA1, closed « secured », on PA1), so a
reader of A's figures who may see alerts finds alerts_total = 1 in each output.
"""

import csv
import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from alerts import notifications as alert_notifications
from charter_portal import roles
from reports import services
from reports.dataset import Period, Scope
from reports.models import DialogueMeeting
from tests.factories import UserFactory
from tests.reports.conftest import PERIOD_2022

PERIOD = Period(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
ALERT_CODES = [
    "alerts_total",
    "alerts_by_category",
    "alerts_by_origin",
    "alert_ack_median_hours",
    "alerts_by_outcome",
    "secured_paths_levers",
]
# who may see alert data: everyone here but the commission (an OF member, their own organisation's)
READERS = {
    "member_a": True,
    "quality_officer": True,
    "path_analyst": True,
    "administrator": True,
    "commission": False,
}
OUTPUTS = [
    "dashboard",
    "api_json",
    "api_xlsx",
    "api_csv",
    "review_page",
    "review_xlsx",
    "review_csv",
    "annual_page",
    "annual_xlsx",
    "annual_csv",
    "meeting_page",
    "meeting_xlsx",
    "meeting_csv",
]


@pytest.fixture
def snapshots(org_a, records, quality_officer, path_analyst, member_a):
    """A's review, annual report and meeting, made (and stored) with A's alert in them."""
    review = services.generate_interim_review(PERIOD, Scope(org_a.pk), quality_officer)
    request = services.request_annual_report(org_a, PERIOD, "", member_a)
    annual = services.generate_annual_report(request.pk, path_analyst)
    meeting = services.record_dialogue_meeting(
        DialogueMeeting(
            held_on=datetime.date(2022, 7, 5),
            organisation=org_a,
            period_start=PERIOD.start,
            period_end=PERIOD.end,
            participants="Direction de Formations Alpha",
        ),
        quality_officer,
    )
    return {"review": review, "annual": annual, "meeting": meeting}


def _url(output, role, org_a, snapshots):
    query = f"?organisation={org_a.pk}&start={PERIOD_2022['start']}&end={PERIOD_2022['end']}"
    if output == "dashboard":
        name = "reports:my_dashboard" if role == "member_a" else "reports:dashboard"
        return reverse(name) + query
    if output.startswith("api_"):
        suffix = {"api_json": "", "api_xlsx": "export.xlsx", "api_csv": "export.csv"}[output]
        return f"/api/v1/indicators/{suffix}{query}"
    kind, form = output.split("_")
    names = {
        "review": ("reports:review_detail", "reports:review_workbook", "reports:review_csv"),
        "annual": (
            "reports:annual_report_detail",
            "reports:annual_report_workbook",
            "reports:annual_report_csv",
        ),
        "meeting": ("reports:meeting_detail", "reports:meeting_workbook", "reports:meeting_csv"),
    }[kind]
    name = names[["page", "xlsx", "csv"].index(form)]
    return reverse(name, args=[snapshots[kind].pk])


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def alert_data_in(output: str, body: bytes) -> bool:
    """Whether an answer carries any alert data, read as its user reads it."""
    if output.endswith("xlsx"):
        workbook = load_workbook(io.BytesIO(body))
        codes = {row[0] for row in workbook.worksheets[0].iter_rows(values_only=True) if row}
        return "Alertes" in workbook.sheetnames or any(code in codes for code in ALERT_CODES)
    if output.endswith("csv"):
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
        return any(row and row[0].split(".")[0] in ALERT_CODES for row in rows)
    if output == "api_json":
        return any(row["code"] in ALERT_CODES for row in json.loads(body)["indicators"])
    # pages: each indicator is laid out under an id made of its code
    html = body.decode()
    late_alerts = "non prise en compte à temps" in html or "non prises en compte à temps" in html
    return late_alerts or any(code.replace("_", "-") in html for code in ALERT_CODES)


@pytest.mark.parametrize("role", sorted(READERS))
def test_alert_data_reaches_every_reader_but_the_commission(role, request, org_a, snapshots):
    """One row of the matrix per role: every output, and whether it carries alert data."""
    user = request.getfixturevalue({"commission": "commission_member"}.get(role, role))
    assert roles.may_see_alerts(user) is READERS[role]
    client = Client()
    client.force_login(user)

    found = {}
    for output in OUTPUTS:
        response = client.get(_url(output, role, org_a, snapshots))
        assert response.status_code == 200, (role, output, response.status_code)
        body = _body(response)
        found[output] = alert_data_in(output, body)
        # the other figures are still there for everyone: PA1 and PA2 were submitted by A
        assert (
            b"proposals-submitted" in body
            or b"proposals_submitted" in body
            or (output.endswith("xlsx") or output == "review_page")
        ), output

    assert found == dict.fromkeys(OUTPUTS, READERS[role])


def test_a_stored_workbook_served_to_the_commission_keeps_its_frozen_tables(
    org_a, snapshots, commission_member
):
    """Filtered when served: the synthesis without alert rows, the frozen Propositions and
    Décisions sheets as they were made (A's two proposals, two decisions), no Alertes sheet."""
    client = Client()
    client.force_login(commission_member)

    body = _body(client.get(reverse("reports:review_workbook", args=[snapshots["review"].pk])))

    workbook = load_workbook(io.BytesIO(body))
    assert workbook.sheetnames == ["Synthèse", "Propositions", "Décisions"]
    synthesis = {row[0]: row[4] for row in workbook["Synthèse"].iter_rows(values_only=True) if row}
    assert synthesis["proposals_submitted"] == 2
    assert not set(ALERT_CODES) & set(synthesis)
    proposals = list(workbook["Propositions"].iter_rows(min_row=2, values_only=True))
    assert sorted(row[0] for row in proposals) == sorted(
        [snapshots["review"].organisation.proposals.order_by("pk")[i].reference for i in (0, 1)]
    )
    assert workbook["Propositions"]["G2"].number_format == "DD/MM/YYYY HH:MM"
    assert len(list(workbook["Décisions"].iter_rows(min_row=2))) == 2


def test_alert_emails_never_go_to_a_commission_member(records, quality_officer):
    """A quality officer who also sits on the commission is not told of A's alert; the others are."""
    both = UserFactory(email="double@transitionspro.example.org", role=roles.QUALITY_OFFICER)
    both.groups.add(Group.objects.get_or_create(name=roles.COMMISSION)[0])
    assert not roles.may_see_alerts(both)
    mail.outbox.clear()

    alert_notifications.alert_raised(records["aa1"])

    assert [message.to for message in mail.outbox] == [[quality_officer.email]]
