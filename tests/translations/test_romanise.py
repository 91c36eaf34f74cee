"""Latin keys: a word typed in Latin letters and the same word in its script share one."""

from __future__ import annotations

import pytest

from translations.romanise import latin_key, latin_patterns, readable, word_keys


@pytest.mark.parametrize(
    "words",
    [
        ["mazdoor", "majdur", "मज़दूर", "मजदूर", "مزدور", "মজদুর"],
        ["hartal", "hortal", "हड़ताल", "ہڑتال", "হরতাল"],
        ["bharat", "भारत", "بھارت", "بهارت", "ভারত"],
        ["mehngai", "महंगाई", "مہنگائی"],
        ["bangla", "বাংলা"],
        ["krishi", "कृषि"],
    ],
)
def test_one_word_in_every_spelling_has_one_key(words):
    assert len({tuple(word_keys(word)) for word in words}) == 1, {w: word_keys(w) for w in words}


def test_short_keys_must_match_a_whole_word():
    assert latin_patterns("mazdoor ek") == [" mjdr", " ak "]
    assert latin_key("मज़दूरों की हड़ताल") == " hrtl k mjdrn "
    assert latin_key("") == ""


# ---- readable Latin, for addresses --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        ("मज़दूरों की हड़ताल पर संयुक्त बयान", "mazduron ki hartal par sanyukt bayan"),
        ("निर्माण मज़दूरों की बकाया मज़दूरी", "nirman mazduron ki bakaya mazduri"),
        ("सरकार अधिकार समझना बचाओ", "sarkar adhikar samajhna bachao"),
        ("শ্রমিকদের ধর্মঘট নিয়ে যৌথ বিবৃতি", "shromikder dhormoghot niye jouth bibriti"),
        ("চা বাগানের শ্রমিকদের মজুরি", "cha baganer shromikder mojuri"),
        ("مزدوروں کی ہڑتال پر مشترکہ بیان", "mazdoron ki hartal par mashtarka bayan"),
        ("کاریگروں کی اجرت پر بیان", "karigron ki ajrat par bayan"),
        ("Statement on 1,413 workers", "statement on 1 413 workers"),
        ("१४ मज़दूर, ১৪ জন, ۱۴ مزدور", "14 mazdur 14 jon 14 mazdor"),
    ],
)
def test_a_title_in_any_script_reads_in_latin_letters(text, latin):
    assert readable(text) == latin


def test_readable_latin_is_plain_ascii_whatever_the_script():
    for text in ("दिल्ली में न्यूनतम मज़दूरी", "কলকাতায় নির্মাণ শ্রমিক", "لکھنؤ میں چکن کاری"):
        latin = readable(text)
        assert latin and latin.isascii() and all(w.isalnum() for w in latin.split()), latin
