"""Failing over fast: engines known to be down are skipped by every task, a version whose
chain has no usable engine goes to translators at once, and the author can stop waiting.

Engines are the local test double; cool-offs are kept in the real test Redis.
"""

from __future__ import annotations

import pytest

from config.cache import forget_failures
from tests.factories import make_statement, make_user
from tests.support.processes import free_port
from translations import memory
from translations.engines import breaker
from workflow import dispatch, pipeline, services
from workflow.choices import State
from workflow.exceptions import IllegalTransition, NotPermitted
from workflow.models import Segment, Transition, Variant

pytestmark = [pytest.mark.django_db(transaction=True)]

# Hindi source, sent to Bengali and Urdu.
HINDI_BODY = (
    "दरभंगा में बाढ़ से चालीस हज़ार लोग बेघर हुए। राहत अधिकांश गाँवों तक नहीं पहुँची। "
    "हम सामुदायिक रसोई की माँग करते हैं।"
)
KNOWN = "राहत अधिकांश गाँवों तक नहीं पहुँची।"
KNOWN_UR = "امداد زیادہ تر دیہات تک نہیں پہنچی۔"
KNOWN_BN = "ত্রাণ বেশির ভাগ গ্রামে পৌঁছায়নি।"


@pytest.fixture
def engines(mt_settings, redis_server, settings):
    settings.ANUVAD_MT_CHAINS = "hi>bn=google,mymemory;hi>ur=google,mymemory"
    settings.ANUVAD_MT_BREAKER_COOL_OFF = 60.0
    settings.ANUVAD_MT_RETRY_BUDGET = 30.0
    forget_failures()
    breaker.forget(["google", "mymemory"])
    memory.add(source_language="hi", target_language="ur", source_text=KNOWN, target_text=KNOWN_UR)
    memory.add(source_language="hi", target_language="bn", source_text=KNOWN, target_text=KNOWN_BN)
    return settings


@pytest.fixture
def author(db):
    return make_user("lekhak", roles=["author"], languages=["hi"])


@pytest.fixture
def waiting(author):
    """Submit a Hindi statement with its machine tasks not sent: the versions stay pending."""

    def submit(slug: str, targets=("bn", "ur")):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(dispatch, "after_commit", lambda *args, **kwargs: None)
            statement = make_statement(author, source_language="hi", body=HINDI_BODY, slug=slug)
            services.statement_submit_for_translation(
                statement=statement, actor=author, targets=list(targets)
            )
        return statement

    return submit


def pending(statement) -> list[Variant]:
    return list(statement.variants.filter(state=State.PENDING).order_by("language"))


def ready_note(variant: Variant) -> str:
    return variant.transitions.get(to_state=State.READY).note


def test_dead_engines_go_to_translators_at_once_and_the_next_statement_skips_them(
    engines, mt_double, waiting
):
    mt_double.fail_next(*[503] * 20)
    first = waiting("pehla")
    for v in pending(first):
        # Not the final attempt, yet no retry: the engines are down past the retry budget.
        done = pipeline.variant_pretranslate(variant_id=v.pk, final_attempt=False)
        assert done.state == State.READY and done.needs_human
    # The first version found both engines down; the second skipped them.
    assert mt_double.count(provider="google") == 1
    assert mt_double.count(provider="mymemory") == 1
    urdu = first.variants.get(language="ur")
    assert urdu.segments.get(source=KNOWN).target == KNOWN_UR
    assert urdu.segments.get(source=KNOWN).origin == Segment.Origin.MEMORY_EXACT
    assert "skipped" in ready_note(urdu) and "HTTP 503" in ready_note(urdu)

    second = waiting("doosra")
    for v in pending(second):
        pipeline.variant_pretranslate(variant_id=v.pk, final_attempt=False)
    assert mt_double.count() == 2  # nobody asked the dead engines again
    bengali = second.variants.get(language="bn")
    assert bengali.state == State.READY
    assert bengali.segments.get(source=KNOWN).target == KNOWN_BN
    assert "need a translator" in ready_note(bengali)


def test_a_short_retry_after_is_waited_for(engines, mt_double, waiting):
    mt_double.fail_next(429, retry_after=3, provider="google")
    mt_double.fail_next(429, retry_after=2, provider="mymemory")
    (bengali,) = pending(waiting("pratiksha", targets=["bn"]))
    with pytest.raises(pipeline.EnginesFailed) as failed:
        pipeline.variant_pretranslate(variant_id=bengali.pk, final_attempt=False)
    # The retry is due when the sooner of the two is back.
    assert 1 < failed.value.retry_in <= 2
    assert Variant.objects.get(pk=bengali.pk).state == State.PENDING
    # Asked again before then: both are skipped without a request, and it still waits.
    with pytest.raises(pipeline.EnginesFailed, match="skipped"):
        pipeline.variant_pretranslate(variant_id=bengali.pk, final_attempt=False)
    assert mt_double.count() == 2


