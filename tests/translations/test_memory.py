"""The translation memory: exact and fuzzy lookups, refreshes, removal and its index."""

from __future__ import annotations

import json
import random
import string
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from tests.factories import UserFactory, make_statement, make_user
from translations import memory
from translations.memory import index
from translations.models import MemoryPosting, MemoryToken, MemoryUnit
from translations.normalise import fuzzy_form, source_hash

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

EN = "Construction workers in Delhi have not been paid for three months."
HI = "दिल्ली में निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।"


def remember(source=EN, target=HI, *, pair=("en", "hi"), **extra):
    return memory.add(
        source_language=pair[0],
        target_language=pair[1],
        source_text=source,
        target_text=target,
        **extra,
    )


def find(text, *, pair=("en", "hi"), **options):
    return memory.lookup(text, source_language=pair[0], target_language=pair[1], **options)


def assert_index_consistent():
    """Postings and document frequencies are exactly what the stored units imply."""
    expected_postings = set()
    expected_df: Counter[int] = Counter()
    units = MemoryUnit.objects.values_list(
        "id", "source_language", "target_language", "source_text"
    )
    for row in units:
        entry = index.entry(*row)
        expected_postings.update((key, entry.length, entry.unit_id) for key in entry.keys)
        expected_df.update(entry.keys)
    postings = set(MemoryPosting.objects.values_list("key", "length", "unit_id"))
    assert postings == expected_postings
    assert dict(MemoryToken.objects.values_list("key", "df")) == dict(expected_df)


def test_exact_match_ignores_digit_script_quotes_and_spacing():
    unit = remember(
        "दिल्ली में 1,413 किसान “न्याय” माँगने पहुँचे।",
        "1,413 farmers reached Delhi to demand “justice”.",
        pair=("hi", "en"),
    )
    matches = find('दिल्ली  में १,४१३ किसान "न्याय" माँगने पहुँचे।', pair=("hi", "en"))
    assert matches == [
        memory.Match(unit.pk, unit.source_text, unit.target_text, score=100.0, exact=True)
    ]
    assert unit.source_hash == source_hash("दिल्ली में १,४१३ किसान “न्याय” माँगने पहुँचे।")
    bengali = remember("কলকাতায় 12 জন শ্রমিক", "12 workers in Kolkata", pair=("bn", "en"))
    assert find("কলকাতায় ১২ জন শ্রমিক", pair=("bn", "en"))[0].unit_id == bengali.pk
    urdu = remember("دہلی میں 12 مزدور", "12 workers in Delhi", pair=("ur", "en"))
    assert find("دہلی میں ۱۲ مزدور", pair=("ur", "en"))[0].unit_id == urdu.pk
    assert find("دہلی ميں ۱۲ مزدور", pair=("ur", "en"))[0].exact  # Arabic-keyboard yeh


def test_exact_match_ignores_nukta_and_urdu_heh_forms():
    # Typed text mostly leaves the nukta out; the approved sentence has it, or the reverse.
    with_nukta = remember("मज़दूरों को मज़दूरी मिले।", "Pay the workers.", pair=("hi", "en"))
    assert find("मजदूरों को मजदूरी मिले।", pair=("hi", "en")) == [
        memory.Match(with_nukta.pk, with_nukta.source_text, "Pay the workers.", 100.0, True)
    ]
    without = remember("मजदूर संघ की बैठक", "The workers' union meets.", pair=("hi", "en"))
    assert find("मज़दूर संघ की बैठक", pair=("hi", "en"))[0].unit_id == without.pk
    # The same translation with and without the nukta is one unit.
    assert remember("मज़दूर संघ की बैठक", "The workers' union meets.", pair=("hi", "en")) == without
    # Arabic heh for heh goal.
    urdu = remember("مہنگائی کے خلاف احتجاج", "A protest against rising prices", pair=("ur", "en"))
    assert find("مهنگائی کے خلاف احتجاج", pair=("ur", "en"))[0].unit_id == urdu.pk


def test_lookup_is_per_language_pair():
    remember()
    assert find(EN, pair=("en", "bn")) == []
    assert find(HI, pair=("hi", "en")) == []


