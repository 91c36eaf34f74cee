"""Review aids: comments on a version or a sentence, and what the translator changed."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from translations.sanitise import plain_text

from . import roles
from .choices import Role
from .exceptions import InvalidInput, NotPermitted
from .models import Comment, Segment, Variant

MAX_COMMENT_CHARS = 5000
# A word with the spaces after it: a run of changed words shows as one change.
_WORDS = re.compile(r"\s+|\S+\s*")


def may_comment(user: AbstractBaseUser, variant: Variant) -> bool:
    """Reviewers and editors of the language, and whoever holds or wrote the version."""
    if roles.has_role(user, Role.EDITOR):
        return True
    if roles.has_role(user, Role.REVIEWER) and roles.works_in(user, variant.language):
        return True
    return user.pk in {variant.assignee_id, variant.translated_by_id}


@transaction.atomic
def comment_add(
    *, variant: Variant, actor: AbstractBaseUser, text: str, segment: Segment | None = None
) -> Comment:
    if not may_comment(actor, variant):
        raise NotPermitted("Only the translator and the reviewers of this language may comment.")
    if segment is not None and segment.variant_id != variant.pk:
        raise InvalidInput("That sentence belongs to another version.")
    text = plain_text(text).strip()
    if not text:
        raise InvalidInput("Write the comment first.")
    if len(text) > MAX_COMMENT_CHARS:
        raise InvalidInput(f"Keep comments under {MAX_COMMENT_CHARS} characters.")
    return Comment.objects.create(variant=variant, segment=segment, author=actor, text=text)


@dataclass(frozen=True)
class Piece:
    text: str
    op: str  # "same", "added" or "removed"


def machine_text(segment: Segment) -> str:
    """The pre-filled text a person started from ("" when there was none)."""
    if not segment.is_human:
        return segment.target
    for suggestion in segment.suggestions:
        if suggestion.get("origin") and suggestion.get("origin") != Segment.Origin.HUMAN:
            return suggestion.get("text", "")
    return ""


def word_diff(before: str, after: str) -> list[Piece]:
    """Word-by-word changes from ``before`` to ``after`` (whitespace kept, any script).

    Words are runs between spaces, so a Devanagari or Bengali word with its matras and
    an Urdu word with its joiners are compared whole.
    """
    a, b = _WORDS.findall(before), _WORDS.findall(after)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("".join(a[i1:i2]), "same"))
            continue
        if op in ("replace", "delete"):
            pieces.append(Piece("".join(a[i1:i2]), "removed"))
        if op in ("replace", "insert"):
            pieces.append(Piece("".join(b[j1:j2]), "added"))
    return [p for p in pieces if p.text]
