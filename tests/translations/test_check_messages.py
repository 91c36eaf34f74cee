"""QA results are codes with parameters, shown in the reader's interface language."""

from __future__ import annotations

import pytest
from django.utils import translation

from translations import check_messages, checks

# One example of every code, with the parameters its check stores.
EXAMPLES = {
    "no_translation": {},
    "placeholder_missing": {"names": ["{1}", "{2}"]},
    "placeholder_extra": {"names": ["{3}"]},
    "number_missing": {"missing": ["7.8"]},
    "number_extra": {"extra": ["7.8", "12"]},
    "number_missing_extra": {"missing": ["7.8"], "extra": ["८.७"]},
    "number_missing_extras": {"missing": ["7.8", "12"], "extra": ["८.७", "१३"]},
    "number_unsure": {"numbers": ["5.30", "दो"]},
    "glossary_keep": {"term": "PFLR"},
    "glossary_translate": {"term": "minimum wage", "expected": "न्यूनतम मज़दूरी"},
    "glossary_forbidden": {"term": "Dalit", "forbidden": "हरिजन"},
    "same_as_source": {},
    "wrong_script": {"found": "Latn", "language": "hi", "script": "Deva"},
    "end_sentence": {"mark": "।"},
    "end_sentence_instead": {"mark": "।", "got": "."},
    "end_question": {"mark": "؟"},
    "end_question_instead": {"mark": "؟", "got": "?"},
    "too_long": {"ratio": "3.7"},
    "too_short": {"percent": "23"},
    "unknown_words": {"words": ["Kuasha", "PFLR"]},
    "ai_doubt": {"score": 2, "reason": "The numbers differ.", "text": "06509eb885d9efbe"},
}
LANGUAGES = ("hi", "bn", "ur")


def test_every_code_has_an_example():
    assert set(EXAMPLES) == set(check_messages.MESSAGES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", EXAMPLES)
def test_every_message_is_translated_and_keeps_its_details(code, language):
    params = EXAMPLES[code]
    english = check_messages.render(code, params)
    with translation.override(language):
        shown = check_messages.render(code, params)
    assert shown != english
    for value in (params.get("term"), params.get("mark"), params.get("ratio")):
        if value:
            assert value in shown
    listed = ("missing", "extra", "words", "numbers")
    for value in (v for name in listed for v in params.get(name, ())):
        assert value in shown


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("hi", "संख्या 7.8 छूट गई है।"),
        ("bn", "7.8 সংখ্যাটি বাদ পড়েছে।"),
        ("ur", "عدد 7.8 غائب ہے۔"),
    ],
)
def test_a_number_flag_reads_in_the_interface_language(language, expected):
    (flag,) = checks.numbers("Inflation was 7.8 per cent.", "Inflation was per cent.")
    assert (flag.check, flag.level, flag.code) == ("numbers", checks.ERROR, "number_missing")
    assert flag.params == {"missing": ["7.8"]}
    assert flag.message == "Number 7.8 is missing."
    with translation.override(language):
        assert flag.message == expected


def test_lists_plurals_and_names_follow_the_language():
    params = {"missing": ["12", "3"]}
    with translation.override("hi"):
        assert check_messages.render("number_missing", params) == "संख्याएँ 12 और 3 छूट गई हैं।"
    with translation.override("ur"):
        assert check_messages.render("unknown_words", {"words": ["a", "b"]}) == (
            "مشینی ترجمے کا انجن یہ الفاظ نہیں جانتا تھا: a، b۔"
        )
    script = {"found": "Latn", "language": "ur", "script": "Arab"}
    with translation.override("bn"):
        assert "উর্দু" in check_messages.render("wrong_script", script)
        assert "আরবি" in check_messages.render("wrong_script", script)


def test_a_flag_is_stored_as_its_code_and_parameters():
    (flag,) = checks.end_punctuation("It ended.", "यह ख़त्म हुआ.", target_language="hi")
    assert flag.as_dict() == {
        "check": "end_punctuation",
        "level": checks.WARNING,
        "code": "end_sentence_instead",
        "params": {"mark": "।", "got": "."},
    }
    assert check_messages.render_stored(flag.as_dict()) == "End the sentence with “।”, not “.”."


def test_an_unknown_code_shows_its_text_as_it_was():
    stored = {"check": "numbers", "level": "error", "code": "legacy", "params": {"text": "Old."}}
    with translation.override("hi"):
        assert check_messages.render_stored(stored) == "Old."
