"""PO files for Poedit: export, the round trip back through an editor, and refused uploads."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime

import polib
import pytest

from translations import languages, po

MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="GNU gettext's msgfmt is not installed")

# Each sentence carries placeholders and an internal line break.
SENTENCES = {
    "en": "Farmers took part in {1}1,413 meetings{2}.\nThey will not stop.",
    "hi": "किसानों ने {1}1,413 बैठकों{2} में भाग लिया।\nवे रुकेंगे नहीं।",
    "bn": "{1}শ্রমিকদের দাবি{2} মানতে হবে।\nআমরা থামব না।",
    "ur": "ہم اس {1}فیصلے{2} کی مذمت کرتے ہیں۔\nجدوجہد جاری رہے گی۔",
}
SHORT = {
    "en": "Workers' demands must be met.",
    "hi": "मज़दूरों की माँगें मानी जाएँ।",
    "bn": "শ্রমিকদের দাবি মানতে হবে।",
    "ur": "مزدوروں کے مطالبات مانے جائیں۔",
}
PAIRS = [("en", "hi"), ("en", "bn"), ("en", "ur"), ("hi", "en"), ("bn", "ur"), ("ur", "hi")]


def entries_for(source: str, target: str) -> list[po.ExportEntry]:
    return [
        po.ExportEntry(
            key="1234",
            source=SENTENCES[source],
            target=SENTENCES[target],
            reference="body:3",
            origin="Translation memory, 92% match",
            fuzzy=True,
            version=3,
            note="Glossary: keep “CPI(ML)” as it is.",
        ),
        po.ExportEntry("1235", SHORT[source], SHORT[target], "title:1", "", False, 7),
        po.ExportEntry("99", "{1}", "", "body:4", "Machine translation (google)", False, 1),
    ]


def exported(source: str = "en", target: str = "hi", **options) -> bytes:
    return po.export(
        entries_for(source, target),
        language=target,
        source_language=source,
        project="Anuvad farmers-meetings",
        **options,
    )


def msgfmt_check(data: bytes) -> subprocess.CompletedProcess:
    return subprocess.run(
        [MSGFMT, "-c", "--check-format", "-o", "/dev/null", "-"],
        input=data,
        capture_output=True,
        env={"LC_ALL": "C"},
        check=False,
    )


def refused(data: bytes, **options) -> list[str]:
    with pytest.raises(po.POFileError) as caught:
        po.parse(data, **options)
    assert str(caught.value) == "\n".join(caught.value.errors)
    return caught.value.errors


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_round_trip_gives_back_every_text_flag_and_version(source, target):
    catalogue = po.parse(exported(source, target))
    assert (catalogue.language, catalogue.source_language) == (target, source)
    got = [(e.key, e.source, e.target, e.fuzzy, e.version) for e in catalogue.entries]
    assert got == [
        ("1234", SENTENCES[source], SENTENCES[target], True, 3),
        ("1235", SHORT[source], SHORT[target], False, 7),
        ("99", "{1}", "", False, 1),
    ]


def test_the_file_carries_a_full_header_and_the_comments_a_translator_needs():
    data = exported(translator="Asha Rani <asha@example.org>", revision_date=datetime(2026, 3, 1))
    text = data.decode("utf-8")
    catalogue = polib.pofile(text)
    assert catalogue.metadata | {"POT-Creation-Date": ""} == {
        "Project-Id-Version": "Anuvad farmers-meetings",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "",
        "PO-Revision-Date": "2026-03-01 00:00+0000",
        "Last-Translator": "Asha Rani <asha@example.org>",
        "Language-Team": "Hindi",
        "Language": "hi",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": languages.HINDI.plural_forms,
        "X-Source-Language": "en",
        "X-Generator": "Anuvad",
    }
    assert "# Translation memory, 92% match\n#. version 3\n#. Glossary:" in text
    assert '#: body:3\n#, fuzzy\nmsgctxt "1234"\n' in text
    assert "किसानों ने {1}1,413 बैठकों{2} में भाग लिया।" in text  # UTF-8, not escapes


def test_header_values_cannot_smuggle_in_header_fields():
    data = po.export([], language="ur", source_language="en", project="x\nLanguage: fr")
    catalogue = po.parse(data)
    assert catalogue.language == "ur" and catalogue.entries == []
    assert "Project-Id-Version: x Language: fr\\n" in data.decode()


@needs_msgfmt
@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_msgfmt_accepts_the_export_without_a_warning(source, target):
    result = msgfmt_check(exported(source, target))
    assert (result.returncode, result.stderr) == (0, b"")


@needs_msgfmt
def test_a_stray_line_break_at_the_edge_of_a_translation_is_aligned_with_the_source():
    entries = [
        po.ExportEntry("1", "Release them now.", "उन्हें अभी रिहा करो।\n", "body:1", "", False, 1),
        po.ExportEntry("2", "\nA list:\n", "सूची:", "body:2", "", True, 1),
    ]
    data = po.export(entries, language="hi", source_language="en", project="Anuvad t")
    assert msgfmt_check(data).returncode == 0
    assert [e.target for e in po.parse(data).entries] == ["उन्हें अभी रिहा करो।", "\nसूची:\n"]


def test_an_edit_saved_through_polib_comes_back(tmp_path):
    path = tmp_path / "hi.po"
    path.write_bytes(exported())
    catalogue = polib.pofile(str(path))
    confirmed = catalogue.find("1234", by="msgctxt")
    confirmed.msgstr = "किसानों ने {1}1,413 बैठकों{2} में हिस्सा लिया।\nवे रुकेंगे नहीं।"
    confirmed.flags.remove("fuzzy")  # what "Needs work" off does in Poedit
    catalogue.find("99", by="msgctxt").msgstr = "{1}"
    catalogue.append(polib.POEntry(msgctxt="5", msgid="old", msgstr="पुराना", obsolete=True))
    catalogue.save()
    entries = {e.key: e for e in po.parse(path.read_bytes()).entries}
    assert entries.keys() == {"1234", "1235", "99"}  # the obsolete #~ entry is ignored
    assert entries["1234"].target == confirmed.msgstr
    assert (entries["1234"].fuzzy, entries["1234"].version) == (False, 3)
    assert entries["99"].target == "{1}"


def test_what_editors_legitimately_do_is_accepted():
    text = exported("en", "ur").decode()
    text = text.replace("Language: ur", "Language: ur_PK").replace("#. version 7", "#. v7")
    text = text.replace("مزدوروں", "\u200fمزدوروں\u200e")  # RLM and LRM belong in Urdu
    catalogue = po.parse(("\ufeff" + text).replace("\n", "\r\n").encode())  # BOM, CRLF
    assert catalogue.language == "ur"
    assert catalogue.entries[1].version is None  # a garbled version is for the caller
    assert catalogue.entries[1].target.startswith("\u200f")
    hindi = exported("en", "hi").decode().replace("भाग", "भा\u200dग\u200c")  # ZWJ, ZWNJ
    assert "\u200d" in po.parse(hindi.encode()).entries[0].target


def test_export_refuses_what_a_po_file_cannot_carry():
    def export(**changes):
        entry = po.ExportEntry("1", "Text.", "पाठ।", "body:1", "", False, 1)
        po.export([replace(entry, **changes)], language="hi", source_language="en", project="p")

    for changes, message in [
        ({"key": "abc"}, "not a positive integer"),
        ({"key": "0"}, "not a positive integer"),
        ({"source": ""}, "no source text"),
        ({"target": "पाठ\x00"}, "control character"),
        ({"source": "Text\x0c"}, "control character"),
        ({"reference": "body 1"}, "has spaces"),
    ]:
        with pytest.raises(ValueError, match=message):
            export(**changes)
    entry = po.ExportEntry("1", "Text.", "", "", "", False, 1)
    with pytest.raises(ValueError, match="listed twice"):
        po.export([entry, entry], language="hi", source_language="en", project="p")
    with pytest.raises(languages.UnknownLanguage):
        po.export([entry], language="fr", source_language="en", project="p")


# Broken and hostile uploads. Each is the good export with one thing changed.
GOOD = exported().decode()
HEADERLESS = GOOD.split("\n\n", 1)[1]
ENTRY = 'msgctxt "1235"\nmsgid "Workers\' demands must be met."\n'


def edit(old: str, new: str, text: str = GOOD) -> bytes:
    assert old in text
    return text.replace(old, new, 1).encode()


def line_of(data: bytes, needle: str) -> int:
    assert needle.encode() in data
    return data.split(needle.encode(), 1)[0].count(b"\n") + 1


MSGSTR_X, HEADER_MSGSTR = 'msgstr "x"', 'msgstr ""'
MSGSTR_FIRST = edit("msgid \"Workers'", 'msgstr "x"\nmsgid "Workers\'')
HEADER_ONLY = po.export([], language="bn", source_language="en", project="Anuvad").decode()
BAD_PLURALS = edit(languages.BENGALI.plural_forms, "nplurals=2; plural=(n !=;", HEADER_ONLY)
PADDED = edit("मज़दूरों की माँगें मानी जाएँ।", "मज़दूर " * 200)
LATIN1 = GOOD.replace("Anuvad farmers-meetings", "Anuvad José")
ASCII_ONLY = po.export(
    [po.ExportEntry("1", "Text.", "Texte.", "body:1", "", False, 1)],
    language="en",
    source_language="hi",
    project="Anuvad",
).decode()

CASES = [
    # (id, data, a distinctive part of the message, text on the line it must name or None)
    ("latin1", LATIN1.encode("latin-1", "replace"), "not UTF-8", "Anuvad Jos"),
    ("latin1-poedit-hint", LATIN1.encode("latin-1", "replace"), "Poedit", None),
    (
        "charset",
        ASCII_ONLY.replace("charset=UTF-8", "charset=ISO-8859-1").encode(),
        "charset=ISO-8859-1",
        None,
    ),
    ("gzip", gzip.compress(GOOD.encode()), "gzip archive", None),
    ("nul", edit("भाग", "भा\x00ग"), "NUL byte", "भा\x00ग"),
    ("empty", b"", "empty", None),
    ("blank", b" \n\n", "empty", None),
    ("no-header", HEADERLESS.encode(), "no header entry", None),
    (
        "unterminated",
        edit('msgid "Workers\' demands must be met."', 'msgid "Workers'),
        "unterminated",
        'msgid "Workers',
    ),
    (
        "missing-msgstr",
        edit('msgstr "मज़दूरों की माँगें मानी जाएँ।"\n', ""),
        "without a msgstr",
        ENTRY[16:],
    ),
    ("garbage", edit(ENTRY, f"{ENTRY}hello there\n"), "is not a PO keyword", "hello there"),
    (
        "text-after-string",
        edit('msgctxt "1235"', 'msgctxt "1235" x'),
        "after the closing quote",
        'msgctxt "1235" x',
    ),
    ("octal-escape", edit("जाएँ।", "जाएँ।\\001"), "escape \\0", "जाएँ।\\001"),
    ("raw-control", edit("जाएँ।", "जाएँ।\x01"), "U+0001", "जाएँ।\x01"),
    ("escaped-control", edit("जाएँ।", "जाएँ।\\b"), "U+0008", "#. version 7"),
    ("no-language", edit('"Language: hi\\n"\n', ""), "no Language field", None),
    (
        "unknown-language",
        edit("Language: hi", "Language: fr"),
        "“fr” is not one of en, hi, bn, ur",
        None,
    ),
    ("no-source-language", edit('"X-Source-Language: en\\n"\n', ""), "no X-Source-Language", None),
    (
        "empty-header",
        f'msgid ""\nmsgstr ""\n\n{HEADERLESS}'.encode(),
        "header entry is empty",
        None,
    ),
    ("no-msgctxt", edit('msgctxt "1235"\n', ""), "no msgctxt", "#. version 7"),
    (
        "word-msgctxt",
        edit('msgctxt "1235"', 'msgctxt "title"'),
        "“title” is not a segment id",
        "#. version 7",
    ),
    (
        "devanagari-msgctxt",
        edit('msgctxt "1235"', 'msgctxt "१२३५"'),
        "not a segment id",
        "#. version 7",
    ),
    (
        "duplicate",
        edit('msgctxt "1235"', 'msgctxt "1234"'),
        "same msgctxt as line 20",
        "#. version 7",
    ),
    (
        "plural",
        edit(ENTRY + 'msgstr "', ENTRY + 'msgid_plural "x"\nmsgstr[0] "'),
        "plural entry",
        "#. version 7",
    ),
    ("bidi-override", edit("जाएँ।", "जाएँ।\u202e"), "U+202E RIGHT-TO-LEFT OVERRIDE", "#. version 7"),
    ("bidi-isolate", edit("जाएँ।", "\u2067जाएँ।"), "U+2067", "#. version 7"),
    ("padding", PADDED, "characters long", "#. version 7"),
    ("edge-newline", edit("जाएँ।", "जाएँ।\\n"), "line break", "#. version 7"),
    (
        "edge-newline-fuzzy",
        edit("वे रुकेंगे नहीं।", "वे रुकेंगे नहीं।\\n"),
        "line break",
        "# Translation memory",
    ),
]


@pytest.mark.parametrize("with_msgfmt", [True, False], ids=["msgfmt", "polib-only"])
@pytest.mark.parametrize(
    ("data", "message", "line"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_broken_and_hostile_files_are_refused_with_the_reason_and_line(
    data, message, line, with_msgfmt, monkeypatch
):
    if with_msgfmt and MSGFMT is None:
        pytest.skip("GNU gettext's msgfmt is not installed")
    if not with_msgfmt:  # the same refusals, from our checks and polib alone
        monkeypatch.setattr(shutil, "which", lambda name: None)
    errors = refused(data)
    matching = [e for e in errors if message in e]
    assert matching, errors
    assert not any("msgfmt refused the file" in e for e in errors), "unrecognised msgfmt output"
    if line is not None:
        assert any(e.startswith(f"Line {line_of(data, line)}") for e in matching), errors


def test_oversized_binary_and_mo_files_are_refused(tmp_path):
    assert "larger than the 5 MB limit" in refused(b"#" * (po.MAX_PO_BYTES + 1))[0]
    assert "larger than the 1 KB limit" in refused(GOOD.encode(), max_bytes=1024)[0]
    mo = tmp_path / "hi.mo"
    polib.pofile(GOOD).save_as_mofile(str(mo))
    assert "compiled .mo file" in refused(mo.read_bytes())[0]


def test_every_problem_is_listed_not_just_the_first():
    data = edit('msgctxt "99"', 'msgctxt "1234"', edit("जाएँ।", "जाएँ।\u202e").decode())
    data = data.replace(b"Language: hi", b"Language: fr")
    errors = refused(data)
    assert len(errors) == 3, errors
    garbage = GOOD + "".join(f"junk {n}\n" for n in range(500))
    errors = refused(garbage.encode())
    assert len(errors) == po.MAX_ERRORS + 1 and errors[-1] == "… and 400 more problems."


@needs_msgfmt
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BAD_PLURALS, f"Line {line_of(BAD_PLURALS, HEADER_MSGSTR)}: invalid plural expression"),
        (
            edit(ENTRY, "#, python-format\n" + ENTRY.replace("demands", "%(count)s demands")),
            "a format specification for argument 'count' doesn't exist in 'msgstr'",
        ),
        (MSGSTR_FIRST, f"Line {line_of(MSGSTR_FIRST, MSGSTR_X)}: syntax error"),
        (edit("जाएँ।", "जाएँ।\\n"), "line break where the source does"),
    ],
    ids=["plural-forms", "python-format", "msgstr-before-msgid", "trailing-line-break"],
)
def test_what_msgfmt_rejects_is_refused(data, message):
    assert msgfmt_check(data).returncode != 0
    assert any(message in e for e in refused(data))


@needs_msgfmt
def test_msgfmt_skips_fuzzy_entries_but_the_line_break_rule_still_applies():
    data = edit("वे रुकेंगे नहीं।", "वे रुकेंगे नहीं।\\n")
    assert msgfmt_check(data).returncode == 0
    assert any("line break" in e for e in refused(data))


def test_without_msgfmt_a_good_file_still_parses(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert [e.key for e in po.parse(GOOD.encode()).entries] == ["1234", "1235", "99"]


def test_a_msgfmt_that_hangs_refuses_the_file(monkeypatch):
    if MSGFMT is None:
        monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/msgfmt")

    def hang(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], po.MSGFMT_TIMEOUT)

    monkeypatch.setattr(subprocess, "run", hang)
    assert "could not be checked" in refused(GOOD.encode())[0]