def test_newest_exact_match_comes_first():
    now = timezone.now()
    older = remember(EN, "पुराना अनुवाद।", approved_at=now - timedelta(days=2))
    newer = remember(EN, "नया अनुवाद।", approved_at=now - timedelta(days=1))
    assert [m.unit_id for m in find(EN)] == [newer.pk, older.pk]
    remember(EN, "पुराना अनुवाद।", approved_at=now)  # approved again: now the newest
    assert [m.unit_id for m in find(EN)] == [older.pk, newer.pk]
    assert [m.unit_id for m in find(EN, limit=1)] == [older.pk]


def test_adding_the_same_translation_again_refreshes_it():
    first_approver, second_approver = UserFactory(username="asha"), UserFactory(username="bilal")
    long_ago = timezone.now() - timedelta(days=30)
    unit = remember(approved_by=first_approver, approved_at=long_ago)
    again = remember(f"  {EN} ", HI, approved_by=second_approver)
    assert again.pk == unit.pk
    assert MemoryUnit.objects.count() == 1
    assert again.approved_by == second_approver
    assert again.approved_at > long_ago
    # An older approval (an imported archive, say) does not turn the clock back.
    remember(approved_by=first_approver, approved_at=long_ago)
    unit.refresh_from_db()
    assert unit.approved_by == second_approver
    assert_index_consistent()


def test_add_many_counts_new_units_and_keeps_objects():
    author = make_user("author", roles=["author"], languages=["en", "hi"])
    statement = make_statement(author)
    units = [
        {
            "source_language": "en",
            "target_language": "hi",
            "source_text": f"Workers in district {n} marched to the office.",
            "target_text": f"ज़िला {n} के मज़दूर दफ़्तर तक गए।",
            "statement": statement,
            "approved_by": author,
        }
        for n in range(5)
    ]
    assert memory.add_many(units, origin="approval") == 5
    assert memory.add_many([*units[:2], units[0]], origin="approval") == 0
    assert MemoryUnit.objects.count() == 5
    assert set(MemoryUnit.objects.values_list("statement_id", flat=True)) == {statement.pk}
    counted = memory.add_many_counted(
        [
            units[0],
            {**units[0], "target_text": "दूसरा अनुवाद।", "approved_by_id": author.pk},
            {**units[1], "approved_by": None},
        ],
        origin="import",
    )
    assert (counted.added, counted.refreshed) == (1, 2)
    assert_index_consistent()


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ({"source_language": "fr"}, "not one of"),
        ({"target_language": "en"}, "both 'en'"),
        ({"target_text": "   "}, "non-empty"),
        ({"colour": "red"}, "Unknown unit field"),
    ],
)
def test_an_invalid_unit_adds_nothing(unit, message):
    good = {
        "source_language": "en",
        "target_language": "hi",
        "source_text": EN,
        "target_text": HI,
    }
    with pytest.raises(memory.InvalidUnit, match=message):
        memory.add_many([good, {**good, "source_text": "Another.", **unit}], origin="import")
    assert not MemoryUnit.objects.exists()
    assert not MemoryPosting.objects.exists()


def test_fuzzy_matches_score_like_rapidfuzz_and_respect_the_threshold():
    near = remember("Construction workers in Delhi were not paid for many months.", "अ।")
    at_75_8 = remember("Construction workers in Patna have not been paid since last March.", "ब।")
    at_71 = remember("Workers in Patna have not been paid for three months, the union said.", "स।")
    remember("Teachers want new schools in every village of the state.", "द।")

    matches = find(EN, limit=5)
    assert [m.unit_id for m in matches] == [near.pk, at_75_8.pk]
    for match in matches:
        assert not match.exact
        assert match.score == fuzz.ratio(fuzzy_form(EN), fuzzy_form(match.source_text))
    assert 75 <= matches[1].score < 76

    assert [m.unit_id for m in find(EN, threshold=76)] == [near.pk]
    low = find(EN, threshold=70, limit=5)
    assert [m.unit_id for m in low] == [near.pk, at_75_8.pk, at_71.pk]
    assert 71 <= low[2].score < 72
    assert find(EN, limit=1)[0].unit_id == near.pk


