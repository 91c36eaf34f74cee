"""The one number parser: values with their kind, and how sure each reading is."""

from __future__ import annotations

from decimal import Decimal

import pytest

from translations import checks, numbers


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("৩ কোটি ২০ লক্ষ", numbers.CARDINAL, Decimal(32_000_000)),
        ("1.25 lakh", numbers.CARDINAL, Decimal(125_000)),
        ("ढाई लाख", numbers.CARDINAL, Decimal(250_000)),
        ("পাঁচশো", numbers.CARDINAL, Decimal(500)),
        ("one hundred and twelve", numbers.CARDINAL, Decimal(112)),
        ("২২শে এপ্রিল, ২০২৫", numbers.DATE, (2025, 4, 22)),
        ("साढ़े पाँच बजे", numbers.TIME, (5, 30)),
        ("5 बजकर 30 मिनट", numbers.TIME, (5, 30)),
        ("پانچواں", numbers.ORDINAL, 5),
        ("21वीं", numbers.ORDINAL, 21),
    ],
)
def test_values_are_read_with_their_kind(text, kind, value):
    (found,) = numbers.extract(text)
    assert (found.kind, found.value) == (kind, value)


def test_a_word_that_is_also_not_a_number_is_not_missed_alone():
    assert checks.numbers("Give us justice!", "हमें न्याय दो!") == []
    assert checks.numbers("A meeting was held.", "एक बैठक हुई।") == []
    # …but beside a number that found no partner it is a doubt, not an error.
    (flag,) = checks.numbers("3 demands", "दो माँगें")
    assert (flag.level, flag.code) == (checks.WARNING, "number_unsure")
    assert flag.message == "Check numbers 3 and दो: they could not be matched with certainty."


def test_the_same_number_as_another_kind_is_a_doubt():
    (flag,) = checks.numbers("the 3rd meeting", "बैठक 3")
    assert flag.level == checks.WARNING


def test_digits_whose_commas_are_no_grouping_are_a_doubt():
    (flag,) = checks.numbers("Items 1,2,3 were passed.", "मद 1, 2 और 4 पारित हुए।")
    assert flag.level == checks.WARNING
