"""The numbers check on a corpus of translation pairs: everyday equivalents are no error,
real mismatches stay errors (corpora/number_pairs.tsv; scripts/number_pairs.py reports)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from translations import checks

CORPUS = Path(__file__).parent / "corpora" / "number_pairs.tsv"


def read() -> list[tuple[str, str, str, str, str]]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]


PAIRS = read()


def test_the_corpus_covers_each_language_and_class():
    count = Counter((pair, expect) for pair, _, expect, _, _ in PAIRS)
    for pair in ("en-hi", "en-bn", "en-ur"):
        assert count[pair, "same"] >= 30
        assert count[pair, "differ"] >= 20
        classes = {c for p, c, _, _, _ in PAIRS if p == pair}
        assert classes == {"words", "scale", "date", "time", "ordinal", "digits"}
    assert count["hi-ur", "same"] and count["hi-ur", "differ"]


@pytest.mark.parametrize(
    ("source", "target"),
    [(s, t) for _, _, expect, s, t in PAIRS if expect == "same"],
)
def test_an_equivalent_is_no_error(source, target):
    assert [f for f in checks.numbers(source, target) if f.level == checks.ERROR] == []


@pytest.mark.parametrize(
    ("source", "target"),
    [(s, t) for _, _, expect, s, t in PAIRS if expect == "differ"],
)
def test_a_mismatch_is_an_error(source, target):
    (flag,) = checks.numbers(source, target)
    assert flag.level == checks.ERROR
