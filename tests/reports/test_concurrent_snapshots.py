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
