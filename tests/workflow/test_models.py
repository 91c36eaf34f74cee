"""Model-level promises: the transition log is append-only; one variant per language."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.utils import timezone

from tests.factories import make_statement
from workflow import states
from workflow.models import Transition


def test_transition_log_cannot_be_changed_or_deleted(users):
    statement = make_statement(users["author"])
    record = Transition.objects.get(variant__statement=statement)
    record.note = "rewritten"
    with pytest.raises(TypeError, match="append-only"):
        record.save()
    with pytest.raises(TypeError, match="append-only"):
        record.delete()
    with pytest.raises(TypeError, match="append-only"):
        Transition.objects.filter(pk=record.pk).update(note="rewritten")
    with pytest.raises(TypeError, match="append-only"):
        Transition.objects.all().delete()
    assert Transition.objects.get(pk=record.pk).note == "Statement created."


def test_one_variant_per_language(users):
    statement = make_statement(users["author"])
    with pytest.raises(IntegrityError):
        states.create_variant(statement=statement, language="en", actor=None)


def test_published_languages_are_those_with_live_text(users):
    statement = make_statement(users["author"], source_language="ur")
    assert statement.published_languages() == []
    now = timezone.now()
    # The source is under revision (draft again) but was published: still live.
    statement.variants.filter(language="ur").update(state="draft", published_at=now)
    states.create_variant(statement=statement, language="hi", actor=None)
    statement.variants.filter(language="hi").update(state="outdated", published_at=now)
    states.create_variant(statement=statement, language="bn", actor=None)
    statement.variants.filter(language="bn").update(state="approved")  # never published
    states.create_variant(statement=statement, language="en", actor=None)
    statement.variants.filter(language="en").update(state="withdrawn", published_at=now)
    fresh = type(statement).objects.prefetch_related("variants").get(pk=statement.pk)
    assert fresh.published_languages() == ["hi", "ur"]
