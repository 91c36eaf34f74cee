"""The ``openai`` engine against the local LLM test double: wire contract, batching, halving,
failures, the prompt (languages, statement, register, glossary), and its place in a chain."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.support.llm_double import LLMDoubleServer
from tests.support.mt_double import fake_translation
from tests.support.processes import free_port
from translations import engine_calls, glossary
from translations.engines import context as engine_context
from translations.engines import registry
from translations.engines.base import (
    EngineBadResponse,
    EngineNotConfigured,
    EngineRateLimited,
    EngineUnavailable,
    metered,
)
from translations.engines.openai import OpenAIEngine, reply_object
from translations.models import GlossaryTerm

SENTENCES = {
    "en": [
        "The farmers' rally reached Delhi on Monday.",
        "Relief camps opened in 12 districts.",
    ],
    "hi": ["किसानों की रैली सोमवार को दिल्ली पहुँची।", "मंत्री शाम ५ बजे बोलेंगे।"],
    "bn": ["কৃষকদের র\u200d্যালি সোমবার দিল্লি পৌঁছেছে।", "মন্ত্রী বিকেল ৫টায় বক্তব্য দেবেন।"],
    "ur": ["کسانوں کی ریلی پیر کو دہلی پہنچی۔", "وزیر شام ۵ بجے خطاب کریں گے؟"],
}


def numbered(count: int) -> list[str]:
    return [f"Sentence number {n} about flood relief in Bihar." for n in range(1, count + 1)]


def engine(double: LLMDoubleServer, **options) -> OpenAIEngine:
    return OpenAIEngine(url=double.base_url, model=double.model, timeout=(1.0, 2.0), **options)


# ---- configuration ----------------------------------------------------------------------


def test_unconfigured_it_says_why_and_no_chain_uses_it(settings, llm_double):
    bare = OpenAIEngine()
    assert bare.configured() == (False, "ANUVAD_MT_OPENAI_URL is not set")
    assert OpenAIEngine(url=llm_double.base_url).configured() == (
        False,
        "ANUVAD_MT_OPENAI_MODEL is not set",
    )
    with pytest.raises(EngineNotConfigured):
        bare.translate(["Hello"], "en", "hi")
    settings.ANUVAD_MT_CHAINS = "en>hi=openai,google"
    assert [e.name for e in registry.chain("en", "hi")] == ["google"]
    assert llm_double.calls == []


def test_it_translates_every_pair_of_our_languages(llm_double):
    llm = engine(llm_double)
    assert all(llm.supports(s, t) for s, t in registry.pairs())
    assert not llm.supports("en", "fr")


# ---- wire contract and batching ---------------------------------------------------------


def test_a_batch_is_one_json_list_of_segments_and_comes_back_in_order(llm_double):
    texts = ["", *SENTENCES["en"], "   "]

    results = engine(llm_double).translate(texts, "en", "hi")

    assert [r.text for r in results] == ["", *(f"[hi] {t}" for t in SENTENCES["en"]), "   "]
    (call,) = llm_double.completions
    assert call.path == "/v1/chat/completions"
    assert call.body["model"] == llm_double.model
    assert call.body["response_format"] == {"type": "json_object"}
    last = call.body["messages"][-1]
    assert last["role"] == "user"
    assert json.loads(last["content"]) == {
        "segments": [
            {"id": "s1", "text": SENTENCES["en"][0]},
            {"id": "s2", "text": SENTENCES["en"][1]},
        ]
    }


def test_thirty_sentences_go_in_batches_of_the_configured_size(llm_double):
    texts = numbered(30)

    results = engine(llm_double, batch_size=12).translate(texts, "en", "bn")

    assert [r.text for r in results] == [f"[bn] {t}" for t in texts]
    assert [len(c.segments) for c in llm_double.completions] == [12, 12, 6]


def test_the_character_limit_also_bounds_a_batch(llm_double):
    texts = numbered(10)  # about 50 characters each
    engine(llm_double, batch_size=100, char_limit=160).translate(texts, "en", "hi")
    sizes = [sum(len(t) for t in c.texts) for c in llm_double.completions]
    assert all(size <= 160 for size in sizes)
    assert [t for c in llm_double.completions for t in c.texts] == texts


def test_a_missing_id_halves_the_batch_until_every_segment_is_back(llm_double):
    texts = numbered(4)
    llm_double.drop_ids_over(1)  # every batch of more than one segment loses its last

    results = engine(llm_double).translate(texts, "en", "hi")

    assert [r.text for r in results] == [f"[hi] {t}" for t in texts]
    assert [len(c.segments) for c in llm_double.completions] == [4, 2, 1, 1, 2, 1, 1]


@pytest.mark.parametrize("fault", ["drop_ids_next", "extra_ids_next", "malformed_next"])
def test_one_bad_answer_costs_one_halving(llm_double, fault):
    texts = numbered(6)
    getattr(llm_double, fault)()

    results = engine(llm_double).translate(texts, "en", "ur")

    assert [r.text for r in results] == [f"[ur] {t}" for t in texts]
    assert [len(c.segments) for c in llm_double.completions] == [6, 3, 3]


def test_a_single_segment_that_keeps_failing_is_a_bad_response(llm_double):
    llm_double.malformed_next(3)
    with pytest.raises(EngineBadResponse, match="openai: the answer holds no single JSON"):
        engine(llm_double).translate(["One.", "Two."], "en", "hi")
    assert len(llm_double.completions) == 2  # the pair, then the first alone


@pytest.mark.parametrize("how", ["fence", "prose"])
def test_json_in_a_code_fence_or_among_prose_is_accepted(llm_double, how):
    llm_double.wrap_next(how)
    results = engine(llm_double).translate(SENTENCES["en"], "en", "hi")
    assert [r.text for r in results] == [f"[hi] {t}" for t in SENTENCES["en"]]
    assert len(llm_double.completions) == 1


def test_two_candidate_objects_in_prose_are_ambiguous():
    one = '{"translations": [{"id": "s1", "text": "a"}]}'
    two = '{"translations": [{"id": "s1", "text": "b"}]}'
    assert reply_object(f"First try: {one} or perhaps {two}") is None
    assert reply_object(f"```json\n{one}\n```\n```json\n{two}\n```") is None
    assert reply_object(f"Sure! {one} Done.") == json.loads(one)


def test_a_metered_call_counts_every_request_and_its_characters(llm_double):
    texts = numbered(4)
    llm_double.drop_ids_next()
    with metered() as meter:
        engine(llm_double).translate(texts, "en", "hi")
    assert meter.requests == 3
    assert meter.characters == 2 * sum(len(t) for t in texts)


# ---- failures ---------------------------------------------------------------------------


def test_429_is_rate_limited_with_retry_after(llm_double):
    llm_double.fail_next(429, retry_after=7)
    with pytest.raises(EngineRateLimited, match=r"HTTP 429\); try again in 7 s") as caught:
        engine(llm_double).translate(["Hello"], "en", "hi")
    assert caught.value.retry_after == 7


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_mean_unavailable(llm_double, status):
    llm_double.fail_next(status)
    with pytest.raises(EngineUnavailable, match=f"HTTP {status}"):
        engine(llm_double).translate(["Hello"], "en", "hi")


def test_a_refused_key_means_not_configured(llm_double):
    llm_double.fail_next(401)
    with pytest.raises(EngineNotConfigured, match="refused our key"):
        engine(llm_double, api_key="wrong").translate(["Hello"], "en", "hi")


def test_a_server_that_hangs_is_given_up_at_the_read_timeout(llm_double):
    llm_double.hang()
    with pytest.raises(EngineUnavailable, match="no answer within 2 s"):
        engine(llm_double).translate(["Hello"], "en", "hi")


def test_a_closed_port_is_unavailable():
    closed = OpenAIEngine(url=f"http://127.0.0.1:{free_port()}/v1", model="m")
    with pytest.raises(EngineUnavailable, match="connection refused"):
        closed.translate(["Hello"], "en", "hi")


# ---- headers, text, placeholders -----------------------------------------------------------


def test_the_key_goes_as_a_bearer_token_only_when_set(llm_double):
    engine(llm_double).translate(["Hello"], "en", "hi")
    engine(llm_double, api_key="sk-local-123").translate(["Hello again"], "en", "hi")
    without, with_key = llm_double.completions
    assert "Authorization" not in without.headers
    assert with_key.headers["Authorization"] == "Bearer sk-local-123"


@pytest.mark.parametrize("source", ["hi", "bn", "ur"])
def test_indian_scripts_round_trip_byte_for_byte(llm_double, source):
    texts = [s for lang in ("en", "hi", "bn", "ur") for s in SENTENCES[lang]]
    target = "en" if source != "en" else "hi"

    results = engine(llm_double).translate(texts, source, target)

    assert [r.text for r in results] == [fake_translation(t, target) for t in texts]
    assert [r.text.encode() for r in results] == [f"[{target}] {t}".encode() for t in texts]
    assert llm_double.completions[0].texts == texts  # sent as written, not \u-escaped only


def test_placeholders_pass_through_untouched(llm_double):
    texts = ["{1} met {2} in Delhi.", "देखें {1}, {12} और {3}।"]
    results = engine(llm_double).translate(texts, "hi", "en")
    assert [r.text for r in results] == [f"[en] {t}" for t in texts]
    assert "placeholders such as {1}" in llm_double.completions[0].system.lower()


# ---- the prompt -------------------------------------------------------------------------


def test_the_prompt_names_both_languages_and_their_scripts(llm_double):
    engine(llm_double).translate(["Hello"], "en", "ur")
    system = llm_double.completions[0].system
    assert "from English (English), written in the Latin script" in system
    assert "into Urdu (اردو), written in the Perso-Arabic script" in system


def test_the_prompt_carries_the_statement_title_and_summary(llm_double):
    with engine_context.about(title="मज़दूरी पर बयान", summary="Workers unpaid for months."):
        engine(llm_double).translate(["Hello"], "en", "hi")
    engine(llm_double).translate(["Hello there"], "en", "hi")  # outside: no statement
    inside, outside = llm_double.completions
    assert "Title: मज़दूरी पर बयान" in inside.system
    assert "Summary: Workers unpaid for months." in inside.system
    assert "Title:" not in outside.system


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("ur", "Use Urdu punctuation: ۔ to end a sentence, ؟ for a question and ، for a comma"),
        ("hi", "Plain contemporary Hindi"),
        ("bn", "Standard Bengali (cholito bhasha)"),
    ],
)
def test_the_register_of_the_target_language_is_in_the_prompt(llm_double, target, words):
    engine(llm_double).translate(["Hello"], "en", target)
    register = next(
        line
        for line in llm_double.completions[0].system.splitlines()
        if line.startswith("Register:")
    )
    assert words in register


def test_the_register_comes_from_settings(settings, llm_double):
    settings.ANUVAD_MT_REGISTER = {**settings.ANUVAD_MT_REGISTER, "hi": "Write like Premchand."}
    engine(llm_double).translate(["Hello"], "en", "hi")
    engine(llm_double, register={"hi": "Official Rajbhasha Hindi."}).translate(["Hi"], "en", "hi")
    from_settings, from_option = llm_double.completions
    assert "Register: Write like Premchand." in from_settings.system
    assert "Register: Official Rajbhasha Hindi." in from_option.system


@pytest.mark.django_db
def test_the_prompt_lists_the_glossary_terms_of_the_batch_and_no_others(llm_double):
    GlossaryTerm.objects.create(
        source_language="en", term="Kisan Sabha", kind="fixed", target_language="hi",
        translation="किसान सभा",
    )  # fmt: skip
    GlossaryTerm.objects.create(source_language="en", term="CPI(ML)")  # keep as is
    GlossaryTerm.objects.create(
        source_language="en", term="Dalit", kind="forbidden", target_language="hi",
        translation="हरिजन",
    )  # fmt: skip
    GlossaryTerm.objects.create(
        source_language="en", term="Narmada Bachao Andolan", kind="fixed", target_language="hi",
        translation="नर्मदा बचाओ आंदोलन",
    )  # fmt: skip
    terms = glossary.terms_for("en", "hi")
    texts = ["The Kisan Sabha met on Monday.", "CPI(ML) spoke for Dalit workers."]
    protected = [glossary.protect(t, terms, first_id=1) for t in texts]

    results = engine_calls.run(engine(llm_double), protected, source="en", target="hi", terms=terms)

    system = llm_double.completions[0].system
    assert "“Kisan Sabha”: always “किसान सभा”" in system
    assert "“CPI(ML)”: keep as is" in system
    assert "“Dalit”: never “हरिजन”" in system
    assert "in s1, {1} stands for “किसान सभा”" in system
    assert "in s2, {1} stands for “CPI(ML)”" in system
    assert "Narmada" not in system and "नर्मदा" not in system
    restored = [glossary.restore(r.text, p[1]) for r, p in zip(results, protected, strict=True)]
    assert restored == [
        "[hi] The किसान सभा met on Monday.",
        "[hi] CPI(ML) spoke for Dalit workers.",
    ]


def test_without_glossary_terms_the_prompt_has_no_glossary(llm_double):
    engine(llm_double).translate(["Hello"], "en", "hi")
    assert "Glossary" not in llm_double.completions[0].system


# ---- in a chain and in mt_status -----------------------------------------------------------


@pytest.mark.django_db
def test_a_batch_the_model_cannot_answer_falls_through_to_the_next_engine(
    llm_settings, llm_double, mt_double
):
    from workflow.pipeline import fill_texts

    texts = SENTENCES["en"]
    llm_double.malformed_next(10)  # every attempt, halves included

    fills, outcome, _terms = fill_texts(texts, source="en", target="hi")

    assert {f.detail for f in fills.values()} == {"google"}
    assert [fills[t].target for t in texts] == [f"[hi] {t}" for t in texts]
    assert len(llm_double.completions) == 2  # the pair, then the first alone: given up
    assert outcome.failures == ["openai: the answer holds no single JSON object"]
    assert not outcome.retryable


@pytest.mark.django_db
def test_an_answering_model_fills_the_sentences(llm_settings, llm_double, mt_double):
    from workflow.pipeline import fill_texts

    fills, outcome, _terms = fill_texts(SENTENCES["ur"], source="ur", target="hi")

    assert {f.detail for f in fills.values()} == {"openai"}
    assert [fills[t].target for t in SENTENCES["ur"]] == [f"[hi] {t}" for t in SENTENCES["ur"]]
    assert outcome.failures == []
    assert mt_double.requests == []


def test_mt_status_shows_the_engine_and_whether_it_serves_the_model(llm_settings, llm_double):
    out = StringIO()
    call_command("mt_status", "--pair", "en>hi", stdout=out)
    line = next(x for x in out.getvalue().splitlines() if x.strip().startswith("openai "))
    assert "configured, reachable (lists the model double-llm" in line
    assert [c.path for c in llm_double.calls] == ["/v1/models"]


def test_mt_status_reports_a_model_the_server_does_not_serve(llm_settings, llm_double):
    engines = {**llm_settings.ANUVAD_MT_ENGINES}
    engines["openai"] = {**engines["openai"], "model": "no-such-model"}
    llm_settings.ANUVAD_MT_ENGINES = engines
    ok, reason = registry.engine("openai").check_reachable()
    assert not ok
    assert "does not list the model 'no-such-model' (double-llm)" in reason


def test_new_register_instructions_are_a_new_model_for_the_cache(llm_double):
    plain = engine(llm_double, register={"hi": "Plain Hindi."})
    same = engine(llm_double, register={"hi": "Plain Hindi."})
    formal = engine(llm_double, register={"hi": "Formal Hindi."})
    assert plain.model_name == same.model_name != formal.model_name
    assert plain.model_name.startswith(f"{llm_double.model} ")
