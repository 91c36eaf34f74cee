"""Per-language RSS and Atom feeds, and the sitemap with its language alternates."""

from __future__ import annotations

import feedparser
import pytest
from defusedxml import ElementTree

from tests.publishing.conftest import DRAFT, EVERYWHERE, URDU_ONLY
from translations import languages
from workflow.demo.content import STATEMENTS

SITE = "https://statements.example.org"
TEXTS = {spec["slug"]: spec["texts"] for spec in STATEMENTS}


@pytest.mark.parametrize("code", languages.CODES)
def test_feeds_parse_in_each_language(client, demo_site, code):
    for kind in ("rss", "atom"):
        response = client.get(f"/{code}/feeds/{kind}.xml")
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == ("rss20" if kind == "rss" else "atom10")
        if kind == "rss":
            assert feed.feed.language == code
        else:
            assert response.content.decode().count(f'xml:lang="{code}"') == 1
        titles = [entry.title for entry in feed.entries]
        # Only statements whose text in this language is live; no source stand-ins.
        assert sorted(titles) == sorted(
            spec["texts"][code]["title"]
            for spec in STATEMENTS
            if spec["stage"] == "published_all"
            or (spec["stage"] == "published_source" and spec["source_language"] == code)
        )
        links = {entry.link for entry in feed.entries}
        assert f"{SITE}/{code}/statements/{EVERYWHERE}/" in links
        assert all(entry.get("published") or entry.get("updated") for entry in feed.entries)


def test_sitemap_lists_each_published_language_with_alternates(client, demo_site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    entries = {
        url.find("s:loc", ns).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
        }
        for url in root.findall("s:url", ns)
    }
    every = {c: f"{SITE}/{c}/statements/{EVERYWHERE}/" for c in languages.CODES}
    for code in languages.CODES:
        assert entries[every[code]] == {**every, "x-default": f"{SITE}/statements/{EVERYWHERE}/"}
    # Published only in Urdu: one address, its alternates, and an x-default all the same.
    urdu = f"{SITE}/ur/statements/{URDU_ONLY}/"
    assert entries[urdu] == {"ur": urdu, "x-default": f"{SITE}/statements/{URDU_ONLY}/"}
    assert f"{SITE}/hi/statements/{URDU_ONLY}/" not in entries
    assert not any(DRAFT in loc for loc in entries)
    assert f"{SITE}/hi/" in entries


def test_feeds_carry_the_sanitised_summary_never_raw_html(client, demo_site):
    from django.core.cache import cache

    from workflow.models import Statement

    hostile = (
        'मज़दूरों की जीत <img src=x onerror="alert(1)"> '
        "[पढ़ें](javascript:alert(2)) <script>alert(3)</script>"
    )
    Statement.objects.filter(slug=EVERYWHERE).update(summary_hi=hostile)
    cache.clear()
    rss = ElementTree.fromstring(client.get("/hi/feeds/rss.xml").content)
    atom = ElementTree.fromstring(client.get("/hi/feeds/atom.xml").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    # The element text is what a feed reader decodes as HTML.
    decoded = [e.text or "" for e in rss.iter("description")]
    decoded += [e.text or "" for e in atom.iterfind(".//a:summary", ns)]
    ours = [text for text in decoded if "मज़दूरों की जीत" in text]
    assert len(ours) == 2
    for text in ours:
        # Decoded as HTML, it holds no element but the paragraph, and no script anywhere;
        # the raw markup shows as words.
        tags = _tags(text)
        assert {name for name, _ in tags} <= {"p", "a"}
        attributes = [(k, v or "") for _, attrs in tags for k, v in attrs]
        assert not any(k.startswith("on") or "javascript:" in v for k, v in attributes)


def _tags(text: str) -> list[tuple[str, list]]:
    from html.parser import HTMLParser

    found: list[tuple[str, list]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(text)
    return found
