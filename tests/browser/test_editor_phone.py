"""An Urdu translator on a phone: reads a version before claiming it, claims it, types a long
Nastaliq sentence from the keyboard and saves it; the box grows to show all of it, the
numbers check frames the sentence in red, and fixing the number takes the frame away at
once. No console error and no CSP violation after any step (``browser_errors``)."""

from __future__ import annotations

import re

import polib
import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.factories import make_statement
from workflow import po_exchange, services
from workflow.models import Variant

pytestmark = pytest.mark.django_db(transaction=True)

SOURCE = (
    "1,413 construction workers in Delhi have not been paid for three months, and the "
    "contractors who hired them for the city's public works department now refuse to answer "
    "their calls or to show them the attendance registers."
)
# The same sentence in Urdu, first with two digits swapped (۱٬۴۳۱ for ۱٬۴۱۳).
LONG_RIGHT = (
    "دہلی میں ۱٬۴۱۳ تعمیراتی مزدوروں کو تین مہینے سے اجرت نہیں ملی ہے، اور جن ٹھیکیداروں نے"
    " انہیں شہر کے محکمۂ تعمیرات عامہ کے لیے رکھا تھا وہ اب نہ ان کے فون کا جواب دیتے ہیں"
    " اور نہ انہیں حاضری کے رجسٹر دکھاتے ہیں۔"
)
LONG_WRONG = LONG_RIGHT.replace("۱٬۴۱۳", "۱٬۴۳۱")
DEMAND = "We demand that the dues be paid at once."
DEMAND_UR = "ہم مطالبہ کرتے ہیں کہ واجبات فوراً ادا کیے جائیں۔"
FRAME = "(e) => getComputedStyle(e).outlineStyle"
BOX = """(e) => ({height: e.getBoundingClientRect().height, scroll: e.scrollHeight,
  client: e.clientHeight, line: parseFloat(getComputedStyle(e).lineHeight)})"""


@pytest.fixture
def urdu(users, settings) -> Variant:
    settings.ANUVAD_MT_ENABLED = False  # empty boxes: the translator writes every sentence
    statement = make_statement(users["author"], body=f"{SOURCE}\n\n{DEMAND}")
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["ur"]
    )
    return statement.variants.get(language="ur")


def in_urdu(message: str) -> str:
    with translation.override("ur"):
        return translation.gettext(message)


