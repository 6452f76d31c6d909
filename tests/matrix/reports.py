"""Permission matrix rows for the reports app: B never reaches A's reviews, annual reports,
requests, meetings or their files; OF members ask for their own indicators only."""

import datetime
import io

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from reports import report as reports
from reports.dataset import Period, Scope
from reports.exports import csv as csv_export
from reports.exports import xlsx
from reports.exports.labels import workbook_labels
from reports.models import AnnualReport, AnnualReportRequest, DialogueMeeting, InterimReview
from tests.matrix import API_READ, LOGGED_IN, QO_WRITE, STAFF_READ, expect

# A's snapshots: A's members and every staff role read them; B does not find them
OF_A_OR_STAFF = expect(200, anonymous=302, member_b=404)
# the OF member's own pages
MINE = expect(404, anonymous=302, member_a=200, member_b=200)
# the path analyst produces annual reports (and administrators, who hold every permission)
PA_WRITE = expect(
    302, anonymous=302, member_a=404, member_b=404, quality_officer=403, commission=403
)
# staff holding change_interimreview write both sides; A's members write A's side
COMMENT_A = expect(200, anonymous=302, member_b=404, path_analyst=403, commission=403)
PERIOD = Period(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))


def _row(name, key, expected, method="get", data=None):
    return (method, lambda w: reverse(name, args=[w[key].pk]), expected, data)


ROWS = {
    # everyone logged in has a worklist: their own records only (A's secret never reaches B)
    "reports:worklist": ("get", lambda w: reverse("reports:worklist"), LOGGED_IN, None),
    "reports:dashboard": ("get", lambda w: reverse("reports:dashboard"), STAFF_READ, None),
    "reports:my_dashboard": ("get", lambda w: reverse("reports:my_dashboard"), MINE, None),
    # interim reviews (C9)
    "reports:review_list": ("get", lambda w: reverse("reports:review_list"), STAFF_READ, None),
    "reports:review_create": ("get", lambda w: reverse("reports:review_create"), QO_WRITE, None),
    "reports:review_detail": _row("reports:review_detail", "review_a", OF_A_OR_STAFF),
    "reports:review_comment": _row("reports:review_comment", "review_a", COMMENT_A),
    "reports:review_workbook": _row("reports:review_workbook", "review_a", OF_A_OR_STAFF),
    "reports:review_csv": _row("reports:review_csv", "review_a", OF_A_OR_STAFF),
    # annual PTP reports (C10)
    "reports:annual_request_create": (
        "get",
        lambda w: reverse("reports:annual_request_create"),
        MINE,
        None,
    ),
    "reports:annual_request_list": (
        "get",
        lambda w: reverse("reports:annual_request_list"),
        STAFF_READ,
        None,
    ),
    "reports:annual_request_detail": _row(
        "reports:annual_request_detail", "annual_request_a", OF_A_OR_STAFF
    ),
    "reports:annual_report_generate": _row(
        "reports:annual_report_generate", "annual_request_a", PA_WRITE, method="post", data={}
    ),
    "reports:annual_report_detail": _row(
        "reports:annual_report_detail", "annual_report_a", OF_A_OR_STAFF
    ),
    "reports:annual_report_workbook": _row(
        "reports:annual_report_workbook", "annual_report_a", OF_A_OR_STAFF
    ),
    "reports:annual_report_csv": _row(
        "reports:annual_report_csv", "annual_report_a", OF_A_OR_STAFF
    ),
    # dialogue meetings (C11)
    "reports:meeting_list": ("get", lambda w: reverse("reports:meeting_list"), STAFF_READ, None),
    "reports:meeting_create": ("get", lambda w: reverse("reports:meeting_create"), QO_WRITE, None),
    "reports:meeting_detail": _row("reports:meeting_detail", "meeting_a", OF_A_OR_STAFF),
    "reports:meeting_edit": _row("reports:meeting_edit", "meeting_a", QO_WRITE),
    "reports:meeting_workbook": _row("reports:meeting_workbook", "meeting_a", OF_A_OR_STAFF),
    "reports:meeting_csv": _row("reports:meeting_csv", "meeting_a", OF_A_OR_STAFF),
    # API: without parameters, an OF member gets their own organisation's figures
    "api:indicators": ("get", lambda w: reverse("api:indicators"), API_READ, None),
    "api:indicators-export-xlsx": (
        "get",
        lambda w: reverse("api:indicators-export-xlsx"),
        API_READ,
        None,
    ),
    "api:indicators-export-csv": (
        "get",
        lambda w: reverse("api:indicators-export-csv"),
        API_READ,
        None,
    ),
}


def _with(name, query):
    return lambda w: f"{reverse(name)}?{query(w)}"


A_ONLY = expect(200, anonymous=401, member_b=404)
STAFF_ONLY = expect(200, anonymous=401, member_a=403, member_b=403)

API_WRITES = [
    # reads with parameters: A's figures are not B's to ask for, a département is staff's
    *[
        ("get", _with(name, lambda w: f"organisation={w['org_a'].pk}"), {}, A_ONLY)
        for name in ("api:indicators", "api:indicators-export-xlsx", "api:indicators-export-csv")
    ],
    *[
        ("get", _with(name, lambda w: "departement=57"), {}, STAFF_ONLY)
        for name in ("api:indicators", "api:indicators-export-csv")
    ],
    # the indicators are read-only
    ("post", lambda w: reverse("api:indicators"), {}, expect(405, anonymous=401)),
    ("post", lambda w: reverse("api:indicators-export-xlsx"), {}, expect(405, anonymous=401)),
]


# A's snapshots are stored as generated; their content is computed once per test process (the
# world is built for every row and role, and generating three workbooks each time is slow).
_STORED = {}


def _stored():
    if not _STORED:
        computed = reports.build(PERIOD, Scope())
        handle = io.BytesIO()
        xlsx.write(computed, [], handle, workbook_labels("Bilan"))
        _STORED.update(
            figures=computed.indicators, xlsx=handle.getvalue(), csv=csv_export.write(computed)
        )
    return _STORED


def _snapshot(snapshot, user):
    stored = _stored()
    snapshot.period_start, snapshot.period_end = PERIOD.start, PERIOD.end
    snapshot.generated_at, snapshot.generated_by = timezone.now(), user
    snapshot.figures = stored["figures"]
    snapshot.save()
    snapshot.workbook.save("classeur.xlsx", ContentFile(stored["xlsx"]), save=False)
    snapshot.csv_file.save("indicateurs.csv", ContentFile(stored["csv"]), save=False)
    snapshot.save(update_fields=["workbook", "csv_file"])
    return snapshot


def extend_world(world):
    users, org_a = world["users"], world["org_a"]
    officer, analyst = users["quality_officer"], users["path_analyst"]
    review_a = _snapshot(InterimReview(organisation=org_a), officer)
    annual_report_a = _snapshot(AnnualReport(organisation=org_a), analyst)
    annual_request_a = AnnualReportRequest.objects.create(
        organisation=org_a,
        period_start=PERIOD.start,
        period_end=PERIOD.end,
        requested_by=users["member_a"],
        status=AnnualReportRequest.Status.GENERATED,
        report=annual_report_a,
    )
    meeting_a = _snapshot(
        DialogueMeeting(
            organisation=org_a,
            held_on=datetime.date(2023, 1, 10),
            participants="Direction de l'organisme",
        ),
        officer,
    )
    world.update(
        review_a=review_a,
        annual_request_a=annual_request_a,
        annual_report_a=annual_report_a,
        meeting_a=meeting_a,
    )
