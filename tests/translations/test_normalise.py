"""Normalisation: what the memory treats as the same sentence, in all four scripts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from translations.normalise import fold, fuzzy_form, normalise, search_form, source_hash, tokens


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1,413 किसान दिल्ली पहुँचे", "१,४१३ किसान दिल्ली पहुँचे"),
        ("কলকাতায় ১২ জন শ্রমিক", "কলকাতায় 12 জন শ্রমিক"),
        ("دہلی میں ۱۲ مزدور", "دہلی میں 12 مزدور"),
        ("دہلی میں ١٢ مزدور", "دہلی میں ۱۲ مزدور"),
        ("“We will not go back,” she said.", '"We will not go back," she said.'),
        ("The union’s ‘demand’", "The union's 'demand'"),
        ("«Non» au travail", '"Non" au travail'),
        ("  Workers\u00a0 marched \t to\nthe   office.  ", "Workers marched to the office."),
        ("म\u095bदूर", "मज\u093cदूर"),  # precomposed nukta letter and its NFC form
    ],
)
def test_the_same_sentence_typed_differently_has_one_hash(typed, stored):
    assert normalise(typed) == normalise(stored)
    assert source_hash(typed) == source_hash(stored)


def test_urdu_typed_on_an_arabic_keyboard_matches_urdu_letters():
    arabic_keyboard = "كسان يہاں جمع ہيں"  # Arabic kaf and yeh
    urdu = "کسان یہاں جمع ہیں"
    assert source_hash(arabic_keyboard) == source_hash(urdu)
    assert normalise("مـزدور") == "مزدور"  # tatweel is only a stretch


def test_case_and_joiners_are_kept():
    assert source_hash("Delhi workers") != source_hash("delhi workers")
    assert fuzzy_form("Delhi Workers") == "delhi workers"
    # ZWJ in Bengali "র‍্যাব" (RAB) changes how it renders: it stays.
    assert "\u200d" in normalise("র\u200d্যাব")
    assert source_hash("র\u200d্যাব") != source_hash("র্যাব")


def test_different_sentences_differ_and_hash_is_32_hex():
    digest = source_hash("1,413 construction workers are unpaid.")
    assert len(digest) == 32
    assert int(digest, 16) >= 0
    assert digest != source_hash("1,414 construction workers are unpaid.")


def test_tokens_keep_words_with_combining_marks_whole():
    assert tokens("1,413 किसानों की सभा में") == ["1", "413", "किसानों", "की", "सभा", "में"]
    assert tokens("কলকাতায় শ্রমিকদের সমাবেশ।") == ["কলকাতায়", "শ্রমিকদের", "সমাবেশ"]
    assert tokens("دہلی میں مزدوروں کا جلسہ۔") == ["دہلی", "میں", "مزدوروں", "کا", "جلسہ"]
    assert tokens("“Workers’ RIGHTS,” said ১২ people") == [
        "workers",
        "rights",
        "said",
        "12",
        "people",
    ]
    assert tokens("র\u200d্যাব") == ["র\u200d্যাব"]
    assert tokens("  \u00a0 ") == []


@given(st.text())
def test_normalising_twice_changes_nothing(text):
    once = normalise(text)
    assert normalise(once) == once
    assert source_hash(once) == source_hash(text)
    assert all(token and not any(c.isspace() for c in token) for token in tokens(text))


def test_tatweel_between_letter_and_mark_still_normalises_once():
    text = "اـٓ"  # alef, tatweel, madda above: alef with madda once joined
    assert normalise(text) == "آ" == normalise(normalise(text))


@pytest.mark.parametrize("written", ["۱٬۴۱۳", "1,413", "١٬٤١٣", "१,४१३", "১,৪১৩"])
def test_a_number_normalises_the_same_in_every_script_and_separator(written):
    assert normalise(f"{written} مزدور") == normalise("1,413 مزدور") == "1,413 مزدور"
    assert normalise("۷٫۵ فیصد") == "7.5 فیصد"
    # Only between digits: an Arabic comma in words is not a number's.
    assert normalise("ہاں٬ نہیں") == "ہاں٬ نہیں"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("मजदूर", "मज़दूर"),  # nukta left out
        ("म\u095bदूर", "मजदूर"),  # precomposed nukta letter
        ("হরতা\u09b2 মত\u09cd\u200dস্য", "হরতাল মৎস্য"),  # khanda ta written as ত্‍
        ("মহাস\u09dfা", "মহাস\u09af\u09bcা"),  # য়: one character or য + nukta
        ("مهنگائی", "مہنگائی"),  # Arabic heh for heh goal
        ("ھم", "ہم"),  # heh doachashmee opening a word
    ],
)
def test_one_letter_written_two_ways_folds_to_one(typed, stored):
    assert fold(typed) == fold(stored)
    assert source_hash(typed) == source_hash(stored)


def test_folding_keeps_what_tells_sentences_apart():
    # The aspirating heh inside a word is another letter for the memory (پھل fruit, پہل start).
    assert source_hash("پھل") != source_hash("پہل")
    assert source_hash("Delhi") != source_hash("delhi")
    assert "\u200d" in fold("র\u200d্যাব")


def test_search_form_is_looser_for_what_readers_type():
    assert search_form("بهارت") == search_form("بھارت")  # one heh on an Arabic keyboard
    assert search_form("کُل") == search_form("کل")  # vowel marks
    assert search_form("র\u200d্যাব") == search_form("র্যাব")
    assert search_form("Mazdoor") == "mazdoor"


@given(st.text())
def test_folding_twice_changes_nothing(text):
    assert fold(fold(text)) == fold(text)
    assert search_form(search_form(text)) == search_form(text)