def test_a_74_match_is_not_offered_at_75(settings):
    source = "Workers in Delhi have not been paid for three months, the union said today."
    stored = "Workers in Delhi were not paid for six weeks, the union leaders said on Friday."
    score = fuzz.ratio(fuzzy_form(source), fuzzy_form(stored))
    assert 74 <= score < 75
    remember(stored, "अ।")
    settings.ANUVAD_TM_FUZZY_THRESHOLD = 75
    assert find(source) == []
    settings.ANUVAD_TM_FUZZY_THRESHOLD = 74
    assert find(source)[0].score == score


def test_exact_matches_come_before_fuzzy_ones():
    exact = remember()
    fuzzy = remember("Construction workers in Delhi were not paid for many months.", "अ।")
    matches = find(EN.upper().replace("DELHI", "Delhi"))  # case differs: fuzzy only
    assert [m.exact for m in matches] == [False, False]
    matches = find(EN)
    assert [(m.unit_id, m.exact) for m in matches] == [(exact.pk, True), (fuzzy.pk, False)]


def test_lookup_many_answers_like_lookup():
    remember()
    remember("Construction workers in Delhi were not paid for many months.", "अ।")
    texts = [EN, "Teachers in Delhi have not been paid for three months.", "", "Nothing alike."]
    many = memory.lookup_many(texts, source_language="en", target_language="hi")
    assert many == [find(text) for text in texts]
    assert many[2] == [] and many[3] == []


def test_bad_requests_are_refused():
    with pytest.raises(memory.InvalidUnit, match="not one of"):
        find(EN, pair=("en", "fr"))
    with pytest.raises(memory.TranslationMemoryError, match="0 to 100"):
        find(EN, threshold=101)


def test_removed_units_are_never_offered_and_the_index_follows():
    keep = remember()
    gone = remember("Construction workers in Delhi were not paid for many months.", "अ।")
    other = remember("Farmers in Delhi have not been paid for three months.", "ब।")
    assert_index_consistent()
    before = dict(MemoryToken.objects.values_list("key", "df"))

    assert memory.remove([gone.pk, gone.pk, 10**9]) == 1
    assert gone.pk not in {m.unit_id for m in find(EN, threshold=0, limit=10)}
    assert_index_consistent()
    after = dict(MemoryToken.objects.values_list("key", "df"))
    for key in index.entry(gone.pk, "en", "hi", gone.source_text).keys:
        assert after.get(key, 0) == before[key] - 1
    assert not MemoryPosting.objects.filter(unit_id=gone.pk).exists()

    memory.remove([keep.pk, other.pk])
    assert not MemoryPosting.objects.exists()
    assert not MemoryToken.objects.exists()


def test_rebuild_gives_the_same_index():
    for n in range(20):
        remember(f"Workers in ward {n} of the city marched to the office.", f"वार्ड {n}।")
    postings = set(MemoryPosting.objects.values_list("key", "length", "unit_id"))
    tokens = dict(MemoryToken.objects.values_list("key", "df"))
    assert index.rebuild() == 20
    assert set(MemoryPosting.objects.values_list("key", "length", "unit_id")) == postings
    assert dict(MemoryToken.objects.values_list("key", "df")) == tokens


def test_a_unit_outlives_its_approver_and_keeps_its_statement():
    author = make_user("author", roles=["author"], languages=["en", "hi"])
    approver = UserFactory(username="asha")
    statement = make_statement(author)
    unit = remember(statement=statement, approved_by=approver)
    approver.delete()
    unit.refresh_from_db()
    assert unit.approved_by is None and unit.statement_id == statement.pk
    assert find(EN)[0].unit_id == unit.pk


def _sentences(rng: random.Random, words: list[str], weights: list[float], count: int):
    return [
        " ".join(rng.choices(words, weights, k=rng.randint(4, 18))).capitalize() + "."
        for _ in range(count)
    ]


