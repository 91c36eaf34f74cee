"""Import an archive of statements: Markdown files with YAML front matter, one per language.

``slug.md`` holds a statement in its source language; ``slug.hi.md``, ``slug.ur.md`` …
hold its translations. Every file is read and checked before anything is written, and a
statement whose files have not changed since the last import is left alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import frontmatter
import yaml
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from translations import alignment, languages, memory

from . import pipeline, segments, services
from .choices import Kind, Priority, State, state_name
from .exceptions import InvalidInput
from .models import TEXT_FIELDS, Organisation, Statement, Topic, Variant

MAX_FILE_BYTES = 1024 * 1024
SOURCE_KEYS = {
    "title", "language", "slug", "summary", "byline", "dateline", "signatories", "topics",
    "date", "published", "kind", "priority",
}  # fmt: skip
TRANSLATION_KEYS = {"title", "language", "summary", "byline", "dateline"}
_NAME = re.compile(r"^(?P<slug>[^.]+?)(?:\.(?P<lang>[a-z]{2,3}))?\.md$")


@dataclass
class Document:
    path: Path
    language: str
    meta: dict
    body: str
    sha256: str  # of the file's bytes, as read

    def text(self) -> dict[str, str]:
        values = {f: str(self.meta.get(f) or "").strip() for f in TEXT_FIELDS}
        values["body"] = self.body.strip()
        return values


@dataclass
class Entry:
    slug: str
    source: Document | None = None
    translations: dict[str, Document] = field(default_factory=dict)
    paths: list[Path] = field(default_factory=list)

    def digest(self) -> str:
        """One digest for the statement's files: the same files, the same digest."""
        docs = [self.source, *self.translations.values()]
        parts = sorted(f"{d.path.name}:{d.sha256}" for d in docs if d is not None)
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass
class Summary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    aligned: int = 0
    uncertain: int = 0


