"""The progress of a background export moves as the file is written (issue 10): per sheet of the
indicators workbook, per chunk of rows of the queues' CSVs — not only 0 → 10 → 90 → 100."""

import datetime
import zoneinfo

import pytest
from django.db.models import QuerySet
from rest_framework.test import APIClient

from alerts.models import Alert
from charter_portal import progress
from exports import tasks
from exports.models import Export
from paths.models import ProposalStatus
from tests.factories import AlertFactory, PathProposalFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def moves(monkeypatch):
    """The progress values the task stores, in order (a value only counts if it was written)."""
    stored = []
    advance = tasks._advance

    def recording(export_id, value):
        written = advance(export_id, value)
        if written:
            stored.append(value)
        return written

    monkeypatch.setattr(tasks, "_advance", recording)
    return stored


def ask(user, kind, params):
    client = APIClient()
    client.force_authenticate(user)
    response = client.post("/api/v1/exports/", {"kind": kind, "params": params}, format="json")
    assert response.status_code == 202
    return Export.objects.get(pk=response.json()["id"])


@pytest.mark.django_db
def test_the_workbook_s_progress_moves_sheet_by_sheet(quality_officer, org_a, org_b, moves):
    """Network workbook for a quality officer: Synthèse + 3 detail sheets (proposals, decisions,
    alerts) = 4 sheets. Figures: 0–40 %, loaded records report 0.75 of it → 0.30 → 10 + 80 × 0.30
    = 34 %; figures done 0.40 → 42 %. Sheets share 40–100 %: each is 15 %: 0.55 → 54 %, 0.70 →
    66 %, 0.85 → 78 %, 1.00 → 90 %; then the file is stored: 100 %."""
    for organisation in (org_a, org_b):
        PathProposalFactory(
            organisation=organisation,
            status=ProposalStatus.SUBMITTED,
            submitted_at=datetime.datetime(2022, 3, 1, 10, tzinfo=PARIS),
        )
    export = ask(quality_officer, "indicators_xlsx", {"start": "2022-01-01", "end": "2022-12-31"})
    assert moves == [34, 42, 54, 66, 78, 90]
    assert (export.status, export.progress) == ("done", 100)


@pytest.mark.django_db
def test_the_alert_queue_s_progress_moves_by_chunks_of_rows(
    quality_officer, org_a, moves, monkeypatch
):
    """4 open alerts, one report per row (ROWS_PER_STEP = 1): 1/4 → 10 + 80 × 0.25 = 30 %, then
    50 %, 70 %, 90 %; then 100 % once stored. The CSV has the header and the 4 rows."""
    monkeypatch.setattr(progress, "ROWS_PER_STEP", 1)
    AlertFactory.create_batch(4, organisation=org_a)
    assert Alert.objects.count() == 4
    export = ask(quality_officer, "alert_queue_csv", {})
    assert moves == [30, 50, 70, 90]
    assert (export.status, export.progress) == ("done", 100)
    with export.file.open("rb") as handle:
        lines = [line for line in handle.read().decode("utf-8-sig").splitlines() if line]
    assert len(lines) == 1 + 4


@pytest.mark.django_db
def test_the_review_queue_reports_every_500_rows(path_analyst, org_a, moves):
    """2 proposals waiting, fewer than 500 rows: one report, when the list is written → 90 %."""
    PathProposalFactory.create_batch(2, organisation=org_a, status=ProposalStatus.SUBMITTED)
    export = ask(path_analyst, "review_queue_csv", {})
    assert moves == [90]
    assert export.status == "done"


@pytest.mark.django_db
def test_a_direct_download_counts_nothing(django_assert_num_queries, org_a):
    """Nobody follows a direct download: the rows pass through and the queryset is not counted
    (one query, the list itself)."""
    AlertFactory.create_batch(3, organisation=org_a)
    queryset = Alert.objects.all()
    assert isinstance(queryset, QuerySet)
    with django_assert_num_queries(1):
        assert len(list(progress.rows(queryset, queryset))) == 3


def test_stages_map_their_fractions_into_their_part():
    """stage(0.5, 1.0) inside reporting: 0.5 inside → 0.75 outside, and 1.0 at the end."""
    seen = []
    with progress.reporting(seen.append), progress.stage(0.5, 1.0):
        progress.report(0.5)
    assert seen == [0.75, 1.0]
    progress.report(0.3)  # nobody follows any more: nothing is called
    assert seen == [0.75, 1.0]
