"""Text in another language than the page's carries its own lang and dir, and its own faces."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.cache import cache

from tests.publishing.conftest import ENGLISH_ONLY, EVERYWHERE, FROM_HINDI, soup
from workflow.demo.content import STATEMENTS
from workflow.models import Organisation, Signatory, Statement, Topic

TEXTS = {spec["slug"]: spec["texts"] for spec in STATEMENTS}
CSS = Path(__file__).resolve().parents[2] / "static" / "reader" / "reader.css"


def _entry(page, title: str):
    (heading,) = [h for h in page.select(".entries h2") if h.get_text(strip=True) == title]
    return heading.find_parent("li")


def test_an_english_title_and_summary_on_the_urdu_home_page_are_marked_english(client, demo_site):
    page = soup(client.get("/ur/"))
    assert page.html["lang"] == "ur" and page.html["dir"] == "rtl"
    english = TEXTS[ENGLISH_ONLY]["en"]
    entry = _entry(page, english["title"])
    # On the heading itself, a block, so the title is aligned left as well as set in Latin.
    heading = entry.h2
    assert (heading["lang"], heading["dir"]) == ("en", "ltr")
    summary = entry.select_one(".summary")
    assert (summary["lang"], summary["dir"]) == ("en", "ltr")
    # The line saying it is not yet in Urdu is Urdu, and unmarked.
    assert not entry.select_one(".meta").has_attr("lang")
    # An Urdu title on the same page stays Urdu.
    urdu = _entry(page, TEXTS[EVERYWHERE]["ur"]["title"]).h2
    assert (urdu["lang"], urdu["dir"]) == ("ur", "rtl")


def test_the_english_original_on_an_urdu_statement_page_is_marked_english(client, demo_site):
    page = soup(client.get(f"/ur/statements/{ENGLISH_ONLY}/"))
    english = TEXTS[ENGLISH_ONLY]["en"]
    assert page.html["lang"] == "ur"
    title = page.h1.find_parent(attrs={"lang": True})
    assert (title["lang"], title["dir"]) == ("en", "ltr")
    assert page.h1.get_text(strip=True) == english["title"]
    text = page.select_one(".statement .text")
    assert (text["lang"], text["dir"]) == ("en", "ltr")
    assert english["summary"].split("\n")[0][:40] in text.select_one(".summary").get_text()
    # The notice is the page's: Urdu, right to left (it inherits the page's lang and dir).
    notice = page.select_one(".notice")
    assert notice.find_parent(attrs={"lang": True}).name == "html"


def test_hindi_shown_on_a_bengali_page_is_marked_hindi(client, demo_site):
    # The Bengali title gone: the page shows the Hindi original in its place.
    Statement.objects.filter(slug=FROM_HINDI).update(title_bn="")
    cache.clear()
    hindi = TEXTS[FROM_HINDI]["hi"]
    page = soup(client.get(f"/bn/statements/{FROM_HINDI}/"))
    assert page.html["lang"] == "bn"
    assert page.h1.get_text(strip=True) == hindi["title"]
    assert page.h1.find_parent(attrs={"lang": True})["lang"] == "hi"
    assert page.select_one(".statement .text")["lang"] == "hi"
    heading = _entry(soup(client.get("/bn/")), hindi["title"]).h2
    assert (heading["lang"], heading["dir"]) == ("hi", "ltr")


def test_topic_and_signatory_names_from_another_language_are_marked(client, demo_site):
    statement = demo_site[EVERYWHERE]
    # Named in English only: modeltranslation shows the English name on every page.
    org = Organisation.objects.create(slug="only-english", name_en="Workers' Forum")
    Signatory.objects.create(statement=statement, organisation=org, position=99)
    topic = Topic.objects.create(slug="only-english", name_en="Wages")
    statement.topics.add(topic)
    cache.clear()
    page = soup(client.get(f"/ur/statements/{EVERYWHERE}/"))
    (signatory,) = [li for li in page.select(".signatories li") if "Workers" in li.get_text()]
    assert (signatory["lang"], signatory["dir"]) == ("en", "ltr")
    others = [li for li in page.select(".signatories li") if li is not signatory]
    assert others and {li["lang"] for li in others} == {"ur"}
    (link,) = [a for a in page.select(".topics a") if a.get_text() == "Wages"]
    assert (link["lang"], link["dir"]) == ("en", "ltr")
    heading = soup(client.get("/ur/topics/only-english/")).h1
    assert (heading["lang"], heading["dir"], heading.get_text()) == ("en", "ltr", "Wages")


def test_a_link_worded_in_the_page_language_is_not_marked_as_the_original():
    template = (
        Path(__file__).resolve().parents[2]
        / "publishing"
        / "templates"
        / "publishing"
        / "statement.html"
    ).read_text()
    (link,) = re.findall(r'<a href="\{\{ original_url \}\}"[^>]*>', template)
    assert 'hreflang="{{ original.code }}"' in link and " lang=" not in link


def test_the_stylesheet_gives_other_languages_their_own_faces_inside_urdu():
    css = CSS.read_text()
    # Urdu's Nastaliq stack and line height are set by :lang(ur) and would be inherited.
    assert ':lang(ur) { font-family: "Anuvad Nastaliq"' in css
    rule = re.search(r":where\(([^)]*:lang\(en\)[^{]*)\{([^}]*)\}", css)
    assert rule and ":lang(hi)" in rule[1] and ":lang(bn)" in rule[1]
    assert rule[2].strip().startswith("font-family: var(--faces), var(--system)")
    assert re.search(r":where\(:lang\(en\)\) \{ line-height: 1\.6; \}", css)
