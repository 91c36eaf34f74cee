"""TMX 1.4 export and import of the translation memory.

Import reads the whole file first (through defusedxml: no entity declarations, no
external references), checks every element, and writes only if all of it is sound, in one
transaction. Inline markup in a segment is flattened to its text: native codes (<bpt>,
<ept>, <it>, <ph>, <ut> and the <sub> inside them) are dropped, <hi> keeps its text.
"""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import BinaryIO, TextIO
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser
from django.contrib.auth import get_user_model
from django.utils import timezone

from .. import languages
from ..models import MemoryUnit
from . import InvalidUnit, TranslationMemoryError, add_many_counted, statements

MAX_BYTES = 50 * 2**20
CREATION_TOOL = "Anuvad"
# TMX properties that carry Anuvad's own facts (TMX wants "x-" before private types).
STATEMENT_PROP = "x-anuvad-statement"
ORIGIN_PROP = "x-anuvad-origin"
# Units read per query on export; their statements' slugs are looked up a batch at a time.
EXPORT_BATCH = 2000
_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
_DATE = re.compile(r"\d{8}T\d{6}Z")
# Characters XML 1.0 cannot carry; a stored text with one would make the file unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# ISO 639-2/3 codes some tools write instead of the two-letter ones.
_THREE_LETTER = {"eng": "en", "hin": "hi", "ben": "bn", "urd": "ur"}
_CODES = {"bpt", "ept", "it", "ph", "ut"}
_CHILDREN = {
    "tmx": {"header", "body"},
    "header": {"note", "prop", "ude"},
    "ude": {"map"},
    "map": set(),
    "body": {"tu"},
    "tu": {"note", "prop", "tuv"},
    "tuv": {"note", "prop", "seg"},
    "note": set(),
    "prop": set(),
    "seg": {"bpt", "ept", "it", "ph", "hi", "ut"},
    "hi": {"bpt", "ept", "it", "ph", "hi", "ut"},
    "bpt": {"sub"},
    "ept": {"sub"},
    "it": {"sub"},
    "ph": {"sub"},
    "ut": {"sub"},
    "sub": {"bpt", "ept", "it", "ph", "hi", "ut"},
}
_TEXT_ALLOWED = {"note", "prop", "map", "seg", "hi", "sub", *_CODES}


class TMXError(TranslationMemoryError):
    """The file cannot be imported; nothing was written."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class ImportSummary:
    translation_units: int = 0
    added: int = 0
    refreshed: int = 0
    pairs: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    flattened: int = 0

    def lines(self) -> list[str]:
        lines = [
            f"{self.translation_units} translation units read: {self.added} memory units "
            f"added, {self.refreshed} already there (refreshed).",
        ]
        if self.pairs:
            pairs = ", ".join(f"{pair} {count}" for pair, count in sorted(self.pairs.items()))
            lines.append(f"By language pair: {pairs}.")
        if self.flattened:
            lines.append(f"{self.flattened} segments had inline markup; their text was kept.")
        lines += [f"Skipped {count}: {reason}." for reason, count in sorted(self.skipped.items())]
        return lines


def language_code(tag: str) -> str | None:
    """Anuvad's code for a TMX language tag ("hi-IN", "HI", "ur_PK", "ben"), else None."""
    primary = re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()
    primary = _THREE_LETTER.get(primary, primary)
    return primary if primary in languages.CODES else None


# Export ---------------------------------------------------------------------------------


def _date(value: datetime) -> str:
    return value.astimezone(UTC).strftime(_DATE_FORMAT)


def _text(value: str) -> str:
    # A carriage return would come back as a newline: XML parsers normalise line ends.
    return escape(_NOT_XML.sub("", value)).replace("\r", "&#13;")


