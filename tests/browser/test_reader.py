"""Reader pages in chromium: screenshots in four languages, Urdu laid out right to left,
and every glyph drawn by the fonts the site ships (none left to a system fallback)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.support.demo import load_demo_once
from translations import languages

pytestmark = pytest.mark.django_db(transaction=True)

STATEMENT = "construction-workers-wage-survey-delhi"
# The shipped subsets (static/reader/fonts), by the family name inside each file; chromium
# reports them as custom (web) fonts, unlike the same families installed on the system.
SHIPPED = {"Noto Sans", "Noto Sans Devanagari", "Noto Sans Bengali", "Noto Nastaliq Urdu"}
# Text elements whose glyphs are checked: title, summary, body, switcher, date.
TEXT = "h1, .statement .text p, nav.switcher a, .statement time"


@pytest.fixture
def site(live_server):
    load_demo_once()
    cache.clear()
    return live_server.url


def settle(page) -> None:
    """Wait until every web font the page asked for has arrived and been swapped in."""
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    page.wait_for_function("[...document.fonts].every(f => f.status !== 'loading')")


def platform_fonts(page, selector: str) -> dict[str, dict]:
    """Fonts chromium really drew each element's text with: {family: {custom, glyphs}}."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    used: dict[str, dict] = {}
    for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
        for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            entry = used.setdefault(font["familyName"], {"custom": True, "glyphs": 0})
            entry["custom"] &= font["isCustomFont"]
            entry["glyphs"] += font["glyphCount"]
    cdp.detach()
    return used


def test_home_and_statement_in_four_languages(site, browser, shot):
    context = browser.new_context(viewport={"width": 412, "height": 915})  # a cheap phone
    page = context.new_page()
    for lang in languages.LANGUAGES:
        code = lang.code
        page.goto(f"{site}/{code}/")
        settle(page)
        assert page.locator("html").get_attribute("lang") == code
        shot(page, f"home-{code}")

        page.goto(f"{site}/{code}/statements/{STATEMENT}/")
        settle(page)
        shot(page, f"statement-{code}")

        direction = page.evaluate("getComputedStyle(document.querySelector('.text')).direction")
        assert direction == lang.direction, code
        brand = page.locator("header.site .brand").bounding_box()
        switcher = page.locator("nav.switcher").bounding_box()
        if lang.is_rtl:
            # Mirrored: the name at the right edge, the languages to its left.
            assert brand["x"] + brand["width"] > switcher["x"] + switcher["width"], code
            assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        else:
            assert brand["x"] < switcher["x"], code

        used = platform_fonts(page, TEXT)
        fallbacks = {name: info for name, info in used.items() if not info["custom"]}
        assert not fallbacks, f"{code}: glyphs drawn by system fonts {fallbacks}"
        assert set(used) <= SHIPPED, (code, used)
        script_font = {
            "en": "Noto Sans",
            "hi": "Noto Sans Devanagari",
            "bn": "Noto Sans Bengali",
            "ur": "Noto Nastaliq Urdu",
        }[code]
        assert used[script_font]["glyphs"] > 100, (code, used)
    context.close()


def test_pages_stay_readable_when_fonts_fail_to_load(site, browser, shot):
    context = browser.new_context(viewport={"width": 412, "height": 915})
    context.route("**/*.woff2", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{site}/ur/statements/{STATEMENT}/")
    shot(page, "statement-ur-without-webfonts")
    # The text is there, right to left, drawn by whatever the system has.
    assert page.locator("h1").inner_text().startswith("PFLR")
    assert page.evaluate("getComputedStyle(document.querySelector('.text')).direction") == "rtl"
    assert page.locator(".statement .text p").first.is_visible()
    context.close()