def test_indexed_lookup_finds_the_best_match_a_full_scan_finds():
    rng = random.Random(7)
    # Whole words are what the index knows: a match sharing no word with the query (only
    # look-alike ones) is out of its reach, so these words do not look alike.
    words = sorted(
        {"".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(600)}
    )
    rng.shuffle(words)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    sources = list(dict.fromkeys(_sentences(rng, words, weights, 3000)))
    memory.add_many(
        (
            {"source_language": "en", "target_language": "hi", "source_text": s, "target_text": "त"}
            for s in sources
        ),
        origin="import",
    )
    forms = [fuzzy_form(source) for source in sources]
    queries = []
    for source in rng.sample(sources, 60):
        changed = source.rstrip(".").split()
        for _ in range(rng.randint(1, 2)):
            changed[rng.randrange(len(changed))] = rng.choices(words, weights)[0]
        queries.append(" ".join(changed) + ".")
    queries += _sentences(rng, words, weights, 20)

    compared = 0
    for query in queries:
        best = process.extractOne(fuzzy_form(query), forms, scorer=fuzz.ratio, score_cutoff=75)
        matches = find(query, limit=1)
        if best is None:
            assert matches == [] or matches[0].score >= 75
            continue
        compared += 1
        assert matches, query
        assert matches[0].score == pytest.approx(best[1])
    assert compared >= 50


def test_the_benchmark_reports_sensible_numbers(tmp_path: Path):
    if connection.vendor != "sqlite":
        pytest.skip("the benchmark runs on its own SQLite file; once is enough")
    done = subprocess.run(
        [
            *(sys.executable, "-m", "bench.tm_lookup", "--units", "2000", "--queries", "40"),
            *("--baseline-queries", "10", "--dir", str(tmp_path)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert "recall vs full scan" in done.stdout
    report = json.loads((tmp_path / "tm_lookup.json").read_text())
    assert report["units"] == 2000
    assert report["queries"] == 40
    assert report["by_kind"]["near"]["queries"] == 20
    assert report["queries_with_match_at_threshold"] >= 15  # near-duplicates mostly match
    assert report["recall"] >= 0.95
    assert report["lookup_ms"]["p50"] > 0 and report["baseline_ms"]["p50"] > 0
    assert (tmp_path / "tm_lookup-2000.built.json").exists()


@given(
    st.text(alphabet="abcdefgh किसान", min_size=1, max_size=40),
    st.text(alphabet="abcdefgh किसान", min_size=1, max_size=40),
    st.integers(min_value=1, max_value=100),
)
def test_length_window_never_excludes_a_passing_match(a, b, threshold):
    if fuzz.ratio(a, b) >= threshold:
        low, high = index.length_window(len(a), threshold)
        assert low <= len(b) <= high


def test_admin_lists_searches_and_removes_through_the_memory(admin_client):
    keep = remember()
    gone = remember("Farmers in Delhi have not been paid for three months.", "ब।")
    url = reverse("admin:translations_memoryunit_changelist")
    page = admin_client.get(url, {"q": "Farmers", "source_language__exact": "en"})
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [gone]
    assert admin_client.get(reverse("admin:translations_memoryunit_add")).status_code == 403
    detail = admin_client.get(reverse("admin:translations_memoryunit_change", args=[keep.pk]))
    assert detail.status_code == 200 and not detail.context["has_change_permission"]

    admin_client.post(
        url, {"action": "delete_selected", "_selected_action": [gone.pk], "post": "yes"}
    )
    assert list(MemoryUnit.objects.all()) == [keep]
    assert_index_consistent()


def test_common_tokens_are_read_only_around_the_query_length(monkeypatch):
    # With no budget every token counts as common: only the rows nearest in length are read.
    monkeypatch.setattr(index, "POSTINGS_BUDGET", 0)
    monkeypatch.setattr(index, "HEAVY_ROWS", 2)
    near = remember("Construction workers in Delhi were not paid for many months.", "अ।")
    for n in range(6):
        remember(f"Workers in Delhi {'and elsewhere ' * n}were paid.", f"{n}।")
    assert find(EN)[0].unit_id == near.pk
