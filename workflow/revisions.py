"""Source revisions: the snapshots a statement's source text is translated from, and how a
version's sentences map onto a newer one's.

Publishing a revision and bringing the translations onto it are services and pipeline
steps (``services.publication``, ``pipeline.retranslate``); this module holds the data
they share.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser

from translations import segmentation

from .models import Segment, SourceRevision, Statement, Variant

User = AbstractBaseUser
PREVIOUS = "previous"  # the origin of a suggestion holding a sentence's earlier translation


def snapshot(statement: Statement, source: Variant, actor: User | None) -> SourceRevision:
    """The latest source revision, or a new one when the source text has changed since."""
    latest = statement.revisions.order_by("-number").first()
    if latest is not None and latest.text() == source.text():
        return latest
    return SourceRevision.objects.create(
        statement=statement,
        number=(latest.number if latest else 0) + 1,
        created_by=actor or statement.created_by,
        **source.text(),
    )


@dataclass
class Plan:
    """How a version's sentences map onto a new source revision's, by position."""

    keep: list[tuple[Segment, int, str, segmentation.Piece]] = field(default_factory=list)
    change: list[tuple[Segment, int, str, segmentation.Piece]] = field(default_factory=list)
    add: list[tuple[int, str, segmentation.Piece]] = field(default_factory=list)
    drop: list[Segment] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        """Source sentences that need a translation (changed and new), once each."""
        new = [p.text for _, _, _, p in self.change] + [p.text for _, _, p in self.add]
        return list(dict.fromkeys(new))


def plan(rows: list[Segment], pieces: list[tuple[str, segmentation.Piece]]) -> Plan:
    """Match old sentences to new ones in reading order (a diff over (field, sentence))."""
    old = [(s.field, s.source) for s in rows]
    new = [(f, p.text) for f, p in pieces]
    out = Plan()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                out.keep.append((rows[i], j, *pieces[j]))
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        # A replaced sentence is "changed" when it stays in its field: its old text is
        # shown beside the new one. Anything left over is new or removed.
        while olds and news and rows[olds[0]].field == pieces[news[0]][0]:
            i, j = olds.pop(0), news.pop(0)
            out.change.append((rows[i], j, *pieces[j]))
        out.drop.extend(rows[i] for i in olds)
        out.add.extend((j, *pieces[j]) for j in news)
    return out