def export_tmx(
    out: TextIO, *, source_language: str | None = None, target_language: str | None = None
) -> int:
    """Write the memory (or one source or target language, or one pair) as TMX 1.4.

    Returns the number of translation units written.
    """
    for code in (source_language, target_language):
        if code is not None and code not in languages.CODES:
            raise TranslationMemoryError(
                f"{code!r} is not one of Anuvad's languages ({', '.join(languages.CODES)})."
            )
    units = MemoryUnit.objects.order_by("id")
    if source_language:
        units = units.filter(source_language=source_language)
    if target_language:
        units = units.filter(target_language=target_language)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
    out.write(
        f'  <header creationtool="{CREATION_TOOL}" creationtoolversion="1" '
        f'datatype="plaintext" segtype="sentence" adminlang="en" '
        f'srclang="{source_language or "*all*"}" o-tmf="{CREATION_TOOL}" '
        f'creationdate="{_date(timezone.now())}"/>\n  <body>\n'
    )
    rows = units.values_list(
        "source_language",
        "target_language",
        "source_text",
        "target_text",
        "approved_at",
        "approved_by__username",
        "statement_id",
        "origin",
    )
    count = 0
    for batch in _batches(rows.iterator(chunk_size=EXPORT_BATCH), EXPORT_BATCH):
        slugs = statements.slugs_of(row[6] for row in batch if row[6] is not None)
        for source, target, source_text, target_text, when, who, statement_id, origin in batch:
            attributes = f"srclang={quoteattr(source)} creationdate={quoteattr(_date(when))}"
            if who:
                attributes += f" creationid={quoteattr(who)}"
            out.write(f"    <tu {attributes}>\n")
            if slug := slugs.get(statement_id):
                out.write(f'      <prop type="{STATEMENT_PROP}">{_text(slug)}</prop>\n')
            out.write(f'      <prop type="{ORIGIN_PROP}">{_text(origin)}</prop>\n')
            for code, text in ((source, source_text), (target, target_text)):
                out.write(f'      <tuv xml:lang="{code}"><seg>{_text(text)}</seg></tuv>\n')
            out.write("    </tu>\n")
            count += 1
    out.write("  </body>\n</tmx>\n")
    return count


