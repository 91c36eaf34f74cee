"""Back-translation on the review page: each sentence read back beside its source, drift
marked, nothing stored, engine failures in words, reviewers only."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from tests.factories import make_user
from tests.support.back_translation import (
    INTO_ENGLISH,
    SOURCE,
    URDU_INTO_HINDI,
    WRITTEN,
    teach_back_translations,
    versions_in_review,
)
from translations.engines import breaker
from translations.models import MemoryUnit
from workflow import back_translation, services
from workflow.exceptions import NotPermitted
from workflow.models import Segment, Statement, Variant

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_cached_back_translations():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def versions(users, settings) -> dict[str, Variant]:
    return versions_in_review(users, settings)


@pytest.fixture
def engines(mt_settings, mt_double):
    teach_back_translations(mt_double)
    return mt_double


def url(variant: Variant, language: str | None = None) -> str:
    base = reverse("workspace:back_translation", args=[variant.pk])
    return f"{base}?language={language}" if language else base


def rows(response) -> list[dict]:
    """The panel's table as a reader sees it: per row, its cells' text and the drift mark."""
    assert response.status_code == 200, response.content.decode()
    soup = BeautifulSoup(response.content, "html.parser")
    found = []
    for tr in soup.select("table.back-translation-table tbody tr"):
        found.append(
            {
                "source": tr.select_one(".bt-source").get_text(strip=True),
                "back": _without_origin(tr.select_one(".bt-text")),
                "engine": tr.select_one(".bt-text .origin").get_text()
                if tr.select(".bt-text .origin")
                else "",
                "back_lang": tr.select_one(".bt-text")["lang"],
                "drifted": "drifted" in (tr.get("class") or []) and bool(tr.select(".drift")),
            }
        )
    return found


def _without_origin(cell) -> str:
    """The back-translation's words, without the engine's name shown under them."""
    return "".join(
        str(part) if isinstance(part, str) else part.get_text()
        for part in cell.contents
        if not (getattr(part, "get", None) and "origin" in (part.get("class") or []))
    ).strip()


def stored(statement: Statement) -> tuple[list, list]:
    """Every sentence's translation fields and every memory unit, to compare before/after."""
    segments = list(
        Segment.objects.filter(variant__statement=statement)
        .order_by("pk")
        .values_list("pk", "target", "origin", "origin_detail", "suggestions", "version")
    )
    units = list(MemoryUnit.objects.order_by("pk").values_list("pk", "source_text", "target_text"))
    return segments, units


@pytest.mark.parametrize("code", ["hi", "bn", "ur"])
def test_each_sentence_is_read_back_beside_its_source(client, users, versions, engines, code):
    client.force_login(users["editor"])
    response = client.get(url(versions[code], "en"), HTTP_HX_REQUEST="true")
    found = rows(response)
    assert [r["source"] for r in found] == [SOURCE[i] for i in range(3)]
    assert [r["back"] for r in found] == [INTO_ENGLISH[WRITTEN[code][i]] for i in range(3)]
    assert {r["back_lang"] for r in found} == {"en"}
    assert {r["engine"] for r in found} == {"google"}
    # A partial for htmx to swap in, not a whole page.
    assert b"<html" not in response.content


def test_only_the_sentence_whose_meaning_drifted_is_marked(client, users, versions, engines):
    client.force_login(users["reviewer"])
    urdu = rows(client.get(url(versions["ur"], "en"), HTTP_HX_REQUEST="true"))
    assert [r["drifted"] for r in urdu] == [False, False, True]
    for code in ("hi", "bn"):
        read = rows(client.get(url(versions[code], "en"), HTTP_HX_REQUEST="true"))
        assert not any(r["drifted"] for r in read), code


def test_the_drift_threshold_comes_from_settings(users, versions, engines, settings):
    hindi = versions["hi"]
    lines = back_translation.back_translate(variant=hindi, actor=users["editor"], language="en")
    scores = [line.similarity for line in lines.lines]
    assert all(s is not None for s in scores)
    settings.ANUVAD_BACK_TRANSLATION_DRIFT_BELOW = max(scores) + 0.5
    again = back_translation.back_translate(variant=hindi, actor=users["editor"], language="en")
    assert all(line.drifted for line in again.lines)


