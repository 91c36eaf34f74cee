"""Reader search: letters written two ways, and words typed in Latin letters."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import make_statement, make_user
from tests.publishing.conftest import soup
from workflow import services
from workflow.models import StatementSearch

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def publish():
    author = make_user("author", roles=["author"], languages=["en", "hi", "bn", "ur"])

    def publish(language: str, title: str, body: str = "", *, issued_on: date | None = None):
        statement = make_statement(
            author,
            source_language=language,
            title=title,
            body=body or title,
            issued_on=issued_on or date(2026, 5, 1),
        )
        services.publish(services.source_variant(statement), actor=None)
        return title

    return publish


def titles(client, language: str, query: str) -> list[str]:
    page = soup(client.get(f"/{language}/search/", {"q": query}))
    return [a.get_text(strip=True) for a in page.select(".entries h2 a")]


def test_hindi_search_ignores_the_nukta_both_ways(client, publish):
    with_nukta = publish("hi", "मज़दूरों की हड़ताल तीसरे दिन भी जारी")
    without = publish("hi", "मजदूर संघ ने बैठक बुलाई")
    assert set(titles(client, "hi", "मजदूर")) == {with_nukta, without}
    assert set(titles(client, "hi", "मज़दूर")) == {with_nukta, without}
    assert titles(client, "hi", "हडताल जारी") == [with_nukta]


def test_urdu_search_folds_the_heh_forms(client, publish):
    prices = publish("ur", "مہنگائی کے خلاف بھارت بھر میں احتجاج")
    # Typed on an Arabic keyboard: one heh (ه) for heh goal and for the aspirating heh.
    assert titles(client, "ur", "مهنگائی") == [prices]
    assert titles(client, "ur", "بهارت احتجاج") == [prices]
    assert titles(client, "ur", "بہارت") == [prices]
    assert titles(client, "ur", "مہنگائی") == [prices]


def test_bengali_search_matches_both_spellings_of_ya_and_khanda_ta(client, publish):
    precomposed = publish("bn", "সম\u09df মতো মজুরি চাই")  # য় as one character, U+09DF
    with_nukta = publish("bn", "বিদ্যাল\u09af\u09bc বন্ধের প্রতিবাদ")  # য + nukta
    fishers = publish("bn", "মৎস্যজীবীদের দাবি")
    assert titles(client, "bn", "সম\u09af\u09bc মতো") == [precomposed]
    assert titles(client, "bn", "বিদ্যাল\u09df") == [with_nukta]
    assert titles(client, "bn", "মত\u09cd\u200dস্যজীবীদের") == [fishers]  # ত্‍ for ৎ


def test_latin_letters_find_statements_in_every_script(client, publish):
    hindi = publish("hi", "मज़दूरों की हड़ताल तीसरे दिन भी जारी")
    urdu = publish("ur", "مزدوروں کی ہڑتال تیسرے دن بھی جاری")
    bengali = publish("bn", "মজদুরদের হরতাল তৃতীয় দিনেও চলছে")
    for query in ("mazdoor", "majdur", "hartal", "mazdoor hartal", "Majdoor HARTAAL"):
        assert titles(client, "hi", query) == [hindi], query
        assert titles(client, "ur", query) == [urdu], query
        assert titles(client, "bn", query) == [bengali], query
    # Hindi and Urdu share the sentence, Bengali says it differently.
    assert titles(client, "hi", "mazdooron ki hartal") == [hindi]
    assert titles(client, "ur", "mazdooron ki hartal") == [urdu]
    assert titles(client, "bn", "mazdooron ki hartal") == []
    page = soup(client.get("/hi/search/", {"q": "hartal"}))
    assert "sound like" not in page.get_text()  # the note, in Hindi
    assert "लैटिन अक्षरों" in page.get_text()
    # Latin words that sound like nothing in the text find nothing.
    assert titles(client, "hi", "minimum wage") == []


def test_latin_matches_come_after_the_words_as_typed(client, publish):
    sounds_alike = publish("hi", "मजदूर एकता का आह्वान", issued_on=date(2026, 6, 1))
    as_typed = publish("hi", "Mazdoor Ekta Manch का बयान", issued_on=date(2026, 1, 1))
    # The newer statement only sounds like the query: it comes second.
    assert titles(client, "hi", "mazdoor ekta") == [as_typed, sounds_alike]
    # Without Latin letters no sound-alike is looked for.
    assert titles(client, "hi", "मजदूर एकता") == [sounds_alike]


def test_the_search_text_follows_the_live_text(publish):
    publish("hi", "मज़दूरों की हड़ताल")
    row = StatementSearch.objects.get(language="hi")
    assert "मजदूरों" in row.text
    assert " hrtl " in row.latin
    editor = make_user("editor", roles=["editor"], languages=["hi"])
    services.statement_withdraw(statement=row.statement, actor=editor, note="Retracted.")
    assert not StatementSearch.objects.exists()