def _batches(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# Import ---------------------------------------------------------------------------------


@dataclass
class _Unit:
    """One <tu> as read: its segments by language and what its attributes say."""

    line: int
    srclang: str | None
    when: datetime | None = None
    who: str | None = None
    statement: str | None = None
    segments: list[tuple[str, str, int]] = field(default_factory=list)  # (lang, text, line)


class _Reader(ContentHandler):
    """Checks the TMX structure while reading; raises TMXError at the first fault."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.srclang: str | None = None
        self.units: list[_Unit] = []
        self.flattened = 0
        self._unit: _Unit | None = None
        self._tuv: tuple[str, int] | None = None
        self._segs = 0
        self._seg: list[str] | None = None
        self._seg_marked = False
        self._code_depth = 0
        self._prop: tuple[str, list[str]] | None = None
        self._seen_header = False
        self._seen_body = False

    @property
    def line(self) -> int | None:
        return self._locator.getLineNumber() if self._locator else None

    def fail(self, message: str) -> None:
        raise TMXError(message, line=self.line)

    def startElement(self, name: str, attrs) -> None:
        parent = self.stack[-1] if self.stack else None
        if parent is None:
            if name != "tmx":
                self.fail(f"the root element is <{name}>, not <tmx>: this is not a TMX file")
            version = attrs.get("version", "")
            if not version.startswith("1."):
                self.fail(f'<tmx version="{version}"> is not TMX 1.x')
        elif name not in _CHILDREN.get(parent, set()):
            self.fail(f"<{name}> is not allowed inside <{parent}>")
        self.stack.append(name)
        handler = getattr(self, f"_start_{name}", None)
        if handler:
            handler(attrs)
        if self._seg is not None and name in _CODES:
            self._code_depth += 1
        if self._seg is not None and name != "seg":
            self._seg_marked = True

    def endElement(self, name: str) -> None:
        self.stack.pop()
        if self._seg is not None and name in _CODES:
            self._code_depth -= 1
        handler = getattr(self, f"_end_{name}", None)
        if handler:
            handler()

    def characters(self, content: str) -> None:
        if self._prop is not None:
            self._prop[1].append(content)
        elif self._seg is not None:
            if not self._code_depth:
                self._seg.append(content)
        elif content.strip() and self.stack and self.stack[-1] not in _TEXT_ALLOWED:
            self.fail(f"text is not allowed directly inside <{self.stack[-1]}>")

    def _date(self, attrs, name: str) -> datetime | None:
        value = attrs.get(name)
        if value is None:
            return None
        if not _DATE.fullmatch(value):
            self.fail(f'{name}="{value}" is not a TMX date (YYYYMMDDThhmmssZ)')
        try:
            return datetime.strptime(value, _DATE_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            self.fail(f'{name}="{value}" is not a real date')

    def _start_header(self, attrs) -> None:
        if self._seen_header:
            self.fail("a second <header>")
        self._seen_header = True
        if not attrs.get("srclang"):
            self.fail("<header> has no srclang attribute")
        self.srclang = attrs["srclang"]

    def _start_body(self, attrs) -> None:
        if not self._seen_header:
            self.fail("<body> comes before <header>")
        if self._seen_body:
            self.fail("a second <body>")
        self._seen_body = True

    def endDocument(self) -> None:
        if not self._seen_body:
            self.fail("the file has no <header> and <body>")

    def _start_tu(self, attrs) -> None:
        self._unit = _Unit(line=self.line or 0, srclang=attrs.get("srclang"))
        created, changed = self._date(attrs, "creationdate"), self._date(attrs, "changedate")
        # The latest approval wins: a change made after creation is the one that counts.
        self._unit.when = changed or created
        self._unit.who = (attrs.get("changeid") if changed else None) or attrs.get("creationid")

    def _end_tu(self) -> None:
        self.units.append(self._unit)
        self._unit = None

    def _start_tuv(self, attrs) -> None:
        lang = attrs.get("xml:lang") or attrs.get("lang")  # "lang" is TMX 1.1's name
        if not lang:
            self.fail("<tuv> has no xml:lang attribute")
        self._tuv = (lang, self.line or 0)
        self._segs = 0

    def _end_tuv(self) -> None:
        if self._segs != 1:
            self.fail(f"<tuv xml:lang={self._tuv[0]!r}> has {self._segs} <seg> elements, not 1")
        self._tuv = None

    def _start_seg(self, attrs) -> None:
        self._segs += 1
        self._seg, self._seg_marked, self._code_depth = [], False, 0

    def _end_seg(self) -> None:
        text = "".join(self._seg)
        if self._seg_marked:
            self.flattened += 1
            text = " ".join(text.split())
        lang, line = self._tuv
        self._unit.segments.append((lang, text, line))
        self._seg = None

    def _start_prop(self, attrs) -> None:
        self._prop = (attrs.get("type", ""), [])

    def _end_prop(self) -> None:
        kind, text = self._prop
        self._prop = None
        if kind == STATEMENT_PROP and self._unit is not None:
            self._unit.statement = "".join(text).strip() or None


class _Parser(DefusedExpatParser):
    """defusedxml's SAX parser, letting through the DOCTYPE many TMX tools write.

    ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` names an external DTD; it is skipped, never
    fetched. Any entity declaration and any other external reference is still refused.
    """

    def defused_external_entity_ref_handler(self, context, base, sysid, pubid):
        if context is None:  # expat's call for the DOCTYPE's external subset
            return 1
        return super().defused_external_entity_ref_handler(context, base, sysid, pubid)


def _read(source: str | os.PathLike | BinaryIO | bytes) -> bytes:
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | os.PathLike):
        try:
            size = os.path.getsize(source)
            if size > MAX_BYTES:
                raise TMXError(_too_big(size))
            with open(source, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise TMXError(f"cannot read {os.fspath(source)}: {error.strerror}") from None
    else:
        data = source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise TMXError(_too_big(len(data)))
    return data


def _too_big(size: int) -> str:
    return (
        f"the file is {size / 2**20:.1f} MB; TMX imports are limited to "
        f"{MAX_BYTES // 2**20} MB (split it, e.g. by language pair)"
    )


def parse(source: str | os.PathLike | BinaryIO | bytes) -> tuple[list[dict], ImportSummary]:
    """Read and check a whole TMX file: the units it holds, and what was skipped. No writes.

    Each unit is a dict of add_many's keys, except that the approver and the statement
    are still the TMX user name (``approved_by_name``) and slug (``statement_slug``).
    """
    reader = _Reader()
    parser = _Parser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
    parser.setContentHandler(reader)
    try:
        parser.parse(io.BytesIO(_read(source)))
    except SAXParseException as error:
        raise TMXError(
            f"not well-formed XML: {error.getMessage()}", line=error.getLineNumber()
        ) from None
    except DefusedXmlException as error:
        raise TMXError(
            f"refused: the file declares entities or external references ({error})",
            line=reader.line,
        ) from None
    return _units(reader)


def _units(reader: _Reader) -> tuple[list[dict], ImportSummary]:
    summary = ImportSummary(translation_units=len(reader.units), flattened=reader.flattened)
    units = []
    for tu in reader.units:
        texts: dict[str, str] = {}
        repeated = False
        for lang, text, _line in tu.segments:
            code = language_code(lang)
            if code is None:
                summary.skipped["segments in languages Anuvad does not publish in"] += 1
            elif not text.strip():
                summary.skipped["empty segments"] += 1
            elif code in texts:
                repeated = True
            else:
                texts[code] = text
        if repeated:
            summary.skipped["translation units with two segments in one language"] += 1
            continue
        if len(texts) < 2:
            summary.skipped["translation units with fewer than two of Anuvad's languages"] += 1
            continue
        # "*all*", or a language Anuvad lacks, leaves every direction open.
        declared = language_code(tu.srclang or reader.srclang or "")
        if declared is not None and declared not in texts:
            summary.skipped["translation units without a segment in their source language"] += 1
            continue
        sources = [declared] if declared else list(texts)
        for source in sources:
            for target in texts:
                if target == source:
                    continue
                summary.pairs[f"{source}→{target}"] += 1
                units.append(
                    {
                        "source_language": source,
                        "target_language": target,
                        "source_text": texts[source],
                        "target_text": texts[target],
                        "approved_at": tu.when,
                        "approved_by_name": tu.who,
                        "statement_slug": tu.statement,
                    }
                )
    return units, summary


def _resolve(units: list[dict]) -> None:
    """Turn user names and statement slugs into ids; unknown ones are left empty."""
    names = {unit["approved_by_name"] for unit in units if unit["approved_by_name"]}
    slugs = {unit["statement_slug"] for unit in units if unit["statement_slug"]}
    user_model = get_user_model()
    users = dict(
        user_model.objects.filter(**{f"{user_model.USERNAME_FIELD}__in": names}).values_list(
            user_model.USERNAME_FIELD, "pk"
        )
    )
    ids = statements.ids_of(slugs)
    for unit in units:
        unit["approved_by_id"] = users.get(unit.pop("approved_by_name"))
        unit["statement_id"] = ids.get(unit.pop("statement_slug"))


def import_tmx(
    source: str | os.PathLike | BinaryIO | bytes, *, origin: str = "tmx"
) -> ImportSummary:
    """Import every pair of Anuvad's languages in a TMX file; all of it or, on error, nothing.

    A <tu> with a source language (its own srclang, else the header's) gives units from
    that language to each other one present; with "*all*", units in every direction.
    """
    units, summary = parse(source)
    _resolve(units)
    try:
        result = add_many_counted(units, origin=origin)
    except InvalidUnit as error:
        raise TMXError(str(error)) from None
    summary.added, summary.refreshed = result.added, result.refreshed
    return summary