@pytest.mark.parametrize(
    ("width", "locale", "language"),
    [(390, "ur-PK", "ur"), (1280, "en-GB", "en")],
    ids=["phone-ur", "desktop-en"],
)
def test_preview_claim_type_save_and_fix_on_a_phone(
    browser, live_server, login, shot, browser_errors, urdu, width, locale, language, tmp_path
):
    rows = list(urdu.segments.order_by("position"))
    sentence = next(r for r in rows if r.source == SOURCE)
    edit_url = reverse("workspace:edit", args=[urdu.pk])
    saved = in_urdu("Saved") if language == "ur" else "Saved"

    page = login(browser, "translator_ur", locale=locale, width=width)
    # Read before claiming: the entry opens the editor read-only, and nothing is claimed.
    page.locator(f'#h-claimable ~ table a[href="{edit_url}"]').press("Enter")
    expect(page).to_have_url(re.compile(rf"{edit_url}$"))
    expect(page.locator("#read-only")).to_be_visible()
    area = page.locator(f"#t-{sentence.pk}")
    expect(area).to_have_attribute("readonly", "")
    shot(page, "1-read-only")
    browser_errors.check()
    assert Variant.objects.get(pk=urdu.pk).assignee is None

    # Claim from the same page, with the keyboard.
    claim = page.locator(f'form[action="{reverse("workspace:claim", args=[urdu.pk])}"] button')
    claim.focus()
    claim.press("Enter")
    expect(page.locator("#read-only")).to_have_count(0)
    expect(area).not_to_have_attribute("readonly", "")
    empty = area.evaluate(BOX)

    # Type the long sentence with the wrong number and save it: Ctrl+S.
    area.focus()
    page.keyboard.type(LONG_WRONG)
    page.keyboard.press("Control+s")
    expect(page.locator(f"#status-{sentence.pk}")).to_have_text(saved, timeout=10_000)
    flag = page.locator(f"#qa-{sentence.pk} li[data-check=numbers]")
    expect(flag).to_have_count(1)
    section = page.locator(f"#seg-{sentence.pk}")
    assert section.evaluate(FRAME) == "solid"
    # The box grew with the text and shows every line of it: nothing scrolls inside.
    box = area.evaluate(BOX)
    assert box["height"] > empty["height"]
    assert box["scroll"] <= box["client"] + 1, box
    if width == 390:
        assert box["client"] >= 3 * box["line"], box  # three Nastaliq lines at least
    expect(page.locator("#progress progress")).to_have_attribute("value", "1")
    shot(page, "2-numbers-error")
    browser_errors.check()

    # Fix the number: the flag and the red frame go as soon as the save comes back.
    area.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type(LONG_RIGHT)
    page.keyboard.press("Control+s")
    expect(flag).to_have_count(0, timeout=10_000)
    expect(page.locator(f"#status-{sentence.pk}")).to_have_text(saved)
    assert section.evaluate(FRAME) == "none"
    assert area.evaluate(BOX)["scroll"] <= area.evaluate(BOX)["client"] + 1
    expect(page.locator("#progress progress")).to_have_attribute("value", "1")
    shot(page, "3-fixed")
    browser_errors.check()
    assert urdu.segments.get(pk=sentence.pk).target == LONG_RIGHT

    # The last sentence comes back in a PO file, uploaded from the same page.
    catalogue = polib.pofile(po_exchange.variant_export_po(variant=urdu).decode())
    entry = next(e for e in catalogue if e.msgid == DEMAND)
    entry.msgstr = DEMAND_UR
    upload = tmp_path / po_exchange.filename_for(urdu)
    catalogue.save(str(upload))
    page.locator("#po-file").set_input_files(upload)
    send = page.locator("form.po-upload button[type=submit]")
    send.focus()
    send.press("Enter")
    expect(page.locator(".messages .success")).to_be_visible()
    expect(page.locator("#progress progress")).to_have_attribute("value", "2")
    box = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert box[0] <= box[1], box
    shot(page, "4-po-uploaded")
    browser_errors.check()
    assert urdu.segments.get(source=DEMAND).target == DEMAND_UR
    page.context.close()


def test_machine_text_counts_once_a_person_takes_it(
    browser, live_server, login, shot, browser_errors, users, mt_settings, mt_double
):
    """Every sentence pre-filled by the engine (the local test double) shows "0 of N";
    taking the machine's suggestion with Alt+1 confirms that sentence, and only it."""
    statement = make_statement(users["author"], body=f"{SOURCE}\n\n{DEMAND}")
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["ur"]
    )
    urdu = statement.variants.get(language="ur")
    services.variant_claim(variant=urdu, actor=users["translator_ur"])
    rows = list(urdu.segments.order_by("position"))
    assert all(r.target for r in rows)

    page = login(browser, "translator_ur", locale="ur-PK", width=390)
    page.goto(live_server.url + reverse("workspace:edit", args=[urdu.pk]))
    progress = page.locator("#progress progress")
    expect(progress).to_have_attribute("value", "0")
    expect(progress).to_have_attribute("max", str(len(rows)))
    page.locator(f"#t-{rows[1].pk}").focus()
    page.keyboard.press("Alt+1")
    expect(progress).to_have_attribute("value", "1", timeout=10_000)
    expect(page.locator(f"#status-{rows[1].pk}")).to_have_text(in_urdu("Saved"))
    shot(page, "machine-text-taken")
    browser_errors.check()
    assert Variant.objects.get(pk=urdu.pk).segments_confirmed == 1
    page.context.close()
