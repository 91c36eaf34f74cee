"""A statement's Hindi version from claim to the reader page, driven in chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_statement
from workflow import services
from workflow.models import Segment, Variant

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "अवैतनिक मज़दूरी पर बयान"
WRONG = "दिल्ली में १,४३१ निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।"
RIGHT = "दिल्ली में १,४१३ निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।"
DEMAND = "हम माँग करते हैं कि बकाया राशि तुरंत दी जाए।"
DEMAND_FIXED = "हम माँग करते हैं कि पूरी बकाया राशि तुरंत दी जाए।"


@pytest.fixture
def hindi(users, settings) -> Variant:
    settings.ANUVAD_MT_ENABLED = False  # empty sentences: the translator writes them all
    statement = make_statement(users["author"])
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["hi"]
    )
    source = services.source_variant(statement)
    services.variant_approve(variant=source, actor=users["reviewer"])
    return statement.variants.get(language="hi")


def press(button) -> None:
    """Activate a button from the keyboard: focus it, then Enter."""
    button.focus()
    button.press("Enter")


def _saved(page, segment: Segment) -> None:
    expect(page.locator(f"#status-{segment.pk}")).to_have_text("Saved", timeout=10_000)


def test_translate_review_and_publish_with_the_keyboard(
    browser, live_server, login, shot, users, hindi
):
    rows = list(hindi.segments.order_by("position"))
    assert len(rows) == 3

    # The translator claims from "My work" and lands in the editor.
    translator = login(browser, "translator_hi")
    press(translator.get_by_role("button", name="Claim"))
    expect(translator).to_have_url(re.compile(rf"/desk/versions/{hindi.pk}/$"))
    expect(translator.locator("#progress")).to_contain_text("0 of 3")

    # Keyboard only: type, Ctrl+Enter saves and moves on to the next sentence.
    first = translator.locator(f"#t-{rows[0].pk}")
    first.focus()
    translator.keyboard.type(TITLE)
    translator.keyboard.press("Control+Enter")
    _saved(translator, rows[0])
    expect(translator.locator(f"#t-{rows[1].pk}")).to_be_focused()
    translator.keyboard.type(WRONG)
    translator.keyboard.press("Control+Enter")
    _saved(translator, rows[1])
    translator.keyboard.type(DEMAND)
    translator.keyboard.press("Control+s")
    _saved(translator, rows[2])
    expect(translator.locator("#progress")).to_contain_text("3 of 3")

    # The numbers check catches १,४३१ for 1,413 on save, and again on submit.
    flag = translator.locator(f"#qa-{rows[1].pk} li[data-check=numbers]")
    expect(flag).to_contain_text("१,४३१")
    expect(translator.locator("#problems")).to_contain_text("Number 1,413 is missing")
    shot(translator, "1-numbers-error")
    press(translator.get_by_role("button", name="Submit for review"))
    expect(translator.locator(".messages")).to_contain_text("QA found 1 error")
    assert Variant.objects.get(pk=hindi.pk).state == "in_translation"

    # Fix it (Alt+↑ from the next sentence, select all, retype) and submit.
    translator.locator(f"#t-{rows[2].pk}").focus()
    translator.keyboard.press("Alt+ArrowUp")
    expect(translator.locator(f"#t-{rows[1].pk}")).to_be_focused()
    translator.keyboard.press("Control+a")
    translator.keyboard.type(RIGHT)
    translator.keyboard.press("Control+s")
    _saved(translator, rows[1])
    expect(flag).to_have_count(0)
    expect(translator.locator("#problems")).not_to_contain_text("Number")
    press(translator.get_by_role("button", name="Submit for review"))
    expect(translator.locator(".messages")).to_contain_text("Sent for review")
    assert Variant.objects.get(pk=hindi.pk).state == "in_review"

    # The reviewer asks for a change.
    reviewer = login(browser, "reviewer")
    reviewer.goto(f"{live_server.url}/desk/versions/{hindi.pk}/review/")
    expect(reviewer.locator(f"#seg-{rows[1].pk}")).to_contain_text(RIGHT)
    reviewer.fill("#changes-note", "दूसरे वाक्य में 'पूरी बकाया राशि' लिखें।")
    shot(reviewer, "2-review")
    press(reviewer.get_by_role("button", name="Request changes"))
    expect(reviewer.locator(".messages")).to_contain_text("Sent back")

    # The translator sees it come back, fixes the sentence and submits again.
    translator.goto(f"{live_server.url}/desk/")
    translator.locator("#h-returned + ul a").press("Enter")
    expect(translator.locator("#comments")).to_contain_text("पूरी बकाया राशि")
    area = translator.locator(f"#t-{rows[2].pk}")
    area.focus()
    translator.keyboard.press("Control+a")
    translator.keyboard.type(DEMAND_FIXED)
    translator.keyboard.press("Control+s")
    _saved(translator, rows[2])
    press(translator.get_by_role("button", name="Submit for review"))
    expect(translator.locator(".messages")).to_contain_text("Sent for review")

    # The reviewer approves; the diff shows the translator's change.
    reviewer.goto(f"{live_server.url}/desk/versions/{hindi.pk}/review/")
    press(reviewer.get_by_role("button", name="Approve"))
    expect(reviewer.locator(".messages")).to_contain_text("Approved")

    # The editor publishes everything approved from the dashboard.
    editor = login(browser, "editor")
    editor.goto(f"{live_server.url}/desk/dashboard/")
    shot(editor, "3-dashboard")
    press(editor.get_by_role("button", name=re.compile("Publish all 2 approved")))
    expect(editor.locator(".messages")).to_contain_text("Publishing 2")

    reader = browser.new_context().new_page()
    reader.goto(f"{live_server.url}/hi/statements/{hindi.statement.slug}/")
    expect(reader.locator("main")).to_contain_text(RIGHT)
    expect(reader.locator("main")).to_contain_text(DEMAND_FIXED)
    expect(reader.locator("h1")).to_have_text(TITLE)
    shot(reader, "4-reader")
    for page in (translator, reviewer, editor, reader):
        page.context.close()


def test_a_stale_save_from_another_window_is_refused(
    browser, live_server, login, shot, users, hindi, browser_errors
):
    # The refusal is a 409, which chromium notes in the console; it is the answer under test.
    browser_errors.allow(r"status of 409 \(Conflict\)")
    services.variant_claim(variant=hindi, actor=users["translator_hi"])
    segment = hindi.segments.get(position=1)
    one = login(browser, "translator_hi")
    two = login(browser, "translator_hi")
    for page in (one, two):
        page.goto(f"{live_server.url}/desk/versions/{hindi.pk}/")

    one.locator(f"#t-{segment.pk}").fill(RIGHT)
    one.locator(f"#t-{segment.pk}").press("Control+s")
    _saved(one, segment)

    two.locator(f"#t-{segment.pk}").fill(WRONG)
    two.locator(f"#t-{segment.pk}").press("Control+s")
    status = two.locator(f"#status-{segment.pk}")
    expect(status).to_contain_text("Someone saved this sentence", timeout=10_000)
    expect(status.locator(".newer")).to_have_text(RIGHT)
    shot(two, "stale-save")
    assert Segment.objects.get(pk=segment.pk).target == RIGHT

    # Taking the newer text gives the window the current version again.
    press(status.get_by_role("button", name="Use the newer text"))
    expect(two.locator(f"#t-{segment.pk}")).to_have_value(RIGHT)
    for page in (one, two):
        page.context.close()
