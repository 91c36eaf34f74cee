"""PO files for offline translation in Poedit: export segments, parse and validate uploads."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib

from . import languages, sanitise

MAX_PO_BYTES = 5 * 1024 * 1024
MAX_ERRORS = 100  # a garbage upload would otherwise list one problem per line
MSGFMT_TIMEOUT = 10  # seconds
MAX_GROWTH, MAX_EXTRA = 20, 200  # a msgstr may be 20× its msgid plus 200 characters

_KEY = re.compile(r"[1-9][0-9]{0,17}")  # [0-9], not \d: "१२" is a digit to Python
_VERSION = re.compile(r"version ([0-9]{1,9})")
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[[0-9]+\])?)\s*(.*)")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc
_ESCAPE = re.compile(r"\\(.)")
_POLIB_ESCAPES = set('\\"ntrvbf')  # what polib unescapes; msgfmt also knows \a, \ooo, \xhh
# msgfmt messages left out: its summary, and what our own checks report in the same words
# for every entry (and for fuzzy entries, which msgfmt skips).
_MSGFMT_OURS = re.compile(
    r"found [0-9]+ fatal error|duplicate message|location of the first|both (begin|end) with"
)
_BINARY = {
    b"\xde\x12\x04\x95": "a compiled .mo file",
    b"\x95\x04\x12\xde": "a compiled .mo file",
    b"\x1f\x8b": "a gzip archive",
    b"PK\x03\x04": "a zip archive",
}


@dataclass(frozen=True)
class ExportEntry:
    key: str  # msgctxt: the segment id
    source: str  # msgid, placeholders such as {1} kept as they are
    target: str  # msgstr, "" when there is no translation yet
    reference: str  # "#: body:3", field and paragraph
    origin: str  # translator comment: where a pre-filled translation came from
    fuzzy: bool  # pre-filled by memory or machine, not yet confirmed by a person
    version: int  # the segment's version when exported, "#. version 3"
    note: str = ""  # further extracted comment, such as glossary hints


@dataclass(frozen=True)
class ImportedEntry:
    key: str
    source: str
    target: str
    fuzzy: bool
    version: int | None  # None when the "#. version N" comment is missing or garbled
    line: int  # where the entry starts in the file


@dataclass(frozen=True)
class Catalogue:
    language: str
    source_language: str
    entries: list[ImportedEntry]


class POFileError(ValueError):
    """An uploaded PO file was refused; ``errors`` lists every problem found (up to a cap)."""

    def __init__(self, errors: list[str]):
        more = len(errors) - MAX_ERRORS
        self.errors = errors[:MAX_ERRORS] + ([f"… and {more} more problems."] if more > 0 else [])
        super().__init__("\n".join(self.errors))


def export(
    entries: Sequence[ExportEntry],
    *,
    language: str,
    source_language: str,
    project: str,
    translator: str = "",
    revision_date: datetime | None = None,
) -> bytes:
    """A UTF-8 PO file of ``entries`` that Poedit opens and ``msgfmt -c`` accepts.

    Raises ValueError for entries no PO file can carry faithfully (see _exportable).
    """
    target_lang = languages.get(language)
    source_lang = languages.get(source_language)
    now = datetime.now(UTC)
    po = polib.POFile()
    po.header = (
        f"{_header_value(project)}: {source_lang.name} → {target_lang.name}.\n"
        "Translate each msgstr; keep placeholders such as {1} exactly as they are.\n"
        "Entries marked fuzzy were pre-filled by memory or machine: check them."
    )
    po.metadata = {
        "Project-Id-Version": _header_value(project),
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": _po_date(now),
        "PO-Revision-Date": _po_date(revision_date or now),
        "Last-Translator": _header_value(translator),
        "Language-Team": target_lang.name,
        "Language": target_lang.code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": target_lang.plural_forms,
        "X-Source-Language": source_lang.code,
        "X-Generator": "Anuvad",
    }
    seen: set[str] = set()
    for entry in entries:
        _exportable(entry, seen)
        comment = f"version {entry.version}" + (f"\n{entry.note}" if entry.note else "")
        po.append(
            polib.POEntry(
                msgctxt=entry.key,
                msgid=entry.source,
                msgstr=_same_edges(entry.source, entry.target),
                occurrences=[(entry.reference, "")] if entry.reference else [],
                tcomment=entry.origin,
                comment=comment,
                flags=["fuzzy"] if entry.fuzzy else [],
            )
        )
    return str(po).encode("utf-8")


def parse(data: bytes, *, max_bytes: int = MAX_PO_BYTES) -> Catalogue:
    """Read an uploaded PO file, refusing it with every problem listed, or not at all.

    GNU msgfmt (``msgfmt -c --check-format``) checks the file too when it is installed;
    without it only this module's own checks and polib's parser apply. Obsolete (#~)
    entries, which Poedit keeps, are ignored. HTML in a msgstr is passed through.
    """
    text = _decode(data, max_bytes)
    errors = _syntax_errors(text)
    if errors:
        raise POFileError(errors)
    with tempfile.TemporaryDirectory() as folder:
        # polib reads a file line by line only on \n; given a string it would also split
        # on U+2028 and friends, and would open the string as a path if one existed.
        path = Path(folder, "upload.po")
        path.write_text(text, encoding="utf-8")
        errors, refusal = _msgfmt_errors(path)
        try:
            po = polib.pofile(str(path), encoding="utf-8")
        except (OSError, ValueError) as exc:
            line = re.search(r"\(line ([0-9]+)\)", str(exc))
            if not errors:  # msgfmt, when it ran, already said where and why
                errors.append(f"Line {line[1]}: syntax error." if line else f"Syntax error: {exc}")
            raise POFileError(errors) from None
    language, source_language = _header(po.metadata, errors)
    entries = _entries(po, errors)
    if refusal and not errors:  # msgfmt said no in words we did not recognise
        errors.append(refusal)
    if errors:
        raise POFileError(errors)
    return Catalogue(language, source_language, entries)


def _exportable(entry: ExportEntry, seen: set[str]) -> None:
    if not _KEY.fullmatch(entry.key):
        raise ValueError(f"Segment key {entry.key!r} is not a positive integer.")
    if entry.key in seen:
        raise ValueError(f"Segment {entry.key} is listed twice.")
    seen.add(entry.key)
    if not entry.source:
        raise ValueError(f"Segment {entry.key} has no source text.")
    if any(ch.isspace() for ch in entry.reference):
        raise ValueError(f"Segment {entry.key}: the reference {entry.reference!r} has spaces.")
    # polib escapes \n, \t and \r; any other control character would go out raw, and Poedit,
    # polib and msgfmt each read raw control characters differently.
    for text in (entry.source, entry.target):
        if _controls(text, allowed="\n\t\r"):
            raise ValueError(f"Segment {entry.key} contains a control character.")


def _same_edges(source: str, target: str) -> str:
    """``target`` with the source's leading and trailing newlines.

    ``msgfmt -c`` rejects an entry whose msgid and msgstr disagree on starting or ending
    with "\\n" (Poedit warns too). Segments are trimmed sentences, so this only changes a
    stored translation that gained a stray newline at an edge.
    """
    if not target.strip("\n"):
        return ""  # nothing but line breaks is no translation
    if _edges(target) == _edges(source):
        return target
    starts, ends = _edges(source)
    return "\n" * starts + target.strip("\n") + "\n" * ends


def _edges(text: str) -> tuple[bool, bool]:
    return text.startswith("\n"), text.endswith("\n")


def _header_value(value: str) -> str:
    return " ".join(value.split())  # a newline would start a header field of its own


def _po_date(when: datetime) -> str:
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return when.strftime("%Y-%m-%d %H:%M%z")


def _decode(data: bytes, max_bytes: int) -> str:
    if len(data) > max_bytes:
        unit, scale = ("MB", 1024 * 1024) if max_bytes >= 1024 * 1024 else ("KB", 1024)
        raise POFileError([f"The file is larger than the {max_bytes / scale:g} {unit} limit."])
    for magic, what in _BINARY.items():
        if data.startswith(magic):
            raise POFileError([f"This is {what}, not a PO file. Upload the .po file."])
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise POFileError([f"Line {line}: a NUL byte; this is a binary file, not a PO file."])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = f"Line {line}: the file is not UTF-8 (byte {exc.start}). Save it as UTF-8"
        raise POFileError([f"{message} (in Poedit: Translation ▸ Properties ▸ Charset)."]) from None
    text = text.removeprefix("\ufeff")  # msgfmt calls a byte-order mark a syntax error
    if not text.strip():
        raise POFileError(["The file is empty."])
    return text


def _syntax_errors(text: str) -> list[str]:
    """The line-level checks polib skips: it reads an unterminated string as empty text,
    a missing msgstr as an empty one, and leaves escapes it does not know as backslashes."""
    errors: list[str] = []
    first = ""
    pending: int | None = None  # the line of a msgid still waiting for its msgstr
    for n, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r").strip()
        # Checked on comments too: polib would start a new line at a raw carriage return.
        if bad := _controls(line, allowed="\t"):
            errors.append(f"Line {n}: raw control character {bad}.")
        if not line or line.startswith("#"):
            continue
        keyword = _KEYWORD.fullmatch(line)
        string = keyword[2] if keyword else line
        if keyword:
            word = keyword[1]
            first = first or f"{word} {string}"
            if word in ("msgctxt", "msgid") and pending:
                errors.append(f"Line {pending}: a msgid without a msgstr.")
            if word in ("msgctxt", "msgid") or word.startswith("msgstr"):
                pending = n if word == "msgid" else None
        elif not line.startswith('"'):
            errors.append(f"Line {n}: “{line[:40]}” is not a PO keyword, string or comment.")
            continue
        literal = _STRING.match(string)
        if not literal:
            errors.append(f'Line {n}: unterminated string (a line must end with ").')
            continue
        if string[literal.end() :].strip():
            errors.append(f"Line {n}: text after the closing quote.")
        for escape in _ESCAPE.findall(literal[0][1:-1]):
            if escape not in _POLIB_ESCAPES:
                errors.append(f"Line {n}: unsupported escape \\{escape} (type the character).")
    if pending:
        errors.append(f"Line {pending}: a msgid without a msgstr.")
    if first != 'msgid ""':
        errors.insert(0, 'The file has no header entry (msgid "" with the file\'s settings).')
    return errors


def _msgfmt_errors(path: Path) -> tuple[list[str], str]:
    """msgfmt's fatal errors as "Line N: ...", and all it said if it refused the file."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return [], ""
    command = [msgfmt, "-c", "--check-format", "-o", os.devnull, path.name]
    try:
        result = subprocess.run(  # noqa: S603 - absolute path from which(), no shell
            command,
            cwd=path.parent,
            capture_output=True,
            timeout=MSGFMT_TIMEOUT,
            env={"LC_ALL": "C"},
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [f"The file could not be checked with msgfmt ({exc.__class__.__name__})."], ""
    if result.returncode == 0:
        return [], ""  # warnings alone (say, a header field left at its default) do not refuse
    messages: list[str] = []
    for line in result.stderr.decode("utf-8", "replace").splitlines():
        if line[:1].isspace() and messages:
            messages[-1] += " " + line.strip()  # continuation of the previous message
        else:
            messages.append(re.sub(r"^\S*msgfmt: ", "", line).strip())
    errors = []
    for message in messages:
        located = re.fullmatch(rf"{re.escape(path.name)}:([0-9]+)(?::[0-9]+)?: (.*)", message)
        text = located[2] if located else message.removeprefix(f"{path.name}: ")
        if not ("warning:" in text or _MSGFMT_OURS.search(text)):
            errors.append(f"Line {located[1]}: {text}" if located else text)
    return errors, f"msgfmt refused the file: {' '.join(messages)}"


def _header(metadata: dict[str, str], errors: list[str]) -> tuple[str, str]:
    if not metadata:
        errors.append("The header entry is empty.")
        return "", ""
    charset = re.search(r"charset=([^\s;]+)", metadata.get("Content-Type", ""))
    if not charset or charset[1].lower() not in ("utf-8", "utf8"):
        said = f"charset={charset[1]}" if charset else "no charset"
        errors.append(f"The header must declare charset=UTF-8 (it has {said}).")
    codes = []
    for field in ("Language", "X-Source-Language"):
        value = metadata.get(field, "").strip()
        code = re.split(r"[_\-@.]", value)[0].lower()  # Poedit may write hi_IN
        if not value:
            errors.append(f"The header has no {field} field.")
        elif code not in languages.CODES:
            errors.append(f"The {field} “{value}” is not one of {', '.join(languages.CODES)}.")
        codes.append(code)
    return codes[0], codes[1]


def _entries(po: polib.POFile, errors: list[str]) -> list[ImportedEntry]:
    entries: list[ImportedEntry] = []
    seen: dict[str, int] = {}
    for entry in po:
        if entry.obsolete:
            continue
        key, line = entry.msgctxt, entry.linenum
        where = f"Line {line}" + (f" (entry “{key}”)" if key is not None else "")
        problems = []
        if key is None:
            problems.append("no msgctxt (the segment id); was the entry added by hand?")
        elif not _KEY.fullmatch(key):
            problems.append(f"the msgctxt “{key[:20]}” is not a segment id.")
        elif key in seen:
            problems.append(f"the same msgctxt as line {seen[key]}.")
        else:
            seen[key] = line
        if entry.msgid_plural:
            problems.append("a plural entry; Anuvad never exports those.")
        target = entry.msgstr
        if bad := ", ".join(sanitise.forbidden_characters(target)):
            problems.append(f"the translation contains invisible control characters: {bad}.")
        if len(target) > (limit := MAX_GROWTH * len(entry.msgid) + MAX_EXTRA):
            problems.append(f"the translation is {len(target)} characters long (at most {limit}).")
        if target and _edges(target) != _edges(entry.msgid):
            problems.append(
                "the translation must start and end with a line break where the "
                "source does, and only there."
            )
        errors.extend(f"{where}: {problem}" for problem in problems)
        version = next(filter(None, map(_VERSION.fullmatch, entry.comment.split("\n"))), None)
        fuzzy, number = "fuzzy" in entry.flags, int(version[1]) if version else None
        entries.append(ImportedEntry(key or "", entry.msgid, target, fuzzy, number, line))
    return entries


def _controls(text: str, *, allowed: str) -> str:
    """The control characters in ``text`` not in ``allowed``, named, or ""."""
    found = {ch for ch in _CONTROL.findall(text) if ch not in allowed}
    return ", ".join(sorted(_name(ch) for ch in found))


def _name(ch: str) -> str:
    return f"U+{ord(ch):04X}" + (f" {unicodedata.name(ch)}" if unicodedata.name(ch, "") else "")
