"""Permission matrix rows for background exports: each person reaches only the exports they
asked for; asking for another organisation's data is a 404, as with the direct download."""

from django.core.files.base import ContentFile
from django.urls import reverse

from exports.models import Export, ExportKind, ExportStatus
from tests.matrix import API_READ, LOGGED_IN, expect

# A's member asked for it: nobody else finds it
OWNER_A = expect(404, anonymous=302, member_a=200)
API_OWNER_A = expect(404, anonymous=401, member_a=200)
# asking for A's indicators: A's members and staff are redirected to the export; B gets a 404
ASK_A = expect(302, member_b=404)


def _row(name, expected):
    return ("get", lambda w: reverse(name, args=[w["export_a"].pk]), expected, None)


ROWS = {
    "exports:export_list": ("get", lambda w: reverse("exports:export_list"), LOGGED_IN, None),
    "exports:export_create": (
        "post",
        lambda w: reverse("exports:export_create"),
        ASK_A,
        {"kind": "indicators_csv", "query": ""},  # extend_world names A's organisation
    ),
    "exports:export_detail": _row("exports:export_detail", OWNER_A),
    "exports:export_download": _row("exports:export_download", OWNER_A),
    # email preferences (reminders app), where every email's unsubscribe link leads
    "reminders:preferences": (
        "get",
        lambda w: reverse("reminders:preferences"),
        LOGGED_IN,
        None,
    ),
    "api:export-list": ("get", lambda w: reverse("api:export-list"), API_READ, None),
    "api:export-detail": _row("api:export-detail", API_OWNER_A),
    "api:export-download": _row("api:export-download", API_OWNER_A),
}

API_WRITES = [
    (
        "post",
        lambda w: reverse("api:export-list"),
        {"kind": "indicators_csv", "params": {"organisation": "__A__"}},
        expect(202, anonymous=401, member_b=404),
    ),
    # a département is staff's to ask for
    (
        "post",
        lambda w: reverse("api:export-list"),
        {"kind": "indicators_csv", "params": {"departement": "57"}},
        expect(202, anonymous=401, member_a=403, member_b=403),
    ),
    # queues are staff's
    (
        "post",
        lambda w: reverse("api:export-list"),
        {"kind": "review_queue_csv"},
        expect(202, anonymous=401, member_a=404, member_b=404),
    ),
    # the alert queue: as its page (C8, a commission member never reaches alert data)
    (
        "post",
        lambda w: reverse("api:export-list"),
        {"kind": "alert_queue_csv"},
        expect(202, anonymous=401, member_a=404, member_b=404, commission=403),
    ),
    # the indicators' workbook: as the CSV (another organisation's data is a 404)
    (
        "post",
        lambda w: reverse("api:export-list"),
        {"kind": "indicators_xlsx", "params": {"organisation": "__A__"}},
        expect(202, anonymous=401, member_b=404),
    ),
]


def extend_world(world):
    org_a = world["org_a"]
    export = Export.objects.create(
        requested_by=world["users"]["member_a"],
        kind=ExportKind.INDICATORS_CSV,
        params={"organisation": org_a.pk},
        status=ExportStatus.DONE,
        progress=100,
        filename="indicateurs.csv",
        content_type="text/csv",
    )
    export.file.save("indicateurs.csv", ContentFile(f"{org_a.legal_name};1\n".encode()), save=True)
    world["export_a"] = export
    ROWS["exports:export_create"][3]["query"] = f"organisation={org_a.pk}"
    API_WRITES[0][2]["params"]["organisation"] = org_a.pk
    API_WRITES[4][2]["params"]["organisation"] = org_a.pk
