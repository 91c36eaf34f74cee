"""The author watches machine translation on the statement page, on a phone, without
reloading; the dashboard's cards fit the same phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import make_statement, make_user
from translations import memory
from workflow import dispatch, pipeline, services
from workflow.choices import State

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
HINDI_BODY = "दरभंगा में बाढ़ से चालीस हज़ार लोग बेघर हुए। राहत अधिकांश गाँवों तक नहीं पहुँची।"
KNOWN = "राहत अधिकांश गाँवों तक नहीं पहुँची।"


@pytest.fixture
def waiting(settings):
    """A Hindi statement sent to Urdu, Bengali and English, its machine tasks not yet run."""
    settings.ANUVAD_MT_ENABLED = False  # what is filled comes from the memory
    author = make_user("lekhak", roles=["author"], languages=["hi"])
    make_user("sampadak", roles=["editor"], languages=["hi", "bn", "ur", "en"])
    memory.add(
        source_language="hi",
        target_language="ur",
        source_text=KNOWN,
        target_text="امداد زیادہ تر دیہات تک نہیں پہنچی۔",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dispatch, "after_commit", lambda *args, **kwargs: None)
        statement = make_statement(author, source_language="hi", body=HINDI_BODY, slug="baadh")
        services.statement_submit_for_translation(
            statement=statement, actor=author, targets=["ur", "bn", "en"]
        )
    return statement


def phone_login(browser, live_server, username: str, interface: str = "en"):
    from django.conf import settings

    context = browser.new_context(locale="en-GB", viewport=PHONE)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": interface, "url": live_server.url}]
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "test-password-123")
    page.locator("main button[type=submit]").press("Enter")
    page.wait_for_url(f"{live_server.url}/desk/")
    return page, problems


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_statement_page_follows_machine_work_without_a_reload(
    browser, live_server, shot, waiting
):
    page, problems = phone_login(browser, live_server, "lekhak")
    page.goto(f"{live_server.url}/desk/statements/{waiting.pk}/")
    urdu = page.locator('#versions [data-language="ur"]')
    expect(urdu).to_contain_text("Waiting for machine translation")
    assert fits(page)
    shot(page, "1-waiting")
    # Marks this document: a reload would make a new one without the mark.
    page.evaluate("document.documentElement.dataset.sameDocument = 'yes'")

    for variant in waiting.variants.filter(state=State.PENDING, language__in=["ur", "bn"]):
        pipeline.variant_pretranslate(variant_id=variant.pk)
    expect(urdu).to_contain_text("Ready for translators", timeout=10_000)
    expect(urdu).to_contain_text("1 from memory")
    expect(page.locator('#versions [data-language="en"]')).to_contain_text("Waiting")
    assert page.evaluate("document.documentElement.dataset.sameDocument") == "yes"
    shot(page, "2-ready-without-reload")

    # The author stops waiting for English; once nothing is in progress, polling stops.
    page.get_by_role("button", name="Send to translators now").press("Enter")
    expect(page.locator(".messages")).to_contain_text("Sent to translators")
    expect(page.locator('#versions [data-language="en"]')).to_contain_text("Ready for translators")
    expect(page.locator("#versions")).not_to_have_attribute("hx-trigger", "every 2s")
    assert fits(page)
    shot(page, "3-sent-now")
    assert problems == []
    page.context.close()


@pytest.mark.parametrize("interface", ["en", "ur"])
def test_the_dashboard_is_one_card_per_statement_and_fits_a_phone(
    browser, live_server, shot, waiting, interface
):
    page, problems = phone_login(browser, live_server, "sampadak", interface)
    page.goto(f"{live_server.url}/desk/dashboard/")
    expect(page.locator("html")).to_have_attribute("lang", interface)
    card = page.locator(f"#statement-{waiting.pk}")
    urdu = card.locator('[data-language="ur"]')
    expect(urdu).to_have_attribute("data-machine", "queued")
    assert fits(page)
    page.evaluate("document.documentElement.dataset.sameDocument = 'yes'")
    services.statement_send_to_translators(statement=waiting, actor=waiting.created_by)
    expect(urdu).to_have_attribute("data-machine", "ready", timeout=10_000)
    expect(urdu.locator(".assign")).to_be_visible()
    assert page.evaluate("document.documentElement.dataset.sameDocument") == "yes"
    # Every control on the card is big enough for a finger.
    small = page.evaluate(
        """[...document.querySelectorAll('.card a, .card button, .card select')]
           .map(e => e.getBoundingClientRect())
           .filter(r => r.width > 0 && (r.height < 44 || r.width < 44)).length"""
    )
    assert small == 0
    assert fits(page)
    shot(page, f"dashboard-phone-{interface}")
    assert problems == []
    page.context.close()
