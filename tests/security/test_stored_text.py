"""Stored text never becomes markup: every payload, through every page that shows it.

Server side, no browser. For each payload in tests/security/payloads.py one statement holds
it in every text field (title, summary, body, byline, dateline), as its signatory's and its
topic's name and as a glossary term; its Hindi version holds it in a PO import, in sentences
saved on the desk, in a raw suggestion, in comments and in the review note. Then the reader,
desk and admin pages are fetched, parsed, and held to helpers.injections against the same
page with harmless text in it (the baseline). translations.markup.render and
translations.sanitise.plain_text are held to the same rules directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from tests.factories import make_user
from tests.security import helpers
from tests.security.payloads import BY_NAME, CATEGORIES, MAX_CHARS, OVERRIDES, PAYLOADS
from translations import markup
from translations.sanitise import forbidden_characters, plain_text
from workflow import services
from workflow.exceptions import InvalidInput
from workflow.models import Comment, Segment, SourceRevision, Statement, Variant

SLUG = "stored-text"
TOPIC = "stored-topic"
CLEAN = "Workers in Delhi have not been paid for three months."
BODY_LEAD = "They wrote to the contractor:"
HINDI = "अनुवाद"
NAMES = [p.name for p in PAYLOADS]
LINK_REL = {"a": {"rel"}}  # nh3 adds rel="noopener noreferrer" to every link
SURFACES = (
    "reader-statement",
    "reader-statement-hi",
    "reader-home",
    "reader-topic",
    "reader-search",
    "desk-my-work",
    "desk-editor",
    "desk-save-fragment",
    "desk-stale-fragment",
    "desk-review",
    "desk-review-source",
    "desk-dashboard",
    "desk-statement-source",
    "desk-history",
    "admin-statement",
    "admin-statement-list",
    "admin-variant",
    "admin-organisation",
    "admin-topic",
    "admin-glossary-term",
    "admin-memory-list",
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _engines_off(settings):
    settings.ANUVAD_MT_ENABLED = False


@dataclass
class Visit:
    """The pages that show one text, and what the services did with it on the way."""

    pages: dict[str, str] = field(default_factory=dict)
    po: helpers.POOutcome | None = None
    po_targets: list[str] = field(default_factory=list)
    comment_refused: bool = False
    hindi: Variant | None = None
    # The ways in that refused the text for its invisible characters (it was then written
    # to the tables directly, as text stored before the rule would be, to test the pages).
    refused_at_input: list[str] = field(default_factory=list)


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _get(client: Client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def visit(text: str, people: dict) -> Visit:
    """Store ``text`` everywhere a person can put it and fetch every page that shows it."""
    out = Visit()
    translator, reviewer = people["translator_hi"], people["reviewer"]
    organisation = helpers.organisation("stored-organisation", text)
    topic = helpers.topic(TOPIC, text)
    term = helpers.glossary_term(text)
    # A plain paragraph (always a sentence to translate, whatever the payload does to the
    # blocks after it), the payload inline after text, then opening a block.
    typed = {
        "title": text,
        "summary": text,
        "body": f"{CLEAN}\n\n{BODY_LEAD} {text}\n\n{text}",
        "byline": text,
        "dateline": text,
    }
    statement, refused = helpers.create_statement(
        author=people["author"],
        source_language="en",
        slug=SLUG,
        topics=[topic],
        signatories=[organisation],
        **typed,
    )
    if refused:
        out.refused_at_input.append("source")
    hindi = helpers.publish_source(statement, people)
    hindi = services.variant_claim(variant=hindi, actor=translator)
    rows = list(hindi.segments.order_by("position"))
    assert rows, "the first body paragraph is plain text: it is translatable"
    first = rows[0]
    helpers.store_raw_suggestion(first, text)

    # A PO file from Poedit with the text in the other body sentences: refused, or applied
    # as plain text. What it did is read back at once (the desk saves below overwrite it).
    po_rows = [s for s in rows if s.field == "body" and s != first] or [first]
    out.po = helpers.import_po(hindi, translator, {s.pk: text for s in po_rows})
    out.po_targets = [Segment.objects.get(pk=s.pk).target for s in po_rows]

    # The first sentence is saved through the desk's htmx endpoint, then saved again from a
    # window holding the old version (the stale-save answer shows the newer text).
    as_translator = _client(translator)
    version = Segment.objects.get(pk=first.pk).version
    url = f"/desk/sentences/{first.pk}/save/"
    htmx = {"HX-Request": "true"}
    saved = as_translator.post(url, {"text": f"{HINDI} {text}", "version": version}, headers=htmx)
    if forbidden_characters(text):
        assert saved.status_code == 422, saved.content
        assert Segment.objects.get(pk=first.pk).version == version, "a refusal changes nothing"
        out.refused_at_input.append("sentence")
        helpers.store_before_the_rule(first, f"{HINDI} {text}")
    else:
        assert saved.status_code == 200, saved.content
    out.pages["desk-save-fragment"] = saved.content.decode()
    stale = as_translator.post(url, {"text": f"पुराना {text}", "version": version}, headers=htmx)
    assert stale.status_code == 409, stale.content
    out.pages["desk-stale-fragment"] = stale.content.decode()
    for segment in rows[1:]:
        if out.po.refused or segment not in po_rows:
            helpers.save_or_store_sentence(segment, translator, f"{HINDI} {text}")

    try:
        services.comment_add(variant=hindi, actor=reviewer, text=text)
    except InvalidInput:
        out.comment_refused = True
    services.comment_add(variant=hindi, actor=translator, segment=first, text=f"टिप्पणी: {text}")

    out.pages["desk-my-work"] = _get(as_translator, "/desk/")
    out.pages["desk-editor"] = _get(as_translator, f"/desk/versions/{hindi.pk}/")

    published = helpers.submit(hindi, note=text)
    as_reviewer = _client(reviewer)
    out.pages["desk-review"] = _get(as_reviewer, f"/desk/versions/{hindi.pk}/review/")
    source = services.source_variant(statement)
    out.pages["desk-review-source"] = _get(as_reviewer, f"/desk/versions/{source.pk}/review/")
    out.pages["desk-dashboard"] = _get(_client(people["editor"]), "/desk/dashboard/")
    if published:
        helpers.approve_and_publish(hindi, people)
    # An editor's change note on a published revision, shown to readers with "Updated on".
    later = timezone.now() + timedelta(minutes=1)
    revision = SourceRevision.objects.create(
        statement=statement,
        number=2,
        created_by=people["author"],
        published_at=later,
        **services.source_variant(statement).text(),
    )
    services.set_change_note(revision=revision, actor=people["editor"], note=text)
    Statement.objects.filter(pk=statement.pk).update(last_revised_at=later)
    out.pages["desk-statement-source"] = _get(
        _client(people["author"]), f"/desk/statements/{statement.pk}/"
    )
    out.pages["desk-history"] = _get(
        _client(people["editor"]), f"/desk/statements/{statement.pk}/history/", lang="hi"
    )

    reader = _client()
    for surface, url, params in (
        ("reader-statement", f"/en/statements/{SLUG}/", {}),
        ("reader-statement-hi", f"/hi/statements/{SLUG}/", {}),
        ("reader-home", "/en/", {}),
        ("reader-topic", f"/en/topics/{TOPIC}/", {}),
        ("reader-search", "/en/search/", {"q": text}),
    ):
        helpers.fresh_reader_cache()
        out.pages[surface] = _get(reader, url, **params)

    admin = _client(people["admin"])
    for surface, url in (
        ("admin-statement", f"/admin/workflow/statement/{statement.pk}/change/"),
        ("admin-statement-list", "/admin/workflow/statement/"),
        ("admin-variant", f"/admin/workflow/variant/{hindi.pk}/change/"),
        ("admin-organisation", f"/admin/workflow/organisation/{organisation.pk}/change/"),
        ("admin-topic", f"/admin/workflow/topic/{topic.pk}/change/"),
        ("admin-glossary-term", f"/admin/translations/glossaryterm/{term.pk}/change/"),
        ("admin-memory-list", "/admin/translations/memoryunit/"),
    ):
        out.pages[surface] = _get(admin, url)
    out.hindi = Variant.objects.get(pk=hindi.pk)
    return out


def _people() -> dict:
    """The users the stories need (the ``users`` fixture's, and a superuser)."""
    people = {
        "author": make_user("author", roles=["author"], languages=["en", "hi"]),
        "editor": make_user("editor", roles=["editor"], languages=["en", "hi", "bn", "ur"]),
        "reviewer": make_user("reviewer", roles=["reviewer"], languages=["en", "hi", "bn", "ur"]),
        "translator_hi": make_user("translator_hi", roles=["translator"], languages=["hi"]),
    }
    people["admin"] = get_user_model().objects.create(
        username="admin", is_staff=True, is_superuser=True, password=make_password("x")
    )
    return people


@pytest.fixture(scope="module")
def baselines(django_db_setup, django_db_blocker) -> dict[str, helpers.Baseline]:
    """Every surface with harmless text in it, built and then rolled back."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast, ANUVAD_MT_ENABLED=False),
        transaction.atomic(),
    ):
        clean = visit(CLEAN, _people())
        transaction.set_rollback(True)
    helpers.fresh_reader_cache()
    assert set(clean.pages) == set(SURFACES)
    return {surface: helpers.baseline_of(html) for surface, html in clean.pages.items()}


# ---- the corpus ---------------------------------------------------------------------------------


def test_the_corpus_is_varied_and_fits_every_field():
    assert len(PAYLOADS) >= 60
    assert len({p.name for p in PAYLOADS}) == len({p.text for p in PAYLOADS}) == len(PAYLOADS)
    assert {p.category for p in PAYLOADS} == set(CATEGORIES)
    assert all(len(p.text) <= MAX_CHARS and "\x00" not in p.text for p in PAYLOADS)


# ---- the renderers ------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=NAMES)
def test_markdown_and_plain_text_keep_payloads_inert(payload):
    for html in (markup.render(payload.text), markup.render(plain_text(payload.text))):
        assert helpers.injections(html) == []
        soup = helpers.soup_of(html)
        assert {t.name for t in soup.find_all(True)} <= markup.TAGS
        for tag in soup.find_all(True):
            allowed = markup.ATTRIBUTES.get(tag.name, set()) | LINK_REL.get(tag.name, set())
            assert set(tag.attrs) <= allowed, tag
        for link in soup.find_all("a", href=True):
            # As a URL parser reads it: no scheme (a relative address) or an allowed one.
            scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", link["href"])
            assert scheme is None or scheme[1].lower() in markup.URL_SCHEMES, link
            assert link.get("rel") == ["noopener", "noreferrer"], link
        assert not OVERRIDES & set(html)
    # plain_text may keep a lone "<" ("a < b"), escaped on output; never a tag.
    cleaned = plain_text(payload.text)
    assert helpers.soup_of(cleaned).find() is None, cleaned
    assert plain_text(cleaned) == cleaned


def test_links_to_https_keep_noopener_noreferrer():
    html = markup.render('Read [the report](https://example.org/report?a=1&b=2 "Report").')
    link = helpers.soup_of(html).a
    assert link["href"] == "https://example.org/report?a=1&b=2"
    assert link["rel"] == ["noopener", "noreferrer"]
    assert link["title"] == "Report"


# ---- the pages ----------------------------------------------------------------------------------


def test_the_clean_pages_pass_the_checks_on_their_own(users, admin_user):
    """The rules are meaningful: the site's own pages carry no handler attributes, no
    marker elements and no dangerous address, and load scripts from this site only."""
    pages = visit(CLEAN, {**users, "admin": admin_user}).pages
    assert set(pages) == set(SURFACES)
    # The change note reaches readers and the history: the payloads are tested there too.
    note = helpers.soup_of(pages["reader-statement"]).select_one("details.updated")
    assert note is not None and CLEAN in note.get_text()
    history = helpers.soup_of(pages["desk-history"])
    assert history.select_one("input[name=change_note]")["value"] == CLEAN
    for surface, html in pages.items():
        found = [
            f
            for f in helpers.injections(html)
            # Against no baseline, "more <script> than the clean page" says nothing; every
            # other finding must be absent, but for the admin's same-origin /admin/jsi18n/.
            if " where the clean page has " not in f
            and not re.fullmatch(r"<script src='/[^/][^']*'>", f)
        ]
        assert found == [], surface


@pytest.mark.parametrize("payload", PAYLOADS, ids=NAMES)
def test_stored_payload_stays_text_on_every_page(payload, users, admin_user, baselines):
    text = payload.text
    seen = visit(text, {**users, "admin": admin_user})

    # What the services stored: refused, or reduced to plain text.
    expected = [
        *(["source"] if forbidden_characters(text, single_line=True) else []),
        *(["sentence"] if forbidden_characters(text) else []),
    ]
    assert seen.refused_at_input == expected
    hindi_rows = list(Segment.objects.filter(variant=seen.hindi))
    assert all(plain_text(s.target) == s.target for s in hindi_rows)
    if plain_text(text) != text:
        assert seen.po.refused, "HTML in a PO file must not be applied"
    if seen.po.refused:
        assert seen.po_targets == [""] * len(seen.po_targets), "a refused file changes nothing"
    else:
        assert seen.po_targets == [text.strip()] * len(seen.po_targets)
    assert seen.comment_refused == (not plain_text(text).strip())
    for comment in Comment.objects.filter(variant=seen.hindi):
        assert plain_text(comment.text) == comment.text

    # What the pages show: text, never an element or attribute the clean page lacks.
    found = {
        surface: problems
        for surface, html in seen.pages.items()
        if (problems := helpers.injections(html, baselines[surface]))
    }
    assert found == {}

    # The reader's title, text, byline, dateline and signatories carry no bidi override.
    page = helpers.soup_of(seen.pages["reader-statement"])
    for part in page.select("h1, .statement .text, .statement .meta span, .signatories li"):
        assert not OVERRIDES & set(part.get_text()), part.name


def test_reader_pages_show_no_bidi_override_from_stored_text(users, admin_user):
    seen = visit(BY_NAME["rlo-file-name"].text, {**users, "admin": admin_user})
    leaks = {
        surface: sorted({f"U+{ord(c):04X}" for c in OVERRIDES & set(html)})
        for surface, html in seen.pages.items()
        # the search page repeats the reader's own query, which is not stored text
        if surface.startswith("reader-") and surface != "reader-search"
    }
    assert {surface: found for surface, found in leaks.items() if found} == {}
