"""Latin keys: a word typed in Latin letters and the same word in its script share one."""

from __future__ import annotations

import pytest

from translations.romanise import latin_key, latin_patterns, word_keys


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
