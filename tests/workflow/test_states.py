"""Every (from, to) pair of the state table, for every kind of actor, source and target.

The expected table is written out here by hand from the README's table, not derived from
workflow.states, so a wrong rule in the code fails a test.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.factories import make_statement, make_user
from workflow import states
from workflow.choices import State
from workflow.exceptions import (
    AlreadyClaimed,
    IllegalTransition,
    NoteRequired,
    NotPermitted,
    SelfReview,
    SourceNotPublished,
    WorkflowError,
)
from workflow.models import Transition, Variant

ALL = [s.value for s in State]
EVERYONE = ("system", "author", "claimant", "translator", "translator_other",
            "reviewer", "reviewer_other", "editor", "nobody")  # fmt: skip

BEFORE_LIVE = ("draft", "pending", "ready", "in_translation", "in_review",
               "changes_requested", "approved")  # fmt: skip

SOURCE_ALLOWED: dict[tuple[str, str], set[str]] = {
    ("draft", "in_review"): {"author", "editor"},
    ("changes_requested", "in_review"): {"author", "editor"},
    ("in_review", "changes_requested"): {"reviewer", "editor"},
    ("in_review", "approved"): {"reviewer", "editor"},
    ("approved", "changes_requested"): {"reviewer", "editor"},
    ("approved", "published"): {"editor"},
    ("draft", "published"): {"system"},  # archive import
    ("published", "draft"): {"author", "editor"},  # a revision; the live text stays
    **{(s, "withdrawn"): {"editor"} for s in BEFORE_LIVE},
}
TARGET_ALLOWED: dict[tuple[str, str], set[str]] = {
    ("pending", "ready"): {"system", "author", "editor"},  # send to translators now
    ("ready", "published"): {"system"},  # archive import
    ("ready", "in_translation"): {"claimant", "translator", "editor"},
    ("in_translation", "ready"): {"claimant", "editor", "system"},
    ("in_translation", "in_review"): {"claimant"},
    ("changes_requested", "in_review"): {"claimant"},
    ("changes_requested", "ready"): {"claimant", "editor"},
    ("in_review", "changes_requested"): {"reviewer", "editor"},
    ("in_review", "approved"): {"reviewer", "editor"},
    ("approved", "changes_requested"): {"reviewer", "editor"},
    ("approved", "published"): {"editor"},
    ("published", "outdated"): {"system"},
    # A revised source is published while the version is in review or approved.
    ("in_review", "outdated"): {"system"},
    ("approved", "outdated"): {"system"},
    ("outdated", "ready"): {"system"},
    ("outdated", "in_translation"): {"system"},
    **{(s, "withdrawn"): {"editor"} for s in BEFORE_LIVE},
}

# Allowed only while the whole statement is being withdrawn (tested in test_services).
WITH_STATEMENT = {("published", "withdrawn"), ("outdated", "withdrawn")}

# States in which the target variant has a claimant / a submitted text.
HELD = {"in_translation", "in_review", "changes_requested"}
SUBMITTED = {"in_review", "changes_requested", "approved", "published", "outdated"}


@pytest.fixture
def cast(users):
    """Actors for a Hindi target variant (and an English source) by kind."""
    return {
        "system": None,
        "author": users["author"],
        "claimant": users["translator_hi"],
        "translator": users["translator_hi2"],
        "translator_other": users["translator_bn"],
        "reviewer": users["reviewer"],
        "reviewer_other": users["reviewer_bn"],
        "editor": users["editor"],
        "nobody": users["nobody"],
    }


def _setup(statement, variant: Variant, state: str, cast) -> Variant:
    """Put the variant in ``state`` as the workflow would have left it (test set-up only)."""
    held = state in HELD and not variant.is_source
    Variant.objects.filter(pk=variant.pk).update(
        state=state,
        assignee=cast["claimant"]
        if held
        else (cast["author"] if variant.is_source and state in HELD else None),
        translated_by=(cast["author"] if variant.is_source else cast["claimant"])
        if state in SUBMITTED
        else None,
        title="शीर्षक" if not variant.is_source else variant.title,
        body="पाठ।" if not variant.is_source else variant.body,
    )
    return Variant.objects.get(pk=variant.pk)


def _attempt(variant, target, actor_kind, cast):
    actor = cast[actor_kind]
    kwargs = {"actor": actor, "note": "Because the test says so."}
    if target == "in_translation" and actor_kind in ("editor", "system"):
        kwargs["assignee"] = cast["claimant"]
    return states.transition(variant, target, **kwargs)


def _pairs():
    for scope in ("source", "target"):
        for source in ALL:
            for target in ALL:
                if source != target or source == "in_translation":
                    yield pytest.param(scope, source, target, id=f"{scope}:{source}->{target}")


@pytest.mark.postgres
@pytest.mark.parametrize(("scope", "source", "target"), list(_pairs()))
def test_state_table(scope, source, target, users, cast):
    statement = make_statement(users["author"], source_language="en")
    # Source published, so the guard on publishing a translation is met where it matters.
    english = statement.variants.get(language="en")
    if scope == "target":
        Variant.objects.filter(pk=english.pk).update(state="published", published_at=timezone.now())
        variant = states.create_variant(statement=statement, language="hi", actor=None)
    else:
        variant = english
    expected = (SOURCE_ALLOWED if scope == "source" else TARGET_ALLOWED).get(
        (source, target), set()
    )

    for actor_kind in EVERYONE:
        variant = _setup(statement, variant, source, cast)
        log_before = list(Transition.objects.filter(variant=variant).values_list("pk", flat=True))
        if actor_kind in expected:
            moved = _attempt(variant, target, actor_kind, cast)
            assert moved.state == target
            last = Transition.objects.filter(variant=variant).latest("pk")
            assert (last.from_state, last.to_state) == (source, target)
            assert last.actor == cast[actor_kind]
            assert last.note == "Because the test says so."
            assert Transition.objects.filter(variant=variant).count() == len(log_before) + 1
        else:
            with pytest.raises(WorkflowError) as refused:
                _attempt(variant, target, actor_kind, cast)
            assert str(refused.value), "a refusal must say why"
            table = SOURCE_ALLOWED if scope == "source" else TARGET_ALLOWED
            if (source, target) in WITH_STATEMENT:
                expected_error = IllegalTransition if actor_kind == "editor" else NotPermitted
            elif (source, target) in table:
                expected_error = NotPermitted
            else:
                expected_error = IllegalTransition
            assert isinstance(refused.value, expected_error), refused.value
            fresh = Variant.objects.get(pk=variant.pk)
            assert fresh.state == source
            assert fresh.version == variant.version
            after = list(Transition.objects.filter(variant=variant).values_list("pk", flat=True))
            assert after == log_before


@pytest.mark.postgres
def test_reviewer_who_translated_cannot_approve(users):
    both = make_user("asha", roles=["translator", "reviewer"], languages=["hi"])
    statement = make_statement(users["author"])
    hindi = states.create_variant(statement=statement, language="hi", actor=None)
    hindi = states.transition(hindi, "ready", actor=None)
    hindi = states.transition(hindi, "in_translation", actor=both)
    Variant.objects.filter(pk=hindi.pk).update(title="बयान", body="पाठ।")
    hindi = states.transition(hindi, "in_review", actor=both)
    with pytest.raises(SelfReview, match="someone else must approve"):
        states.transition(hindi, "approved", actor=both)
    assert Variant.objects.get(pk=hindi.pk).state == "in_review"
    approved = states.transition(hindi, "approved", actor=users["reviewer"])
    assert approved.reviewer == users["reviewer"]


def test_author_cannot_approve_own_source(users):
    writer_and_editor = make_user("meera", roles=["author", "editor"], languages=["en"])
    statement = make_statement(writer_and_editor)
    source = statement.variants.get(language="en")
    source = states.transition(source, "in_review", actor=writer_and_editor)
    with pytest.raises(SelfReview):
        states.transition(source, "approved", actor=writer_and_editor)


@pytest.mark.postgres
def test_translator_outside_their_languages_is_refused(users):
    statement = make_statement(users["author"])
    urdu = states.create_variant(statement=statement, language="ur", actor=None)
    urdu = states.transition(urdu, "ready", actor=None)
    with pytest.raises(NotPermitted, match="works in Urdu"):
        states.transition(urdu, "in_translation", actor=users["translator_hi"])
    with pytest.raises(NotPermitted):
        # reviewers are bound to their languages too
        Variant.objects.filter(pk=urdu.pk).update(state="in_review")
        states.transition(urdu, "approved", actor=users["reviewer_bn"])
    assert not Transition.objects.filter(variant=urdu, to_state__in=["in_translation", "approved"])


def test_editor_assigns_only_to_a_translator_of_that_language(users):
    statement = make_statement(users["author"])
    urdu = states.transition(
        states.create_variant(statement=statement, language="ur", actor=None), "ready", actor=None
    )
    with pytest.raises(WorkflowError, match="not a translator working in Urdu"):
        states.transition(
            urdu, "in_translation", actor=users["editor"], assignee=users["translator_hi"]
        )
    assigned = states.transition(
        urdu, "in_translation", actor=users["editor"], assignee=users["translator_ur"]
    )
    assert assigned.assignee == users["translator_ur"]
    assert assigned.claim_expires_at > timezone.now()


def test_second_claim_names_the_holder(users):
    statement = make_statement(users["author"])
    hindi = states.transition(
        states.create_variant(statement=statement, language="hi", actor=None), "ready", actor=None
    )
    states.transition(hindi, "in_translation", actor=users["translator_hi"])
    with pytest.raises(AlreadyClaimed, match="translator_hi already claimed the Hindi version"):
        states.transition(hindi, "in_translation", actor=users["translator_hi2"])


def test_notes_are_required_to_send_back_and_withdraw(users):
    statement = make_statement(users["author"])
    source = states.transition(
        statement.variants.get(language="en"), "in_review", actor=users["author"]
    )
    with pytest.raises(NoteRequired):
        states.transition(source, "changes_requested", actor=users["reviewer"], note="   ")
    with pytest.raises(NoteRequired):
        states.transition(source, "withdrawn", actor=users["editor"])
    assert Variant.objects.get(pk=source.pk).state == "in_review"


def test_translation_waits_for_the_source_to_be_published(users):
    statement = make_statement(users["author"])
    hindi = states.create_variant(statement=statement, language="hi", actor=None)
    Variant.objects.filter(pk=hindi.pk).update(state="approved", title="बयान", body="पाठ।")
    with pytest.raises(SourceNotPublished, match="publish it first"):
        states.transition(hindi, "published", actor=users["editor"])


def test_refusals_name_states_in_english_whatever_language_is_active(users):
    from django.utils.translation import override

    statement = make_statement(users["author"])
    source = statement.variants.get(language="en")
    with override("bn"), pytest.raises(IllegalTransition) as refused:
        states.transition(source, "approved", actor=users["editor"])
    message = str(refused.value)
    assert "is draft; it cannot become approved (from here: in review" in message
    assert not any("\u0980" <= ch <= "\u09ff" for ch in message)
