"""Running one piece of work in several threads released at the same moment, each with its own
database connection, as behind a multi-worker server. Only PostgreSQL lets their writes really
overlap: tests using this carry RACES_ON_POSTGRESQL."""

import threading

import pytest
from django.db import connection, connections

RACES_ON_POSTGRESQL = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every write, so nothing can race: run on PostgreSQL (CI does)",
    ),
]


def at_once(work, count: int, prepare=lambda: None) -> list:
    """`work(prepared)` run `count` times at the same moment (`prepare()` is done in each thread
    before the start); the answers, in no particular order. An exception in a thread fails the
    test, in the test's thread."""
    barrier = threading.Barrier(count)
    answers, failures = [], []

    def run():
        try:
            prepared = prepare()
            barrier.wait(timeout=60)
            answers.append(work(prepared))
        except Exception as exc:  # noqa: BLE001 - reported below, in the test's thread
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures, failures
    assert len(answers) == count
    return answers
