"""Cached machine output in the editor, and engine usage on the desk, seen in chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import make_statement
from workflow import services

pytestmark = pytest.mark.django_db(transaction=True)

BODY = "Relief has not reached most villages.\n\nThe Kisan Sabha demands community kitchens."


def submit(users):
    statement = make_statement(users["author"], body=BODY, summary="Floods in North Bihar.")
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["hi"]
    )
    return statement.variants.get(language="hi")


def test_cached_output_is_labelled_and_editors_see_the_usage(
    browser, live_server, login, shot, users, llm_settings, llm_double
):
    llm_settings.ANUVAD_MT_PRICES = {"openai": 50_000.0}
    submit(users)
    again = submit(users)
    asked = len(llm_double.completions)

    translator = login(browser, "translator_hi")
    translator.goto(f"{live_server.url}/desk/versions/{again.pk}/")
    expect(translator.locator(".use-suggestion").first).to_contain_text("Machine (openai, cached)")
    shot(translator, "1-cached-in-the-editor")

    editor = login(browser, "editor")
    editor.goto(f"{live_server.url}/desk/dashboard/")
    editor.get_by_role("link", name="Machine-translation usage").focus()
    editor.keyboard.press("Enter")
    table = editor.locator("#engine-usage")
    expect(table).to_contain_text("openai")
    row = table.locator("tbody tr").first
    expect(row.locator("td").nth(2)).to_have_text(str(asked))
    shot(editor, "2-usage")
