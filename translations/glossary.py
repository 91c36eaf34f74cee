"""Glossary terms: protect names and fixed terms through machine translation, and find them."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from . import sanitise

# Letters and combining marks of the scripts we publish in; \w alone misses the marks
# (matras, virama, nukta), which would put a "word boundary" inside a Hindi word.
_WORD = r"\w\u0900-\u097F\u0980-\u09FF\u0600-\u06FF\u0750-\u077F"

CSV_COLUMNS = (
    "source_language",
    "term",
    "kind",
    "target_language",
    "translation",
    "case_sensitive",
    "note",
)
MAX_CSV_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Term:
    source: str
    expected: str
    keep: bool
    case_sensitive: bool = True


def terms_for(source_language: str, target_language: str) -> list[Term]:
    """The terms that apply when translating from one language into another, longest first."""
    from .models import GlossaryTerm

    rows = GlossaryTerm.objects.filter(source_language=source_language).filter(
        target_language__in=("", target_language)
    )
    # A fixed translation for this target beats a do-not-translate entry for every target.
    chosen: dict[str, GlossaryTerm] = {}
    for row in rows.order_by("target_language"):
        chosen[row.term] = row
    terms = [
        Term(row.term, row.expected(), row.kind == row.Kind.KEEP, row.case_sensitive)
        for row in chosen.values()
    ]
    return sorted(terms, key=lambda t: -len(t.source))


def occurrences(
    text: str, phrase: str, *, case_sensitive: bool = True, suffixed: bool = False
) -> list[re.Match]:
    """Where ``phrase`` occurs in ``text`` as whole words (in any of our scripts).

    With ``suffixed`` the phrase may carry an ending written onto its last word, as
    Bengali case endings are ("নেটওয়ার্কের") and Hindi plural forms change ("किसानों").
    """
    if not phrase:
        return []
    flags = 0 if case_sensitive else re.IGNORECASE
    end = "" if suffixed else rf"(?![{_WORD}])"
    pattern = rf"(?<![{_WORD}]){re.escape(phrase)}{end}"
    return list(re.finditer(pattern, text, flags))


def protect(text: str, terms: Iterable[Term], *, first_id: int) -> tuple[str, dict[str, str]]:
    """Replace each glossary term by a numbered placeholder from ``first_id`` on.

    Returns the text for the engine and {id: what the translation must say there}.
    """
    replacements: dict[str, str] = {}
    next_id = first_id
    for term in terms:  # longest first, so "CPI(ML) Liberation" wins over "CPI(ML)"
        for match in reversed(occurrences(text, term.source, case_sensitive=term.case_sensitive)):
            key = str(next_id)
            next_id += 1
            replacements[key] = term.expected
            text = f"{text[: match.start()]}{{{key}}}{text[match.end() :]}"
    return text, replacements


def restore(text: str, replacements: Mapping[str, str]) -> str:
    """Put the glossary terms back where the engine left their placeholders."""
    from . import segmentation

    return segmentation.restore(text, replacements)


def import_csv(data: bytes) -> dict[str, int]:
    """Add or update terms from a CSV file (header row with CSV_COLUMNS); all or nothing.

    Raises ValidationError listing every bad row; nothing is written then.
    """
    if len(data) > MAX_CSV_BYTES:
        raise ValidationError(f"The file is larger than {MAX_CSV_BYTES // 1024} KB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"The file is not UTF-8 (byte {exc.start}).") from exc
    reader = csv.DictReader(io.StringIO(text))
    try:
        return _import_rows(reader)
    except csv.Error as exc:
        # A field past the csv module's limit (131,072 characters), a NUL byte, a quote
        # left open: where it stopped, and why, in place of a server error.
        raise ValidationError(
            f"near line {reader.line_num + 1}: the file cannot be read as CSV ({exc})."
        ) from None


def _import_rows(reader: csv.DictReader) -> dict[str, int]:
    from .models import GlossaryTerm

    missing = {"source_language", "term"} - set(reader.fieldnames or ())
    if missing:
        raise ValidationError(f"Missing columns: {', '.join(sorted(missing))}.")
    rows, errors = [], []
    seen: dict[tuple[str, str, str], int] = {}
    for line, raw in enumerate(reader, start=2):
        row = {k: (raw.get(k) or "").strip() for k in CSV_COLUMNS}
        for column, value in row.items():
            if found := sanitise.forbidden_characters(value, single_line=True):
                errors.append(f"line {line}: {column}: invisible characters {', '.join(found)}.")
        row["kind"] = row["kind"] or GlossaryTerm.Kind.KEEP
        row["case_sensitive"] = row["case_sensitive"].lower() not in ("0", "no", "false")
        term = GlossaryTerm(**row)
        try:
            # Existing terms are updated, so uniqueness is not an error; the other rules are.
            term.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                where = "" if field == "__all__" else f"{field}: "
                errors.extend(f"line {line}: {where}{m}" for m in messages)
            continue
        if row["kind"] == GlossaryTerm.Kind.FIXED and not (
            row["target_language"] and row["translation"]
        ):
            errors.append(
                f"line {line}: a fixed translation needs target_language and translation."
            )
        if row["source_language"] == row["target_language"]:
            errors.append(f"line {line}: the target language is the source language.")
        key = (row["source_language"], row["term"], row["target_language"])
        if key in seen:
            errors.append(f"line {line}: the same term as line {seen[key]}.")
        seen[key] = line
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            key = {k: row.pop(k) for k in ("source_language", "term", "target_language")}
            _, made = GlossaryTerm.objects.update_or_create(**key, defaults=row)
            created += made
            updated += not made
    return {"created": created, "updated": updated}
