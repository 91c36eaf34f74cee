"""Stored payloads in chromium: the pages that show them run none of them.

Every payload of tests/security/payloads.py is stored through the services at once: one
"carrier" statement holds them all (title and byline joined; summary and body one paragraph
each; one signatory, topic and glossary term per payload, and one of each holding them all;
its Hindi version's sentences, comments, suggestions and review note), and for the reader's
listings one statement per payload has it as title and summary. A statement with harmless
text is built the same way; its pages, loaded first, must raise no Content-Security-Policy
violation at all, so a violation on a payload page is the payload being blocked, never the
site's own script.

On every page: no dialog opened, no [data-xss] or #xss element, window.__xss unset, no
injected element or attribute in the live DOM (tests.security.helpers.injections), and no
CSP violation blocking this site's /static/ files. Violations and console errors are
written to test-artifacts/<test>/report.json, with one screenshot per surface.
Fewer than 30 page loads in all, logins included.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.cache import cache

from publishing.cache import forget_local
from tests.browser.conftest import CHROMIUM
from tests.security import helpers
from tests.security.payloads import BY_NAME, PAYLOADS
from translations.models import GlossaryTerm
from translations.sanitise import strip_bidi_overrides
from workflow import services
from workflow.exceptions import InvalidInput
from workflow.models import Organisation, Statement, Topic, Variant

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"chromium not found at {CHROMIUM}"),
]

TEXTS = [p.text for p in PAYLOADS]
CLEAN = "Workers in Delhi have not been paid for three months."
SEARCH = BY_NAME["double-quote-script"].text
# Recorded before the page's own scripts run, in every document of the context.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push({
  blockedURI: e.blockedURI, directive: e.violatedDirective, sourceFile: e.sourceFile,
  line: e.lineNumber, sample: e.sample,
}));
"""
DOM_STATE = """() => ({
  markers: document.querySelectorAll("[data-xss], #xss").length,
  flag: window.__xss === undefined,
  csp: window.__cspViolations || null,
  html: document.documentElement.outerHTML,
  text: document.body.innerText,
})"""
# The live DOM of a page with many payloads has more rows, icons and alternates than the
# clean one; these elements are checked by what they load (helpers.LOADERS), not counted.
UNCOUNTED = ("img", "link")


@pytest.fixture(autouse=True)
def _desk_settings(settings):
    settings.ANUVAD_MT_ENABLED = False
    settings.ANUVAD_READER_PAGE_SIZE = len(PAYLOADS) + 10  # every title on one listing page


# ---- the stored text ----------------------------------------------------------------------------


@dataclass
class Story:
    statement: Statement
    hindi: Variant
    organisation: Organisation  # every text in its names
    topic: Topic  # the statement's first topic
    term: GlossaryTerm  # every text in term, translation and note


def story(slug: str, texts: list[str], users, *, published: bool) -> Story:
    """A statement holding ``texts`` in every field, its Hindi version translated on the
    desk with them (claimed; submitted, approved and published when ``published``)."""
    joined = " ".join(texts)
    one_each = len(texts) > 1
    signatories = [helpers.organisation(f"{slug}-org-{i}", t) for i, t in enumerate(texts)]
    everyone = helpers.organisation(f"{slug}-org-all", joined) if one_each else signatories[0]
    topics = [helpers.topic(f"{slug}-topic-{i}", t) for i, t in enumerate(texts)]
    terms = [helpers.glossary_term(t) for t in texts]
    term = helpers.glossary_term(joined) if one_each else terms[0]
    # Text the input rule refuses is written as stored before the rule (the pages must still
    # show it as text).
    statement, _ = helpers.create_statement(
        author=users["author"],
        source_language="en",
        slug=slug,
        title=joined,
        summary="\n\n".join(texts),
        # Each text inline after words (a sentence to translate), then opening a block.
        body="\n\n".join([CLEAN, *(f"Note {i}: {t}" for i, t in enumerate(texts)), *texts]),
        byline=joined,
        dateline=texts[0],
        topics=topics,
        signatories=[*signatories, everyone] if one_each else signatories,
    )
    hindi = helpers.publish_source(statement, users)
    translator = users["translator_hi"]
    hindi = services.variant_claim(variant=hindi, actor=translator)
    rows = list(hindi.segments.order_by("position"))
    for i, row in enumerate(rows):
        text = texts[i % len(texts)]
        helpers.store_raw_suggestion(row, text)
        helpers.save_or_store_sentence(row, translator, f"अनुवाद {text}")
    for i, text in enumerate(texts):
        # Refused when nothing is left once the tags are dropped, as it should be.
        with contextlib.suppress(InvalidInput):
            services.comment_add(variant=hindi, actor=users["reviewer"], text=text)
        row = rows[i % len(rows)]
        services.comment_add(variant=hindi, actor=translator, segment=row, text=f"टिप्पणी {text}")
    if published:
        assert helpers.submit(hindi, note=joined)
        hindi = helpers.approve_and_publish(hindi, users)
    return Story(statement, Variant.objects.get(pk=hindi.pk), everyone, topics[0], term)


