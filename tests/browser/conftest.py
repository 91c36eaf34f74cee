"""Browser tests: Playwright driving Debian's chromium against Django's live server.

Never a downloaded browser: without /usr/bin/chromium (or ANUVAD_CHROMIUM) these tests
skip with the reason; .ci/run installs chromium so CI runs them.
"""

from __future__ import annotations

import os
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


@pytest.fixture
def login(live_server):
    """Log a browser context in through the login page; returns a new page."""

    def go(browser, username: str, password: str = "test-password-123"):
        context = browser.new_context(locale="en-GB")
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/desk/")
        return page

    return go
