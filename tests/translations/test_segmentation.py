"""Statement text splits into sentences to translate and assembles back byte for byte."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translations import languages
from translations.segmentation import (
    Piece,
    assemble,
    placeholder_ids,
    restore,
    source_text,
    split,
)

# --- examples ------------------------------------------------------------------------


def texts(text: str, language: str = "en") -> list[str]:
    return [piece.text for piece in split(text, language=language)]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "hi",
            "बिहार में बाढ़ से 1,413 गाँव प्रभावित हैं। राहत शिविरों में भोजन की कमी है।",
            ["बिहार में बाढ़ से 1,413 गाँव प्रभावित हैं।", "राहत शिविरों में भोजन की कमी है।"],
        ),
        (
            "ur",
            "کاریگروں کی اجرت بڑھائی جائے۔ کیا حکومت سنے گی؟",
            ["کاریگروں کی اجرت بڑھائی جائے۔", "کیا حکومت سنے گی؟"],
        ),
        (
            "bn",
            "আমরা অবিলম্বে মুক্তি দাবি করছি। সরকারকে জবাব দিতে হবে।",
            ["আমরা অবিলম্বে মুক্তি দাবি করছি।", "সরকারকে জবাব দিতে হবে।"],
        ),
        (
            "en",
            "Dr. Rao paid Rs. 5,000 to each family. The rest is pending.",
            ["Dr. Rao paid Rs. 5,000 to each family.", "The rest is pending."],
        ),
    ],
)
def test_sentences_in_each_language(language, text, expected):
    pieces = split(text, language=language)
    assert [p.text for p in pieces] == expected
    assert [p.trail for p in pieces] == [" ", ""]
    assert source_text(pieces) == text


# Each class of cut the post-pass drops or keeps, in sentences written for these tests.
BOUNDARY_CLASSES = [
    # Abbreviations in data: titles, addresses, law codes.
    ("hi", "सभा की अध्यक्षता कॉ. सुनीता ने की। मा. न्यायालय ने सुनवाई टाली।", 2),
    ("hi", "पुलिस ने भा.दं.सं. की धारा 144 का हवाला दिया। इसका विरोध हुआ।", 2),
    ("bn", "ঠিকানা: গ্রাম ও পো. হরিপুর। সবাই আসুন।", 2),
    (
        "en",
        "Messages came from Com. Ramesh Yadav and Addl. Collector Singh. They spoke briefly.",
        2,
    ),
    # Three one-syllable parts are a short form without a list; one syllable alone is a word.
    ("hi", "छात्र दि.वि.वि. के कला संकाय में जमा हुए। वहाँ सभा हुई।", 2),
    ("hi", "यह सच है. हम लड़ेंगे।", 2),
    # Urdu letters spelt with the Urdu full stop; a stop typed without a space still ends.
    ("ur", "پولیس نے ایف۔آئی۔آر درج کر لی۔ اس کے بعد مظاہرہ ختم ہوا۔", 2),
    ("ur", "کام جاری ہے۔اس کے بعد سب گھر گئے۔", 2),
    ("hi", "काम जारी है।इसके बाद सब घर गए।", 2),
    # Numbered items: Urdu "۱۔", items inside one sentence, and no item after "Vol.".
    ("ur", "ہمارے مطالبات یہ ہیں: ۱۔ اجرت بڑھائی جائے۔ ۲۔ ٹھیکیداری ختم کی جائے۔", 3),
    ("hi", "किसानों ने १. बीज, २. खाद और ३. सिंचाई की माँग की। सरकार चुप है।", 2),
    ("bn", "গ্রামবাসীরা ১. রাস্তা, ২. সেতু ও ৩. স্কুলের দাবি জানান। প্রশাসন নীরব।", 2),
    ("en", "See p. 12 of Vol. 3. It lists the dues.", 2),
    ("en", "Team A scored 1. Then team B scored 2. The match ended.", 3),
    # An ellipsis is a pause where sentences end with a danda or "۔".
    ("hi", "हम इंतज़ार करते रहे... कोई नहीं आया।", 1),
    ("ur", "وہ کہتے رہے۔۔۔ اوپر سے حکم ہے۔", 1),
    # A quoted cry with who said it first, or carried on by the sentence it is part of.
    ("hi", "“पानी कब आएगा?” पूछते हैं गाँव के बुज़ुर्ग रामदीन। कोई जवाब नहीं देता।", 2),
    ("bn", "“আমরা কি মানুষ নই?” প্রশ্ন তোলেন শ্রমিক নেত্রী রহিমা বেগম। সভা শেষ হয়।", 2),
    ("bn", "“চাকরি ফেরত দাও!” স্লোগানে মুখরিত হয় এলাকা। পুলিশ আসে।", 2),
    ("ur", "“ہڑتال جاری رہے گی!” کے نعرے گونجتے رہے۔ پولیس خاموش رہی۔", 2),
    # Syllables joined by a virama count as one part; Urdu initials end with "۔" too.
    ("hi", "यात्रियों ने उ.प्र.रा.प. की बसों का बहिष्कार किया। किराया बढ़ा है।", 2),
    ("ur", "اس رپورٹ کی مصنفہ نادیہ ایس۔ قریشی ہیں۔ رپورٹ کل جاری ہوگی۔", 2),
    # Who asked, first, with a clause about them after a comma.
    (
        "hi",
        "“हमारी ज़मीन कहाँ गई?” पूछा एक बुज़ुर्ग किसान ने, जिनकी तीन पीढ़ियाँ इसी गाँव में"
        " खेती करती आई हैं और जो अब दूसरों के खेतों में मज़दूरी करते हैं। प्रशासन चुप है।",
        2,
    ),
    # Still two sentences: a quoted question followed by a sentence of its own.
    ("hi", "“क्या यही विकास है?” यह सवाल हर गाँव में गूँज रहा है और जवाब कोई नहीं देता।", 2),
]


@pytest.mark.parametrize(("language", "text", "count"), BOUNDARY_CLASSES)
def test_each_class_of_boundary(language, text, count):
    pieces = split(text, language=language)
    assert len(pieces) == count, [p.text for p in pieces]
    assert source_text(pieces) == text


def test_link_url_and_bold_become_placeholders_and_restore_exactly():
    text = 'Read [the **full** report](https://example.org/r "Report") at https://example.org/r.'
    (piece,) = split(text, language="en")
    assert piece.text == "Read {1}the {2}full{3} report{4} at {5}."
    assert piece.placeholders == {
        "1": "[",
        "2": "**",
        "3": "**",
        "4": '](https://example.org/r "Report")',
        "5": "https://example.org/r",
    }
    assert restore(piece.text, piece.placeholders) == text
    assert placeholder_ids(piece.text) == ["1", "2", "3", "4", "5"]


def test_restore_tolerates_what_engines_do_to_placeholders():
    placeholders = {"1": "**", "2": "https://example.org"}
    assert restore("{ 1 }राहत{१} देखें { २ }", placeholders) == "**राहत** देखें https://example.org"
    assert restore("{۱}مزدور{۱}", placeholders) == "**مزدور**"
    assert restore("{9} stays", placeholders) == "{9} stays"
    assert placeholder_ids("{1} {१} { 2 }") == ["1", "1", "2"]


def test_other_inline_markup_and_literal_braces():
    text = (
        "Mail <b>us</b> at desk@example.org, see <https://x.in> or `code` and {1} ![m](m.png) now."
    )
    (piece,) = split(text, language="en")
    assert piece.text == "Mail {1}us{2} at {3}, see {4} or {5} and {6} {7} now."
    assert piece.placeholders["6"] == "{1}"  # a literal "{1}" can never pass for a placeholder
    assert piece.placeholders["7"] == "![m](m.png)"
    assert source_text([piece]) == text


def test_lone_asterisks_and_snake_case_are_text():
    text = "Prices rose 5 * 3 times for snake_case_users and a*b; _really_ *sharply*."
    (piece,) = split(text, language="en")
    assert (
        piece.text
        == "Prices rose 5 * 3 times for snake_case_users and a*b; {1}really{2} {3}sharply{4}."
    )


def test_emphasis_across_a_sentence_end_stays_with_its_sentence():
    assert texts("**Note.** The camp is open.") == ["{1}Note.{2}", "The camp is open."]


def test_soft_line_breaks_stay_in_the_sentence_unless_sentencex_splits_there():
    assert texts("The camp at Darbhanga\nis full. Send help.") == [
        "The camp at Darbhanga\nis full.",
        "Send help.",
    ]
    assert texts("शिविर भरा है।\nमदद भेजें।", "hi") == ["शिविर भरा है।", "मदद भेजें।"]


def test_non_breaking_spaces_reach_sentencex_safely():
    # sentencex 1.0.32 panics on a capital, a no-break space and a full stop.
    text = "Ward Z\u00a0. Camp\u00a0A is full.\u00a0Send help."
    assert texts(text) == ["Ward Z\u00a0. Camp\u00a0A is full.", "Send help."]


def test_block_markup_stays_in_lead_and_trail():
    text = (
        "\n## Demands ##\n\n- Release the workers.\n- Pay wages. Now.\n\n"
        "> A quote that runs\n> over two lines.\n\n```\nkeep *this*\n```\n\n---\n"
    )
    pieces = split(text, language="en", field="summary")
    assert [(p.block, p.lead, p.text, p.trail) for p in pieces] == [
        (0, "\n## ", "Demands", ""),
        (1, " ##\n\n- ", "Release the workers.", ""),
        (2, "\n- ", "Pay wages.", " "),
        (2, "", "Now.", ""),
        (
            3,
            "\n\n> ",
            "A quote that runs\n{1}over two lines.",
            "\n\n```\nkeep *this*\n```\n\n---\n",
        ),
    ]
    assert pieces[-1].placeholders == {"1": "> "}
    assert [p.position for p in pieces] == [0, 1, 2, 3, 4]
    assert {p.field for p in pieces} == {"summary"}
    assert source_text(pieces) == text


def test_a_translation_keeps_the_structure():
    text = "# बाढ़ राहत\n\n- भोजन भेजें।\n- **दवा** भेजें।\n\n> सरकार जवाब दे।"
    pieces = split(text, language="hi")
    translated = ["Flood relief", "Send food.", "Send {1}medicine{2}.", "Government must answer."]
    assert assemble(zip(pieces, translated, strict=True)) == (
        "# Flood relief\n\n- Send food.\n- Send **medicine**.\n\n> Government must answer."
    )


def test_the_same_sentence_gives_the_same_text_wherever_it_is():
    pieces = split("Intro **here**. See [x](u). See [x](u).", language="en")
    assert pieces[1].text == pieces[2].text == "See {1}x{2}."


def test_nothing_to_translate_gives_no_pieces():
    # No letter or digit outside markup and verbatim blocks: the caller keeps the source.
    verbatim = ["```\ncode\n```\n", "---\n\n<div>\nhtml\n</div>", "![photo](p.jpg)", "> 🙂 …"]
    for text in ["", "  \n\n\t", "> \n", *verbatim]:
        assert split(text, language="en") == []
    assert assemble([]) == ""


def test_unknown_language_is_refused():
    with pytest.raises(languages.UnknownLanguage):
        split("Hello.", language="fr")


# --- properties ----------------------------------------------------------------------

VOCABULARY = {
    "en": "people water village relief camp government workers wages release Dr. Rs. 5,000",
    "hi": "बिहार में बाढ़ से गाँव प्रभावित हैं राहत शिविरों भोजन की कमी 1,413",
    "bn": "আমরা অবিলম্বে মুক্তি দাবি করছি সরকারকে জবাব দিতে হবে বন্যা",
    "ur": "کاریگروں کی اجرت بڑھائی جائے کیا حکومت سنے گی مزدور",
}
WORDS = {code: words.split() for code, words in VOCABULARY.items()}
ENDS = {"en": [".", "?", "!"], "hi": ["।"], "bn": ["।"], "ur": ["۔", "؟"]}
INLINE = [
    '[{w}](https://example.org/p?q=1 "t")',
    "**{w}**",
    "_{w}_",
    "*{w}*",
    "`{w}`",
    "https://example.org/a_b",
    "www.example.in",
    "desk@example.org",
    "{{2}}",
    "{{ ३ }}",
    "5 * 3",
    "snake_case",
    "<b>{w}</b>",
    "<https://example.org>",
]


@st.composite
def sentences(draw, soft_break="\n") -> str:
    language = draw(st.sampled_from(list(WORDS)))
    words = draw(st.lists(st.sampled_from(WORDS[language]), min_size=1, max_size=6))
    plain = draw(st.integers(0, len(words) - 1))  # one word that is surely text
    for i, word in enumerate(words):
        if i != plain and draw(st.integers(0, 3)) == 0:
            words[i] = draw(st.sampled_from(INLINE)).format(w=word)
    gaps = [draw(st.sampled_from([" ", " ", " ", soft_break])) for _ in words[1:]]
    body = words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:], strict=True))
    return body + draw(st.sampled_from(ENDS[language]))


def paragraph(soft_break="\n"):
    return st.lists(sentences(soft_break), min_size=1, max_size=3).map(" ".join)


CODE = "```py\nkeep **this** {1} text\n```"
BLOCKS = st.one_of(
    st.tuples(st.integers(1, 6), sentences(" ")).map(lambda t: "#" * t[0] + " " + t[1]),
    st.tuples(st.sampled_from(["- ", "* ", "+ ", "1. ", "2) "]), paragraph("\n  ")).map("".join),
    paragraph("\n> ").map("> ".__add__),
    paragraph(),
    st.just(CODE),
    st.just("---"),
)


@st.composite
def documents(draw) -> str:
    blocks = draw(st.lists(BLOCKS, max_size=5))
    blocks.insert(draw(st.integers(0, len(blocks))), draw(paragraph()))  # something to translate
    seps = [draw(st.sampled_from(["\n", "\n\n", "\n\n\n", "\n \n", "\r\n\r\n"])) for _ in blocks]
    head = draw(st.sampled_from(["", " ", "\n", "\n\n  "]))
    tail = draw(st.sampled_from(["", "\n", "  ", "\n\n\n", "\t\n"]))
    return head + "".join(block + sep for block, sep in zip(blocks, seps, strict=True))[:-1] + tail


HINDI_DIGITS = languages.get("hi").to_native_digits
LANGUAGE = st.sampled_from(languages.CODES)
MARKER = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:#{1,6}[ \t]|[-*+][ \t]|\d{1,9}[.)][ \t]|```)?")
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_shape(pieces: list[Piece]) -> None:
    assert [p.position for p in pieces] == list(range(len(pieces)))
    assert all(a.block <= b.block for a, b in pairwise(pieces))
    for piece in pieces:
        assert piece.text and piece.text == piece.text.strip()
        assert restore(piece.text, piece.placeholders).strip()
        assert placeholder_ids(piece.text) == [
            str(n) for n in range(1, len(piece.placeholders) + 1)
        ]


@PROPERTY
@given(documents(), LANGUAGE)
def test_documents_round_trip_byte_for_byte(text, language):
    pieces = split(text, language=language)
    assert pieces
    assert source_text(pieces) == text
    check_shape(pieces)
    for piece in pieces:
        outside = (piece.lead + piece.trail).replace(CODE, "")
        assert not any(char.isalpha() for char in outside)  # letters only in verbatim code
        # what engines do to placeholders: spaces inside, digits in another script
        mangled = re.sub(r"\{(\d+)\}", lambda m: "{ " + HINDI_DIGITS(m[1]) + " }", piece.text)
        assert restore(mangled, piece.placeholders) == restore(piece.text, piece.placeholders)
        assert placeholder_ids(mangled) == placeholder_ids(piece.text)


@PROPERTY
@given(documents(), LANGUAGE)
def test_a_translation_keeps_every_block_marker(text, language):
    pieces = split(text, language=language)
    out = assemble((piece, "T· " + piece.text.upper()) for piece in pieces)
    markers = [MARKER.match(line).group() for line in text.splitlines()]
    assert [MARKER.match(line).group() for line in out.splitlines()] == markers


ANY_CHARS = st.lists(
    st.sampled_from(
        [
            *"ab Z.?!।۔؟ कম ক م1 2*_`~[]()<>#->!{}|=:/@\\\n\r\t\"'\u00a0\u2028",
            *["http://", "www.", "x@y.in", "```", "> ", "- ", "1. ", "## ", "\n\n", "](u)"],
            *["<b>", "<!--", "-->", "**", "Dr. ", "। ", "{1}", "{ २ }", "Z\u00a0."],
        ]
    ),
    max_size=40,
).map("".join)


@PROPERTY
@given(ANY_CHARS, LANGUAGE)
def test_any_text_round_trips_or_has_nothing_to_translate(text, language):
    pieces = split(text, language=language)
    check_shape(pieces)
    assert source_text(pieces) == (text if pieces else "")
