"""Machine-translation engines: the shared contract, batching, failures, registry, checks."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate
from urllib.parse import quote_plus

import deep_translator.google
import pytest
import requests
from deep_translator import GoogleTranslator
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from tests.support.mt_double import MTDoubleServer, fake_translation
from tests.support.processes import free_port
from translations.engines import registry
from translations.engines.apertium import ApertiumEngine
from translations.engines.base import (
    Engine,
    EngineBadResponse,
    EngineNotConfigured,
    EngineRateLimited,
    EngineUnavailable,
    Translation,
    UnsupportedLanguagePair,
)
from translations.engines.checks import check_mt_settings
from translations.engines.deepl import DeeplEngine
from translations.engines.google import GoogleEngine
from translations.engines.libretranslate import LibreTranslateEngine
from translations.engines.microsoft import MicrosoftEngine
from translations.engines.mymemory import MyMemoryEngine

ALL_PAIRS = set(registry.pairs())

# Real sentences, with the characters that break careless code: nukta, ZWJ in Bengali
# ("র‍্যালি"), Urdu's own punctuation, digits of each script.
SENTENCES = {
    "en": [
        "The farmers' rally reached Delhi on Monday.",
        "Relief camps opened in 12 districts.",
        "The minister will speak at 5 pm.",
    ],
    "hi": [
        "किसानों की रैली सोमवार को दिल्ली पहुँची।",
        "बारह ज़िलों में राहत शिविर खोले गए।",
        "मंत्री शाम ५ बजे बोलेंगे।",
    ],
    "bn": [
        "কৃষকদের র\u200d্যালি সোমবার দিল্লি পৌঁছেছে।",
        "বারোটি জেলায় ত্রাণ শিবির খোলা হয়েছে।",
        "মন্ত্রী বিকেল ৫টায় বক্তব্য দেবেন।",
    ],
    "ur": [
        "کسانوں کی ریلی پیر کو دہلی پہنچی۔",
        "بارہ اضلاع میں امدادی کیمپ کھولے گئے۔",
        "وزیر شام ۵ بجے خطاب کریں گے؟",
    ],
}

APERTIUM_READY = bool(shutil.which("apertium")) and {"hin-urd", "urd-hin"} <= set(
    subprocess.run(["apertium", "-l"], capture_output=True, text=True, check=False).stdout.split()
    if shutil.which("apertium")
    else []
)
needs_apertium = pytest.mark.skipif(
    not APERTIUM_READY,
    reason="the apertium program or its hin-urd/urd-hin modes (apt install apertium-urd-hin)"
    " are not installed",
)


def sentences(count: int, width: int = 100) -> list[str]:
    """``count`` distinct English sentences of exactly ``width`` characters."""
    filler = " the district council met on Monday to discuss flood relief for the villages" * 3
    return [(f"Item {i:03d}:" + filler)[: width - 1] + "." for i in range(count)]


# ---- the contract, for every engine class ---------------------------------------------


@dataclass
class Case:
    name: str
    build: Callable[[MTDoubleServer], Engine]  # configured, talking to the double
    unconfigured: Callable[[], Engine] | None  # None: needs no key, URL or program
    reason: str
    pairs: set[tuple[str, str]]
    via_double: bool = True


CASES = [
    Case("google", lambda d: GoogleEngine(url=d.url("google")), None, "", ALL_PAIRS),
    Case("mymemory", lambda d: MyMemoryEngine(url=d.url("mymemory")), None, "", ALL_PAIRS),
    Case(
        "libretranslate",
        lambda d: LibreTranslateEngine(url=d.url("libretranslate")),
        LibreTranslateEngine,
        "LIBRETRANSLATE_URL is not set",
        ALL_PAIRS,
    ),
    Case(
        "microsoft",
        lambda d: MicrosoftEngine(api_key="test-key", url=d.url("microsoft")),
        MicrosoftEngine,
        "MICROSOFT_TRANSLATOR_KEY is not set",
        ALL_PAIRS,
    ),
    # DeepL offers none of our languages but English (see deepl.py): no pair at all.
    Case("deepl", lambda d: DeeplEngine(api_key="test-key"), DeeplEngine, "DEEPL_API_KEY", set()),
    pytest.param(
        Case(
            "apertium",
            lambda d: ApertiumEngine(),
            lambda: ApertiumEngine(command="no-such-apertium-program"),
            "'no-such-apertium-program' program was not found",
            {("hi", "ur"), ("ur", "hi")},
            via_double=False,
        ),
        marks=needs_apertium,
        id="apertium",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
class TestContract:
    def test_configured_or_says_why_not(self, case: Case, mt_double: MTDoubleServer):
        assert case.build(mt_double).configured() == (True, "")
        if case.unconfigured is None:
            return
        engine = case.unconfigured()
        configured, reason = engine.configured()
        assert not configured
        assert case.reason in reason
        with pytest.raises(EngineNotConfigured, match=case.reason):
            engine.translate(["Hello"], "en", "hi")
        assert mt_double.requests == []

    def test_supports_exactly_the_pairs_the_provider_covers(self, case: Case, mt_double):
        engine = case.build(mt_double)
        assert {pair for pair in ALL_PAIRS if engine.supports(*pair)} == case.pairs
        assert not engine.supports("hi", "hi")
        assert not engine.supports("en", "fr")

    def test_translate_keeps_length_order_and_blank_texts(self, case: Case, mt_double):
        engine = case.build(mt_double)
        if not case.pairs:
            with pytest.raises(UnsupportedLanguagePair):
                engine.translate(["Hello"], "en", "hi")
            return
        source, target = sorted(case.pairs)[0]
        one, two, three = SENTENCES[source]
        texts = ["", one, "   ", two, "\n", three]

        results = engine.translate(texts, source, target)

        assert len(results) == len(texts)
        assert all(isinstance(r, Translation) for r in results)
        assert [r.text for r in results[0::2]] == ["", "   ", "\n"]  # untouched
        if case.via_double:
            assert [r.text for r in results[1::2]] == [f"[{target}] {t}" for t in (one, two, three)]
            assert mt_double.count(provider=case.name) == 1  # three texts, one request
        else:
            outputs = [r.text for r in results[1::2]]
            assert all(outputs) and outputs != [one, two, three]
            # In order: each text translated on its own gives the same answer.
            assert outputs == [engine.translate([t], source, target)[0].text for t in texts[1::2]]

    def test_an_unsupported_pair_is_refused_without_a_request(self, case: Case, mt_double):
        engine = case.build(mt_double)
        unsupported = sorted(ALL_PAIRS - case.pairs) or [("en", "en")]
        with pytest.raises(UnsupportedLanguagePair):
            engine.translate(["Hello"], *unsupported[0])
        assert mt_double.requests == []


# ---- batching ---------------------------------------------------------------------------


def test_thirty_sentences_go_to_google_in_one_request(mt_double):
    engine = GoogleEngine(url=mt_double.url("google"))
    texts = sentences(30)
    assert 2900 < sum(map(len, texts)) < 3100

    results = engine.translate(texts, "en", "hi")

    assert [r.text for r in results] == [f"[hi] {t}" for t in texts]
    assert mt_double.count(provider="google") == 1


def test_twelve_thousand_characters_take_three_requests_within_the_limit(mt_double):
    engine = GoogleEngine(url=mt_double.url("google"))
    texts = sentences(120)
    assert sum(map(len, texts)) == 12_000

    results = engine.translate(texts, "en", "bn")

    assert [r.text for r in results] == [f"[bn] {t}" for t in texts]
    sent = mt_double.requests_for("google")
    assert len(sent) == 3
    assert all(r.length <= 4999 for r in sent)
    assert "\n".join(r.query for r in sent) == "\n".join(texts)  # in order, nothing lost


def test_hindi_for_google_stays_within_the_url_budget(mt_double):
    # 70 Hindi sentences are ~2,800 characters (under 5,000) but ~25 KB percent-encoded.
    engine = GoogleEngine(url=mt_double.url("google"))
    texts = [f"{i}. " + SENTENCES["hi"][i % 3] for i in range(70)]

    results = engine.translate(texts, "hi", "en")

    assert [r.text for r in results] == [f"[en] {t}" for t in texts]
    sent = mt_double.requests_for("google")
    assert len(sent) == 2
    assert all(len(quote_plus(r.query)) <= GoogleEngine.max_query_bytes for r in sent)


def test_mymemory_obeys_its_500_limit(mt_double):
    engine = MyMemoryEngine(url=mt_double.url("mymemory"))
    texts = sentences(20)

    results = engine.translate(texts, "en", "ur")

    assert [r.text for r in results] == [f"[ur] {t}" for t in texts]
    sent = mt_double.requests_for("mymemory")
    assert len(sent) == 5  # four 100-character sentences a request: 403 characters
    assert all(r.length < 500 and len(r.query.encode()) <= 500 for r in sent)


def test_mymemory_counts_bytes_for_indian_scripts(mt_double):
    # A Hindi sentence of ~40 characters is ~110 bytes: 500 bytes hold four, not twelve.
    engine = MyMemoryEngine(url=mt_double.url("mymemory"))
    texts = SENTENCES["hi"] * 4

    results = engine.translate(texts, "hi", "bn")

    assert [r.text for r in results] == [f"[bn] {t}" for t in texts]
    sent = mt_double.requests_for("mymemory")
    assert len(sent) > 2
    assert all(len(r.query.encode()) <= 500 for r in sent)


def test_a_text_longer_than_the_limit_is_cut_at_sentence_ends(mt_double):
    engine = MyMemoryEngine(url=mt_double.url("mymemory"))
    long_text = " ".join(sentences(12, width=90))  # ~1,100 characters, twelve sentences

    (result,) = engine.translate([long_text], "en", "hi")

    sent = mt_double.requests_for("mymemory")
    assert len(sent) == 3
    assert all(r.query.endswith(".") and len(r.query) <= 499 for r in sent)
    assert result.text.replace("[hi] ", "") == long_text  # whitespace kept between pieces
    assert result.text.startswith("[hi] Item 000:")


def test_a_text_with_no_place_to_cut_is_refused(mt_double):
    engine = MyMemoryEngine(url=mt_double.url("mymemory"))
    with pytest.raises(EngineBadResponse, match="without a space"):
        engine.translate(["ok", "x" * 600], "en", "hi")
    assert mt_double.requests == []


def test_lost_separators_fall_back_to_smaller_batches(mt_double):
    engine = GoogleEngine(url=mt_double.url("google"))
    mt_double.mangle_separators(over=0)  # every multi-line answer comes back as one line
    texts = sentences(8, width=60)

    results = engine.translate(texts, "en", "hi")

    assert [r.text for r in results] == [f"[hi] {t}" for t in texts]
    # 8 → 4+4 → 2+2+2+2 → single texts: 7 batches that failed, then 8 that worked.
    assert mt_double.count(provider="google") == 15


def test_only_long_batches_mangled_still_come_back_right(mt_double):
    engine = GoogleEngine(url=mt_double.url("google"))
    mt_double.mangle_separators(over=1000)
    texts = sentences(30)

    results = engine.translate(texts, "en", "ur")

    assert [r.text for r in results] == [f"[ur] {t}" for t in texts]
    sent = mt_double.requests_for("google")
    # 30 texts (3,029 characters) → halves of 15, still over 1,000 → quarters, short enough.
    assert [len(r.query.split("\n")) for r in sent] == [30, 15, 7, 8, 15, 7, 8]


def test_a_text_containing_a_line_break_travels_alone(mt_double):
    engine = GoogleEngine(url=mt_double.url("google"))
    results = engine.translate(["First.", "Line one\nLine two", "Last."], "en", "hi")

    assert [r.text for r in results] == [
        "[hi] First.",
        "[hi] Line one\n[hi] Line two",
        "[hi] Last.",
    ]
    assert sorted(r.query for r in mt_double.requests) == ["First.\nLast.", "Line one\nLine two"]


def test_whitespace_around_a_text_is_kept(mt_double):
    engine = MyMemoryEngine(url=mt_double.url("mymemory"))
    (result,) = engine.translate(["  Hello there.\n"], "en", "hi")
    assert result.text == "  [hi] Hello there.\n"
    assert mt_double.requests[0].query == "Hello there."


@pytest.mark.parametrize("provider", ["google", "mymemory", "libretranslate", "microsoft"])
def test_unicode_of_all_four_scripts_round_trips_exactly(mt_settings, mt_double, provider):
    engine = registry.engine(provider)
    texts = [s for lang in ("en", "hi", "bn", "ur") for s in SENTENCES[lang]]

    results = engine.translate(texts, "en", "ur")

    assert [r.text for r in results] == [fake_translation(t, "ur") for t in texts]
    assert "\n".join(r.query for r in mt_double.requests) == "\n".join(texts)


@pytest.mark.parametrize("provider", ["google", "mymemory", "libretranslate", "microsoft"])
def test_placeholders_pass_through_untouched(mt_settings, mt_double, provider):
    texts = ["{1} met {2} in Delhi.", "देखें {1}, {12} और {3}।"]
    results = registry.engine(provider).translate(texts, "hi", "en")
    assert [r.text for r in results] == ["[en] {1} met {2} in Delhi.", "[en] देखें {1}, {12} और {3}।"]
    assert "{1} met {2}" in mt_double.requests[0].query


# ---- failures -------------------------------------------------------------------------


def test_429_is_rate_limited_with_retry_after(mt_double):
    mt_double.fail_next(429, retry_after=7)
    with pytest.raises(EngineRateLimited, match="HTTP 429") as caught:
        GoogleEngine(url=mt_double.url("google")).translate(["Hello"], "en", "hi")
    assert caught.value.retry_after == 7
    assert caught.value.engine == "google"


def test_retry_after_as_a_date(mt_double):
    mt_double.fail_next(429, retry_after=formatdate(time.time() + 120, usegmt=True))
    with pytest.raises(EngineRateLimited) as caught:
        LibreTranslateEngine(url=mt_double.url("libretranslate")).translate(["Hi"], "en", "hi")
    assert 100 < caught.value.retry_after <= 120


def test_429_without_retry_after(mt_double):
    mt_double.fail_next(429)
    with pytest.raises(EngineRateLimited) as caught:
        MyMemoryEngine(url=mt_double.url("mymemory")).translate(["Hello"], "en", "hi")
    assert caught.value.retry_after is None


def test_mymemory_used_up_quota_is_rate_limited(mt_double):
    mt_double.quota_next()
    with pytest.raises(EngineRateLimited, match="quota") as caught:
        MyMemoryEngine(url=mt_double.url("mymemory")).translate(["Hello"], "en", "hi")
    assert caught.value.retry_after == 3600 + 2 * 60 + 3


@pytest.mark.parametrize("status", [500, 502, 503])
@pytest.mark.parametrize("provider", ["google", "mymemory", "libretranslate", "microsoft"])
def test_server_errors_mean_unavailable(mt_settings, mt_double, provider, status):
    mt_double.fail_next(status)
    with pytest.raises(EngineUnavailable, match=f"{provider}: .*HTTP {status}"):
        registry.engine(provider).translate(["Hello"], "en", "hi")


@pytest.mark.parametrize("provider", ["google", "mymemory", "libretranslate", "microsoft"])
def test_a_malformed_answer_is_a_bad_response(mt_settings, mt_double, provider):
    mt_double.malformed_next()
    with pytest.raises(EngineBadResponse, match=f"^{provider}: "):
        registry.engine(provider).translate(["Hello"], "en", "hi")


def test_a_refused_key_means_not_configured(mt_double):
    mt_double.fail_next(401)
    engine = MicrosoftEngine(api_key="wrong", url=mt_double.url("microsoft"))
    with pytest.raises(EngineNotConfigured, match="refused our key"):
        engine.translate(["Hello"], "en", "hi")


def test_a_closed_port_is_unavailable_at_once():
    engine = GoogleEngine(url=f"http://127.0.0.1:{free_port()}/m")
    started = time.monotonic()
    with pytest.raises(EngineUnavailable, match="connection refused"):
        engine.translate(["Hello"], "en", "hi")
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("provider", ["google", "mymemory"])
def test_a_hanging_server_times_out_within_the_read_timeout(mt_settings, mt_double, provider):
    mt_double.hang()
    started = time.monotonic()
    with pytest.raises(EngineUnavailable, match=f"{provider}: no answer within 2 s"):
        registry.engine(provider).translate(["Hello"], "en", "hi")
    assert 1.8 < time.monotonic() - started < 4
    assert mt_double.count(provider=provider) == 1  # it did arrive, and was never answered


def test_timeouts_are_per_call_across_threads(mt_double):
    # One slow server; an impatient engine in one thread and a patient one in another,
    # at the same time: a process-wide timeout would make both fail or both succeed.
    mt_double.set_latency(1.0)
    impatient = GoogleEngine(url=mt_double.url("google"), timeout=(1, 0.3))
    patient = GoogleEngine(url=mt_double.url("google"), timeout=(1, 3))
    outcome: dict[str, object] = {}

    def run(name: str, engine: Engine) -> None:
        started = time.monotonic()
        try:
            outcome[name] = engine.translate(["Hello"], "en", "hi")[0].text
        except EngineUnavailable as exc:
            outcome[name] = exc
        outcome[name + "_seconds"] = time.monotonic() - started

    threads = [
        threading.Thread(target=run, args=("impatient", impatient)),
        threading.Thread(target=run, args=("patient", patient)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert isinstance(outcome["impatient"], EngineUnavailable)
    assert outcome["impatient_seconds"] < 0.9
    assert outcome["patient"] == "[hi] Hello"


def test_deep_translator_used_directly_still_gets_a_timeout(settings, mt_double):
    assert deep_translator.google.requests is not requests  # the timed stand-in
    settings.ANUVAD_MT_TIMEOUT = (1, 0.5)
    mt_double.hang()
    translator = GoogleTranslator(source="en", target="hi")
    translator._base_url = mt_double.url("google")
    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        translator.translate("Hello")
    assert time.monotonic() - started < 2


# ---- Apertium ------------------------------------------------------------------------


@needs_apertium
def test_apertium_hindi_to_urdu_flags_unknown_words():
    (result,) = ApertiumEngine().translate(["किसानों ने कल दिल्ली में प्रदर्शन किया।"], "hi", "ur")
    assert "*" not in result.text
    assert "نے" in result.text and "کل" in result.text  # translated into Urdu script
    assert "किसानों" in result.unknown  # left as it was, and reported


@needs_apertium
def test_apertium_urdu_to_hindi_flags_unknown_words():
    results = ApertiumEngine().translate(
        ["میں گھر جا رہا ہوں۔", "کسانوں نے احتجاج کیا"], "ur", "hi"
    )
    assert "घर" in results[0].text and results[0].unknown == ()
    assert "किया" in results[1].text
    assert results[1].unknown == ("کسانوں",)


@needs_apertium
def test_apertium_keeps_placeholders_numbers_and_asterisks():
    (result,) = ApertiumEngine().translate(["यह 5 * 3 है, {1} ने {2} को देखा।"], "hi", "ur")
    assert "5 * 3" in result.text
    assert "{1}" in result.text and "{2}" in result.text
    assert result.unknown == ()  # numbers are marked by Apertium but are not words


@needs_apertium
def test_apertium_translates_a_batch_in_one_process(monkeypatch):
    engine = ApertiumEngine()
    assert engine.configured()[0]  # lists the modes once, before counting
    calls = []
    real_run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a) or real_run(*a, **k))

    results = engine.translate(SENTENCES["hi"] + ["", "घर"], "hi", "ur")

    assert len(calls) == 1
    assert results[3].text == ""
    assert results[4].text == "گھر"


def fake_apertium(tmp_path, body: str, modes: str = "hin-urd urd-hin"):
    """An executable standing in for apertium: lists ``modes``, else runs ``body``."""
    script = tmp_path / "apertium"
    log = tmp_path / "runs.log"
    script.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "-l" ]; then for m in {modes}; do echo "  $m"; done; exit 0; fi\n'
        f"echo run >> {log}\n"
        f"{body}\n"
    )
    script.chmod(0o755)
    return script, log


def test_apertium_that_hangs_is_stopped_at_the_timeout(tmp_path):
    script, _ = fake_apertium(tmp_path, "exec sleep 30")
    engine = ApertiumEngine(command=str(script), timeout=(1, 1))
    started = time.monotonic()
    with pytest.raises(EngineUnavailable, match="apertium: no answer within 1 s"):
        engine.translate(["घर"], "hi", "ur")
    assert time.monotonic() - started < 3


def test_apertium_that_fails_is_unavailable_with_its_message(tmp_path):
    script, _ = fake_apertium(tmp_path, 'echo "Error: mode broken" >&2; exit 3')
    with pytest.raises(EngineUnavailable, match=r"exit code 3 \(Error: mode broken\)"):
        ApertiumEngine(command=str(script)).translate(["घर"], "hi", "ur")


def test_apertium_losing_lines_falls_back_to_one_text_a_run(tmp_path):
    # Joins all lines into one: every batch of two or more fails the count check.
    script, log = fake_apertium(tmp_path, "tr '\\n' ' ' | sed 's/^/[ur] /'")
    engine = ApertiumEngine(command=str(script))

    results = engine.translate(["एक", "दो", "तीन"], "hi", "ur")

    assert [r.text for r in results] == ["[ur] एक", "[ur] दो", "[ur] तीन"]
    assert len(log.read_text().splitlines()) == 5  # 3, then 1 + 2, then 1 + 1


def test_apertium_without_the_mode_is_not_configured(tmp_path):
    script, _ = fake_apertium(tmp_path, "cat", modes="eng-spa spa-eng")
    engine = ApertiumEngine(command=str(script))
    assert engine.configured() == (
        False,
        "Apertium has no hin-urd or urd-hin mode (install apertium-urd-hin)",
    )
    assert not engine.supports("hi", "ur")


def test_apertium_with_one_direction_supports_only_that_one(tmp_path):
    script, _ = fake_apertium(tmp_path, "cat", modes="hin-urd")
    engine = ApertiumEngine(command=str(script))
    assert engine.configured()[0]
    assert engine.supports("hi", "ur") and not engine.supports("ur", "hi")


# ---- registry -----------------------------------------------------------------------


def test_pairs_are_every_ordered_pair_of_our_languages():
    assert len(registry.pairs()) == len(ALL_PAIRS) == 12
    assert ("en", "hi") in ALL_PAIRS and ("ur", "bn") in ALL_PAIRS


def test_default_chains(settings):
    settings.ANUVAD_MT_CHAINS = ""
    for source, target in ALL_PAIRS:
        expected = ["google", "mymemory"]
        if {source, target} == {"hi", "ur"}:
            expected = ["apertium", *expected]
        assert registry.chain_names(source, target) == expected, (source, target)


def test_chain_setting_overrides_only_the_pairs_it_lists(settings):
    settings.ANUVAD_MT_CHAINS = " en>hi = mymemory , google ; hi>ur=apertium;bn>ur="
    assert registry.chain_names("en", "hi") == ["mymemory", "google"]
    assert registry.chain_names("hi", "ur") == ["apertium"]
    assert registry.chain_names("bn", "ur") == []
    assert registry.chain_names("ur", "hi") == ["apertium", "google", "mymemory"]


def test_chain_keeps_only_configured_engines_that_support_the_pair(mt_settings):
    mt_settings.ANUVAD_MT_CHAINS = "en>hi=deepl,libretranslate,google;bn>ur=deepl"
    assert [e.name for e in registry.chain("en", "hi")] == ["libretranslate", "google"]
    mt_settings.ANUVAD_MT_ENGINES = {
        **mt_settings.ANUVAD_MT_ENGINES,
        "deepl": {"class": "translations.engines.deepl.DeeplEngine", "api_key": "k"},
    }
    assert registry.chain("bn", "ur") == []  # configured now, but DeepL has no Bengali


def test_a_default_chain_skips_engines_the_site_removed(settings):
    settings.ANUVAD_MT_ENGINES = {"google": settings.ANUVAD_MT_ENGINES["google"]}
    assert registry.chain_names("hi", "ur") == ["google"]


def test_engines_are_cached_until_a_setting_changes(settings):
    first = registry.engine("google")
    assert registry.engine("google") is first
    settings.ANUVAD_MT_TIMEOUT = (2, 9)
    rebuilt = registry.engine("google")
    assert rebuilt is not first
    assert rebuilt.timeout == (2.0, 9.0)


def test_an_engine_under_another_name_reports_that_name(settings):
    settings.ANUVAD_MT_ENGINES = {
        **settings.ANUVAD_MT_ENGINES,
        "google_mirror": {"class": "translations.engines.google.GoogleEngine", "url": "x"},
    }
    mirror = registry.engine("google_mirror")
    assert mirror.name == "google_mirror" and isinstance(mirror, GoogleEngine)


def test_an_unknown_engine_name_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="no engine named 'babelfish'"):
        registry.engine("babelfish")


def test_unknown_options_are_refused_not_ignored():
    with pytest.raises(ImproperlyConfigured, match=r"\['google'\] has unknown option\(s\) urll"):
        GoogleEngine(urll="http://example.invalid/")


# ---- system check ---------------------------------------------------------------------


def error_text(errors: list[checks.CheckMessage]) -> str:
    return "\n".join(f"{e.id} {e.msg}" for e in errors)


def test_the_check_is_registered_and_passes_on_the_shipped_settings():
    assert check_mt_settings in checks.registry.registry.get_checks()
    assert check_mt_settings() == []


def test_check_reports_an_unknown_engine_in_a_chain(settings):
    settings.ANUVAD_MT_CHAINS = "en>hi=google,babelfish"
    text = error_text(check_mt_settings())
    assert "translations.E104" in text and "ANUVAD_MT_CHAINS" in text and "'babelfish'" in text


@pytest.mark.parametrize(
    "value, words",
    [
        ("en-hi:google", "should look like"),
        ("en>fr=google", "'fr' is not one of Anuvad's languages"),
        ("en>en=google", "into itself"),
        ("en>hi=google;en>hi=mymemory", "listed twice"),
    ],
)
def test_check_reports_a_malformed_chain(settings, value, words):
    settings.ANUVAD_MT_CHAINS = value
    text = error_text(check_mt_settings())
    assert "translations.E103" in text and "ANUVAD_MT_CHAINS" in text and words in text


def test_check_reports_every_mistake_at_once(settings):
    settings.ANUVAD_MT_CHAINS = "en>xx=google;hi>ur=nope;bn"
    errors = check_mt_settings()
    assert sorted(e.id for e in errors) == ["translations.E103"] * 2 + ["translations.E104"]


def test_check_reports_an_engine_class_that_does_not_import(settings):
    settings.ANUVAD_MT_ENGINES = {
        **settings.ANUVAD_MT_ENGINES,
        "broken": {"class": "translations.engines.nowhere.NoEngine"},
        "typo": {"class": "translations.engines.google.GoogleEngine", "ulr": "x"},
    }
    text = error_text(check_mt_settings())
    assert "translations.E102 ANUVAD_MT_ENGINES['broken']: cannot import" in text
    assert "ANUVAD_MT_ENGINES['typo'] has unknown option(s) ulr" in text


def test_check_reports_a_bad_timeout_and_pivot_engine(settings):
    settings.ANUVAD_MT_TIMEOUT = "soon"
    settings.ANUVAD_MT_PIVOT_ENGINES = ["apertium", "nope"]
    text = error_text(check_mt_settings())
    assert "translations.E105 ANUVAD_MT_TIMEOUT" in text
    assert "translations.E106 ANUVAD_MT_PIVOT_ENGINES names an unknown engine 'nope'" in text