def one_title_each(users, topic: Topic) -> None:
    """One published statement per payload, titled and summarised with it, in ``topic``."""
    for i, text in enumerate(TEXTS):
        statement, _ = helpers.create_statement(
            author=users["author"],
            source_language="en",
            slug=f"xss-title-{i}",
            title=text,
            summary=text,
            body=CLEAN,
            topics=[topic],
        )
        services.statement_submit_for_translation(
            statement=statement, actor=users["author"], targets=["hi"]
        )
        source = services.variant_approve(
            variant=services.source_variant(statement), actor=users["reviewer"]
        )
        services.variant_publish(variant_id=source.pk, actor=users["editor"])


def site(users, *, published: bool = True, titles: bool = False) -> tuple[Story, Story]:
    """The harmless statement and the carrier of every payload."""
    clean = story("clean-statement", [CLEAN], users, published=published)
    carrier = story("xss-carrier", TEXTS, users, published=published)
    if titles:
        one_title_each(users, carrier.topic)
    cache.clear()
    forget_local()
    return clean, carrier


# ---- watching a page ----------------------------------------------------------------------------


@dataclass
class Load:
    url: str
    dialogs: list[str]
    console_errors: list[str]
    csp: list[dict]
    markers: int
    flag_unset: bool
    html: str
    text: str


@dataclass
class Watch:
    """One browser page with its dialogs and console errors recorded, load by load."""

    page: object
    origin: str
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    loads: list[Load] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.context.add_init_script(WATCH_CSP)
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def go(self, path: str) -> Load:
        self.dialogs.clear()
        self.errors.clear()
        self.page.goto(f"{self.origin}{path}", wait_until="load")
        # Handlers such as onerror, ontoggle and onanimationstart fire just after load: within
        # two frames and the tasks queued by them.
        self.page.evaluate(SETTLED)
        state = self.page.evaluate(DOM_STATE)
        load = Load(
            url=path,
            dialogs=list(self.dialogs),
            console_errors=list(self.errors),
            csp=state["csp"] or [],
            markers=state["markers"],
            flag_unset=state["flag"],
            html=state["html"],
            text=state["text"],
        )
        assert state["csp"] is not None, "the CSP watcher did not run"
        self.loads.append(load)
        return load


