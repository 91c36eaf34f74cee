"""Glossary terms: protect names and fixed terms through machine translation, and find them
(with the target language's endings where a term inflects)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from . import sanitise

if TYPE_CHECKING:
    from .models import GlossaryTerm

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
    # Added later: a file without it still imports (the term then does not inflect).
    "inflects",
)
MAX_CSV_BYTES = 2 * 1024 * 1024


_YES, _NO = ("1", "yes", "true"), ("0", "no", "false")


@dataclass(frozen=True)
class Inflection:
    """How a target language writes endings onto a word, as data.

    ``endings`` are written after the word as it stands ("किसान" → "किसानों");
    ``replacing`` maps a final letter to the endings that take its place ("लड़का" → "लड़के").
    """

    endings: tuple[str, ...]
    replacing: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


# Postpositions are separate words in Hindi and Urdu (का, को, में; کا، کو، میں) and need
# nothing here; Bengali writes its case endings and classifiers onto the word.
INFLECTIONS: Mapping[str, Inflection] = {
    "hi": Inflection(
        # Oblique plural, direct plural (feminine), after a vowel: किसानों, बातें, माताओं, माताएँ.
        endings=("ों", "ें", "ओं", "एँ", "एं", "ँ"),
        replacing={
            "ा": ("े", "ों", "ो"),  # लड़का → लड़के, लड़कों; ओ in the vocative
            "ी": ("ियों", "ियाँ", "ियां"),  # नदी → नदियों, नदियाँ
            "ि": ("ियों", "ियाँ", "ियां"),  # शक्ति → शक्तियों
        },
    ),
    "bn": Inflection(
        endings=(
            # Genitive, objective, locative: সংগঠনের, সরকারকে, ঢাকাতে, কলকাতায়, বাজারে.
            *("এর", "ের", "র", "কে", "তে", "য়", "\u09df", "এ", "ে"),
            # Plural: শ্রমিকরা, শ্রমিকেরা, শ্রমিকদের; classifiers and emphasis: চুক্তিটি, দাবিগুলো.
            *("রা", "েরা", "দের", "টি", "টা", "টির", "টার", "গুলো", "গুলি", "গুলোর", "গুলির"),
            *("ই", "ও"),
        ),
    ),
    "ur": Inflection(
        # کتابیں، کتابوں، خیالات؛ after ی: لڑکیاں، لڑکیوں
        endings=("وں", "یں", "ات", "اں"),
        replacing={
            "ا": ("ے", "وں", "و"),  # لڑکا → لڑکے، لڑکوں
            "ہ": ("ے", "وں", "ات"),  # ادارہ → ادارے، اداروں؛ مطالبہ → مطالبات
        },
    ),
}


@dataclass(frozen=True)
class Term:
    source: str
    # The text the translation must have; for a forbidden term, the text it must not have.
    expected: str
    keep: bool
    case_sensitive: bool = True
    inflects: bool = False
    forbidden: bool = False


def inflected_forms(phrase: str, language: str) -> list[str]:
    """``phrase`` and the forms its last word takes in ``language``, longest first."""
    rules = INFLECTIONS.get(language)
    if rules is None or not phrase:
        return [phrase]
    forms = {phrase, *(phrase + ending for ending in rules.endings)}
    for final, endings in rules.replacing.items():
        if phrase.endswith(final):
            forms.update(phrase[: -len(final)] + ending for ending in endings)
    return sorted(forms, key=lambda form: (-len(form), form))


def terms_for(source_language: str, target_language: str) -> list[Term]:
    """The terms that apply when translating from one language into another, longest first.

    Forbidden renderings come as terms with ``forbidden`` set: checked, never put in.
    """
    from .models import GlossaryTerm

    rows = GlossaryTerm.objects.filter(source_language=source_language).filter(
        target_language__in=("", target_language)
    )
    # A fixed translation for this target beats a do-not-translate entry for every target.
    chosen: dict[str, GlossaryTerm] = {}
    forbidden: list[GlossaryTerm] = []
    for row in rows.order_by("target_language", "translation"):
        if row.kind == row.Kind.FORBIDDEN:
            forbidden.append(row)
        else:
            chosen[row.term] = row
    terms = [
        Term(
            row.term,
            row.expected(),
            keep=row.kind == row.Kind.KEEP,
            case_sensitive=row.case_sensitive,
            inflects=row.inflects,
            forbidden=row.kind == row.Kind.FORBIDDEN,
        )
        for row in (*chosen.values(), *forbidden)
    ]
    return sorted(terms, key=lambda t: -len(t.source))


def occurrences(
    text: str,
    phrase: str,
    *,
    case_sensitive: bool = True,
    suffixed: bool = False,
    inflected_in: str = "",
) -> list[re.Match]:
    """Where ``phrase`` occurs in ``text`` as whole words (in any of our scripts).

    With ``suffixed`` the phrase may carry an ending written onto its last word, as
    Bengali case endings are ("নেটওয়ার্কের") and Hindi plural forms change ("किसानों").
    With ``inflected_in`` (a language code) it may also take the forms INFLECTIONS lists
    for that language ("लड़के" for "लड़का", "اداروں" for "ادارہ").
    """
    if not phrase:
        return []
    flags = 0 if case_sensitive else re.IGNORECASE
    end = "" if suffixed else rf"(?![{_WORD}])"
    forms = inflected_forms(phrase, inflected_in) if inflected_in else [phrase]
    # Longest first: the regex takes the first alternative that fits.
    alternatives = "|".join(re.escape(form) for form in forms)
    pattern = rf"(?<![{_WORD}])(?:{alternatives}){end}"
    return list(re.finditer(pattern, text, flags))


def protect(text: str, terms: Iterable[Term], *, first_id: int) -> tuple[str, dict[str, str]]:
    """Replace each glossary term by a numbered placeholder from ``first_id`` on.

    Returns the text for the engine and {id: what the translation must say there}.
    """
    replacements: dict[str, str] = {}
    next_id = first_id
    for term in terms:  # longest first, so "CPI(ML) Liberation" wins over "CPI(ML)"
        if term.forbidden:  # what must not appear is never put in
            continue
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
    seen: dict[tuple, int] = {}
    for line, raw in enumerate(reader, start=2):
        row = {k: (raw.get(k) or "").strip() for k in CSV_COLUMNS}
        for column, value in row.items():
            if found := sanitise.forbidden_characters(value, single_line=True):
                errors.append(f"line {line}: {column}: invisible characters {', '.join(found)}.")
        row["kind"] = row["kind"] or GlossaryTerm.Kind.KEEP
        # As files have always been read: anything but a no is case-sensitive.
        row["case_sensitive"] = row["case_sensitive"].lower() not in _NO
        if row["inflects"].lower() not in ("", *_YES, *_NO):
            errors.append(f"line {line}: inflects: “{row['inflects']}” is not yes or no.")
        row["inflects"] = row["inflects"].lower() in _YES
        term = GlossaryTerm(**row)
        try:
            # Existing terms are updated, so uniqueness is not an error; the other rules are.
            term.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                where = "" if field_name == "__all__" else f"{field_name}: "
                errors.extend(f"line {line}: {where}{m}" for m in messages)
            continue
        forbidden = row["kind"] == GlossaryTerm.Kind.FORBIDDEN
        if row["kind"] != GlossaryTerm.Kind.KEEP and not (
            row["target_language"] and row["translation"]
        ):
            what = "a forbidden term" if forbidden else "a fixed translation"
            errors.append(f"line {line}: {what} needs target_language and translation.")
        if row["source_language"] == row["target_language"]:
            errors.append(f"line {line}: the target language is the source language.")
        # Several renderings of one term may be forbidden; it is treated one other way.
        key = (row["source_language"], row["term"], row["target_language"], forbidden)
        key += (row["translation"],) if forbidden else ()
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
            if row["kind"] == GlossaryTerm.Kind.FORBIDDEN:
                found = GlossaryTerm.objects.filter(kind=row["kind"])
                key["translation"] = row.pop("translation")
            else:
                found = GlossaryTerm.objects.exclude(kind=GlossaryTerm.Kind.FORBIDDEN)
            _, made = found.update_or_create(**key, defaults=row)
            created += made
            updated += not made
    return {"created": created, "updated": updated}


def export_csv(terms: Iterable[GlossaryTerm] | None = None) -> bytes:
    """The terms (all by default) as a CSV file that import_csv reads back."""
    from .models import GlossaryTerm

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for term in GlossaryTerm.objects.all() if terms is None else terms:
        values = {column: getattr(term, column) for column in CSV_COLUMNS}
        for column in ("case_sensitive", "inflects"):
            values[column] = "yes" if values[column] else "no"
        writer.writerow(values[column] for column in CSV_COLUMNS)
    # With a byte order mark, so a spreadsheet opening it reads Devanagari, not mojibake.
    return out.getvalue().encode("utf-8-sig")
