"""Browser journeys: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

Never download a browser: the one installed by the system (or CHROMIUM_PATH) is used. Without it the
journeys are skipped with one line saying how to run them, unless E2E_REQUIRED=true (CI sets it):
then a missing browser is a failure.
"""

import os

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

from tests.factories import PASSWORD  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


TRUE = ("1", "true", "yes", "on")
NO_BROWSER = "browser journeys need Chromium"


def find_chromium() -> str:
    """The browser's path, or a skip (a failure when E2E_REQUIRED=true) saying how to get one."""
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return path
    message = (
        f"{NO_BROWSER}, not found at {path}: "
        "apt-get install chromium, or set CHROMIUM_PATH=/path/to/chromium"
    )
    if os.environ.get("E2E_REQUIRED", "").strip().lower() in TRUE:
        pytest.fail(f"{message} (E2E_REQUIRED is set, so they may not be skipped)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session", autouse=True)
def chromium_path():
    """Asked first by every journey, before the live server and the database are set up."""
    return find_chromium()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """The journeys skipped for want of a browser are summed up on one line, not one per test."""
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple) and NO_BROWSER in report.longrepr[2]:
        report.longrepr = (__file__, find_chromium.__code__.co_firstlineno - 1, report.longrepr[2])
    return report


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path):
    return {**browser_type_launch_args, "executable_path": chromium_path, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # a visitor from Grand Est: the portal answers in French (Accept-Language) on Paris time
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture
def log_in(live_server):
    """Log a user in through the real login form, as a person would."""

    def _log_in(page: Page, email: str, password: str = PASSWORD):
        page.goto(f"{live_server.url}/compte/connexion/")
        page.get_by_label("Adresse e-mail").fill(email)
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    return _log_in


@pytest.fixture
def page(page):
    # irreversible actions ask for confirmation (window.confirm): the journeys agree
    page.on("dialog", lambda dialog: dialog.accept())
    return page
