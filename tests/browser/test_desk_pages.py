"""Every desk page for every role, on a 390 px phone and a desktop, in English and Urdu.

The demo desk (load_demo) gives each role real work in four scripts: drafts, versions ready to
claim, claims held, sources in review, published statements with history. On every page:
nothing wider than the screen, every control a 44 px target on the phone, no console error,
page error or CSP violation (the ``browser_errors`` fixture), and a screenshot under
test-artifacts/.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from tests.support.demo import load_demo_once
from workflow.choices import State
from workflow.demo.users import DEMO_USERS
from workflow.models import Statement, Variant

pytestmark = pytest.mark.django_db(transaction=True)

PHONE, DESKTOP = 390, 1280
# The interface language comes from the browser's Accept-Language (the desk has no prefix).
LOCALES = {"en": "en-GB", "ur": "ur-PK"}
PASSWORDS = {user.username: user.password for user in DEMO_USERS}
# The person who plays each role in the demo.
ROLES = {
    "author": "author",
    "translator": "translator_hi",
    "reviewer": "reviewer",
    "editor": "editor",
}

PUBLISHED = "construction-workers-wage-survey-delhi"  # en source, published in all four
DRAFT = "air-pollution-advisory-outdoor-workers"  # en source, a draft
HELD = "chikankari-artisans-piece-rates-lucknow"  # ur source; hi claimed by translator_hi
READY = "scholarship-cut-first-generation-students"  # bn source; hi and ur ready to claim
SOURCE_IN_REVIEW = "gulmohar-basti-eviction-notice"  # hi source in review

# Controls a thumb must hit: 44 px each way on the phone. Links inside text are exempt
# (WCAG 2.5.8); the header's and the actions' links are not.
TARGETS = (
    "button, select, summary, input:not([type=hidden]):not([type=checkbox]):not([type=radio]),"
    " label:has(> input[type=checkbox]), label:has(> input[type=radio]),"
    " .desk-header a, .actions a"
)
SMALL_TARGETS = """(selector) => [...document.querySelectorAll(selector)]
  .filter((e) => e.checkVisibility() && e.closest("main, header, .messages"))
  .map((e) => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.height < 43.5 || r.width < 43.5)
  .map(([e, r]) => `${e.tagName.toLowerCase()} "${(e.innerText || e.value || e.name || "").trim()
    .slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`)"""
OVERFLOW = """() => ({
  scroll: document.documentElement.scrollWidth,
  inner: window.innerWidth,
  wide: [...document.querySelectorAll("main *, header *")]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
})"""


@dataclass(frozen=True)
class Page:
    name: str
    url: str


def variant(slug: str, language: str) -> Variant:
    return Variant.objects.get(statement__slug=slug, language=language)


def statement(slug: str) -> Statement:
    return Statement.objects.get(slug=slug)


def pages_for(role: str) -> list[Page]:
    """The desk pages a person in ``role`` works with, as the demo data fills them."""
    my_work = Page("my-work", reverse("workspace:my_work"))
    inbox = Page("notifications", reverse("notifications:inbox"))
    history = Page("history", reverse("workspace:history", args=[statement(PUBLISHED).pk]))
    held = variant(HELD, "hi")
    assert held.state == State.IN_TRANSLATION
    ready = variant(READY, "hi")
    assert ready.state == State.READY
    if role == "author":
        return [
            my_work,
            Page("statement-new", reverse("workspace:statement_new")),
            Page("draft", reverse("workspace:statement_source", args=[statement(DRAFT).pk])),
            Page(
                "published", reverse("workspace:statement_source", args=[statement(PUBLISHED).pk])
            ),
            history,
        ]
    if role == "translator":
        return [
            my_work,
            Page("editor-with-po-upload", reverse("workspace:edit", args=[held.pk])),
            Page("read-only-preview", reverse("workspace:edit", args=[ready.pk])),
            Page("review", reverse("workspace:review", args=[held.pk])),
            history,
            inbox,
        ]
    if role == "reviewer":
        source = variant(SOURCE_IN_REVIEW, "hi")
        assert source.state == State.IN_REVIEW
        return [
            my_work,
            Page("source-review", reverse("workspace:review", args=[source.pk])),
            Page("urdu-review", reverse("workspace:review", args=[variant(PUBLISHED, "ur").pk])),
            Page("editor-read-only", reverse("workspace:edit", args=[held.pk])),
            history,
        ]
    assert role == "editor"
    return [
        my_work,
        Page("statement-new", reverse("workspace:statement_new")),
        Page("source", reverse("workspace:statement_source", args=[statement(HELD).pk])),
        Page("editor-read-only", reverse("workspace:edit", args=[ready.pk])),
        Page("review", reverse("workspace:review", args=[variant(PUBLISHED, "bn").pk])),
        history,
        inbox,
        Page("notice-preferences", reverse("notifications:preferences")),
    ]


@pytest.fixture
def demo(live_server):
    load_demo_once()
    return live_server.url


def check_page(page, shot, browser_errors, *, step: str, width: int, language: str) -> None:
    """The page as loaded: in its language, no wider than the screen, big enough targets,
    no console error; a screenshot either way."""
    shot(page, step)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ur" else "ltr")
    box = page.evaluate(OVERFLOW)
    assert box["scroll"] <= box["inner"], f"{step}: {box['scroll']} px wide: {box['wide']}"
    if width == PHONE:
        small = page.evaluate(SMALL_TARGETS, TARGETS)
        assert not small, f"{step}: targets under 44 px: {small}"
    browser_errors.check()


@pytest.mark.parametrize("language", sorted(LOCALES))
@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_desk_page_fits_and_runs_clean(
    browser, demo, login, shot, browser_errors, role, width, language
):
    username = ROLES[role]
    page = login(browser, username, PASSWORDS[username], locale=LOCALES[language], width=width)
    for n, target in enumerate(pages_for(role), start=1):
        response = page.goto(demo + target.url)
        assert response.status == 200, target
        check_page(
            page, shot, browser_errors, step=f"{n}-{target.name}", width=width, language=language
        )
    page.context.close()


@pytest.mark.parametrize("language", sorted(LOCALES))
@pytest.mark.parametrize(
    "width", [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
)
def test_the_dashboard_fits_and_runs_clean(
    browser, demo, login, shot, browser_errors, width, language
):
    page = login(browser, "editor", PASSWORDS["editor"], locale=LOCALES[language], width=width)
    response = page.goto(demo + reverse("workspace:dashboard"))
    assert response.status == 200
    check_page(page, shot, browser_errors, step="dashboard", width=width, language=language)
    page.context.close()


@pytest.mark.parametrize("language", sorted(LOCALES))
@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_login_page_fits_and_runs_clean(
    demo, desk_context, shot, browser_errors, width, language
):
    page = desk_context(locale=LOCALES[language], width=width).new_page()
    page.goto(demo + reverse("login"))
    check_page(page, shot, browser_errors, step="login", width=width, language=language)
    page.context.close()
