"""Generating one report many times at the same moment gives versions 1..N, each once, and
nobody sees an error. Each generation runs in its own thread with its own database connection,
as behind a multi-worker server; only PostgreSQL lets those writes really overlap."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from reports.models import InterimReview, SnapshotSequence

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every write, so generations cannot race: run on PostgreSQL (CI does)",
    ),
]

THREADS = 6


def test_n_generations_at_once_make_versions_1_to_n(quality_officer, org_a):
    barrier = threading.Barrier(THREADS)
    answers, failures = [], []

    def generate():
        client = Client()
        client.force_login(quality_officer)
        try:
            barrier.wait(timeout=60)
            answers.append(
                client.post(
                    reverse("reports:review_create"),
                    {"organisation": org_a.pk, "start": "2022-01-01", "end": "2022-06-30"},
                )
            )
        except Exception as exc:  # noqa: BLE001 - reported below, in the test's thread
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=generate) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not failures, failures
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
