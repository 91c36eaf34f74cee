"""In chromium: an English title on the Urdu home page runs left to right, from the left,
in the Latin faces and line height, not the page's Nastaliq."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.support.demo import load_demo_once
from workflow.demo.content import STATEMENTS

pytestmark = pytest.mark.django_db(transaction=True)

ENGLISH_ONLY = "release-journalist-farhan-qureshi"
TITLE = next(s["texts"]["en"]["title"] for s in STATEMENTS if s["slug"] == ENGLISH_ONLY)

STYLE = """h => {
  const s = getComputedStyle(h), box = h.getBoundingClientRect();
  const text = h.querySelector('a').getBoundingClientRect();
  return {direction: s.direction, align: s.textAlign, font: s.fontFamily,
          lineHeight: parseFloat(s.lineHeight) / parseFloat(s.fontSize),
          fromLeft: text.left - box.left, fromRight: box.right - text.right};
}"""


def test_an_english_title_inside_an_urdu_page_is_set_as_english(live_server, browser):
    load_demo_once()
    cache.clear()
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/ur/")
    heading = page.locator(".entries h2", has_text=TITLE)
    english = heading.evaluate(STYLE)
    urdu = page.locator(".entries h2[lang=ur]").first.evaluate(STYLE)
    page.close()

    assert urdu["direction"] == "rtl" and urdu["font"].startswith('"Anuvad Nastaliq"')
    assert english["direction"] == "ltr"
    assert english["align"] in ("start", "left")
    # Laid from the left edge of its column, with room left over on the right.
    assert english["fromLeft"] < 1 < english["fromRight"]
    assert english["font"].startswith('"Anuvad Sans"')
    # h2's own line height, not Nastaliq's 2.2 inherited from the Urdu list around it.
    assert english["lineHeight"] == pytest.approx(1.35, abs=0.02)
