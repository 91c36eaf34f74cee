"""The notice choices page in chromium: Urdu, right to left, on a phone and a desktop."""

from __future__ import annotations

import pytest

from notifications import services
from notifications.models import Frequency, Kind

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_an_urdu_translator_chooses_an_hourly_digest(
    browser, login, live_server, users, shot, width, height
):
    page = login(browser, "translator_ur")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size({"width": width, "height": height})
    page.context.add_cookies([{"name": "django_language", "value": "ur", "url": live_server.url}])

    page.goto(f"{live_server.url}/desk/notifications/preferences/")

    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    )
    shot(page, f"choices-{width}")
    page.select_option("#new_work-frequency", "hourly")
    page.select_option("#approved-frequency", "daily")
    save = page.locator("main button[type=submit]")
    save.focus()
    save.press("Enter")
    page.wait_for_url(f"{live_server.url}/desk/notifications/preferences/")

    assert page.locator("#new_work-frequency").input_value() == "hourly"
    assert page.locator("#approved-frequency").input_value() == "daily"
    assert page.locator("#deadline-frequency").count() == 0
    shot(page, f"saved-{width}")
    urdu = users["translator_ur"]
    assert services.choice_for(urdu, Kind.NEW_WORK).frequency == Frequency.HOURLY
    assert services.choice_for(urdu, Kind.APPROVED).frequency == Frequency.DAILY
    assert errors == []
