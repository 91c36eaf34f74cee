"""Engine results cached, usage counted, budgets kept: through pre-translation, the desk and
``mt_status --usage``, with the LLM and MT test doubles."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from notifications.models import Kind, Notification
from translations import engine_usage
from translations.models import EngineResult, EngineUsage, GlossaryTerm
from workflow import services
from workflow.choices import State
from workflow.models import Variant
from workflow.views.editor import suggestions_for

# The cache's conflicts and the usage counters' F() updates are the database's business.
pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

BODY = (
    "Floods have displaced 40,000 people in North Bihar. Relief has not reached most villages."
    "\n\nThe Kisan Sabha demands community kitchens in every block."
)


@pytest.fixture
def submit(users, django_capture_on_commit_callbacks):
    """Submit a statement and run its pre-translation tasks (sent on commit)."""
    from tests.factories import make_statement

    def run(users, *, targets=("hi",), body=BODY, title="Floods in North Bihar"):
        statement = make_statement(
            users["author"], body=body, title=title, summary="Relief has not reached the villages."
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.statement_submit_for_translation(
                statement=statement, actor=users["author"], targets=list(targets)
            )
        return statement

    return run


def version(statement, code: str) -> Variant:
    return statement.variants.get(language=code)


def last_note(variant: Variant) -> str:
    return variant.transitions.order_by("-pk").first().note


def usage(name: str) -> EngineUsage:
    return EngineUsage.objects.get(engine=name, month=engine_usage.this_month())


# ---- the prompt of a pre-translation -----------------------------------------------------------


def test_the_statement_being_translated_is_in_the_prompt(users, llm_settings, llm_double, submit):
    submit(users, title="Floods in North Bihar")
    (call,) = llm_double.completions
    assert "Title: Floods in North Bihar" in call.system
    assert "Summary: Relief has not reached the villages." in call.system
    assert "Floods in North Bihar" in call.texts  # and the title is translated too


def test_a_revision_is_translated_with_the_statement_as_context(
    published, llm_settings, llm_double, users, run_after_commit
):
    from tests.support.revising import CHANGED, TITLE, body_with, revise
    from translations.engines import context as engine_context

    revise(published, users, run_after_commit, body=body_with(6, CHANGED))

    assert [c.texts for c in llm_double.completions] == [[CHANGED]] * 3  # one per language
    assert all(f"Title: {TITLE}" in c.system for c in llm_double.completions)
    assert engine_context.current().title == ""  # nothing outlives the pre-translation


# ---- the cache ------------------------------------------------------------------------------


def test_a_resubmitted_statement_is_answered_from_the_cache(
    users, llm_settings, llm_double, submit
):
    first = version(submit(users), "hi")
    asked = len(llm_double.completions)
    sentences = first.segments.count()

    second = version(submit(users), "hi")

    assert second.state == State.READY
    assert len(llm_double.completions) == asked  # nothing sent again
    rows = list(second.segments.order_by("position"))
    assert {r.origin_detail for r in rows} == {"openai (cached)"}
    assert [r.target for r in rows] == [r.target for r in first.segments.order_by("position")]
    assert usage("openai").cache_hits == sentences
    assert usage("openai").requests == asked


def test_a_cached_result_is_labelled_so_in_the_editor(users, llm_settings, llm_double, submit):
    submit(users)
    segment = version(submit(users), "hi").segments.order_by("position").first()
    assert suggestions_for(segment)[0].label == "Machine (openai, cached)"
    with translation.override("hi"):
        assert suggestions_for(segment)[0].label == "मशीन (openai, कैश से)"


def test_only_the_changed_sentences_of_a_revised_text_are_sent(
    users, llm_settings, llm_double, submit
):
    submit(users)
    llm_double.reset()
    revised = BODY.replace("most villages", "the villages of Darbhanga")

    submit(users, body=revised)

    sent = [t for c in llm_double.completions for t in c.texts]
    assert sent == ["Relief has not reached the villages of Darbhanga."]


def test_a_glossary_change_asks_the_engine_again(users, llm_settings, llm_double, submit):
    submit(users)
    asked = len(llm_double.completions)
    GlossaryTerm.objects.create(
        source_language="en", term="Kisan Sabha", kind="fixed", target_language="hi",
        translation="किसान सभा",
    )  # fmt: skip

    hindi = version(submit(users), "hi")

    assert len(llm_double.completions) > asked
    kitchens = hindi.segments.get(source__contains="Kisan Sabha")
    assert kitchens.target == "[hi] The किसान सभा demands community kitchens in every block."
    assert kitchens.origin_detail == "openai"


def test_each_engine_has_its_own_cache(users, llm_settings, llm_double, mt_double, submit):
    submit(users)  # by openai
    llm_settings.ANUVAD_MT_CHAINS = "en>hi=google"
    hindi = version(submit(users), "hi")
    assert {s.origin_detail for s in hindi.segments.all()} == {"google"}
    assert mt_double.count(provider="google") == 1


def test_the_cache_can_be_turned_off(users, llm_settings, llm_double, submit):
    llm_settings.ANUVAD_MT_CACHE = False
    submit(users)
    asked = len(llm_double.completions)
    submit(users)
    assert len(llm_double.completions) == 2 * asked
    assert not EngineResult.objects.exists()


# ---- usage and budgets ------------------------------------------------------------------------


def test_usage_counts_requests_and_characters_sent(users, llm_settings, llm_double, submit):
    llm_settings.ANUVAD_MT_PRICES = {"openai": 2.0}
    llm_double.drop_ids_next()  # one failed batch: sent, so counted
    submit(users)

    sent = [t for c in llm_double.completions for t in c.texts]
    row = usage("openai")
    assert row.requests == len(llm_double.completions) == 3
    assert row.characters == sum(len(t) for t in sent)
    (found,) = engine_usage.months(engine="openai")
    assert found.cost == pytest.approx(row.characters * 2.0 / 1_000_000)


def test_past_its_budget_an_engine_is_skipped_and_editors_told_once(
    users, llm_settings, llm_double, submit
):
    llm_settings.ANUVAD_MT_PRICES = {"openai": 1_000_000.0}  # a unit of money a character
    llm_settings.ANUVAD_MT_BUDGETS = {"openai": 10.0}
    submit(users)  # spends far more than 10
    asked = len(llm_double.completions)

    hindi = version(submit(users, body="A new sentence about the floods."), "hi")
    submit(users, body="Another new sentence about relief.")

    assert len(llm_double.completions) == asked  # skipped both times
    assert {s.origin_detail for s in hindi.segments.all()} == {"google"}
    note = last_note(hindi)
    assert "Machine translation failed: openai: this month's budget of 10.00 USD is spent" in note
    notices = Notification.objects.filter(kind=Kind.ENGINE_BUDGET)
    assert [n.user for n in notices] == [users["editor"]]
    assert "openai" in notices[0].subject
    assert usage("openai").over_budget_at is not None


def test_a_budget_does_not_stop_cache_hits(users, llm_settings, llm_double, submit):
    llm_settings.ANUVAD_MT_PRICES = {"openai": 1_000_000.0}
    llm_settings.ANUVAD_MT_BUDGETS = {"openai": 10.0}
    submit(users)
    hindi = version(submit(users), "hi")
    assert {s.origin_detail for s in hindi.segments.all()} == {"openai (cached)"}
    assert not Notification.objects.filter(kind=Kind.ENGINE_BUDGET).exists()


def test_a_budget_without_a_price_is_a_configuration_error(settings):
    from translations.engines.checks import check_mt_settings

    settings.ANUVAD_MT_BUDGETS = {"openai": 5.0}
    settings.ANUVAD_MT_PRICES = {"nosuch": 1.0}
    ids = {e.id for e in check_mt_settings()}
    assert {"translations.E107", "translations.E109"} <= ids


# ---- where editors see it ---------------------------------------------------------------------


def test_editors_see_usage_on_the_desk(client, users, llm_settings, llm_double, submit):
    llm_settings.ANUVAD_MT_PRICES = {"openai": 100_000.0}
    submit(users)
    for who in ("translator_hi", "reviewer", "author"):
        client.force_login(users[who])
        assert client.get(reverse("workspace:engine_usage")).status_code == 403
    client.force_login(users["editor"])
    page = client.get(reverse("workspace:engine_usage")).content.decode()
    row = usage("openai")
    assert "openai" in page
    assert f"<td>{row.requests:,}</td><td>{row.characters:,}</td>" in page
    assert f"${row.characters * 0.1:,.2f}" in page
    assert (
        reverse("workspace:engine_usage")
        in client.get(reverse("workspace:dashboard")).content.decode()
    )


def test_the_usage_page_speaks_the_editors_language(
    client, users, llm_settings, llm_double, submit
):
    submit(users, targets=("ur",))
    client.force_login(users["editor"])
    client.cookies["django_language"] = "bn"
    page = client.get(reverse("workspace:engine_usage"), HTTP_ACCEPT_LANGUAGE="bn").content.decode()
    assert "মেশিন অনুবাদের ব্যবহার" in page


def test_mt_status_usage_lists_each_engines_month(users, llm_settings, llm_double, submit):
    llm_settings.ANUVAD_MT_PRICES = {"openai": 1.0}
    submit(users, targets=("hi", "bn"))
    out = StringIO()
    call_command("mt_status", "--no-network", "--usage", stdout=out)
    text = out.getvalue()
    row = usage("openai")
    line = next(x for x in text.splitlines() if " openai " in x and x.strip()[:4].isdigit())
    assert f"{row.requests:,}" in line and f"{row.characters:,}" in line
    assert "cost and budget in USD" in text


def test_mt_status_shows_an_engine_that_is_in_no_chain(settings):
    out = StringIO()
    call_command("mt_status", "--no-network", stdout=out)
    text = out.getvalue().split("In no chain", 1)[1]
    line = next(x for x in text.splitlines() if x.strip().startswith("openai "))
    assert "not configured: ANUVAD_MT_OPENAI_URL is not set" in line


def test_a_call_with_no_placeholders_or_terms_is_cached_too(llm_settings, llm_double):
    from translations import engine_calls
    from translations.engines import registry

    llm_double.reset()
    texts = ["किसानों की रैली सोमवार को दिल्ली पहुँची।"]
    openai = registry.engine("openai")
    first = engine_calls.run(openai, [(t, {}) for t in texts], source="hi", target="ur")
    again = engine_calls.run(openai, [(t, {}) for t in texts], source="hi", target="ur")
    assert [r.text for r in again] == [r.text for r in first] == [f"[ur] {texts[0]}"]
    assert (first[0].cached, again[0].cached) == (False, True)
    assert len(llm_double.completions) == 1


def test_a_cached_answer_deleted_in_the_admin_is_asked_again(
    admin_client, users, llm_settings, llm_double, submit
):
    submit(users)
    page = admin_client.get(reverse("admin:translations_engineresult_changelist"))
    assert (
        page.status_code == 200 and "Relief has not reached most villages." in page.content.decode()
    )
    row = EngineResult.objects.get(source_text="Relief has not reached most villages.")
    admin_client.post(
        reverse("admin:translations_engineresult_delete", args=[row.pk]), {"post": "yes"}
    )
    llm_double.reset()

    submit(users)

    assert [t for c in llm_double.completions for t in c.texts] == [row.source_text]
