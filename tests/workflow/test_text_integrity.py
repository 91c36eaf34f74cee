"""One rule for the characters every way in may store: people are refused invisible
controls (named), machine output has them dropped, and HTML never survives."""

from __future__ import annotations

import pytest

from tests.factories import make_statement
from translations import memory
from translations.sanitise import forbidden_characters
from workflow import services
from workflow.exceptions import InvalidInput
from workflow.models import Segment, Statement, Variant

RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"


def _submitted(users, callbacks, **text) -> Statement:
    statement = make_statement(users["author"], **text)
    with callbacks(execute=True):
        services.statement_submit_for_translation(statement=statement, actor=users["author"])
    return statement


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (f"We {RLO}won{PDF} the case.", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        (f"हम {RLI}जीते{PDI} हैं।", "U+2067 RIGHT-TO-LEFT ISOLATE"),
        ("আমরা জিতেছি।\x00", "U+0000"),
        ("ہم جیت گئے۔\u2028", "U+2028 LINE SEPARATOR"),
    ],
)
def test_the_rule_names_what_it_refuses(text, named):
    assert any(name.startswith(named) for name in forbidden_characters(text))


def test_the_rule_keeps_what_indic_and_urdu_text_needs():
    # ZWNJ/ZWJ shape Devanagari and Bengali conjuncts; LRM/RLM order Urdu with English names.
    for text in ("क्‍ष", "র‍্যাব", "اقوام متحدہ \u200fUN\u200f نے کہا۔", "line one\nline two\tend"):
        assert forbidden_characters(text) == []
    assert forbidden_characters("a\tb", single_line=True) == ["U+0009"]


def test_a_sentence_with_a_bidi_override_is_refused_and_nothing_changes(
    users, django_capture_on_commit_callbacks
):
    statement = _submitted(users, django_capture_on_commit_callbacks)
    hindi = services.variant_claim(
        variant=statement.variants.get(language="hi"), actor=users["translator_hi"]
    )
    row = hindi.segments.order_by("position").first()
    before = (row.target, row.version)
    with pytest.raises(InvalidInput, match="U\\+202E RIGHT-TO-LEFT OVERRIDE"):
        services.segment_save(
            segment=row,
            actor=users["translator_hi"],
            text=f"हम {RLO}जीते{PDF} हैं।",
            expected_version=row.version,
        )
    row.refresh_from_db()
    assert (row.target, row.version) == before


def test_a_title_with_a_control_character_is_refused_at_input(users):
    for bad in ("Statement\x0bon wages", "Statement\u2028on wages", "Title\r\nwith a break"):
        with pytest.raises(InvalidInput, match="title contains invisible characters"):
            services.statement_create(
                author=users["author"], source_language="en", title=bad, body="Body."
            )
    assert not Statement.objects.exists()


def test_the_version_text_is_plain_text_like_a_sentence(users, django_capture_on_commit_callbacks):
    statement = _submitted(
        users, django_capture_on_commit_callbacks, summary="Pay the dues at once."
    )
    bengali = services.variant_claim(
        variant=statement.variants.get(language="bn"), actor=users["translator_bn"]
    )
    saved = services.variant_save_text(
        variant=bengali,
        actor=users["translator_bn"],
        expected_version=bengali.version,
        summary="দাবি <svg onload=alert(1)>মেনে নিন</svg><script>alert(2)</script>",
    )
    stored = Variant.objects.get(pk=saved.pk).summary
    assert "<" not in stored and "alert(2)" not in stored
    assert "দাবি" in stored and "মেনে নিন" in stored


def test_the_source_keeps_what_its_author_typed_apart_from_invisible_controls(users):
    statement = make_statement(users["author"])
    source = services.source_variant(statement)
    typed = "See <https://example.org/report> and the <Wages Act>.\r\nসংশোধনী চাই।"
    saved = services.variant_save_text(
        variant=source, actor=users["author"], expected_version=source.version, body=typed
    )
    assert Variant.objects.get(pk=saved.pk).body == typed.replace("\r\n", "\n")
    with pytest.raises(InvalidInput, match="body contains invisible characters"):
        services.variant_save_text(
            variant=source,
            actor=users["author"],
            expected_version=saved.version,
            body=f"We {RLO}won{PDF} the case.",
        )
    assert Variant.objects.get(pk=saved.pk).version == saved.version


def test_a_memory_unit_with_html_or_overrides_is_cleaned_on_the_way_into_a_sentence(
    users, django_capture_on_commit_callbacks, settings
):
    settings.ANUVAD_MT_ENABLED = False
    statement = make_statement(users["author"], title="Workers walked out.", body="We won.")
    unit = memory.add(
        source_language="en", target_language="hi", source_text="We won.", target_text="हम जीते।"
    )
    # A unit as a TMX import may hold it (written directly: the importer keeps units as given).
    type(unit).objects.filter(pk=unit.pk).update(
        target_text=f"हम {RLO}जीते{PDF}।<script>x()</script>"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.statement_submit_for_translation(
            statement=statement, actor=users["author"], targets=["hi"]
        )
    filled = Segment.objects.filter(variant__statement=statement, source="We won.").get()
    assert filled.origin == Segment.Origin.MEMORY_EXACT
    assert filled.target == "हम जीते।"


def test_an_archive_file_with_a_nul_byte_is_refused_before_anything_is_written(tmp_path, db):
    from workflow import archive

    page = tmp_path / "wages.md"
    page.write_text(
        "---\nlanguage: hi\ntitle: मज़दूरी पर बयान\ndate: 2025-04-22\n---\n\nहम जीते।\x00\n",
        encoding="utf-8",
    )
    with pytest.raises(archive.ArchiveInvalid) as refused:
        archive.read([page])
    assert any("U+0000" in error for error in refused.value.errors)
    assert not Statement.objects.exists()
