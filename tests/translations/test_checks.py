"""Quality checks a translator sees on saving a sentence, in all four scripts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from translations import checks, languages
from translations.glossary import Term

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"  # the Arabic digits, which Urdu text sometimes borrows
DIGIT_SETS = [lang.digits for lang in languages.LANGUAGES if lang.code != "en"] + [ARABIC_INDIC]


def native(text: str, digits: str) -> str:
    return text.translate(str.maketrans("0123456789", digits))


def indian_grouping(n: int) -> str:
    """1,00,000: the last three digits, then twos."""
    head, tail = str(n)[:-3], str(n)[-3:]
    groups = []
    while head:
        groups.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([*groups, tail])


# --- numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "right", "wrong"),
    [
        (
            "Farmers passed the resolution in 1,413 meetings.",
            "किसानों की १,४१३ बैठकों में यह प्रस्ताव पारित हुआ।",
            "किसानों की १,४३१ बैठकों में यह प्रस्ताव पारित हुआ।",
        ),
        (
            "किसानों की 1,413 बैठकों में यह प्रस्ताव पारित हुआ।",
            "किसानों की १,४१३ बैठकों में यह प्रस्ताव पारित हुआ।",
            "किसानों की १,४१४ बैठकों में यह प्रस्ताव पारित हुआ।",
        ),
        (
            "100,000 workers marched in Kolkata.",
            "১,০০,০০০ জন শ্রমিক কলকাতায় মিছিল করেছেন।",
            "১০,০০০ জন শ্রমিক কলকাতায় মিছিল করেছেন।",
        ),
        ("1,413 meetings were held.", "۱۴۱۳ اجلاس ہوئے۔", "۱۴۳۱ اجلاس ہوئے۔"),
        ("1,413 meetings were held.", "۱٬۴۱۳ اجلاس ہوئے۔", "۱٬۴۱۴ اجلاس ہوئے۔"),
        ("1,413 meetings were held.", "١٤١٣ اجلاس ہوئے۔", "١٤١٢ اجلاس ہوئے۔"),
        (
            "The strike began on 3 March 2026.",
            "हड़ताल ३ मार्च २०२६ को शुरू हुई।",
            "हड़ताल ३ मार्च २०२५ को शुरू हुई।",
        ),
        (
            "Only 45% of the workers were paid.",
            "केवल ४५ प्रतिशत मज़दूरों को वेतन मिला।",
            "केवल ५४ प्रतिशत मज़दूरों को वेतन मिला।",
        ),
    ],
)
def test_numbers_are_compared_by_value_in_every_digit_script(source, right, wrong):
    assert checks.numbers(source, right) == []
    (flag,) = checks.numbers(source, wrong)
    assert (flag.check, flag.level) == ("numbers", checks.ERROR)


def test_a_wrong_number_in_hindi_digits_names_both_numbers():
    source = "Farmers passed the resolution in 1,413 meetings."
    (flag,) = checks.numbers(source, "किसानों की १,४३१ बैठकों में यह प्रस्ताव पारित हुआ।")
    assert flag.message == "Number 1,413 is missing; १,४३१ is not in the source."


@pytest.mark.parametrize(
    "written", ["100000", "100,000", "1,00,000", "१,००,०००", "১,০০,০০০", "۱۰۰٬۰۰۰", "١٠٠,٠٠٠"]
)
def test_grouping_does_not_change_a_number(written):
    assert checks.numbers("1,00,000 workers", f"{written} मज़दूर") == []
    assert checks.numbers("10,000 workers", f"{written} मज़दूर") != []


@pytest.mark.parametrize("written", ["2.5", "२.५", "২.৫", "۲٫۵", "۲.۵", "2.50"])
def test_decimals_are_compared_by_value(written):
    assert checks.numbers("Wages rose by 2.5 per cent.", f"मज़दूरी {written} प्रतिशत बढ़ी।") == []
    (flag,) = checks.numbers("Wages rose by 2.5 per cent.", "मज़दूरी २५ प्रतिशत बढ़ी।")
    assert flag.message == "Number 2.5 is missing; २५ is not in the source."


def test_placeholder_numbers_are_not_numbers_of_the_sentence():
    source = "Read {1}the report{2} of 2025."
    # The lost markup is the placeholders check's to report, not the numbers check's.
    assert checks.numbers(source, "२०२५ की रिपोर्ट पढ़ें।") == []
    assert checks.numbers(source, "२०२५ की { २ }रिपोर्ट{ ३ } पढ़ें।") == []
    assert checks.placeholders(source, "२०२५ की रिपोर्ट पढ़ें।") != []
    (flag,) = checks.numbers(source, "२०२४ की {1}रिपोर्ट{2} पढ़ें।")
    assert flag.message == "Number 2025 is missing; २०२४ is not in the source."


def test_several_and_repeated_numbers():
    source = "12 workers and 12 farmers were arrested on 3 March."
    assert checks.numbers(source, "३ मार्च को १२ मज़दूर और १२ किसान गिरफ़्तार हुए।") == []
    (flag,) = checks.numbers(source, "मज़दूर और १२ किसान गिरफ़्तार हुए।")
    # A date is named as it is written.
    assert flag.message == "Numbers 12 and 3 March are missing."
    (flag,) = checks.numbers("The union met.", "यूनियन की ५ और ७ को बैठक हुई।")
    assert flag.message == "Numbers ५ and ७ are not in the source."


@given(
    n=st.integers(min_value=0, max_value=10**15),
    indian=st.booleans(),
    digits=st.sampled_from(DIGIT_SETS),
    arabic_separator=st.booleans(),
)
def test_any_integer_in_native_digits_equals_its_western_form(n, indian, digits, arabic_separator):
    def written(value: int) -> str:
        text = indian_grouping(value) if indian else f"{value:,}"
        if arabic_separator and digits in (languages.URDU.digits, ARABIC_INDIC):
            text = text.replace(",", "\u066c")
        return native(text, digits)

    assert checks.numbers(f"{n:,} workers", f"{written(n)} मज़दूर") == []
    assert checks.numbers(f"{n:,} workers", f"{written(n + 1)} मज़दूर") != []


# --- empty -----------------------------------------------------------------------------


def test_a_sentence_without_translation_is_an_error():
    (flag,) = checks.empty("Workers marched to Delhi.", " \n")
    assert (flag.check, flag.level) == ("empty", checks.ERROR)
    assert flag.message == "This sentence has no translation."
    assert checks.empty("Workers marched to Delhi.", "मज़दूरों ने दिल्ली तक मार्च किया।") == []
    assert checks.empty("{1}", "") == []  # markup alone: nothing to translate


def test_a_blank_target_gets_only_the_empty_flag():
    flags = checks.run(
        "Farmers held 1,413 meetings in {1}Delhi{2}.",
        "",
        source_language="en",
        target_language="hi",
        terms=[Term("Delhi", "दिल्ली", keep=False)],
    )
    assert [f.check for f in flags] == ["empty"]


# --- untranslated ----------------------------------------------------------------------


def test_a_target_identical_to_the_source_is_flagged():
    source = "Workers marched to Delhi."
    (flag,) = checks.untranslated(source, source, source_language="en", target_language="hi")
    assert (flag.check, flag.level) == ("untranslated", checks.WARNING)
    assert "same as the source" in flag.message
    assert checks.untranslated(source, source, source_language="en", target_language="en") == []
    done = "मज़दूरों ने दिल्ली तक मार्च किया।"
    assert checks.untranslated(source, done, source_language="en", target_language="hi") == []


@pytest.mark.parametrize("text", ["CPI(ML), AICCTU", "1,413", "— 2026 —", "NREGA {1}"])
def test_acronyms_and_numbers_may_stay_as_they_are(text):
    assert checks.untranslated(text, text, source_language="en", target_language="ur") == []


def test_a_heading_of_kept_glossary_terms_may_stay_as_it_is():
    heading = "CPI(ML) Liberation"
    kept = [Term("CPI(ML) Liberation", "CPI(ML) Liberation", keep=True)]
    args = {"source_language": "en", "target_language": "bn"}
    assert checks.untranslated(heading, heading, **args, terms=kept) == []
    assert checks.untranslated(heading, heading, **args) != []


@pytest.mark.parametrize(
    ("source", "target", "source_language", "target_language", "message"),
    [
        (
            "The workers marched to Delhi on Monday.",
            "The workers marched to दिल्ली on Monday.",
            "en",
            "hi",
            "This translation is mostly in Latin script; Hindi is written in Devanagari script.",
        ),
        (
            "मज़दूरों ने सोमवार को दिल्ली तक मार्च किया।",
            "मज़दूरों ने Monday को दिल्ली तक मार्च किया।",
            "hi",
            "en",
            "This translation is mostly in Devanagari script; English is written in Latin script.",
        ),
        (
            "The workers marched to Delhi on Monday.",
            "मज़दूरों ने सोमवार को दिल्ली तक मार्च किया।",
            "en",
            "ur",
            "This translation is mostly in Devanagari script; Urdu is written in Arabic script.",
        ),
    ],
)
def test_a_target_mostly_in_another_script_is_flagged(
    source, target, source_language, target_language, message
):
    args = {"source_language": source_language, "target_language": target_language}
    (flag,) = checks.untranslated(source, target, **args)
    assert (flag.check, flag.level, flag.message) == ("untranslated", checks.WARNING, message)


@pytest.mark.parametrize(
    ("target", "language"),
    [
        ("CPI(ML) और AICCTU ने WhatsApp पर बयान जारी किया।", "hi"),
        ("CPI(ML) আর AICCTU WhatsApp-এ বিবৃতি দিয়েছে।", "bn"),
        ("CPI(ML) اور AICCTU نے WhatsApp پر بیان جاری کیا۔", "ur"),
    ],
)
def test_english_names_and_acronyms_in_a_translation_are_not_a_wrong_script(target, language):
    source = "CPI(ML) and AICCTU issued a statement on WhatsApp."
    args = {"source_language": "en", "target_language": language}
    assert checks.untranslated(source, target, **args) == []
    assert checks.untranslated(source, "The statement was issued on WhatsApp.", **args) != []


# --- end punctuation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "language", "right", "wrong", "message"),
    [
        (
            "Workers marched to Delhi.",
            "hi",
            "मज़दूरों ने दिल्ली तक मार्च किया।",
            "मज़दूरों ने दिल्ली तक मार्च किया.",
            "End the sentence with “।”, not “.”.",
        ),
        (
            "Workers marched in Kolkata.",
            "bn",
            "শ্রমিকরা কলকাতায় মিছিল করেছেন।",
            "শ্রমিকরা কলকাতায় মিছিল করেছেন",
            "End the sentence with “।”.",
        ),
        (
            "Workers marched to Delhi.",
            "ur",
            "مزدوروں نے دہلی تک مارچ کیا۔",
            "مزدوروں نے دہلی تک مارچ کیا.",
            "End the sentence with “۔”, not “.”.",
        ),
        (
            "मज़दूरों ने दिल्ली तक मार्च किया।",
            "en",
            "Workers marched to Delhi.",
            "Workers marched to Delhi।",
            "End the sentence with “.”, not “।”.",
        ),
        (
            "Who will pay the workers?",
            "ur",
            "مزدوروں کو کون ادائیگی کرے گا؟",
            "مزدوروں کو کون ادائیگی کرے گا?",
            "End the question with “؟”, not “?”.",
        ),
        (
            "Who will pay the workers?",
            "hi",
            "मज़दूरों को भुगतान कौन करेगा?",
            "मज़दूरों को भुगतान कौन करेगा।",
            "End the question with “?”, not “।”.",
        ),
        (
            "مزدوروں کو کون ادائیگی کرے گا؟",
            "bn",
            "শ্রমিকদের মজুরি কে দেবে?",
            "শ্রমিকদের মজুরি কে দেবে",
            "End the question with “?”.",
        ),
        (
            "Release Farhan Qureshi now!",
            "hi",
            "फ़रहान क़ुरैशी को तुरंत रिहा करो!",
            "फ़रहान क़ुरैशी को तुरंत रिहा करो।",
            "End the sentence with “!”, not “।”.",
        ),
    ],
)
def test_the_end_mark_suits_the_target_script(source, language, right, wrong, message):
    assert checks.end_punctuation(source, right, target_language=language) == []
    (flag,) = checks.end_punctuation(source, wrong, target_language=language)
    assert (flag.check, flag.level, flag.message) == ("end_punctuation", checks.WARNING, message)


def test_closing_quotes_and_placeholders_after_the_mark_are_looked_past():
    quote = "“We will not go back.”"
    assert checks.end_punctuation(quote, "“हम पीछे नहीं हटेंगे।”", target_language="hi") == []
    assert checks.end_punctuation(quote, "“हम पीछे नहीं हटेंगे.”", target_language="hi") != []
    link = "Read the full {1}report.{2}"
    assert checks.end_punctuation(link, "पूरी {1}रिपोर्ट पढ़ें।{2}", target_language="hi") == []
    assert checks.end_punctuation(link, "পুরো {1}প্রতিবেদন পড়ুন{2}", target_language="bn") != []


@pytest.mark.parametrize(
    ("source", "ended"),
    [
        ("Workers march to Delhi", "Workers march to Delhi."),  # a heading
        ("— Farhan Qureshi, Delhi", "Farhan Qureshi, Delhi."),  # a byline
        ("Our demands:", "Our demands."),  # a lead-in to a list
        ("And the wages are still unpaid...", "And the wages are still unpaid."),
    ],
)
def test_a_source_without_an_end_mark_is_not_checked(source, ended):
    target = "मज़दूरों का दिल्ली मार्च."
    assert checks.end_punctuation(source, target, target_language="hi") == []
    assert checks.end_punctuation(ended, target, target_language="hi") != []


# --- length ratio ----------------------------------------------------------------------


def test_a_much_longer_translation_is_flagged():
    source = "Workers marched to Delhi on Monday."
    right = "मज़दूरों ने सोमवार को दिल्ली तक मार्च किया।"
    assert checks.length_ratio(source, right) == []
    (flag,) = checks.length_ratio(source, " ".join([right] * 3))
    assert (flag.check, flag.level) == ("length_ratio", checks.WARNING)
    assert flag.message == (
        "The translation is 3.7 times as long as the source; check nothing was added or repeated."
    )


def test_a_much_shorter_translation_is_flagged():
    source = "Farmers passed the resolution in 1,413 meetings across the state."
    right = "राज्य भर में किसानों की 1,413 बैठकों में यह प्रस्ताव पारित हुआ।"
    assert checks.length_ratio(source, right) == []
    (flag,) = checks.length_ratio(source, "प्रस्ताव पारित।")
    assert flag.message == (
        "The translation is only 23% as long as the source; check nothing was left out."
    )


def test_short_sources_and_placeholders_do_not_count():
    assert checks.length_ratio("Delhi, 3 March", "दिल्ली, ३ मार्च, २०२६, सोमवार की सुबह") == []
    # 25 characters of text: counting the placeholders too would hide the short target.
    source = "{1}Read{2} the {3}report{4} on {5}wages{6}."
    assert checks.length_ratio(source, "{1}पढ़ें{2} {3}रिपोर्ट{4} {5}मज़दूरी{6}।") == []
    assert checks.length_ratio(source, "{1}{2}{3}{4}{5}{6}पढ़ें।") != []


# --- run -------------------------------------------------------------------------------


def test_run_puts_errors_first_and_each_flag_has_a_stable_id():
    flags = checks.run(
        "Farhan Qureshi addressed 1,413 farmers in {1}Delhi{2}.",
        "Farhan Qureshi addressed 1,431 farmers in Delhi.",
        source_language="en",
        target_language="hi",
        terms=[Term("Farhan Qureshi", "फ़रहान क़ुरैशी", keep=False)],
        unknown=["addressed"],
    )
    assert [(f.check, f.level) for f in flags] == [
        ("placeholders", checks.ERROR),
        ("numbers", checks.ERROR),
        ("glossary", checks.ERROR),
        ("untranslated", checks.WARNING),
        ("end_punctuation", checks.WARNING),
        ("unknown_words", checks.WARNING),
    ]
    assert flags[0].as_dict()["check"] == "placeholders"


def test_run_finds_nothing_in_a_good_translation_and_needs_the_languages():
    source = "Farhan Qureshi addressed 1,413 farmers in {1}Delhi{2}."
    target = "फ़रहान क़ुरैशी ने {1}दिल्ली{2} में १,४१३ किसानों को संबोधित किया।"
    terms = [Term("Farhan Qureshi", "फ़रहान क़ुरैशी", keep=False)]
    assert checks.run(source, target, source_language="en", target_language="hi", terms=terms) == []
    with pytest.raises(TypeError):
        checks.run(source, target, terms=terms)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("language", "target"),
    [
        ("hi", "हम लड़ेंगे, हम जीतेंगे॥"),
        ("bn", "আমরা লড়ব, আমরা জিতব॥"),
    ],
)
def test_a_double_danda_ends_a_hindi_or_bengali_sentence(language, target):
    assert (
        checks.end_punctuation("We will fight, we will win.", target, target_language=language)
        == []
    )
    # …and a source ending with one is a sentence, which Urdu ends with its own full stop.
    (flag,) = checks.end_punctuation(target, "ہم لڑیں گے، ہم جیتیں گے", target_language="ur")
    assert flag.params == {"mark": "۔"}
