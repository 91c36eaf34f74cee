"""An author writes a Hindi statement in chromium: its address from the title, signatories
in the order chosen, and the reader page previewed before it is sent."""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from tests.factories import make_organisations, make_statement
from workflow.models import Statement

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "मज़दूरों की हड़ताल पर संयुक्त बयान"
BODY = "दिल्ली में 1,413 निर्माण मज़दूर आज हड़ताल पर हैं।"
SIGNATORIES = ["जन अधिकार मंच", "শ্রমিক সংঘ", "مزدور اتحاد"]


def test_write_choose_signatories_and_preview(browser, live_server, login, shot, users, settings):
    settings.ANUVAD_MT_ENABLED = False
    make_organisations(*SIGNATORIES)
    author = login(browser, "author")
    errors: list[str] = []
    author.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    author.goto(f"{live_server.url}/desk/statements/new/")
    author.select_option("#id_source_language", "hi")
    author.fill("#id_title", TITLE)
    author.fill("#id_body", BODY)
    # Signing order: the Urdu union first, then the Hindi one.
    author.select_option("#id_signatories", label=SIGNATORIES[2])
    author.select_option("#id_signatories_1", label=SIGNATORIES[0])
    shot(author, "1-new")
    button = author.get_by_role("button", name="Save as draft")
    button.focus()
    button.press("Enter")
    expect(author).to_have_url(re.compile(r"/desk/statements/\d+/$"))
    statement = Statement.objects.get()
    assert statement.slug == "mazduron-ki-hartal-par-sanyukt-bayan"
    expect(author.locator("#id_slug")).to_have_value(statement.slug)
    shot(author, "2-source-page")

    author.get_by_role("link", name="Preview the reader page").first.click()
    expect(author.locator("article.statement h1")).to_have_text(TITLE)
    expect(author.locator(".signatories li")).to_have_text([SIGNATORIES[2], SIGNATORIES[0]])
    shot(author, "3-preview")
    assert errors == []


def test_the_source_page_in_urdu_on_a_phone(browser, live_server, login, shot, users, settings):
    settings.ANUVAD_MT_ENABLED = False
    orgs = make_organisations(*SIGNATORIES)
    statement = make_statement(
        users["author"],
        source_language="ur",
        title="مزدوروں کی ہڑتال پر مشترکہ بیان",
        body="لکھنؤ میں تعمیراتی مزدور آج ہڑتال پر ہیں۔",
        signatories=[orgs[2], orgs[1]],
    )
    author = login(browser, "author")
    author.context.add_cookies(
        [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": "ur", "url": live_server.url}]
    )
    author.set_viewport_size({"width": 390, "height": 844})
    errors: list[str] = []
    author.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    author.goto(f"{live_server.url}/desk/statements/{statement.pk}/")
    expect(author.locator("html")).to_have_attribute("dir", "rtl")
    expect(author.locator("#id_slug")).to_have_value("mazdoron-ki-hartal-par-mashtarka-bayan")
    assert author.locator("#id_slug").evaluate("e => getComputedStyle(e).direction") == "ltr"
    places = author.locator("select[name=signatories]")
    expect(places.nth(0).locator("option:checked")).to_have_text(SIGNATORIES[2])
    expect(places.nth(1).locator("option:checked")).to_have_text(SIGNATORIES[1])
    details = author.locator("section[aria-labelledby=h-details]")
    assert details.evaluate("e => e.scrollWidth <= e.clientWidth")
    shot(author, "source-page-ur-390px")
    assert errors == []