class ArchiveInvalid(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the archive; nothing was imported.")
        self.errors = errors


def collect(paths: Iterable[Path]) -> list[Path]:
    """Every Markdown file named, or found under a directory named, sorted."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*.md") if p.is_file())
        else:
            found.add(path)
    return sorted(found)


def read(files: Iterable[Path], *, progress: Callable = iter) -> list[Entry]:
    """Parse and check every file; raises ArchiveInvalid listing all problems."""
    entries: dict[str, Entry] = {}
    errors: list[str] = []
    for path in progress(list(files)):
        try:
            doc, slug = _parse(path)
            # The desk's rule for people's text, checked before anything is written.
            for name, value in doc.text().items():
                services.cleaned_text(name, value)
        except InvalidInput as exc:
            errors.append(f"{path}: {exc}")
            continue
        entry = entries.setdefault(slug, Entry(slug))
        entry.paths.append(path)
        if doc.meta.get("_source"):
            entry.source = doc
        elif doc.language in entry.translations:
            errors.append(f"{path}: a second {doc.language} translation of “{slug}”.")
        else:
            entry.translations[doc.language] = doc
    for entry in entries.values():
        if entry.source is None:
            names = ", ".join(str(p) for p in entry.paths)
            errors.append(f"{names}: translation of “{entry.slug}” without its {entry.slug}.md.")
            continue
        for code, doc in entry.translations.items():
            if code == entry.source.language:
                errors.append(f"{doc.path}: same language as the source ({code}).")
    if errors:
        raise ArchiveInvalid(errors)
    return [entries[slug] for slug in sorted(entries)]


def _parse(path: Path) -> tuple[Document, str]:
    match = _NAME.match(path.name)
    if not match:
        raise InvalidInput("name it slug.md, or slug.<language>.md for a translation.")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InvalidInput(f"larger than {MAX_FILE_BYTES // 1024} KB.")
        data = path.read_bytes()
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"not UTF-8 text (byte {exc.start}).") from None
    except OSError as exc:
        raise InvalidInput(exc.strerror or "cannot be read.") from None
    try:
        post = frontmatter.loads(raw)
    except yaml.YAMLError as exc:
        raise InvalidInput(f"front matter is not valid YAML: {exc}".replace("\n", " ")) from None
    meta = dict(post.metadata)
    is_source = match["lang"] is None
    allowed = SOURCE_KEYS if is_source else TRANSLATION_KEYS
    unknown = sorted(set(meta) - allowed)
    if unknown:
        raise InvalidInput(f"unknown front-matter keys: {', '.join(map(str, unknown))}.")
    code = meta.get("language") if is_source else match["lang"]
    if code not in languages.CODES:
        raise InvalidInput(f"language must be one of {', '.join(languages.CODES)}, not {code!r}.")
    if not is_source and meta.get("language", code) != code:
        raise InvalidInput(f"says language {meta['language']!r} but is named .{code}.md.")
    if not str(meta.get("title") or "").strip():
        raise InvalidInput("has no title.")
    if not post.content.strip():
        raise InvalidInput("has no body text.")
    for key in ("title", "summary", "byline", "dateline"):
        if key in meta and not isinstance(meta[key], str):
            raise InvalidInput(f"{key} must be text.")
    slug = match["slug"]
    if is_source:
        _check_source_meta(meta)
        slug = meta.get("slug") or slug
        try:
            validate_slug(slug)
        except ValidationError:
            raise InvalidInput(f"“{slug}” cannot be an address (letters, digits, -).") from None
        meta["_source"] = True
    return Document(path, code, meta, post.content, hashlib.sha256(data).hexdigest()), slug


def _check_source_meta(meta: dict) -> None:
    when = meta.get("date")
    if isinstance(when, str):
        try:
            meta["date"] = date.fromisoformat(when)
        except ValueError:
            raise InvalidInput(f"date {when!r} is not YYYY-MM-DD.") from None
    elif when is not None and not isinstance(when, date):
        raise InvalidInput("date must be YYYY-MM-DD.")
    if not isinstance(meta.get("published", False), bool):
        raise InvalidInput("published must be true or false.")
    for key in ("signatories", "topics"):
        value = meta.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise InvalidInput(f"{key} must be a list of names.")
    if meta.get("kind", Kind.PRESS) not in Kind.values:
        raise InvalidInput(f"kind must be one of {', '.join(Kind.values)}.")
    if meta.get("priority", Priority.NORMAL) not in Priority.values:
        raise InvalidInput(f"priority must be one of {', '.join(Priority.values)}.")


# ---- writing ------------------------------------------------------------------------------


def import_entries(entries: list[Entry], *, actor, progress: Callable = iter) -> Summary:
    """Create or update a statement per entry, each in its own transaction."""
    summary = Summary()
    for entry in progress(entries):
        digest = entry.digest()
        existing = Statement.objects.filter(slug=entry.slug).first()
        if existing is not None and existing.import_digest == digest:
            summary.skipped.append((entry.slug, "unchanged since the last import"))
            continue
        if existing is not None:
            reason = _update(existing, entry, digest=digest, actor=actor)
            if reason:
                summary.skipped.append((entry.slug, reason))
            else:
                summary.updated.append(entry.slug)
            continue
        with transaction.atomic():
            _create(entry, digest=digest, actor=actor, summary=summary)
        summary.created.append(entry.slug)
    return summary


def _create(entry: Entry, *, digest: str, actor, summary: Summary) -> Statement:
    doc = entry.source
    meta = doc.meta
    statement = services.statement_create(
        author=actor,
        source_language=doc.language,
        slug=entry.slug,
        kind=meta.get("kind", Kind.PRESS),
        priority=meta.get("priority", Priority.NORMAL),
        issued_on=meta.get("date"),
        topics=[_vocabulary(Topic, name, doc.language) for name in meta.get("topics", [])],
        signatories=[
            _vocabulary(Organisation, name, doc.language) for name in meta.get("signatories", [])
        ],
        **doc.text(),
    )
    Statement.objects.filter(pk=statement.pk).update(
        imported_from=str(doc.path)[:300], import_digest=digest
    )
    if not meta.get("published", False):
        for code in entry.translations:
            summary.skipped.append(
                (f"{entry.slug}.{code}", "translation of an unpublished statement: not imported")
            )
        return statement
    note = f"Imported as published from {doc.path.name}."
    source = services.source_variant(statement)
    services.publish(source, actor=None, note=note)
    if entry.translations:
        services.statement_submit_for_translation(
            statement=statement, actor=actor, targets=list(entry.translations)
        )
    for code, translated in entry.translations.items():
        variant = Variant.objects.get(statement=statement, language=code)
        _import_translation(variant, translated, actor=actor, summary=summary)
    when = meta.get("date")
    if when:
        first = timezone.make_aware(datetime.combine(when, time(12)))
        Statement.objects.filter(pk=statement.pk).update(first_published_at=first)
    return statement


def _import_translation(variant: Variant, doc: Document, *, actor, summary: Summary) -> None:
    pipeline.variant_pretranslate(variant_id=variant.pk, use_engines=False)
    variant.refresh_from_db()
    text = {name: services.cleaned_text(name, value) for name, value in doc.text().items()}
    pairs = _aligned_pairs(variant, text)
    # Where the paragraphs differ, the published text stands and the sentences stay unpaired.
    with contextlib.suppress(InvalidInput):
        segments.apply_text(variant, text, actor=actor)

    # The published text is the file's, word for word, even where sentences did not pair.
    segments.tally(variant, variant.segments.all())
    progress = {name: getattr(variant, name) for name in segments.PROGRESS_FIELDS}
    Variant.objects.filter(pk=variant.pk).update(**text, **progress, translated_by=actor)

    note = f"Imported as published from {doc.path.name}."
    services.publish(variant, actor=None, note=note)
    confident = [p for p in pairs if p.confident]
    summary.aligned += len(confident)
    summary.uncertain += len(pairs) - len(confident)
    memory.add_many(
        (
            {
                "source_language": variant.statement.source_language,
                "target_language": variant.language,
                "source_text": p.source,
                "target_text": p.target,
                "statement_id": variant.statement_id,
                "approved_by": None,
                "approved_at": timezone.now(),
            }
            for p in confident
        ),
        origin="import",
    )


def _aligned_pairs(variant: Variant, text: dict[str, str]) -> list[alignment.Pair]:
    source_language = variant.statement.source_language
    revision = variant.source_revision
    pairs = []
    for name in TEXT_FIELDS:
        pairs += alignment.align(
            revision.text().get(name, ""),
            text.get(name, ""),
            source_language=source_language,
            target_language=variant.language,
        )
    return pairs


def _update(statement: Statement, entry: Entry, *, digest: str, actor) -> str:
    """Bring a draft up to date with its changed file; returns why not, if not."""
    source = services.source_variant(statement)
    if not statement.import_digest:
        return "a statement with this address was not imported: left as it is"
    if source.state != State.DRAFT:
        return f"changed since the last import, but it is {state_name(source.state)}"
    with transaction.atomic():
        services.variant_save_text(
            variant=source, actor=actor, expected_version=source.version, **entry.source.text()
        )
        Statement.objects.filter(pk=statement.pk).update(import_digest=digest)
    return ""


def _vocabulary(model, name: str, language: str):
    """A topic or organisation by slug or name, created (named in ``language``) if new."""
    name = name.strip()
    by_name = Q(slug=name)
    for code in languages.CODES:
        by_name |= Q(**{f"name_{code}": name})
    found = sorted(model.objects.filter(by_name), key=lambda obj: obj.slug != name)
    if found:
        return found[0]  # a slug match first
    slug = slugify(name) or "x-" + hashlib.sha1(name.encode()).hexdigest()[:10]  # noqa: S324
    obj, _ = model.objects.get_or_create(slug=slug, defaults={f"name_{language}": name})
    return obj
