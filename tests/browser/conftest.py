"""Browser tests: Playwright driving Debian's chromium against Django's live server.

Never a downloaded browser: without /usr/bin/chromium (or ANUVAD_CHROMIUM) these tests
skip with the reason; .ci/run installs chromium so CI runs them.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ANUVAD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(
    os.environ.get("ANUVAD_TEST_ARTIFACTS", Path(__file__).parents[2] / "test-artifacts")
)

# Playwright's sync API keeps an event loop running in this thread; the ORM calls the
# tests make between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items) -> None:
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ["--no-sandbox"]}


@pytest.fixture
def shot(request):
    """Save a full-page screenshot under test-artifacts/<test name>/<step>.png."""
    folder = ARTIFACTS / request.node.name.replace("/", "_")
    folder.mkdir(parents=True, exist_ok=True)

    def save(page, step: str) -> Path:
        path = folder / f"{step}.png"
        # After a full-page shot Debian's chromium can send later mouse clicks off target,
        # so the tests press buttons from the keyboard.
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


# Reports every Content-Security-Policy violation to the test as it happens (the event
# fires in the page; the console message chromium also logs is caught as an error too).
_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__reportViolation(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`
    + (e.sample ? ` (${e.sample})` : ""));
});
"""


class BrowserErrors:
    """Console errors, uncaught exceptions and CSP violations of the contexts it watches.

    ``allow(pattern)`` lets an error the test provokes on purpose through (say, the
    browser's note of a 409 the test expects); ``check()`` fails on anything else.
    """

    def __init__(self) -> None:
        self.found: list[str] = []
        self.allowed: list[re.Pattern] = []

    def watch(self, context):
        context.expose_function("__reportViolation", lambda text: self._add(f"CSP: {text}"))
        context.add_init_script(_VIOLATIONS)
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)
        return context

    def _watch_page(self, page) -> None:
        page.on(
            "console",
            lambda message: message.type == "error" and self._add(f"console: {message.text}"),
        )
        page.on("pageerror", lambda error: self._add(f"page error: {error}"))

    def _add(self, text: str) -> None:
        if not any(pattern.search(text) for pattern in self.allowed):
            self.found.append(text)

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def check(self) -> None:
        found, self.found = self.found, []
        assert not found, "\n".join(found)


@pytest.fixture
def browser_errors():
    """Fails the test on any console error, page error or CSP violation in the contexts it
    watches (every page ``login`` and ``desk_context`` make is watched)."""
    errors = BrowserErrors()
    yield errors
    errors.check()


@pytest.fixture
def desk_context(browser, browser_errors):
    """A new, watched browser context: ``desk_context(locale=..., viewport=...)``."""

    def make(*, locale: str = "en-GB", width: int = 1280, height: int = 900):
        context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
        return browser_errors.watch(context)

    return make


@pytest.fixture
def login(live_server, desk_context):
    """Log a browser context in through the login page; returns a new page."""

    def go(
        browser,
        username: str,
        password: str = "test-password-123",
        *,
        locale: str = "en-GB",
        width: int = 1280,
    ):
        context = desk_context(locale=locale, width=width)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/desk/")
        return page

    return go
