"""Reader search: letters written two ways, and words typed in Latin letters."""

from __future__ import annotations

from datetime import date

import pytest

from publishing import selectors
from tests.factories import make_statement, make_user
from tests.publishing.conftest import DRAFT, EVERYWHERE, IN_TRANSLATION, soup
from workflow import services
from workflow.models import Statement, StatementSearch

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


def found_in(language: str, statement) -> bool:
    """Whether a search for the statement's own title there finds it."""
    title = getattr(statement, f"title_{language}")
    rows = selectors.search(selectors.clean_query(title, language), language)
    return statement.pk in {s.pk for s in rows[:50]}


def test_the_index_holds_exactly_what_readers_can_see(demo_site, users):
    unpublished = [demo_site[IN_TRANSLATION].pk, demo_site[DRAFT].pk]
    assert not StatementSearch.objects.filter(statement_id__in=unpublished).exists()
    public = selectors.statements_public()
    live = {(s.pk, code) for s in public for code in s.published_languages()}
    assert set(StatementSearch.objects.values_list("statement_id", "language")) == live
    statement = demo_site[EVERYWHERE]
    statement.refresh_from_db()
    assert all(found_in(code, statement) for code in ("en", "hi", "bn", "ur"))
    services.statement_withdraw(statement=statement, actor=users["editor"], note="Retracted.")
    assert not StatementSearch.objects.filter(statement=statement).exists()


def test_results_follow_a_corrected_issue_date(client, publish):
    older = publish("hi", "चाय बागान मज़दूरों की हड़ताल", issued_on=date(2026, 3, 1))
    newer = publish("hi", "निर्माण मज़दूरों की हड़ताल", issued_on=date(2026, 4, 1))
    assert titles(client, "hi", "हड़ताल") == [newer, older]
    statement = Statement.objects.get(title_hi=older)
    statement.issued_on = date(2026, 5, 1)  # an editor corrects the date
    statement.save()
    assert titles(client, "hi", "हड़ताल") == [older, newer]
    undated = Statement.objects.get(title_hi=newer)
    undated.issued_on = None
    undated.save(update_fields=["issued_on"])
    assert titles(client, "hi", "हड़ताल") == [older, newer]  # no date sorts last


def test_results_page_through_in_order(client, publish):
    made = [
        publish("ur", f"ہڑتال کا دن نمبر {n}", issued_on=date(2026, 1, n)) for n in range(1, 26)
    ]
    first = titles(client, "ur", "ہڑتال")
    second = [
        a.get_text(strip=True)
        for a in soup(client.get("/ur/search/", {"q": "ہڑتال", "page": 2})).select(".entries h2 a")
    ]
    assert first + second == made[::-1]
    assert len(selectors.search("ہڑتال", "ur")) == 25


def test_postgresql_indexes_each_text_column_by_language_and_trigram(publish):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the trigram indexes exist on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s",
            ["workflow_statementsearch"],
        )
        indexes = dict(cursor.fetchall())
    for column in ("text", "latin"):
        definition = indexes[f"statementsearch_language_{column}_trgm"]
        assert f"USING gin (language, {column} gin_trgm_ops)" in definition
    # The column-only trigram indexes they replace are gone (one index per question).
    assert not {"workflow_statementsearch_text_trgm", "workflow_statementsearch_latin_trgm"} & set(
        indexes
    )
    # The folded query reaches the indexed text: typed without nukta, in Latin letters.
    title = publish("hi", "मज़दूरों की हड़ताल तीसरे दिन भी जारी")
    assert [s.title_hi for s in selectors.search("mazdoor हड़ताल", "hi")[:20]] == [title]
