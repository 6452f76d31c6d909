"""Browser journeys: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

Never download a browser: the one installed by the system (or CHROMIUM_PATH) is used. Without it the
journeys are skipped with one line saying how to run them, unless E2E_REQUIRED=true (CI sets it):
then a missing browser is a failure.
"""

import os

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import contextlib

import pytest  # noqa: E402
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
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
        # on a phone the account's buttons sit in the folded header menu
        expect(
            page.get_by_role("button", name="Se déconnecter", include_hidden=True)
        ).to_be_attached()
        expect(page.get_by_role("button", name="Se connecter")).to_have_count(0)

    return _log_in


@pytest.fixture
def page(page):
    # irreversible actions ask for confirmation (window.confirm): the journeys agree
    page.on("dialog", lambda dialog: dialog.accept())
    return page


# --- Checks run on every page a journey visits ---------------------------------------------------
# Each HTML page that finishes loading in a journey's browser is checked, as it stands, by axe-core
# (bundled in the axe-playwright-python package: nothing fetched at run time) and laid out again
# 390 px wide; a journey fails when one of its pages has a serious or critical accessibility
# violation, or overflows a phone's width outside a scroll region that says so. A page the journey
# left before its check ended is checked again, by its address, at the end of the journey.

AXE = Axe()
BLOCKING_IMPACTS = ("serious", "critical")
PHONE_WIDTH = 390

# The page's copy, laid out in a 390 px frame (its media queries apply; its scripts do not run):
# elements sticking out (outside any scroll container) and scroll containers that scroll without
# saying so (role="region" and a name). The page itself is left as it was.
OVERFLOW_SCRIPT = """async (width) => {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-same-origin');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.cssText = 'position:absolute;top:0;left:-10000px;height:844px;border:0;visibility:hidden;width:' + width + 'px';
  const base = '<base href="' + location.href.replace(/"/g, '&quot;') + '">';
  const html = document.documentElement.outerHTML.replace(/<head(\\s[^>]*)?>/i, (head) => head + base);
  const loaded = new Promise((done) => { frame.addEventListener('load', done, {once: true}); setTimeout(done, 5000); });
  frame.srcdoc = '<!DOCTYPE html>' + html;
  document.body.appendChild(frame);
  await loaded;
  const doc = frame.contentDocument, win = frame.contentWindow;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const clips = (el) => ['auto', 'scroll', 'hidden', 'clip'].includes(win.getComputedStyle(el).overflowX);
  const insideScroller = (el) => {
    for (let p = el.parentElement; p && p !== doc.body; p = p.parentElement) if (clips(p)) return true;
    return false;
  };
  const problems = [];
  const inner = doc.documentElement.clientWidth;
  if (doc.documentElement.scrollWidth > inner) {
    for (const el of doc.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= inner + 1) continue;
      // an absolute box escapes a scroller that is not positioned: it widens the page
      const escapes = ['absolute', 'fixed'].includes(win.getComputedStyle(el).position);
      if (insideScroller(el) && !escapes) continue;
      const parent = el.parentElement;
      if (parent && parent !== doc.body && parent.getBoundingClientRect().right > inner + 1) continue;
      problems.push('overflows ' + width + ' px: ' + describe(el) + ' (right edge ' + Math.round(box.right) + ' px)');
    }
    if (!problems.length) problems.push('is ' + doc.documentElement.scrollWidth + ' px wide at ' + width + ' px');
  }
  for (const el of doc.body.querySelectorAll('*')) {
    if (!['auto', 'scroll'].includes(win.getComputedStyle(el).overflowX)) continue;
    if (el.scrollWidth <= el.clientWidth + 1) continue;
    const named = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (el.getAttribute('role') !== 'region' || !named) {
      problems.push('scrolls sideways at ' + width + ' px without saying so (role="region" and a name): ' + describe(el));
    }
  }
  frame.remove();
  return problems.slice(0, 8);
}"""


def page_problems(page: Page) -> list[str]:
    """What a visitor of this page would trip on: blocking axe-core violations and a 390 px
    overflow. Empty for a page that passes (or is not an HTML page)."""
    if not page.url.startswith("http") or page.evaluate("document.contentType") != "text/html":
        return []
    where = page.url
    problems = []
    for violation in AXE.run(page).response["violations"]:
        if violation["impact"] in BLOCKING_IMPACTS:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:4])
            problems.append(
                f"{where}: axe {violation['id']} ({violation['impact']}): {violation['help']} — {targets}"
            )
    problems += [f"{where}: {problem}" for problem in page.evaluate(OVERFLOW_SCRIPT, PHONE_WIDTH)]
    return problems


def left_too_soon(error: PlaywrightError) -> bool:
    text = str(error)
    return "context was destroyed" in text or "closed" in text or "navigat" in text


@pytest.fixture
def page_checks():
    """What the checks found on the pages this test's browsers visited (filled by `new_context`)."""
    return {"problems": [], "checked": [], "left": [], "running": 0}


@pytest.fixture
def check_page(page_checks):
    """Check a page again now, once it has changed after loading (content drawn by a script, a
    menu opened): `check_page(page)`. Its problems join the journey's verdict."""

    def _check(page: Page):
        for _ in range(100):  # one axe-core run at a time in a page
            if not page_checks["running"]:
                break
            page.wait_for_timeout(100)
        page_checks["problems"] += page_problems(page)

    return _check


@pytest.fixture
def new_context(new_context, page_checks):
    """pytest-playwright's `new_context`, with every page it opens checked each time it loads."""

    def check(page: Page):
        url = page.url
        page_checks["running"] += 1
        try:
            page_checks["problems"] += page_problems(page)
            page_checks["checked"].append(url)
        except PlaywrightError as error:
            if not left_too_soon(error):
                raise
            page_checks["left"].append((page.context, url))
        finally:
            page_checks["running"] -= 1

    def watch(page: Page):
        page.on("load", lambda: check(page))

    contexts = []

    def _new_context(**kwargs):
        context = new_context(**kwargs)
        context.on("page", watch)
        contexts.append(context)
        return context

    yield _new_context

    for context in contexts:
        context.remove_listener("page", watch)
    for _ in range(100):  # let the checks still running finish
        if not page_checks["running"] or not contexts:
            break
        with contextlib.suppress(PlaywrightError):
            contexts[0].wait_for_event("page", timeout=100)
    checked = set(page_checks["checked"])
    for context, url in page_checks["left"]:
        if url in checked or not url.startswith("http"):
            continue
        checked.add(url)
        try:
            again = context.new_page()
        except PlaywrightError:
            continue  # the journey closed that browser itself
        again.goto(url)
        page_checks["problems"] += page_problems(again)
        again.close()
    problems = list(dict.fromkeys(page_checks["problems"]))
    assert not problems, (
        "Pages visited by this journey fail the accessibility or 390 px checks:\n"
        + ("\n".join(problems))
    )
