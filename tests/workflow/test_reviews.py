"""What a reviewer sees changed: word-level diffs in every script."""

from __future__ import annotations

import pytest

from workflow.reviews import Piece, word_diff


@pytest.mark.parametrize(
    ("before", "after", "removed", "added"),
    [
        (
            "[hi] We demand that the dues be paid at once.",
            "हम माँग करते हैं कि बकाया राशि तुरंत दी जाए।",
            "[hi] We demand that the dues be paid at once.",
            "हम माँग करते हैं कि बकाया राशि तुरंत दी जाए।",
        ),
        # One Hindi word changed: its matras stay with it.
        (
            "हम माँग करते हैं कि बकाया राशि तुरंत दी जाए।",
            "हम माँग करते हैं कि पूरी बकाया राशि तुरंत दी जाए।",
            "",
            "पूरी ",
        ),
        (
            "শ্রমিকদের দাবি মানতে হবে।",
            "শ্রমিকদের ন্যায্য দাবি মানতে হবে।",
            "",
            "ন্যায্য ",
        ),
        (
            "ہم اس فیصلے کی مذمت کرتے ہیں۔",
            "ہم اس فیصلے کی سخت مذمت کرتے ہیں۔",
            "",
            "سخت ",
        ),
        ("दिल्ली में १,४३१ मज़दूर", "दिल्ली में १,४१३ मज़दूर", "१,४३१ ", "१,४१३ "),
    ],
)
def test_word_diff_in_every_script(before, after, removed, added):
    pieces = word_diff(before, after)
    assert "".join(p.text for p in pieces if p.op == "removed") == removed
    assert "".join(p.text for p in pieces if p.op == "added") == added
    # Reading the unchanged and added pieces in order gives the new text back exactly.
    assert "".join(p.text for p in pieces if p.op != "removed") == after
    assert "".join(p.text for p in pieces if p.op != "added") == before


def test_no_change_is_one_unchanged_piece():
    assert word_diff("ہم ساتھ ہیں۔", "ہم ساتھ ہیں۔") == [Piece("ہم ساتھ ہیں۔", "same")]
