"""Flags stored as English sentences are read back into codes and parameters, exactly."""

from __future__ import annotations

import pytest
from django.utils import translation

from translations import check_messages, legacy_flags

# Each sentence as the checks wrote it before results had codes.
OLD = [
    ("This sentence has no translation.", "no_translation", {}),
    ("Markup or link {1}, {2} is missing.", "placeholder_missing", {"names": ["{1}", "{2}"]}),
    ("Markup or link {3} is not in the source.", "placeholder_extra", {"names": ["{3}"]}),
    ("Number 7.8 is missing.", "number_missing", {"missing": ["7.8"]}),
    ("Numbers 12 and 3 are missing.", "number_missing", {"missing": ["12", "3"]}),
    ("Numbers ५ and ७ are not in the source.", "number_extra", {"extra": ["५", "७"]}),
    ("Number 2,000 is not in the source.", "number_extra", {"extra": ["2,000"]}),
    (
        "Number 1,413 is missing; १,४३१ is not in the source.",
        "number_missing_extra",
        {"missing": ["1,413"], "extra": ["१,४३१"]},
    ),
    (
        "Numbers 1, 2 and 3 are missing; 4 and 5 are not in the source.",
        "number_missing_extras",
        {"missing": ["1", "2", "3"], "extra": ["4", "5"]},
    ),
    ("“PFLR” should be kept as it is.", "glossary_keep", {"term": "PFLR"}),
    (
        "“minimum wage” should be translated as “न्यूनतम मज़दूरी”.",
        "glossary_translate",
        {"term": "minimum wage", "expected": "न्यूनतम मज़दूरी"},
    ),
    (
        "This is the same as the source; it may not have been translated.",
        "same_as_source",
        {},
    ),
    (
        "This translation is mostly in Devanagari script; Urdu is written in Arabic script.",
        "wrong_script",
        {"found": "Deva", "language": "ur", "script": "Arab"},
    ),
    ("End the sentence with “।”.", "end_sentence", {"mark": "।"}),
    ("End the sentence with “۔”, not “.”.", "end_sentence_instead", {"mark": "۔", "got": "."}),
    ("End the question with “?”.", "end_question", {"mark": "?"}),
    ("End the question with “؟”, not “?”.", "end_question_instead", {"mark": "؟", "got": "?"}),
    (
        "The translation is 3.7 times as long as the source; check nothing was added or repeated.",
        "too_long",
        {"ratio": "3.7"},
    ),
    (
        "The translation is only 23% as long as the source; check nothing was left out.",
        "too_short",
        {"percent": "23"},
    ),
    ("The engine did not know: Kuasha, PFLR.", "unknown_words", {"words": ["Kuasha", "PFLR"]}),
]


@pytest.mark.parametrize(("message", "code", "params"), OLD, ids=[o[1] for o in OLD])
def test_an_old_message_becomes_its_code_and_renders_the_same(message, code, params):
    assert legacy_flags.code_and_params(message) == (code, params)
    assert check_messages.render(code, params) == message


# Checks added after results had codes: no flag of theirs was ever stored as a sentence.
BORN_WITH_CODES = {"glossary_forbidden", "number_unsure", "ai_doubt"}


def test_every_code_has_an_old_form():
    assert {code for _, code, _ in OLD} == set(check_messages.MESSAGES) - BORN_WITH_CODES


def test_a_message_no_template_knows_is_kept_whole():
    assert legacy_flags.code_and_params("Check the dateline.") == (
        "legacy",
        {"text": "Check the dateline."},
    )


def test_stored_flags_convert_and_convert_back():
    old = [
        {"check": "numbers", "level": "error", "message": "Number 7.8 is missing."},
        {"check": "odd", "level": "warning", "message": "Something else."},
    ]
    new = legacy_flags.convert(old)
    assert new == [
        {"check": "numbers", "level": "error", "code": "number_missing",
         "params": {"missing": ["7.8"]}},
        {"check": "odd", "level": "warning", "code": "legacy",
         "params": {"text": "Something else."}},
    ]  # fmt: skip
    assert legacy_flags.convert(new) == new  # converting twice changes nothing
    with translation.override("hi"):  # back in English whatever the active language
        assert legacy_flags.revert(new) == old
