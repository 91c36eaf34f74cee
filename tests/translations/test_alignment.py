"""Pairing a text's sentences with its translation's: only sure pairs go into the memory."""

from __future__ import annotations

from translations import alignment

SOURCE = "Wages of 1,413 workers rose by 7.50 per cent.\n\nThe union met on 22.4.2025."


def test_an_urdu_pair_with_arabic_separators_and_a_shorter_decimal_is_sure():
    # ٬ groups thousands, ٫ is the decimal point, and 7.50 is 7.5: the same numbers.
    urdu = "۱٬۴۱۳ مزدوروں کی اجرت میں ۷٫۵ فیصد اضافہ ہوا۔\n\nیونین کا اجلاس ۲۲ اپریل ۲۰۲۵ کو ہوا۔"
    pairs = alignment.align(SOURCE, urdu, source_language="en", target_language="ur")
    assert [p.confident for p in pairs] == [True, True]
    assert pairs[0].target.startswith("۱٬۴۱۳")


def test_a_pair_whose_numbers_differ_is_not_sure():
    urdu = "۱٬۴۳۱ مزدوروں کی اجرت میں ۷٫۵ فیصد اضافہ ہوا۔\n\nیونین کا اجلاس ۲۳ اپریل ۲۰۲۵ کو ہوا۔"
    pairs = alignment.align(SOURCE, urdu, source_language="en", target_language="ur")
    assert [p.confident for p in pairs] == [False, False]


def test_words_and_scales_pair_with_digits():
    source = "Five lakh farmers marched."
    hindi = "५,००,००० किसानों ने मार्च किया।"
    (pair,) = alignment.align(source, hindi, source_language="en", target_language="hi")
    assert pair.confident
    (pair,) = alignment.align(
        source, "५ करोड़ किसानों ने मार्च किया।", source_language="en", target_language="hi"
    )
    assert not pair.confident