def test_a_reviewer_reading_another_language_is_shown_it_and_drift_is_measured_in_the_source(
    client, users, versions, engines, settings
):
    # Through the double (the default Urdu → Hindi chain starts with Apertium, if installed).
    settings.ANUVAD_MT_CHAINS = "ur>hi=google,mymemory"
    client.force_login(users["reviewer"])
    response = client.get(url(versions["ur"], "hi"), HTTP_HX_REQUEST="true")
    found = rows(response)
    assert [r["back"] for r in found] == [URDU_INTO_HINDI[WRITTEN["ur"][i]] for i in range(3)]
    assert {r["back_lang"] for r in found} == {"hi"}
    # The Hindi cannot be compared with the English source; the English reading is.
    assert engines.count(target="hi") >= 1 and engines.count(target="en") >= 1
    assert [r["drifted"] for r in found] == [False, False, True]


def test_the_interface_language_is_the_default(client, users, versions, engines):
    client.force_login(users["reviewer"])
    client.post(reverse("set_language"), {"language": "hi", "next": "/desk/"})
    response = client.get(url(versions["ur"]), HTTP_HX_REQUEST="true")
    assert {r["back_lang"] for r in rows(response)} == {"hi"}
    page = client.get(reverse("workspace:review", args=[versions["ur"].pk])).content.decode()
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one("#bt-language option[selected]")["value"] == "hi"
    # The version's own language is not offered.
    assert "ur" not in [o["value"] for o in soup.select("#bt-language option")]


def test_nothing_is_stored(client, users, versions, engines, run_after_commit):
    # An approved version puts its sentences in the memory: there is something to keep.
    run_after_commit(services.variant_approve, variant=versions["hi"], actor=users["reviewer"])
    statement = versions["hi"].statement
    before = stored(statement)
    assert before[1], "the approved Hindi should be in the memory"
    client.force_login(users["reviewer"])
    for code in ("hi", "bn", "ur"):
        for language in ("en", "hi", "bn", "ur"):
            if language != code:
                assert rows(client.get(url(versions[code], language), HTTP_HX_REQUEST="true"))
    assert engines.requests, "the engines were asked"
    assert stored(statement) == before


def test_a_second_look_comes_from_the_cache(client, users, versions, engines):
    client.force_login(users["reviewer"])
    first = rows(client.get(url(versions["bn"], "en"), HTTP_HX_REQUEST="true"))
    asked = len(engines.requests)
    assert asked >= 1
    assert rows(client.get(url(versions["bn"], "en"), HTTP_HX_REQUEST="true")) == first
    assert len(engines.requests) == asked


