"""A reviewer who reads no Urdu asks for the back-translation and reads it on the same page."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.support.back_translation import (
    INTO_ENGLISH,
    SOURCE,
    URDU_INTO_HINDI,
    WRITTEN,
    teach_back_translations,
    versions_in_review,
)
from workflow.models import Segment

pytestmark = pytest.mark.django_db(transaction=True)


def test_back_translation_appears_without_a_reload(
    browser, live_server, login, shot, users, settings, mt_settings, mt_double
):
    cache.clear()  # no back-translation kept from another test
    urdu = versions_in_review(users, settings)["ur"]
    teach_back_translations(mt_double)
    segments = list(urdu.segments.order_by("position"))
    targets = [s.target for s in segments]
    page = login(browser, "reviewer")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
    page.goto(f"{live_server.url}/desk/versions/{urdu.pk}/review/")
    # A mark on this very document: a reload or a navigation would lose it.
    page.evaluate("window.sameDocument = true")

    expect(page.locator("#bt-language")).to_have_value("en")  # the interface language
    button = page.get_by_role("button", name="Back-translate")
    button.focus()
    button.press("Enter")

    table = page.locator("#back-translation-result table")
    expect(table).to_be_visible(timeout=10_000)
    for i, segment in enumerate(segments):
        row = page.locator(f"#bt-{segment.pk}")
        expect(row.locator(".bt-source")).to_have_text(SOURCE[i])
        expect(row.locator(".bt-text")).to_contain_text(INTO_ENGLISH[WRITTEN["ur"][i]])
        expect(row.locator(".bt-text .origin")).to_have_text("google")
    drifted = page.locator("#back-translation-result tr.drifted")
    expect(drifted).to_have_count(1)
    expect(drifted).to_have_id(f"bt-{segments[2].pk}")
    expect(drifted.locator(".drift")).to_be_visible()
    expect(page.locator(".back-translation-summary")).to_contain_text("1 sentence may have drifted")
    assert page.evaluate("window.sameDocument") is True
    assert page.url.endswith(f"/desk/versions/{urdu.pk}/review/")
    shot(page, "back-translation")

    # Another language chosen: the panel is replaced, still on the same page.
    settings.ANUVAD_MT_CHAINS = "ur>hi=google,mymemory"  # through the double, not Apertium
    page.select_option("#bt-language", "hi")
    button.focus()
    button.press("Enter")
    first = page.locator(f"#bt-{segments[0].pk} .bt-text")
    expect(first).to_contain_text(URDU_INTO_HINDI[WRITTEN["ur"][0]], timeout=10_000)
    expect(first).to_have_attribute("lang", "hi")
    expect(page.locator("#back-translation-result thead")).to_contain_text("Back into हिन्दी")
    expect(page.locator("#back-translation-result tr.drifted")).to_have_count(1)
    assert page.evaluate("window.sameDocument") is True
    shot(page, "back-translation-hindi")

    assert problems == []
    assert [s.target for s in Segment.objects.filter(variant=urdu).order_by("position")] == targets
    page.context.close()
