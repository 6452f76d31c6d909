"""Generating one report many times at the same moment gives versions 1..N, each once, and
nobody sees an error (each generation in its own thread and database connection)."""

import datetime

from django.test import Client
from django.urls import reverse

from reports.models import InterimReview, SnapshotSequence
from tests.concurrency import RACES_ON_POSTGRESQL, at_once

pytestmark = RACES_ON_POSTGRESQL

THREADS = 6


def test_n_generations_at_once_make_versions_1_to_n(quality_officer, org_a):
    def logged_in():
        client = Client()
        client.force_login(quality_officer)
        return client

    answers = at_once(
        lambda client: client.post(
            reverse("reports:review_create"),
            {"organisation": org_a.pk, "start": "2022-01-01", "end": "2022-06-30"},
        ),
        THREADS,
        prepare=logged_in,
    )

    # every person is sent to the review they generated: a redirect, never an error page
    assert sorted(answer.status_code for answer in answers) == [302] * THREADS
    reviews = InterimReview.objects.filter(
        organisation=org_a, period_start=datetime.date(2022, 1, 1)
    )
    assert sorted(reviews.values_list("version", flat=True)) == list(range(1, THREADS + 1))
    assert {answer["Location"] for answer in answers} == {
        reverse("reports:review_detail", args=[pk]) for pk in reviews.values_list("pk", flat=True)
    }
    assert SnapshotSequence.objects.get().last_version == THREADS


def test_clicks_at_the_same_moment_on_produce_make_one_annual_report(path_analyst, org_a):
    """Four « Produire le rapport » at once (a double click behind a proxy that retries): the
    request's lock lines them up, the first makes version 1, the others find it just made on the
    same figures and lead to it."""
    from reports import services
    from reports.dataset import Period
    from reports.models import AnnualReport

    asked = services.request_annual_report(
        org_a, Period(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)), "", path_analyst
    )

    def logged_in():
        client = Client()
        client.force_login(path_analyst)
        return client

    answers = at_once(
        lambda client: client.post(reverse("reports:annual_report_generate", args=[asked.pk])),
        4,
        prepare=logged_in,
    )
    report = AnnualReport.objects.get()
    assert report.version == 1
    assert [answer["Location"] for answer in answers] == [
        reverse("reports:annual_report_detail", args=[report.pk])
    ] * 4


def test_a_comment_is_saved_while_the_worker_builds_the_review_s_files(
    quality_officer, org_a, monkeypatch
):
    """The worker builds the workbook (seconds on national data) without holding the review's
    row: the quality officer's comment, which locks that row, is saved meanwhile, and the files
    are stored afterwards."""
    import threading

    from django.db import connection, connections
    from django.test import override_settings

    from reports import services, tasks
    from reports.dataset import Period, Scope
    from reports.exports import xlsx

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        review = services.generate_interim_review(
            Period(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30)),
            Scope(org_a.pk),
            quality_officer,
        )
    building, commented = threading.Event(), threading.Event()
    write = xlsx.write

    def slow_write(*args, **kwargs):
        building.set()
        assert commented.wait(timeout=30), "the comment never got through"
        return write(*args, **kwargs)

    monkeypatch.setattr(xlsx, "write", slow_write)
    outcome = []

    def worker():
        try:
            outcome.append(tasks.build_snapshot_files.call("reports.interimreview", review.pk))
        finally:
            connections.close_all()

    thread = threading.Thread(target=worker)
    thread.start()
    assert building.wait(timeout=30)
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '3s'")  # a held row lock fails here instead of hanging
    try:
        services.comment_interim_review(
            review, {"C4": {"of": "", "tp": "Retours rapides."}}, quality_officer
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
        commented.set()
    thread.join(timeout=60)
    review.refresh_from_db()
    assert outcome == ["built"] and review.files_ready
    assert review.comments["C4"]["tp"] == "Retours rapides."