def test_engines_down_give_a_clear_message_not_a_500(client, users, versions, settings):
    # No double started: every online engine points at a closed loopback port.
    client.force_login(users["reviewer"])
    response = client.get(url(versions["ur"], "en"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    failures = [li.get_text(" ", strip=True) for li in soup.select(".back-translation-failed li")]
    assert any(f.startswith("اردو → English: google: cannot reach") for f in failures), failures
    assert any("mymemory: cannot reach" in f for f in failures), failures
    assert not soup.select("table.back-translation-table")


def test_a_failing_engine_falls_through_to_the_next_and_is_named(client, users, versions, engines):
    engines.fail_next(503, provider="google")
    client.force_login(users["reviewer"])
    response = client.get(url(versions["ur"], "en"), HTTP_HX_REQUEST="true")
    found = rows(response)
    assert [r["back"] for r in found] == [INTO_ENGLISH[WRITTEN["ur"][i]] for i in range(3)]
    soup = BeautifulSoup(response.content, "html.parser")
    failures = [li.get_text(" ", strip=True) for li in soup.select(".back-translation-failed li")]
    assert failures == ["اردو → English: google: the service failed (HTTP 503)"]
    assert {r["engine"] for r in found} == {"mymemory"}


def test_an_engine_every_worker_skips_is_not_asked_and_one_that_fails_is_skipped_after(
    client, users, versions, engines, redis_server, settings
):
    settings.ANUVAD_MT_BREAKER_COOL_OFF = 60.0
    breaker.forget(["google", "mymemory"])
    engines.fail_next(503, provider="google")
    client.force_login(users["reviewer"])
    assert rows(client.get(url(versions["ur"], "en"), HTTP_HX_REQUEST="true"))
    # The failure is known to every task now: the next look does not ask google at all.
    assert breaker.blocked("google") is not None
    asked = engines.count(provider="google")
    cache.clear()
    response = client.get(url(versions["hi"], "en"), HTTP_HX_REQUEST="true")
    assert {r["engine"] for r in rows(response)} == {"mymemory"}
    assert engines.count(provider="google") == asked
    soup = BeautifulSoup(response.content, "html.parser")
    [failure] = [li.get_text(" ", strip=True) for li in soup.select(".back-translation-failed li")]
    assert "google: skipped" in failure
    breaker.forget(["google", "mymemory"])


def test_machine_translation_turned_off_says_so(client, users, versions, settings):
    settings.ANUVAD_MT_ENABLED = False
    client.force_login(users["reviewer"])
    response = client.get(url(versions["hi"], "en"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "machine translation is turned off" in response.content.decode()


def test_only_reviewers_of_the_language_may_ask(client, users, versions, engines):
    hindi = versions["hi"]
    # A translator of the language opens the review page but is offered no back-translation.
    client.force_login(users["translator_hi2"])
    page = client.get(reverse("workspace:review", args=[hindi.pk])).content.decode()
    assert reverse("workspace:back_translation", args=[hindi.pk]) not in page
    response = client.get(url(hindi, "en"), HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert "Only the reviewers of this language" in response.content.decode()
    # A reviewer of another language does not even see the version.
    client.force_login(users["reviewer_bn"])
    assert client.get(url(hindi, "en"), HTTP_HX_REQUEST="true").status_code == 404
    assert not engines.requests
    with pytest.raises(NotPermitted):
        back_translation.back_translate(variant=hindi, actor=users["translator_hi"], language="en")
    # A reviewer of it is offered one.
    client.force_login(make_user("reviewer_hi", roles=["reviewer"], languages=["hi"]))
    page = client.get(reverse("workspace:review", args=[hindi.pk])).content.decode()
    assert reverse("workspace:back_translation", args=[hindi.pk]) in page


def test_a_language_not_offered_is_refused_and_asks_nothing(client, users, versions, engines):
    client.force_login(users["reviewer"])
    for language in ("ur", "fr", "en'><b>"):  # its own language, not ours, junk
        response = client.get(url(versions["ur"]), {"language": language}, HTTP_HX_REQUEST="true")
        assert response.status_code == 400
        assert "Choose one of the languages offered" in response.content.decode()
    # The source version has nothing to read back: not offered, refused if asked.
    source = services.source_variant(versions["ur"].statement)
    page = client.get(reverse("workspace:review", args=[source.pk])).content.decode()
    assert reverse("workspace:back_translation", args=[source.pk]) not in page
    response = client.get(url(source, "hi"), HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "nothing to translate back" in response.content.decode()
    assert not engines.requests


def test_without_script_the_form_opens_a_page(client, users, versions, engines):
    client.force_login(users["reviewer"])
    response = client.get(url(versions["bn"], "en"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page and reverse("workspace:review", args=[versions["bn"].pk]) in page
    assert [r["back"] for r in rows(response)] == [INTO_ENGLISH[WRITTEN["bn"][i]] for i in range(3)]


def test_similarity_ignores_what_does_not_change_meaning():
    same = back_translation.similarity
    assert (
        same("We demand that the dues be paid at once.", "we demand that the dues be paid at once")
        == 100
    )
    assert same("দিল্লিতে ১,৪১৩ জন", "দিল্লিতে 1,413 জন") == 100
    assert same(SOURCE[2], "We ask that we wait until next year.") < same(
        SOURCE[2], "We demand that the arrears be paid immediately."
    )


def test_an_engine_that_hangs_costs_only_the_time_allowed(
    client, users, versions, engines, settings
):
    # The time allowed runs out while google hangs: mymemory is not asked, and both say so.
    settings.ANUVAD_BACK_TRANSLATION_SECONDS = 2.5
    engines.hang()
    client.force_login(users["reviewer"])
    response = client.get(url(versions["hi"], "en"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    failures = [li.get_text(" ", strip=True) for li in soup.select(".back-translation-failed li")]
    assert failures == [
        "हिन्दी → English: google: no answer within 2 s",
        "हिन्दी → English: mymemory: not asked, the time for a back-translation was spent;"
        " try again",
    ]
    assert engines.count(provider="mymemory") == 0


def test_reasons_of_our_own_read_in_the_interface_language(client, users, versions, settings):
    settings.ANUVAD_MT_ENABLED = False
    client.force_login(users["reviewer"])
    client.post(reverse("set_language"), {"language": "ur", "next": "/desk/"})
    response = client.get(url(versions["hi"], "en"), HTTP_HX_REQUEST="true")
    reason = BeautifulSoup(response.content, "html.parser").select_one(
        ".back-translation-failed li span"
    )
    assert reason.get_text() == "اس سائٹ پر مشینی ترجمہ بند ہے"
    assert (reason["lang"], reason["dir"]) == ("ur", "rtl")


def test_a_cache_that_is_away_costs_only_the_caching(settings, users, versions, engines):
    from config import cache as cache_backend

    settings.ANUVAD_MT_CACHE = False  # the engine result cache would answer the second time

    away = {"default": {"BACKEND": "config.cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}
    try:
        with override_settings(CACHES=away):
            for _ in range(2):
                read = back_translation.back_translate(
                    variant=versions["bn"], actor=users["reviewer"], language="en"
                )
                assert [line.text for line in read.lines] == [
                    INTO_ENGLISH[WRITTEN["bn"][i]] for i in range(3)
                ]
                assert not read.failures
        assert engines.count(target="en") == 2  # nothing kept, nothing broken
    finally:
        cache_backend.forget_failures()


def test_glossary_terms_go_through_the_engines_protected(client, users, versions, engines):
    from translations.models import GlossaryTerm

    GlossaryTerm.objects.create(
        source_language="ur",
        term="تعمیراتی مزدوروں",
        kind=GlossaryTerm.Kind.FIXED,
        target_language="en",
        translation="construction workers",
    )
    client.force_login(users["reviewer"])
    read = rows(client.get(url(versions["ur"], "en"), HTTP_HX_REQUEST="true"))
    sent = "\n".join(r.query for r in engines.requests)
    assert "تعمیراتی مزدوروں" not in sent and "{1}" in sent
    # The double does not know the protected sentence: it marks it, and the term comes back.
    assert (
        read[1]["back"]
        == "[en] دہلی میں 1,413 construction workers کو تین مہینے سے اجرت نہیں ملی ہے۔"
    )


def test_a_whole_statement_goes_back_in_one_request_a_language(users, published, mt_double):
    """Why the reviewer can wait for it: the engines batch a statement's sentences."""
    urdu = published.variants.get(language="ur")
    count = urdu.segments.exclude(target="").count()
    assert count >= 20
    mt_double.reset()
    read = back_translation.back_translate(variant=urdu, actor=users["reviewer"], language="bn")
    assert read.translated == count and not read.failures
    assert mt_double.counts_by_target() == {"bn": 1, "en": 1}


def test_back_translations_are_counted_and_kept_like_any_engine_call(users, versions, engines):
    from django.core.cache import cache

    from translations import engine_usage

    for _ in range(2):
        back_translation.back_translate(
            variant=versions["bn"], actor=users["reviewer"], language="en"
        )
        cache.clear()  # past the short-lived cache: the engine result cache answers
    assert engines.count(target="en") == 1
    (google,) = engine_usage.months(count=1, engine="google")
    assert google.requests >= 1 and google.characters > 0
