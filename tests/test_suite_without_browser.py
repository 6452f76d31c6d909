"""`make test` on a machine without Chromium: the browser journeys are skipped with one line saying
how to run them; with E2E_REQUIRED=true (CI) a missing browser fails the run instead."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JOURNEY = "tests/e2e/test_directory_search.py"  # a few journeys (desktop and phone), no others


def _run_journeys(tmp_path, **env):
    # a clean environment: not an xdist worker, no coverage, its own SQLite test database
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "COV_CORE_", "E2E_"))
    }
    clean.update(
        CHROMIUM_PATH=str(tmp_path / "no-chromium"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_ALLOW_ASYNC_UNSAFE="true",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", JOURNEY],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_without_chromium_the_journeys_are_skipped_with_one_line_saying_how_to_run_them(
    tmp_path,
):
    result = _run_journeys(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.splitlines()[-1]
    count = re.search(r"(\d+) skipped", summary)
    assert count and "passed" not in summary and "failed" not in summary, summary
    skipped = [line for line in result.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skipped) == 1, skipped  # every journey on one line
    assert skipped[0].startswith(f"SKIPPED [{count.group(1)}] ")
    assert f"not found at {tmp_path / 'no-chromium'}" in skipped[0]
    assert "apt-get install chromium" in skipped[0]
    assert "CHROMIUM_PATH=" in skipped[0]


def test_with_e2e_required_a_missing_chromium_fails_the_run(tmp_path):
    result = _run_journeys(tmp_path, E2E_REQUIRED="true")
    assert result.returncode == 1, result.stdout + result.stderr
    summary = result.stdout.splitlines()[-1]
    assert re.search(r"\d+ errors?", summary), summary
    assert "skipped" not in summary and "passed" not in summary
    assert "E2E_REQUIRED is set" in result.stdout
