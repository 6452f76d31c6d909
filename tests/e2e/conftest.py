"""Browser journeys: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

Never download a browser: the one installed by the system (or CHROMIUM_PATH) is used.
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


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


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
