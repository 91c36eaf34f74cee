"""Bounds that keep desk pages small: a statement's sentences are counted, not only its
characters."""

from __future__ import annotations

import pytest

from tests.factories import make_statement
from workflow import services
from workflow.exceptions import InvalidInput
from workflow.limits import MAX_SENTENCES, TEXT_MAX_LENGTH
from workflow.models import Statement, Variant


def _hindi_body(count: int) -> str:
    return " ".join(f"मज़दूरों ने {n} दिन से वेतन नहीं पाया।" for n in range(count))


def test_a_body_of_many_short_sentences_is_refused_though_it_fits_in_characters(users):
    body = _hindi_body(MAX_SENTENCES)  # with the title: one sentence too many
    assert len(body) < TEXT_MAX_LENGTH["body"]
    with pytest.raises(InvalidInput, match=f"{MAX_SENTENCES + 1} sentences.*{MAX_SENTENCES}"):
        services.statement_create(
            author=users["author"], source_language="hi", title="वेतन पर बयान", body=body
        )
    assert not Statement.objects.exists()
    made = services.statement_create(
        author=users["author"],
        source_language="hi",
        title="वेतन पर बयान",
        body=_hindi_body(MAX_SENTENCES - 1),
    )
    assert made.pk


def test_a_source_edit_past_the_bound_changes_nothing(users):
    statement = make_statement(users["author"], source_language="bn")
    source = services.source_variant(statement)
    body = " ".join(f"শ্রমিকেরা {n} দিন মজুরি পাননি।" for n in range(MAX_SENTENCES + 5))
    with pytest.raises(InvalidInput, match="at most"):
        services.variant_save_text(
            variant=source, actor=users["author"], expected_version=source.version, body=body
        )
    after = Variant.objects.get(pk=source.pk)
    assert (after.body, after.version) == (source.body, source.version)