SETTLED = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(
    () => setTimeout(done, 50))))"""


def new_page(browser):
    return browser.new_context(locale="en-GB").new_page()


def own_static_blocked(load: Load, origin: str) -> list[dict]:
    return [v for v in load.csp if v["blockedURI"].startswith(f"{origin}/static/")]


def assert_clean_page(load: Load) -> helpers.Baseline:
    """A page without payloads: nothing at all is blocked or opened; it is the baseline."""
    assert load.csp == [], (load.url, load.csp)
    assert load.dialogs == [] and load.markers == 0 and load.flag_unset, load.url
    return helpers.baseline_of(load.html)


def assert_inert(load: Load, origin: str, baseline: helpers.Baseline) -> None:
    assert load.dialogs == [], (load.url, load.dialogs)
    assert load.markers == 0, load.url
    assert load.flag_unset, f"window.__xss was set on {load.url}"
    assert own_static_blocked(load, origin) == [], (load.url, load.csp)
    found = [
        f
        for f in helpers.injections(load.html, baseline)
        if not any(f"<{t}> where the clean page has" in f for t in UNCOUNTED)
    ]
    assert found == [], load.url
    assert "alert(1)" in load.html, f"no payload reached {load.url}"


@pytest.fixture
def record(shot):
    """One screenshot per surface, and what the browser said about each load (CSP
    violations, console errors) in report.json beside the screenshots, for the record."""
    entries: list[dict] = []

    def save(page, name: str, loads: list[Load]) -> None:
        path = shot(page, name).parent / "report.json"
        entries.extend(
            {
                "surface": name,
                "url": x.url,
                "csp_violations": x.csp,
                "console_errors": x.console_errors,
            }
            for x in loads
        )
        path.write_text(json.dumps(entries, ensure_ascii=False, indent=1))

    return save


# ---- the tests ----------------------------------------------------------------------------------


def test_reader_pages_run_no_stored_text(browser, live_server, users, record):
    clean, carrier = site(users, titles=True)
    reader = Watch(new_page(browser), live_server.url)
    origin = live_server.url

    base = assert_clean_page(reader.go(f"/en/statements/{clean.statement.slug}/"))
    record(reader.page, "reader-clean", reader.loads[-1:])
    for name, path in (
        ("reader-statement", f"/en/statements/{carrier.statement.slug}/"),
        ("reader-statement-hi", f"/hi/statements/{carrier.statement.slug}/"),
        ("reader-home", "/en/"),
        ("reader-topic", f"/en/topics/{carrier.topic.slug}/"),
    ):
        load = reader.go(path)
        assert_inert(load, origin, base)
        record(reader.page, name, [load])
    # Every title is on the listing, shown as the text it is (less the bidi overrides that
    # Statement.published_text drops for readers).
    listed = " ".join(reader.loads[-2].text.split())
    shown = {p.name: " ".join(strip_bidi_overrides(p.text).split()) for p in PAYLOADS}
    assert [name for name, text in shown.items() if text not in listed] == []

    load = reader.go(f"/en/search/?{urlencode({'q': SEARCH})}")
    assert_inert(load, origin, base)
    record(reader.page, "reader-search", [load])
    reader.page.context.close()


def test_desk_pages_run_no_stored_text(browser, live_server, login, users, record):
    clean, carrier = site(users, published=False)
    origin = live_server.url

    translator = Watch(login(browser, "translator_hi"), origin)
    base = assert_clean_page(translator.go(f"/desk/versions/{clean.hindi.pk}/"))
    record(translator.page, "editor-clean", translator.loads[-1:])
    for name, path in (
        ("my-work", "/desk/"),
        ("editor", f"/desk/versions/{carrier.hindi.pk}/"),
    ):
        load = translator.go(path)
        assert_inert(load, origin, base)
        record(translator.page, name, [load])

    assert helpers.submit(carrier.hindi, note=" ".join(TEXTS))
    assert helpers.submit(clean.hindi, note=CLEAN)
    reviewer = Watch(login(browser, "reviewer"), origin)
    base = assert_clean_page(reviewer.go(f"/desk/versions/{clean.hindi.pk}/review/"))
    record(reviewer.page, "review-clean", reviewer.loads[-1:])
    source = services.source_variant(carrier.statement)
    for name, path in (
        ("review", f"/desk/versions/{carrier.hindi.pk}/review/"),
        ("review-source", f"/desk/versions/{source.pk}/review/"),
    ):
        load = reviewer.go(path)
        assert_inert(load, origin, base)
        record(reviewer.page, name, [load])
    for watch in (translator, reviewer):
        watch.page.context.close()


def test_admin_pages_run_no_stored_text(browser, live_server, login, users, record):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", "root@example.org", "test-password-123")
    clean, carrier = site(users, titles=True)
    origin = live_server.url
    admin = Watch(login(browser, "root"), origin)

    bases = {}
    for kind, path in (
        ("statement", f"/admin/workflow/statement/{clean.statement.pk}/change/"),
        ("organisation", f"/admin/workflow/organisation/{clean.organisation.pk}/change/"),
        ("glossary", f"/admin/translations/glossaryterm/{clean.term.pk}/change/"),
    ):
        bases[kind] = assert_clean_page(admin.go(path))
    record(admin.page, "admin-clean", admin.loads[-3:])
    carrier_pages = (
        ("admin-statement", "statement", f"workflow/statement/{carrier.statement.pk}/change/"),
        ("admin-statement-list", "statement", "workflow/statement/?all="),
        ("admin-variant", "statement", f"workflow/variant/{carrier.hindi.pk}/change/"),
        (
            "admin-organisation",
            "organisation",
            f"workflow/organisation/{carrier.organisation.pk}/change/",
        ),
        ("admin-organisation-list", "organisation", "workflow/organisation/?all="),
        ("admin-glossary-term", "glossary", f"translations/glossaryterm/{carrier.term.pk}/change/"),
        ("admin-glossary-list", "glossary", "translations/glossaryterm/?all="),
    )
    for name, kind, path in carrier_pages:
        path = f"/admin/{path}"
        load = admin.go(path)
        assert_inert(load, origin, bases[kind])
        record(admin.page, name, [load])
    admin.page.context.close()