def test_an_engine_down_longer_than_the_retry_budget_is_not_waited_for(
    engines, mt_double, waiting, monkeypatch
):
    now = {"t": 1_900_000_000.0}
    monkeypatch.setattr(breaker, "_now", lambda: now["t"])
    mt_double.fail_next(429, 429, retry_after=5, provider="google")
    mt_double.fail_next(429, 429, retry_after=5, provider="mymemory")
    (urdu,) = pending(waiting("lamba", targets=["ur"]))
    with pytest.raises(pipeline.EnginesFailed):
        pipeline.variant_pretranslate(variant_id=urdu.pk, final_attempt=False)
    now["t"] += 28  # both still refusing after most of the budget
    done = pipeline.variant_pretranslate(variant_id=urdu.pk, final_attempt=False)
    assert done.state == State.READY and done.needs_human
    assert mt_double.count() == 4


def test_with_redis_away_the_engines_are_tried_and_retried_as_before(
    mt_settings, settings, mt_double, waiting
):
    settings.ANUVAD_MT_BREAKER = True
    settings.ANUVAD_MT_CHAINS = "hi>bn=google,mymemory"
    settings.CACHES = {
        **settings.CACHES,
        "engines": {**settings.CACHES["engines"], "LOCATION": f"redis://127.0.0.1:{free_port()}/0"},
    }
    forget_failures()
    mt_double.fail_next(503, 503)
    (bengali,) = pending(waiting("bina-redis", targets=["bn"]))
    with pytest.raises(pipeline.EnginesFailed, match="503"):
        pipeline.variant_pretranslate(variant_id=bengali.pk, final_attempt=False)
    done = pipeline.variant_pretranslate(variant_id=bengali.pk, final_attempt=False)
    assert done.state == State.READY and not done.needs_human
    assert mt_double.count(provider="google") == 2  # nothing was skipped
    forget_failures()


# ---- send to translators now ---------------------------------------------------------------


def test_the_author_sends_waiting_versions_to_translators_now(engines, mt_double, waiting, author):
    statement = waiting("abhi")
    moved = services.statement_send_to_translators(statement=statement, actor=author)
    assert sorted(v.language for v in moved) == ["bn", "ur"]
    assert mt_double.count() == 0  # the engines were not asked
    for v in statement.variants.exclude(language="hi"):
        assert v.state == State.READY and v.needs_human
        record = v.transitions.get(to_state=State.READY)
        assert record.actor == author and record.from_state == State.PENDING
        assert record.note.startswith("Sent to translators without waiting")
    assert statement.variants.get(language="ur").segments.get(source=KNOWN).target == KNOWN_UR
    # A task arriving afterwards finds nothing to do.
    (bengali,) = [v for v in moved if v.language == "bn"]
    assert pipeline.variant_pretranslate(variant_id=bengali.pk) is None


def test_an_editor_may_send_any_statement_on(engines, waiting):
    editor = make_user("sampadak", roles=["editor"], languages=["hi", "bn", "ur"])
    statement = waiting("sampadak-ne")
    services.statement_send_to_translators(statement=statement, actor=editor)
    assert set(statement.variants.exclude(language="hi").values_list("state", flat=True)) == {
        State.READY
    }


@pytest.mark.parametrize("who", ["translator", "other_author"])
def test_others_may_not_send_it_on_and_nothing_changes(engines, waiting, who):
    person = {
        "translator": lambda: make_user("anuvadak", roles=["translator"], languages=["ur"]),
        "other_author": lambda: make_user("doosra", roles=["author"], languages=["hi"]),
    }[who]()
    statement = waiting(f"mana-{who}")
    before = Transition.objects.count()
    with pytest.raises(NotPermitted):
        services.statement_send_to_translators(statement=statement, actor=person)
    assert len(pending(statement)) == 2
    assert Transition.objects.count() == before


def test_nothing_waiting_is_refused_clearly(engines, waiting, author):
    statement = waiting("kuch-nahin")
    services.statement_send_to_translators(statement=statement, actor=author)
    before = Transition.objects.count()
    with pytest.raises(IllegalTransition, match="waiting for machine translation"):
        services.statement_send_to_translators(statement=statement, actor=author)
    assert Transition.objects.count() == before
