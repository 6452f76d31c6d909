"""The stored report workbooks are written by the worker (issue 10): the snapshot and its frozen
figures exist at once, the page says « en préparation » until the files are there, then offers
them, and whoever waits is emailed.

Figures (fixture `records`, organisation A, 01/01/2022 – 30/06/2022): PA1 and PA2 submitted
→ proposals_submitted = 2; AA1 raised on 01/03/2022 → alerts_total = 1.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from reports import services
from reports.dataset import Period, Scope
from reports.models import AnnualReport, InterimReview
from reports.tasks import build_missing_snapshot_files, build_snapshot_files
from tests.factories import MembershipFactory

# tasks are queued, not run, until run_worker() (and no transactional test: its flush would empty
# the tables the migrations seed for the tests after it)
QUEUED_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
PERIOD = Period(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
PENDING = "Classeur Excel et CSV en préparation."


def run_worker():
    """What the worker does: run the queued tasks in order, and the ones they queue."""
    while default_task_backend.results:
        result = default_task_backend.results.pop(0)
        result.task.call(*result.args, **result.kwargs)


def csv_rows(response) -> dict:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = csv.reader(content.decode("utf-8-sig").splitlines(), delimiter=";")
    return {row[0]: row[-1] for row in rows if row}


@pytest.mark.django_db
def test_the_review_is_in_preparation_until_the_worker_writes_its_files(
    client, quality_officer, commission_member, org_a, records
):
    with override_settings(TASKS=QUEUED_TASKS):
        review = services.generate_interim_review(PERIOD, Scope(org_a.pk), quality_officer)
        # the figures are frozen at once; the files are not written yet
        assert next(r["value"] for r in review.figures if r["code"] == "proposals_submitted") == 2
        assert not review.files_ready
        client.force_login(quality_officer)
        detail = reverse("reports:review_detail", args=[review.pk])
        page = client.get(detail).content.decode()
        assert PENDING in page
        assert reverse("reports:review_workbook", args=[review.pk]) not in page
        assert client.get(reverse("reports:review_workbook", args=[review.pk])).status_code == 404
        assert client.get(reverse("reports:review_csv", args=[review.pk])).status_code == 404
        assert mail.outbox == []

        run_worker()  # builds the files, then sends the email it queued

        review.refresh_from_db()
        assert review.files_ready
        assert review.workbook.name.startswith(f"bilans/interimreview/{review.pk}-v1-")
        page = client.get(detail).content.decode()
        assert PENDING not in page
        assert reverse("reports:review_workbook", args=[review.pk]) in page
        download = client.get(reverse("reports:review_workbook", args=[review.pk]))
        synthesis = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))[
            "Synthèse"
        ]
        values = {
            row[0]: [cell for cell in row if cell is not None][-1]
            for row in synthesis.iter_rows(values_only=True)
            if row and row[0]
        }
        assert (values["proposals_submitted"], values["alerts_total"]) == (2, 1)
        [message] = mail.outbox
        assert message.to == [quality_officer.email]
        assert message.subject.startswith("Fichiers prêts : Bilan intermédiaire")
        assert f"http://testserver{detail}" in message.body

        # a commission member reads the same stored file without alert data (C8)
        client.force_login(commission_member)
        rows = csv_rows(client.get(reverse("reports:review_csv", args=[review.pk])))
        assert rows["proposals_submitted"] == "2"
        assert "alerts_total" not in rows


@pytest.mark.django_db
def test_the_organisation_is_told_of_its_annual_report_once_the_files_are_there(
    client, path_analyst, member_a, org_a, records
):
    colleague = MembershipFactory(organisation=org_a).user
    with override_settings(TASKS=QUEUED_TASKS):
        request = services.request_annual_report(org_a, PERIOD, "", member_a)
        run_worker()  # the request's email to staff
        mail.outbox.clear()
        report = services.generate_annual_report(request.pk, path_analyst)
        client.force_login(member_a)
        detail = reverse("reports:annual_report_detail", args=[report.pk])
        assert PENDING in client.get(detail).content.decode()
        assert mail.outbox == []

        run_worker()

        page = client.get(detail).content.decode()
        assert PENDING not in page
        assert reverse("reports:annual_report_csv", args=[report.pk]) in page
        rows = csv_rows(client.get(reverse("reports:annual_report_csv", args=[report.pk])))
        assert rows["proposals_submitted"] == "2"
        [message] = mail.outbox
        assert sorted(message.to) == sorted([member_a.email, colleague.email, org_a.contact_email])
        assert message.subject == "Votre rapport annuel PTP est prêt (01/01/2022 – 30/06/2022)"
        assert f"http://testserver{detail}" in message.body


@pytest.mark.django_db
def test_the_files_are_written_once(quality_officer, org_a, records):
    """Tasks run at once in tests: generating writes the files and sends one email; running the
    task again (a retry, a second worker) changes nothing and sends nothing."""
    review = services.generate_interim_review(PERIOD, Scope(org_a.pk), quality_officer)
    assert review.files_ready
    names = (review.workbook.name, review.csv_file.name)
    history = review.history.count()
    assert len(mail.outbox) == 1

    assert build_snapshot_files.call("reports.interimreview", review.pk) == "ready"

    review.refresh_from_db()
    assert (review.workbook.name, review.csv_file.name) == names
    assert review.history.count() == history
    assert len(mail.outbox) == 1
    assert build_snapshot_files.call("reports.interimreview", review.pk + 1000) == "gone"
    with pytest.raises(ValueError):
        build_snapshot_files.call("accounts.user", quality_officer.pk)


@pytest.mark.django_db
def test_a_snapshot_without_its_files_is_not_served(client, quality_officer, org_a, records):
    """Files not yet written (or lost): the page says so and both downloads are a 404."""
    review = services.generate_interim_review(PERIOD, Scope(org_a.pk), quality_officer)
    InterimReview.objects.filter(pk=review.pk).update(workbook="", csv_file="")
    report = services.generate_annual_report(
        services.request_annual_report(org_a, PERIOD, "", quality_officer).pk, quality_officer
    )
    AnnualReport.objects.filter(pk=report.pk).update(csv_file="")
    client.force_login(quality_officer)
    assert (
        PENDING in client.get(reverse("reports:review_detail", args=[review.pk])).content.decode()
    )
    for name, pk in (
        ("review_workbook", review.pk),
        ("review_csv", review.pk),
        ("annual_report_csv", report.pk),
    ):
        assert client.get(reverse(f"reports:{name}", args=[pk])).status_code == 404


@pytest.mark.django_db
def test_files_whose_task_was_lost_are_built_again_by_the_schedule(quality_officer, org_a, records):
    """Two reviews without files: one generated 11 minutes ago (its task was lost) is queued
    again and gets its files; one generated 5 minutes ago may still be in the queue: left alone."""
    old = services.generate_interim_review(PERIOD, Scope(org_a.pk), quality_officer)
    recent = services.generate_interim_review(PERIOD, Scope(org_a.pk), quality_officer)
    now = timezone.now()
    InterimReview.objects.filter(pk=old.pk).update(
        workbook="", csv_file="", generated_at=now - datetime.timedelta(minutes=11)
    )
    InterimReview.objects.filter(pk=recent.pk).update(
        workbook="", generated_at=now - datetime.timedelta(minutes=5)
    )
    mail.outbox.clear()

    assert build_missing_snapshot_files.call() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.files_ready
    assert not recent.files_ready
    [message] = mail.outbox
    assert message.to == [quality_officer.email]


@pytest.mark.django_db
def test_the_workbook_waits_for_the_csv_as_the_page_does(
    client, quality_officer, commission_member, org_a, records
):
    """Between the workbook and the CSV the worker is still writing: the page shows neither link,
    so neither file answers, for a reader of alerts or not."""
    with override_settings(TASKS=QUEUED_TASKS):
        review = services.generate_interim_review(PERIOD, Scope(org_a.pk), quality_officer)
        run_worker()
    review.refresh_from_db()
    review.csv_file = ""  # the moment between the two files
    review.save(update_fields=["csv_file"])
    workbook = reverse("reports:review_workbook", args=[review.pk])
    for reader in (quality_officer, commission_member):
        client.force_login(reader)
        page = client.get(reverse("reports:review_detail", args=[review.pk])).content.decode()
        assert PENDING in page and workbook not in page
        assert client.get(workbook).status_code == 404
