"""Pair the sentences of a text with those of its translation, and say how sure the pairing is.

Used to seed the translation memory from an archive of past translations: only pairs the
aligner is sure of are worth remembering, because a wrong pair would be offered again and
again. A pair is sure when both texts have the same blocks with the same number of
sentences, and the pair keeps the same numbers, the same markup and a plausible length.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from . import numbers, segmentation

T = TypeVar("T")

# Translated sentences between these length ratios (target/source, in characters) are
# plausible for our four languages; a pair outside them is more likely misaligned.
MIN_RATIO, MAX_RATIO = 0.45, 2.2


@dataclass(frozen=True)
class Pair:
    source: str  # source sentence with its markup as {1}, {2} …
    target: str  # translation with the same numbering
    confident: bool


def group_blocks(items: Sequence[T], *, key: Callable[[T], int]) -> list[list[T]]:
    """Consecutive items with the same block number, as lists."""
    groups: list[list[T]] = []
    last = object()
    for item in items:
        if key(item) != last:
            groups.append([])
            last = key(item)
        groups[-1].append(item)
    return groups


def rebase(piece: segmentation.Piece, placeholders: dict[str, str]) -> str:
    """A translated sentence with its markup numbered as in the source sentence."""
    text = segmentation.restore(piece.text, piece.placeholders)
    # Longest first ("](url)" before "["); equal markers ("**" … "**") in source order.
    for key, original in sorted(placeholders.items(), key=lambda kv: (-len(kv[1]), int(kv[0]))):
        if original:
            text = text.replace(original, f"{{{key}}}", 1)
    return text


def align(
    source_text: str, target_text: str, *, source_language: str, target_language: str
) -> list[Pair]:
    """Sentence pairs of a text and its translation, each marked sure or not."""
    source = segmentation.split(source_text, language=source_language)
    target = segmentation.split(target_text, language=target_language)
    source_blocks = group_blocks(source, key=lambda p: p.block)
    target_blocks = group_blocks(target, key=lambda p: p.block)
    structure_matches = len(source_blocks) == len(target_blocks)
    pairs = []
    for i, block in enumerate(source_blocks):
        theirs = target_blocks[i] if structure_matches else []
        if len(theirs) != len(block):
            pairs += [Pair(p.text, "", False) for p in block]
            continue
        for mine, other in zip(block, theirs, strict=True):
            translated = rebase(other, mine.placeholders)
            pairs.append(Pair(mine.text, translated, _plausible(mine.text, translated)))
    return pairs


def _plausible(source: str, target: str) -> bool:
    if not target.strip():
        return False
    ratio = len(target) / max(len(source), 1)
    if not MIN_RATIO <= ratio <= MAX_RATIO:
        return False
    # The QA check's own reading: a pair it would question is not sure enough to remember.
    if not numbers.compare(source, target).agree:
        return False
    return Counter(segmentation.placeholder_ids(source)) == Counter(
        segmentation.placeholder_ids(target)
    )
