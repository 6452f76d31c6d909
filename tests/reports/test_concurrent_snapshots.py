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
