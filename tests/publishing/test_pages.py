"""Reader pages in each language: text, lang/dir, switcher, hreflang, dates, 404s and search."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.publishing.conftest import (
    DRAFT,
    ENGLISH_ONLY,
    EVERYWHERE,
    FROM_HINDI,
    IN_TRANSLATION,
    URDU_ONLY,
    grow,
    soup,
)
from translations import formatting, languages
from workflow import services
from workflow.demo.content import STATEMENTS
from workflow.models import Statement, Variant

SITE = "https://statements.example.org"
TEXTS = {spec["slug"]: spec["texts"] for spec in STATEMENTS}
CODES = languages.CODES


def hreflangs(page) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"]
        for link in page.find_all("link", rel="alternate")
        if link.get("hreflang")
    }


def switcher(page) -> dict[str, str]:
    return {a["lang"]: a["href"] for a in page.select("nav.switcher a")}


@pytest.mark.parametrize("code", CODES)
def test_statement_page_in_each_language(client, demo_site, code):
    lang = languages.get(code)
    page = soup(client.get(f"/{code}/statements/{EVERYWHERE}/"))
    text = TEXTS[EVERYWHERE][code]

    assert page.html["lang"] == code
    assert page.html["dir"] == lang.direction
    assert page.h1.get_text(strip=True) == text["title"]
    body = page.select_one(".statement .text")
    assert body["lang"] == code and body["dir"] == lang.direction
    # The first sentence of the body, exactly as published (all four scripts).
    assert text["body"].split("\n\n")[0] in body.get_text()
    assert page.select_one(".notice") is None

    # The switcher names each language in its own script and keeps the reader on this statement.
    assert switcher(page) == {c: f"/{c}/statements/{EVERYWHERE}/" for c in CODES}
    assert [a.get_text() for a in page.select("nav.switcher a")] == [
        languages.get(c).native_name for c in CODES
    ]
    assert page.select_one("nav.switcher a[aria-current]")["lang"] == code

    assert hreflangs(page) == {
        **{c: f"{SITE}/{c}/statements/{EVERYWHERE}/" for c in CODES},
        "x-default": f"{SITE}/statements/{EVERYWHERE}/",
    }
    assert page.find("link", rel="canonical")["href"] == f"{SITE}/{code}/statements/{EVERYWHERE}/"
    assert page.find("meta", property="og:locale")["content"] == lang.babel_locale
    assert len(page.find_all("meta", property="og:locale:alternate")) == 3

    # The date in the page's language, with the digits the setting asks for.
    issued = demo_site[EVERYWHERE].issued_on
    time = page.select_one(".statement time")
    assert time["datetime"] == issued.isoformat()
    assert time.get_text() == formatting.format_date(issued, code)


def test_dates_read_as_each_language_writes_them(client, demo_site, settings):
    settings.ANUVAD_DIGITS = {"en": "latn", "hi": "latn", "bn": "beng", "ur": "arabext"}
    Statement.objects.filter(slug=EVERYWHERE).update(issued_on="2026-11-22")
    cache.clear()
    expected = {
        "en": "22 November 2026",
        "hi": "22 नवंबर 2026",
        "bn": "২২ নভেম্বর, ২০২৬",
        "ur": "۲۲ نومبر، ۲۰۲۶",
    }
    for code, date in expected.items():
        page = soup(client.get(f"/{code}/statements/{EVERYWHERE}/"))
        assert page.select_one(".statement time").get_text() == date, code


def test_a_language_not_yet_published_shows_the_source_with_a_notice(client, demo_site):
    page = soup(client.get(f"/hi/statements/{URDU_ONLY}/"))
    source = TEXTS[URDU_ONLY]["ur"]

    assert page.html["lang"] == "hi" and page.html["dir"] == "ltr"
    assert page.h1.get_text(strip=True) == source["title"]
    text = page.select_one(".statement .text")
    assert text["lang"] == "ur" and text["dir"] == "rtl"
    notice = page.select_one(".notice")
    # In the reader's language, naming the language of what follows (Babel's Hindi name for Urdu).
    assert "उर्दू" in notice.get_text()
    assert [a["href"] for a in notice.find_all("a")] == [f"/ur/statements/{URDU_ONLY}/"]
    # Only the published language is offered; search engines are sent to the original.
    assert switcher(page) == {"ur": f"/ur/statements/{URDU_ONLY}/"}
    assert hreflangs(page) == {
        "ur": f"{SITE}/ur/statements/{URDU_ONLY}/",
        "x-default": f"{SITE}/statements/{URDU_ONLY}/",
    }
    assert page.find("link", rel="canonical")["href"] == f"{SITE}/ur/statements/{URDU_ONLY}/"


def test_unpublished_text_never_reaches_readers(client, demo_site, users):
    # The Hindi version of this statement is being translated: its working copy is not live.
    Variant.objects.filter(statement__slug=ENGLISH_ONLY, language="hi").update(
        title="अप्रकाशित मसौदा शीर्षक"
    )
    for code in CODES:
        response = client.get(f"/{code}/statements/{ENGLISH_ONLY}/")
        assert "अप्रकाशित मसौदा शीर्षक" not in response.content.decode()
        for slug in (DRAFT, IN_TRANSLATION, "no-such-statement"):
            assert client.get(f"/{code}/statements/{slug}/").status_code == 404, (code, slug)

    services.statement_withdraw(
        statement=demo_site[FROM_HINDI], actor=users["editor"], note="Retracted by the authors."
    )
    for code in CODES:
        assert client.get(f"/{code}/statements/{FROM_HINDI}/").status_code == 404
        home = client.get(f"/{code}/").content.decode()
        assert TEXTS[FROM_HINDI][code]["title"] not in home


@pytest.mark.parametrize("code", CODES)
def test_home_lists_public_statements_in_the_readers_language(client, demo_site, code):
    lang = languages.get(code)
    page = soup(client.get(f"/{code}/"))
    assert page.html["lang"] == code and page.html["dir"] == lang.direction

    titles = {a.get_text(strip=True): a for a in page.select(".entries h2 a")}
    for slug in (EVERYWHERE, FROM_HINDI):
        link = titles[TEXTS[slug][code]["title"]]
        assert link["href"] == f"/{code}/statements/{slug}/"
        assert link.parent["lang"] == code
    # Not yet translated: listed under its source title, marked with its own language.
    link = titles[TEXTS[URDU_ONLY]["ur"]["title"]]
    assert link.parent["lang"] == "ur" and link.parent["dir"] == "rtl"
    # Drafts and statements still in translation are not listed.
    assert TEXTS[DRAFT]["en"]["title"] not in titles
    assert TEXTS[IN_TRANSLATION]["hi"]["title"] not in titles
    # Urgent statements are marked.
    urgent = page.select(".entries li .urgent")
    assert len(urgent) == 2  # the flood appeal and the journalist's release

    assert switcher(page) == {c: f"/{c}/" for c in CODES}
    assert hreflangs(page) == {**{c: f"{SITE}/{c}/" for c in CODES}, "x-default": f"{SITE}/"}
    # The interface speaks the page's language (the compiled catalogues are installed).
    search = {"en": "Search", "hi": "खोजें", "bn": "খুঁজুন", "ur": "تلاش"}
    assert page.select_one("form.search button").get_text() == search[code]
    assert (
        page.h1.get_text()
        == {
            "en": "Latest statements",
            "hi": "ताज़ा वक्तव्य",
            "bn": "সর্বশেষ বিবৃতি",
            "ur": "تازہ ترین بیانات",
        }[code]
    )


def test_home_and_topics_paginate(client, demo_site, settings):
    settings.ANUVAD_READER_PAGE_SIZE = 2
    first = soup(client.get("/hi/"))
    assert len(first.select(".entries > li")) == 2
    assert first.select_one("a[rel=next]")["href"] == "?page=2"
    third = soup(client.get("/hi/?page=3"))
    assert len(third.select(".entries > li")) == 1  # five public statements
    assert client.get("/hi/?page=4").status_code == 404
    assert client.get("/hi/?page=x").status_code == 404

    labour = soup(client.get("/bn/topics/labour/"))
    assert labour.h1.get_text() == "শ্রম ও মজুরি"
    assert len(labour.select(".entries > li")) == 2
    assert client.get("/bn/topics/no-such-topic/").status_code == 404


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("code", "query", "slug"),
    [
        ("en", "minimum wage", EVERYWHERE),
        ("hi", "न्यूनतम मज़दूरी", EVERYWHERE),
        ("bn", "ন্যূনতম মজুরি", EVERYWHERE),
        ("ur", "کم از کم اجرت", EVERYWHERE),
        # Typed on an Arabic keyboard: Arabic kaf and yeh find the Urdu letters.
        ("ur", "كم از كم اجرت", EVERYWHERE),
    ],
)
def test_search_finds_text_in_the_readers_language(client, demo_site, code, query, slug):
    page = soup(client.get(f"/{code}/search/", {"q": query}))
    titles = [a.get_text(strip=True) for a in page.select(".entries h2 a")]
    assert TEXTS[slug][code]["title"] in titles
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


@pytest.mark.postgres
def test_search_stays_within_the_language_and_the_public(client, demo_site):
    # English words are not in the Hindi text; the Hindi reader's search does not find them.
    page = soup(client.get("/hi/search/", {"q": "minimum wage"}))
    assert page.select(".entries h2 a") == []
    # The draft's words are not searchable anywhere.
    draft_word = TEXTS[DRAFT]["en"]["title"].split()[0]
    page = soup(client.get("/en/search/", {"q": draft_word + " advisory outdoor"}))
    assert TEXTS[DRAFT]["en"]["title"] not in page.get_text()
    empty = soup(client.get("/en/search/", {"q": "   "}))
    assert empty.select(".entries") == []


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.postgres
def test_pages_cost_the_same_queries_however_much_they_show(client, demo_site, settings, users):
    settings.ANUVAD_READER_CACHE_SECONDS = 0  # count the rendering, not the cache
    urls = ["/hi/", f"/hi/statements/{FROM_HINDI}/", "/ur/topics/labour/", "/bn/feeds/rss.xml"]
    before = {url: _count_queries(client, url) for url in urls}
    assert max(before.values()) <= 6, before

    grow(demo_site)

    after = {url: _count_queries(client, url) for url in urls}
    assert after == before


def test_page_weight_is_under_100_kb_before_fonts(client, demo_site):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = sum(
        len(Path(finders.find(name)).read_bytes())
        for name in ("reader/reader.css", "reader/fonts.css")
    )
    for url in ("/ur/", f"/ur/statements/{FROM_HINDI}/", f"/bn/statements/{EVERYWHERE}/"):
        html = client.get(url).content
        assert len(html) + css < 100_000, (url, len(html), css)
    # Reading needs no JavaScript: the pages carry none.
    assert b"<script" not in client.get(f"/hi/statements/{EVERYWHERE}/").content


def test_root_sends_readers_to_their_language(client, demo_site):
    response = client.get(f"/statements/{EVERYWHERE}/", HTTP_ACCEPT_LANGUAGE="bn-IN,bn;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == f"/bn/statements/{EVERYWHERE}/"


def test_robots_and_favicon(client, demo_site):
    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in robots
    assert "Disallow: /desk/" in robots
    assert client.get("/favicon.ico")["Location"].endswith("reader/favicon.svg")
