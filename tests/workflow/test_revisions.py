"""Revising a published statement: outdated translations, changed sentences only, history.

The engines are the local test double (tests/support/mt_double.py); tasks run eagerly, after
each commit, as the worker would run them.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.support.revising import (
    BODY,
    CHANGED,
    SENTENCES,
    TARGETS,
    TITLE,
    TRANSLATORS,
    approved_text,
    body_with,
    human,
    republish,
    revise,
    send_through,
    translate_all,
)
from translations.models import MemoryUnit
from workflow import reviews, revisions, services
from workflow.choices import State
from workflow.exceptions import InvalidInput, NotPermitted, StaleEdit
from workflow.models import PublishedVersion, Segment, Transition

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

# ---- changed sentences only ---------------------------------------------------------------


def test_one_changed_sentence_goes_back_and_nineteen_stay_as_approved(
    published, users, mt_double, run_after_commit
):
    before = {code: approved_text(published.variants.get(language=code)) for code in TARGETS}
    live_before = {code: published.published_text(code).body for code in TARGETS}
    memory_before = MemoryUnit.objects.count()

    revise(published, users, run_after_commit, body=body_with(6, CHANGED))

    published.refresh_from_db()
    assert published.last_revised_at is not None
    changed_position = 1 + 6  # the title is sentence 0
    for code in TARGETS:
        variant = published.variants.get(language=code)
        # Back with the translator who did it, who still works in the language.
        assert variant.state == State.IN_TRANSLATION
        assert variant.assignee == users[TRANSLATORS[code]]
        assert variant.source_revision.number == 2
        rows = {s.position: s for s in variant.segments.all()}
        assert len(rows) == 20
        kept = {p: (s.source, s.target, s.origin) for p, s in rows.items() if p != changed_position}
        assert kept == {p: v for p, v in before[code].items() if p != changed_position}
        assert {s.origin for p, s in rows.items() if p != changed_position} == {"human"}
        assert all(s.changed_in_revision is None for p, s in rows.items() if p != changed_position)
        changed = rows[changed_position]
        assert changed.source == CHANGED
        assert changed.origin == Segment.Origin.ENGINE
        assert changed.target == f"[{code}] {CHANGED}"
        assert changed.changed_in_revision == 2
        assert changed.previous_source == SENTENCES[6]
        assert changed.previous_target == human(code, changed_position)
        assert changed.suggestions[0]["origin"] == revisions.PREVIOUS
        assert changed.suggestions[0]["text"] == human(code, changed_position)
        # The working copy is rebuilt from the segments; readers keep the approved text.
        assert published.published_text(code).body == live_before[code]
        moves = list(variant.transitions.order_by("pk").values_list("from_state", "to_state"))
        assert moves[-2:] == [("published", "outdated"), ("outdated", "in_translation")]
        outdated = variant.transitions.get(to_state="outdated")
        assert outdated.actor is None and "revision 2" in outdated.note
    # One engine request per language, carrying the changed sentence only.
    assert mt_double.counts_by_target() == {"hi": 1, "bn": 1, "ur": 1}
    for request in mt_double.requests:
        assert CHANGED in request.query
        assert not any(sentence in request.query for sentence in SENTENCES)
    assert MemoryUnit.objects.count() == memory_before


def test_added_and_removed_sentences(published, users, run_after_commit, mt_double):
    body = BODY.replace(SENTENCES[2] + " ", "").replace(
        SENTENCES[10], SENTENCES[10] + " " + CHANGED
    )
    revise(published, users, run_after_commit, body=body)
    hindi = published.variants.get(language="hi")
    rows = list(hindi.segments.order_by("position"))
    assert [s.source for s in rows if s.field == "body"] == [
        *SENTENCES[:2],
        *SENTENCES[3:11],
        CHANGED,
        *SENTENCES[11:],
    ]
    assert [s.position for s in rows] == list(range(20))
    new = [s for s in rows if s.changed_in_revision == 2]
    assert [(s.source, s.previous_target) for s in new] == [(CHANGED, "")]
    assert sum(1 for s in rows if s.origin == "human") == 19
    assert mt_double.counts_by_target() == {"hi": 1, "bn": 1, "ur": 1}


def test_a_translator_who_left_the_language_hands_it_to_the_pool(
    published, users, run_after_commit
):
    profile = users["translator_bn"].translator_profile
    profile.working_languages.all().delete()
    revise(published, users, run_after_commit, body=body_with(0, CHANGED))
    bengali = published.variants.get(language="bn")
    assert bengali.state == State.READY and bengali.assignee is None
    assert "Brought up to revision 2" in bengali.transitions.latest("pk").note


def test_engines_down_the_changed_sentence_waits_for_a_person(
    published, users, run_after_commit, mt_double
):
    mt_double.fail_next(*[503] * 30)
    revise(published, users, run_after_commit, body=body_with(3, CHANGED))
    hindi = published.variants.get(language="hi")
    assert hindi.state == State.IN_TRANSLATION
    changed = hindi.segments.get(changed_in_revision=2)
    assert changed.target == "" and changed.previous_target == human("hi", 4)
    assert "Machine translation failed" in hindi.transitions.latest("pk").note
    assert hindi.segments.filter(origin="human").count() == 19


# ---- readers during the update ------------------------------------------------------------


def reader_page(client, code: str, slug: str) -> BeautifulSoup:
    response = client.get(f"/{code}/statements/{slug}/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_readers_keep_the_old_translation_with_a_notice_until_the_new_one_is_published(
    published, users, run_after_commit, client
):
    slug = published.slug
    old_hindi = human("hi", 7)
    revise(published, users, run_after_commit, body=body_with(6, CHANGED), note="Inquiry added.")

    page = reader_page(client, "hi", slug)
    notice = page.select_one(".notice")
    assert notice is not None
    assert "अनुवाद" in notice.get_text() or "translation" in notice.get_text()
    assert notice.select_one("a")["href"] == f"/en/statements/{slug}/"
    assert old_hindi in page.select_one(".text").get_text()
    english = reader_page(client, "en", slug)
    assert english.select_one(".notice") is None
    assert CHANGED in english.select_one(".text").get_text()
    assert "Inquiry added." in english.select_one("details.updated").get_text()

    new_hindi = "श्रम विभाग ने अब एक सप्ताह के भीतर जाँच का वादा किया है।"
    republish(published, "hi", users, run_after_commit, text=new_hindi)

    page = reader_page(client, "hi", slug)
    assert page.select_one(".notice") is None
    text = page.select_one(".text").get_text()
    assert new_hindi in text and old_hindi not in text
    assert page.select_one(".updated") is not None
    # The other languages still wait for their translators.
    assert reader_page(client, "ur", slug).select_one(".notice") is not None
    assert (
        published.variants.get(language="hi")
        .segments.filter(changed_in_revision__isnull=False)
        .count()
        == 0
    )


# ---- history and rollback ----------------------------------------------------------------


def test_history_diff_and_rollback(published, users, run_after_commit, client):
    revise(published, users, run_after_commit, body=body_with(6, CHANGED))
    republish(published, "hi", users, run_after_commit, text="श्रम विभाग ने जाँच का वादा किया है।")
    hindi = published.variants.get(language="hi")

    versions = list(PublishedVersion.objects.filter(variant=hindi).order_by("number"))
    assert [(v.number, v.kind, v.source_revision.number) for v in versions] == [
        (1, "publication", 1),
        (2, "publication", 2),
    ]
    assert {v.approved_by for v in versions} == {users["reviewer"]}
    assert {v.published_by for v in versions} == {users["editor"]}
    diff = reviews.word_diff(versions[0].body, versions[1].body)
    # The diff rebuilds both versions exactly, and names the words that changed.
    assert "".join(p.text for p in diff if p.op != "added") == versions[0].body
    assert "".join(p.text for p in diff if p.op != "removed") == versions[1].body
    removed = "".join(p.text for p in diff if p.op == "removed").split()
    added = "".join(p.text for p in diff if p.op == "added").split()
    assert "7" in removed and "मानसून" in removed
    assert "जाँच" in added and "विभाग" in added

    memory = sorted(MemoryUnit.objects.values_list("source_text", "target_text", "approved_at"))
    transitions = Transition.objects.count()
    rollback = services.rollback(
        variant=hindi, number=1, actor=users["editor"], note="The new sentence was wrong."
    )
    published.refresh_from_db()
    assert published.body_hi == versions[0].body  # exact text back
    assert published.title_hi == versions[0].title
    assert (rollback.number, rollback.kind, rollback.restores) == (3, "rollback", versions[0])
    assert rollback.published_by == users["editor"]
    assert "The new sentence was wrong." in rollback.note
    assert sorted(MemoryUnit.objects.values_list("source_text", "target_text", "approved_at")) == (
        memory
    )
    assert Transition.objects.count() == transitions  # the state did not change
    # Readers are told again that Hindi follows the earlier original.
    assert reader_page(client, "hi", published.slug).select_one(".notice") is not None


def test_rollback_refusals_change_nothing(published, users):
    hindi = published.variants.get(language="hi")
    live = published.body_hi
    cases = [
        (users["reviewer"], 1, "because", NotPermitted),
        (users["editor"], 1, "because", InvalidInput),  # version 1 is live
        (users["editor"], 9, "because", InvalidInput),
    ]
    for actor, number, note, error in cases:
        with pytest.raises(error):
            services.rollback(variant=hindi, number=number, actor=actor, note=note)
    with pytest.raises(InvalidInput, match="revising"):
        services.rollback(
            variant=services.source_variant(published), number=1, actor=users["editor"], note="x"
        )
    published.refresh_from_db()
    assert published.body_hi == live
    assert PublishedVersion.objects.filter(variant=hindi).count() == 1


# ---- concurrency --------------------------------------------------------------------------


def test_a_revision_arriving_while_a_translator_works_keeps_their_saved_work(
    published, users, run_after_commit
):
    revise(published, users, run_after_commit, body=body_with(6, CHANGED))
    hindi = published.variants.get(language="hi")
    translator = users["translator_hi"]
    rows = {s.position: s for s in hindi.segments.all()}
    # The translator corrects the changed sentence and two untouched ones, then keeps
    # the editor open (the versions below are what their page holds).
    saved = {
        7: "श्रम विभाग ने एक सप्ताह में जाँच का वादा किया है।",
        3: "स्थल तीन के मज़दूरों को बरसात शुरू होने से भुगतान नहीं हुआ।",
        12: "स्थल बारह के मज़दूर मानसून से बिना मज़दूरी के हैं।",
    }
    for position, text in saved.items():
        services.segment_save(
            segment=rows[position],
            actor=translator,
            text=text,
            expected_version=rows[position].version,
        )
    open_page = {s.position: s.version for s in hindi.segments.all()}

    # Revision 3 changes sentence 12 (body index 11) while the work is in progress.
    third = body_with(6, CHANGED).replace(SENTENCES[11], "Site twelve was closed by the police.")
    revise(published, users, run_after_commit, body=third)

    hindi = published.variants.get(language="hi")
    assert hindi.state == State.IN_TRANSLATION and hindi.assignee == translator
    assert hindi.source_revision.number == 3
    rows = {s.position: s for s in hindi.segments.all()}
    assert rows[7].target == saved[7] and rows[7].origin == "human"
    assert rows[3].target == saved[3] and rows[3].origin == "human"
    assert rows[12].previous_target == saved[12]  # kept beside the new source
    assert rows[12].source == "Site twelve was closed by the police."
    assert rows[12].changed_in_revision == 3
    # A save from the page opened before: an untouched sentence goes through; the
    # sentence whose source changed is refused with the newer text, nothing overwritten.
    services.segment_save(
        segment=rows[5],
        actor=translator,
        text="स्थल पाँच: सुधारा गया।",
        expected_version=open_page[5],
    )
    with pytest.raises(StaleEdit):
        services.segment_save(
            segment=rows[12],
            actor=translator,
            text="पुरानी खुली पट्टी से।",
            expected_version=open_page[12],
        )
    assert Segment.objects.get(pk=rows[12].pk).previous_target == saved[12]
    # Live Hindi is still the first approved translation throughout.
    published.refresh_from_db()
    assert human("hi", 7) in published.body_hi


def test_translations_in_review_or_approved_go_back_too(users, mt_settings, run_after_commit):
    run = run_after_commit
    statement = services.statement_create(
        author=users["author"], source_language="en", title=TITLE, body=BODY
    )
    run(
        services.statement_submit_for_translation,
        statement=statement,
        actor=users["author"],
        targets=["hi", "bn"],
    )
    services.variant_approve(variant=services.source_variant(statement), actor=users["reviewer"])
    run(services.variant_publish, variant_id=services.source_variant(statement).pk,
        actor=users["editor"])  # fmt: skip
    for code in ("hi", "bn"):
        variant = statement.variants.get(language=code)
        services.variant_claim(variant=variant, actor=users[TRANSLATORS[code]])
        translate_all(variant, users[TRANSLATORS[code]])
    hindi = send_through(statement.variants.get(language="hi"), users, run)  # approved
    services.variant_submit_for_review(
        variant=statement.variants.get(language="bn"),
        actor=users["translator_bn"],
        override="Sample text.",
    )  # in review
    revise(statement, users, run, body=body_with(0, CHANGED))
    for code in ("hi", "bn"):
        variant = statement.variants.get(language=code)
        assert variant.state == State.IN_TRANSLATION, code
        assert variant.transitions.filter(to_state="outdated").exists()
        assert variant.segments.filter(changed_in_revision=2).count() == 1
    # The approved Hindi of revision 1 never reached readers.
    statement.refresh_from_db()
    assert not statement.body_hi
    assert hindi.pk and not PublishedVersion.objects.filter(variant=hindi).exists()


def test_only_the_author_or_an_editor_revises(published, users):
    other = users["translator_hi"]
    with pytest.raises(NotPermitted):
        services.statement_revise(statement=published, actor=other)
    assert services.source_variant(published).state == State.PUBLISHED


def test_each_publication_records_the_live_text(published, users):
    for variant in published.variants.all():
        first = PublishedVersion.objects.get(variant=variant)
        live = published.published_text(variant.language)
        assert first.number == 1
        assert first.text() == {f: getattr(live, f) for f in first.text()}
        assert first.published_by == users["editor"]
        assert variant.live_revision == published.revisions.get(number=1)


def test_a_lost_retranslation_is_sent_again(published, users, settings, mt_double, redis_server):
    from config.celery import app
    from workflow.tasks import requeue_stalled_pretranslation_task

    app.conf.task_always_eager = False  # the tasks go to a broker nobody reads
    try:
        revise(published, users, lambda call, **kw: call(**kw), body=body_with(6, CHANGED))
    finally:
        app.conf.task_always_eager = True
    outdated = published.variants.filter(state=State.OUTDATED)
    assert sorted(outdated.values_list("language", flat=True)) == ["bn", "hi", "ur"]
    settings.ANUVAD_MT_REQUEUE_AFTER = 0
    assert requeue_stalled_pretranslation_task() == 3
    states = set(published.variants.exclude(language="en").values_list("state", flat=True))
    assert states == {State.IN_TRANSLATION}
    assert mt_double.counts_by_target() == {"hi": 1, "bn": 1, "ur": 1}
