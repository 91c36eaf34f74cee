"""The optional AI check: the model rates a version sent for review, low scores are warnings
beside the sentence with the model's reason, never blocking; off by default."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from translations import ai_check
from translations.engines.base import EngineBadResponse
from translations.engines.openai import OpenAIEngine
from workflow import qa, services
from workflow.choices import State

pytestmark = pytest.mark.django_db

WRONG = "दिल्ली में १,४३१ निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।"
RIGHT = "दिल्ली में १,४१३ निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।"


@pytest.fixture
def sent_for_review(users, llm_settings, llm_double, django_capture_on_commit_callbacks):
    """A Hindi version whose first body sentence has a wrong figure, sent for review."""
    from tests.factories import make_statement

    def run(*, model_fails: bool = False):
        statement = make_statement(users["author"])
        with django_capture_on_commit_callbacks(execute=True):
            services.statement_submit_for_translation(
                statement=statement, actor=users["author"], targets=["hi"]
            )
        hindi = statement.variants.get(language="hi")
        translator = users["translator_hi"]
        services.variant_claim(variant=hindi, actor=translator)
        figures = hindi.segments.get(source__startswith="1,413")
        services.segment_save(
            segment=figures, actor=translator, text=WRONG, expected_version=figures.version
        )
        llm_double.reset()
        if model_fails:
            llm_double.fail_next(500)
        with django_capture_on_commit_callbacks(execute=True):
            services.variant_submit_for_review(
                variant=hindi, actor=translator, override="The figure is checked."
            )
        hindi.refresh_from_db()
        return hindi

    return run


def ai_flags(variant):
    return {
        s.source: [f for f in s.qa_flags if f["check"] == ai_check.CHECK]
        for s in variant.segments.order_by("position")
    }


def test_off_by_default_nothing_is_rated(sent_for_review, llm_double):
    hindi = sent_for_review()
    assert hindi.state == State.IN_REVIEW
    assert llm_double.completions == []
    assert not any(ai_flags(hindi).values())


def test_a_wrong_figure_is_a_warning_with_the_models_reason(
    settings, sent_for_review, llm_double, client, users
):
    settings.ANUVAD_QA_AI_CHECK = True
    hindi = sent_for_review()

    (call,) = llm_double.completions
    assert [p["translation"] for p in call.pairs][1] == WRONG
    flags = ai_flags(hindi)
    (flag,) = flags[hindi.segments.get(source__startswith="1,413").source]
    assert flag["level"] == "warning"
    assert flag["params"]["score"] == 2
    assert "1,413" in flag["params"]["reason"]
    assert sum(len(f) for f in flags.values()) == 1  # the good sentences carry none

    client.force_login(users["reviewer"])
    page = client.get(reverse("workspace:review", args=[hindi.pk])).content.decode()
    assert "The model rates this translation 2 of 5" in page
    (problem,) = [p for p in qa.variant_problems(hindi) if p.check == ai_check.CHECK]
    with translation.override("ur"):
        assert problem.message.startswith("ماڈل اس ترجمے کو 5 میں سے 2 درجہ دیتا ہے")
    # Never blocking: the reviewer approves as before.
    approved = services.variant_approve(variant=hindi, actor=users["reviewer"])
    assert approved.state == State.APPROVED


def test_the_warning_goes_when_the_sentence_is_corrected(settings, sent_for_review, users):
    settings.ANUVAD_QA_AI_CHECK = True
    hindi = sent_for_review()
    services.variant_request_changes(
        variant=hindi, actor=users["reviewer"], note="Check the figure."
    )
    figures = hindi.segments.get(source__startswith="1,413")
    assert any(f["check"] == ai_check.CHECK for f in figures.qa_flags)
    hindi.refresh_from_db()
    services.segment_save(
        segment=figures, actor=users["translator_hi"], text=RIGHT, expected_version=figures.version
    )
    figures.refresh_from_db()
    assert not any(f["check"] == ai_check.CHECK for f in figures.qa_flags)
    assert not any(p.check == ai_check.CHECK for p in qa.variant_problems(hindi))


def test_a_failing_model_leaves_the_version_unflagged(settings, sent_for_review, llm_double):
    settings.ANUVAD_QA_AI_CHECK = True
    hindi = sent_for_review(model_fails=True)
    assert hindi.state == State.IN_REVIEW
    assert not any(ai_flags(hindi).values())


def test_ratings_that_miss_a_pair_are_a_bad_response(llm_double):
    engine = OpenAIEngine(url=llm_double.base_url, model=llm_double.model, timeout=(1, 2))
    assert [
        r.score for r in engine.rate([("5 boats", "[hi] 5 boats"), ("5", "6")], "en", "hi")
    ] == [
        5,
        2,
    ]
    llm_double.malformed_next()
    with pytest.raises(EngineBadResponse):
        engine.rate([("One.", "एक।")], "en", "hi")
