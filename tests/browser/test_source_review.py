"""A reviewer opens an Urdu source in chromium and sees every field it will publish."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_organisations, make_statement
from workflow import services
from workflow.models import Topic, Variant

pytestmark = pytest.mark.django_db(transaction=True)

FIELDS = {
    "title": "مزدوروں کی ہڑتال پر مشترکہ بیان",
    "summary": "لکھنؤ کے چکن کاری کاریگر آج ہڑتال پر ہیں۔",
    "body": "لکھنؤ میں چکن کاری کے کاریگروں کو تین مہینے سے اجرت نہیں ملی۔",
    "byline": "مزدور اتحاد، لکھنؤ",
    "dateline": "لکھنؤ",
}
SIGNATORIES = ["जन अधिकार मंच", "শ্রমিক সংঘ", "مزدور اتحاد"]


@pytest.fixture
def source(users, settings) -> Variant:
    settings.ANUVAD_MT_ENABLED = False
    orgs = make_organisations(*SIGNATORIES)
    topic = Topic.objects.create(slug="strikes", name="ہڑتال")
    statement = make_statement(
        users["author"],
        source_language="ur",
        kind="joint",
        topics=[topic],
        signatories=orgs,
        **FIELDS,
    )
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["hi", "bn"]
    )
    return services.source_variant(statement)


def test_the_source_review_shows_every_published_field(
    browser, live_server, login, shot, users, source
):
    reviewer = login(browser, "reviewer")
    errors: list[str] = []
    reviewer.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    reviewer.goto(f"{live_server.url}/desk/versions/{source.pk}/review/")

    heading = reviewer.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Source review")
    expect(heading).not_to_contain_text("→")
    expect(reviewer.locator("p.meta")).not_to_contain_text("translated by")
    for name, value in FIELDS.items():
        field = reviewer.locator(f'.published-fields dd[data-field="{name}"]')
        expect(field).to_have_text(value)
        expect(field).to_be_visible()
        assert field.evaluate("e => getComputedStyle(e).direction") == "rtl", name
    expect(reviewer.locator('dd[data-field="signatories"] li')).to_have_text(SIGNATORIES)
    expect(reviewer.locator('dd[data-field="topics"] li')).to_have_text(["ہڑتال"])
    expect(reviewer.locator(".published-fields dt")).to_have_text(
        ["Title", "Summary", "Body", "Byline", "Dateline place", "Signatories", "Topics"]
    )
    shot(reviewer, "1-source-review")

    # Sent back for its numbers: the reason is kept with the move.
    reviewer.get_by_label("Numbers").check()
    reviewer.locator("#changes-note").fill("تاریخ اور تعداد دوبارہ دیکھیں۔")
    button = reviewer.get_by_role("button", name="Request changes")
    button.focus()
    button.press("Enter")
    expect(reviewer).to_have_url(re.compile(r"/desk/$"))
    moved = Variant.objects.get(pk=source.pk)
    assert moved.state == "changes_requested"
    assert list(moved.requested_changes.values_list("reason", flat=True)) == ["numbers"]

    # The phone: the fields stack and nothing runs off the side.
    reviewer.set_viewport_size({"width": 390, "height": 844})
    reviewer.goto(f"{live_server.url}/desk/versions/{source.pk}/review/")
    fields = reviewer.locator(".published-fields")
    assert fields.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert reviewer.evaluate("document.documentElement.scrollWidth <= innerWidth")
    shot(reviewer, "2-source-review-390px")
    assert errors == []
