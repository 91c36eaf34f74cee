"""A language version out to Poedit and back: the file, the import's checks, commands, views."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import make_statement
from tests.support import celery_worker
from translations import languages, po
from workflow import services
from workflow.choices import State
from workflow.exceptions import IllegalTransition, NotPermitted
from workflow.models import Segment, Statement, Variant
from workflow.po_exchange import POImportError, variant_export_po, variant_import_po
from workflow.services import segment_save

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
MSGFMT = shutil.which("msgfmt")
SLUG = "unpaid-wages"
LINK = "https://example.org/report"
BODY = (
    "1,413 construction workers in Delhi have not been paid for three months. "
    f"The contractor has [disappeared]({LINK}).\n\n"
    "We demand that the dues be paid at once."
)
# What a translator types in Poedit, by source sentence: numbers and placeholders kept.
HINDI = {
    "Statement on unpaid wages": "बकाया मज़दूरी पर बयान",
    "1,413 construction workers in Delhi have not been paid for three months.": (
        "दिल्ली में 1,413 निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।"
    ),
    "The contractor has {1}disappeared{2}.": "ठेकेदार {1}लापता{2} हो गया है।",
    "We demand that the dues be paid at once.": "हम माँग करते हैं कि बकाया राशि तुरंत दी जाए।",
}
HINDI_BODY = (
    "दिल्ली में 1,413 निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है। "
    f"ठेकेदार [लापता]({LINK}) हो गया है।\n\n"
    "हम माँग करते हैं कि बकाया राशि तुरंत दी जाए।"
)


# ---- set-up ------------------------------------------------------------------------------


@pytest.fixture
def statement(users, mt_settings, mt_double) -> Statement:
    """Submitted to hi, bn and ur; the engine (the test double) pre-fills every sentence."""
    st = make_statement(users["author"], body=BODY, slug=SLUG)
    services.statement_submit_for_translation(
        statement=st, actor=users["author"], targets=["hi", "bn", "ur"]
    )
    return st


@pytest.fixture
def hindi(statement, users) -> Variant:
    """The Hindi version, claimed by translator_hi."""
    return services.variant_claim(
        variant=statement.variants.get(language="hi"), actor=users["translator_hi"]
    )


def fresh(variant: Variant) -> Variant:
    return Variant.objects.get(pk=variant.pk)


def rows(variant: Variant) -> list[Segment]:
    return list(Segment.objects.filter(variant=variant).order_by("position"))


def snapshot(statement: Statement) -> list[tuple]:
    """Everything an import could change, in every language version of the statement."""
    versions = statement.variants.order_by("language")
    segments = Segment.objects.filter(variant__statement=statement).order_by("pk")
    return [
        *versions.values_list("language", "version", "state", "title", "body", "segments_done"),
        *segments.values_list(
            "pk", "target", "version", "origin", "updated_by", "suggestions", "updated_at"
        ),
    ]


def catalogue(data: bytes) -> polib.POFile:
    return polib.pofile(data.decode("utf-8"))


def translated(data: bytes, *, keep: set[str] = frozenset()) -> polib.POFile:
    """The exported file after a translator typed Hindi into every entry and confirmed it
    (the sources in ``keep`` are left as exported)."""
    catalog = catalogue(data)
    for entry in catalog:
        if entry.msgid not in keep:
            entry.msgstr = HINDI[entry.msgid]
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
    return catalog


def saved(catalog: polib.POFile) -> bytes:
    return str(catalog).encode("utf-8")


def entry_for(catalog: polib.POFile, source: str) -> polib.POEntry:
    (entry,) = [e for e in catalog if e.msgid == source]
    return entry


def entry_line(data: bytes, key: str) -> int:
    """The line where the entry of segment ``key`` starts: its first comment."""
    lines = data.decode("utf-8").split("\n")
    n = lines.index(f'msgctxt "{key}"')
    while n and lines[n - 1].startswith("#"):
        n -= 1
    return n + 1


def refused(statement: Statement, data: bytes, **kwargs) -> list[str]:
    """The import's errors; checks that nothing anywhere changed."""
    before = snapshot(statement)
    with pytest.raises(POImportError) as caught:
        variant_import_po(data=data, **kwargs)
    assert snapshot(statement) == before
    return caught.value.errors


def machine_texts(variant: Variant) -> list[str]:
    return [s.target for s in rows(variant)]


# ---- the round trip ----------------------------------------------------------------------


def test_round_trip_through_poedit_puts_the_translation_on_the_desk(hindi, users):
    before = rows(hindi)
    assert all(s.origin == Segment.Origin.ENGINE for s in before)
    data = saved(translated(variant_export_po(variant=hindi, actor=users["translator_hi"])))

    result = variant_import_po(data=data, actor=users["translator_hi"])

    assert result.variant.pk == hindi.pk  # found from the file's msgctxt alone
    assert (result.applied, result.unchanged, result.still_fuzzy) == (4, 0, 0)
    assert result.applied_positions == [0, 1, 2, 3]
    for old, new in zip(before, rows(hindi), strict=True):
        assert new.target == HINDI[old.source]
        assert new.origin == Segment.Origin.HUMAN
        assert new.origin_detail == ""
        assert new.version == old.version + 1
        assert new.updated_by == users["translator_hi"]
        # The machine's text stays available beside the translator's.
        assert new.suggestions[0]["text"] == old.target
        assert new.suggestions[0]["origin"] == Segment.Origin.ENGINE
        assert new.suggestions[0]["detail"] == "google"
    after = fresh(hindi)
    assert after.version == hindi.version + 1
    assert after.title == HINDI["Statement on unpaid wages"]
    assert after.body == HINDI_BODY  # the Markdown link is back around the Hindi words
    assert after.segments_done == 4
    assert after.state == State.IN_TRANSLATION
    # The other languages are untouched.
    bengali = fresh(hindi).statement.variants.get(language="bn")
    assert all(t.startswith("[bn] ") for t in machine_texts(bengali))

    # Importing the same file again changes nothing and says so.
    again = variant_import_po(data=data, actor=users["translator_hi"], variant=hindi)
    assert (again.applied, again.unchanged, again.still_fuzzy) == (0, 4, 0)
    assert fresh(hindi).version == after.version
    assert [s.version for s in rows(hindi)] == [s.version + 1 for s in before]


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("edited", [False, True], ids=["as-exported", "translated"])
def test_the_export_and_the_translated_file_pass_msgfmt_check(hindi, users, edited):
    data = variant_export_po(variant=hindi, actor=users["translator_hi"])
    if edited:
        data = saved(translated(data))
    done = subprocess.run(
        [MSGFMT, "-c", "--check-format", "-o", os.devnull, "-"],
        input=data,
        capture_output=True,
        env={"LC_ALL": "C"},
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"warning" not in done.stderr


# ---- what the exported file says ---------------------------------------------------------


def test_the_exported_file_describes_each_sentence(hindi, users):
    title, first, second, third = rows(hindi)
    # One sentence already confirmed on the desk: it goes out as it is, not fuzzy.
    segment_save(
        segment=second,
        actor=users["translator_hi"],
        text=HINDI[second.source],
        expected_version=second.version,
    )
    second = Segment.objects.get(pk=second.pk)

    data = variant_export_po(variant=fresh(hindi), actor=users["translator_hi"])
    catalog = catalogue(data)

    assert catalog.metadata["Language"] == "hi"
    assert catalog.metadata["X-Source-Language"] == "en"
    assert catalog.metadata["Plural-Forms"] == languages.HINDI.plural_forms
    assert catalog.metadata["Last-Translator"] == "translator_hi"
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert [e.msgctxt for e in catalog] == [str(s.pk) for s in (title, first, second, third)]
    assert [e.msgid for e in catalog] == [s.source for s in (title, first, second, third)]
    # "#: field:paragraph", which polib reads as a file name and a line number.
    assert [e.occurrences for e in catalog] == [
        [("title", "1")],
        [("body", "1")],
        [("body", "1")],
        [("body", "2")],
    ]
    machine = [title, first, third]
    for segment in machine:
        entry = entry_for(catalog, segment.source)
        assert entry.flags == ["fuzzy"]
        assert entry.msgstr == f"[hi] {segment.source}"
        assert entry.tcomment == "Machine translation (google)"
        assert entry.comment == f"version {segment.version}"
    confirmed = entry_for(catalog, second.source)
    assert confirmed.flags == []
    assert confirmed.msgstr == HINDI[second.source]
    assert confirmed.tcomment == "Translated on the desk"
    assert confirmed.comment == f"version {second.version}"
    assert second.version == machine[0].version + 1

    text = data.decode("utf-8")
    assert text.count("#, fuzzy") == len(machine)
    assert text.count("# Machine translation (google)\n") == len(machine)
    assert f"#. version {second.version}\n" in text
    assert "#: body:2\n" in text and "#: title:1\n" in text
    assert '"Language: hi\\n"' in text


def test_without_machine_translation_every_entry_is_empty_and_not_fuzzy(users, settings):
    settings.ANUVAD_MT_ENABLED = False
    st = make_statement(users["author"], body=BODY, slug=SLUG)
    services.statement_submit_for_translation(statement=st, actor=users["author"], targets=["hi"])
    variant = st.variants.get(language="hi")

    catalog = catalogue(variant_export_po(variant=variant))

    assert len(catalog) == 4
    assert {(e.msgstr, tuple(e.flags), e.tcomment) for e in catalog} == {
        ("", (), "Not translated yet")
    }


# ---- what is and is not applied ----------------------------------------------------------


def test_fuzzy_and_empty_entries_leave_the_desk_text_as_it_was(hindi, users):
    title, first, second, third = before = rows(hindi)
    catalog = translated(variant_export_po(variant=hindi), keep={first.source, second.source})
    # Translated, but still marked fuzzy: the translator has not confirmed it.
    entry_for(catalog, first.source).msgstr = HINDI[first.source]
    # Confirmed but empty: no translation.
    empty = entry_for(catalog, second.source)
    empty.msgstr, empty.flags = "", []

    result = variant_import_po(data=saved(catalog), actor=users["translator_hi"])

    assert (result.applied, result.unchanged, result.still_fuzzy) == (2, 1, 1)
    assert result.applied_positions == [title.position, third.position]
    now = {s.pk: s for s in rows(hindi)}
    for kept in (first, second):
        assert now[kept.pk].target == kept.target == f"[hi] {kept.source}"
        assert now[kept.pk].origin == Segment.Origin.ENGINE
        assert now[kept.pk].version == kept.version
    for done in (title, third):
        assert now[done.pk].target == HINDI[done.source]
        assert now[done.pk].version == done.version + 1
    assert fresh(hindi).segments_done == len(before)


def test_a_translation_of_only_spaces_counts_as_empty(hindi, users):
    # Poedit shows "   " as a blank translation; confirming it must not wipe the desk's
    # text, just as an empty msgstr does not.
    first = rows(hindi)[1]
    catalog = translated(variant_export_po(variant=hindi))
    entry_for(catalog, first.source).msgstr = "   "

    result = variant_import_po(data=saved(catalog), actor=users["translator_hi"])

    assert (result.applied, result.unchanged, result.still_fuzzy) == (3, 1, 0)
    kept = Segment.objects.get(pk=first.pk)
    assert (kept.target, kept.origin, kept.version) == (first.target, first.origin, first.version)
    assert fresh(hindi).segments_done == 4


# ---- refused imports: each names the problem and changes nothing --------------------------


def other_version_entry(statement: Statement, code: str, catalog: polib.POFile) -> None:
    """Add the first sentence of another language version to a Hindi file."""
    segment = rows(statement.variants.get(language=code))[1]
    catalog.append(
        polib.POEntry(
            msgctxt=str(segment.pk),
            msgid=segment.source,
            msgstr=HINDI[segment.source],
            comment=f"version {segment.version}",
            occurrences=[("body:1", "")],
        )
    )


def unknown_entry(catalog: polib.POFile) -> None:
    catalog.append(
        polib.POEntry(
            msgctxt="999999", msgid="Pay them now.", msgstr="अभी भुगतान करो।", comment="version 1"
        )
    )


def test_a_file_for_another_language_is_refused(statement, hindi, users):
    catalog = translated(variant_export_po(variant=hindi))
    catalog.metadata["Language"] = "ur"
    errors = refused(statement, saved(catalog), actor=users["translator_hi"], variant=hindi)
    assert errors == ["The file is in Urdu; this version is Hindi."]


def test_a_file_translating_from_another_source_language_is_refused(statement, hindi, users):
    catalog = translated(variant_export_po(variant=hindi))
    catalog.metadata["X-Source-Language"] = "bn"
    errors = refused(statement, saved(catalog), actor=users["translator_hi"])
    assert errors == ["The file translates from bn; this statement's source is en."]


def test_a_sentence_of_another_version_is_refused(statement, hindi, users):
    catalog = translated(variant_export_po(variant=hindi))
    other_version_entry(statement, "bn", catalog)
    data = saved(catalog)
    key = catalog[-1].msgctxt
    errors = refused(statement, data, actor=users["translator_hi"], variant=hindi)
    assert errors == [
        f"Line {entry_line(data, key)} (entry “{key}”): no such sentence in this version."
    ]


def test_without_a_version_given_entries_of_two_versions_are_refused(statement, hindi, users):
    catalog = translated(variant_export_po(variant=hindi))
    other_version_entry(statement, "bn", catalog)
    errors = refused(statement, saved(catalog), actor=users["translator_hi"])
    assert errors == ["The file's entries do not belong to one version on the desk; export again."]


@pytest.mark.parametrize("given", [True, False], ids=["version-given", "found-from-file"])
def test_an_unknown_sentence_is_refused(statement, hindi, users, given):
    catalog = translated(variant_export_po(variant=hindi))
    unknown_entry(catalog)
    data = saved(catalog)
    errors = refused(
        statement, data, actor=users["translator_hi"], **({"variant": hindi} if given else {})
    )
    line = entry_line(data, "999999")
    assert errors == [f"Line {line} (entry “999999”): no such sentence in this version."]


def test_a_changed_source_sentence_is_refused(statement, hindi, users):
    catalog = translated(variant_export_po(variant=hindi))
    third = rows(hindi)[3]
    entry_for(catalog, third.source).msgid = "We demand that the dues be paid by Friday."
    data = saved(catalog)
    errors = refused(statement, data, actor=users["translator_hi"])
    assert errors == [
        f"Line {entry_line(data, str(third.pk))} (entry “{third.pk}”): the source sentence "
        "(msgid) was changed; only translations (msgstr) may be edited."
    ]


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "हम माँग करते हैं <b onclick=x()>तुरंत</b> भुगतान हो।",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    ],
    ids=["script", "tag-in-hindi", "escaped-script"],
)
def test_html_in_a_translation_is_refused(statement, hindi, users, hostile):
    catalog = translated(variant_export_po(variant=hindi))
    third = rows(hindi)[3]
    entry_for(catalog, third.source).msgstr = hostile
    data = saved(catalog)
    errors = refused(statement, data, actor=users["translator_hi"])
    assert errors == [
        f"Line {entry_line(data, str(third.pk))} (entry “{third.pk}”): contains HTML; write "
        "plain text and keep {1}, {2} for links and markup."
    ]


def test_an_entry_without_its_version_comment_is_refused(statement, hindi, users):
    catalog = translated(variant_export_po(variant=hindi))
    first = rows(hindi)[1]
    entry_for(catalog, first.source).comment = ""
    edited = saved(catalog)
    assert edited.decode().count("#. version") == 3  # the other three still have theirs
    errors = refused(statement, edited, actor=users["translator_hi"])
    assert errors == [
        f"Line {entry_line(edited, str(first.pk))} (entry “{first.pk}”): the “#. version” "
        "comment is missing; export again."
    ]


def test_every_problem_is_listed_at_once(statement, hindi, users):
    catalog = translated(variant_export_po(variant=hindi))
    title, first, _, third = rows(hindi)
    entry_for(catalog, first.source).msgid = "Workers were paid."
    entry_for(catalog, third.source).msgstr = "<i>हम</i> माँग करते हैं।"
    entry_for(catalog, title.source).comment = "version two"
    data = saved(catalog)
    errors = refused(statement, data, actor=users["translator_hi"])
    assert [e.split(":", 1)[0] for e in errors] == [
        f"Line {entry_line(data, str(s.pk))} (entry “{s.pk}”)" for s in (title, first, third)
    ]


def test_a_file_older_than_a_desk_edit_is_refused_naming_the_entry(statement, hindi, users):
    data = variant_export_po(variant=hindi)
    title, first, second, third = rows(hindi)
    # After the export the translator corrects one sentence on the desk.
    desk = "दिल्ली के 1,413 मज़दूरों को तीन महीने से वेतन नहीं मिला।"
    segment_save(
        segment=first, actor=users["translator_hi"], text=desk, expected_version=first.version
    )
    data = saved(translated(data))
    errors = refused(statement, data, actor=users["translator_hi"])
    assert errors == [
        f"Line {entry_line(data, str(first.pk))} (entry “{first.pk}”): sentence 2 was saved "
        f"on the desk after this file was made (now “{desk}”); export again."
    ]
    # The other entries were valid, yet not one of them was applied.
    assert machine_texts(hindi)[2:] == [f"[hi] {second.source}", f"[hi] {third.source}"]

    # A fresh export carries the new version, and goes in.
    result = variant_import_po(
        data=saved(translated(variant_export_po(variant=hindi))), actor=users["translator_hi"]
    )
    assert result.applied == 4
    assert machine_texts(hindi) == [HINDI[s.source] for s in (title, first, second, third)]


def test_an_older_file_that_agrees_with_the_desk_or_stays_fuzzy_is_accepted(hindi, users):
    data = variant_export_po(variant=hindi)
    _, first, second, _ = rows(hindi)
    segment_save(
        segment=first,
        actor=users["translator_hi"],
        text=HINDI[first.source],
        expected_version=first.version,
    )
    segment_save(
        segment=second,
        actor=users["translator_hi"],
        text="ठेकेदार गायब है।",
        expected_version=second.version,
    )
    catalog = translated(data, keep={second.source})  # the changed one left fuzzy in Poedit
    result = variant_import_po(data=saved(catalog), actor=users["translator_hi"])
    assert (result.applied, result.unchanged, result.still_fuzzy) == (2, 1, 1)
    assert machine_texts(hindi)[1:3] == [HINDI[first.source], "ठेकेदार गायब है।"]


def test_someone_without_the_claim_cannot_import(statement, hindi, users):
    data = saved(translated(variant_export_po(variant=hindi)))
    before = snapshot(statement)
    with pytest.raises(NotPermitted, match="Claim this version before importing"):
        variant_import_po(data=data, actor=users["translator_hi2"])
    with pytest.raises(NotPermitted):
        variant_import_po(data=data, actor=users["translator_hi2"], variant=hindi)
    assert snapshot(statement) == before


def test_a_version_in_review_cannot_be_changed_by_a_file(statement, hindi, users):
    data = saved(translated(variant_export_po(variant=hindi)))
    services.variant_submit_for_review(
        variant=fresh(hindi), actor=users["translator_hi"], override="Checked offline."
    )
    before = snapshot(statement)
    with pytest.raises(IllegalTransition, match="Hindi version is in review and cannot be edited"):
        variant_import_po(data=data, actor=users["translator_hi"])
    assert snapshot(statement) == before


def test_a_broken_file_is_refused_with_the_parser_message(statement, hindi, users):
    # One translation typed in an editor set to Latin-1: "ä" is the single byte 0xE4.
    data = saved(translated(variant_export_po(variant=hindi)))
    typed = HINDI["We demand that the dues be paid at once."].encode("utf-8")
    latin1 = data.replace(typed, "Zählt sofort!".encode("latin-1"))
    line = latin1[: latin1.index(b"Z\xe4hlt")].count(b"\n") + 1
    errors = refused(statement, latin1, actor=users["translator_hi"], variant=hindi)
    assert len(errors) == 1
    assert errors[0].startswith(f"Line {line}: the file is not UTF-8")


# ---- management commands -----------------------------------------------------------------


def test_export_command_writes_the_file(hindi, tmp_path):
    path = tmp_path / f"{SLUG}.hi.po"
    err = StringIO()
    call_command("export_po", SLUG, "hi", "-o", str(path), stderr=err)
    assert f"Wrote {path} (4 sentences)." in err.getvalue()
    catalog = catalogue(path.read_bytes())
    assert catalog.metadata["Language"] == "hi"
    assert [e.msgctxt for e in catalog] == [str(s.pk) for s in rows(hindi)]


@pytest.mark.parametrize(
    ("slug", "language", "message"),
    [
        (SLUG, "en", "English is the source language of “unpaid-wages”."),
        ("no-such-statement", "hi", "“no-such-statement” has no Hindi version."),
    ],
)
def test_export_command_refuses_what_has_no_translation(statement, slug, language, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("export_po", slug, language)


def test_import_command_applies_the_file_as_the_claimant(hindi, users, tmp_path):
    path = tmp_path / "done.po"
    catalog = translated(variant_export_po(variant=hindi), keep={"Statement on unpaid wages"})
    path.write_bytes(saved(catalog))
    out = StringIO()
    call_command("import_po", str(path), stdout=out)
    assert out.getvalue().strip() == (
        f"{SLUG} [hi]: 3 sentence(s) applied, 0 unchanged, 1 still fuzzy (left as they were)."
    )
    _, *body = rows(hindi)
    assert [s.target for s in body] == [HINDI[s.source] for s in body]
    assert {s.updated_by for s in body} == {users["translator_hi"]}


def test_import_command_refuses_an_invalid_file_and_lists_every_error(statement, hindi, tmp_path):
    catalog = translated(variant_export_po(variant=hindi))
    title = rows(hindi)[0]
    entry_for(catalog, title.source).msgstr = "<script>alert(1)</script>"
    unknown_entry(catalog)
    data = saved(catalog)
    path = tmp_path / "bad.po"
    path.write_bytes(data)
    before = snapshot(statement)
    with pytest.raises(CommandError) as caught:
        call_command("import_po", str(path))
    assert snapshot(statement) == before
    lines = str(caught.value).split("\n")
    assert lines[0] == f"{path}: nothing applied."
    assert lines[1].startswith(f"  Line {entry_line(data, str(title.pk))} (entry “{title.pk}”)")
    assert "contains HTML" in lines[1]
    assert lines[2].endswith("(entry “999999”): no such sentence in this version.")
    assert len(lines) == 3


def test_import_command_refuses_a_file_nobody_has_claimed(statement, tmp_path):
    variant = statement.variants.get(language="bn")  # ready, claimed by nobody
    path = tmp_path / "bn.po"
    path.write_bytes(variant_export_po(variant=variant))
    before = snapshot(statement)
    with pytest.raises(CommandError, match="Nobody holds a claim on this version"):
        call_command("import_po", str(path))
    assert snapshot(statement) == before


def test_import_command_as_someone_without_the_claim_changes_nothing(statement, hindi, tmp_path):
    path = tmp_path / "hi.po"
    path.write_bytes(saved(translated(variant_export_po(variant=hindi))))
    before = snapshot(statement)
    with pytest.raises(CommandError, match=r"nothing applied\. Claim this version"):
        call_command("import_po", str(path), "--as", "translator_hi2")
    assert snapshot(statement) == before


def test_import_command_refuses_an_oversized_file(statement, hindi, tmp_path, monkeypatch):
    path = tmp_path / "big.po"
    path.write_bytes(saved(translated(variant_export_po(variant=hindi))))
    monkeypatch.setattr(po, "MAX_PO_BYTES", 1000)
    before = snapshot(statement)
    with pytest.raises(CommandError, match="is larger than"):
        call_command("import_po", str(path))
    assert snapshot(statement) == before


def test_the_real_command_line_exits_with_status_1_on_a_bad_file(statement, hindi, tmp_path):
    catalog = translated(variant_export_po(variant=hindi))
    first = rows(hindi)[1]
    entry_for(catalog, first.source).msgid = "Workers were paid."
    data = saved(catalog)
    path = tmp_path / "bad.po"
    path.write_bytes(data)
    before = snapshot(statement)
    # The test database, committed (transaction=True), is reachable from a second process.
    env = os.environ | {
        "DATABASE_URL": celery_worker.test_database_url(),
        "ANUVAD_TEST_DB_NAME": "",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "import_po", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{path}: nothing applied." in done.stderr
    line = entry_line(data, str(first.pk))
    assert f"Line {line} (entry “{first.pk}”): the source sentence (msgid) was changed" in (
        done.stderr
    )
    assert done.stdout == ""
    assert snapshot(statement) == before


# ---- download and upload in the workspace --------------------------------------------------


def upload(client, variant: Variant, data: bytes, name: str = "upload.po"):
    url = reverse("workspace:po_upload", args=[variant.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data, "text/x-gettext-translation")})


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_claimant_downloads_the_file(client, hindi, users):
    client.force_login(users["translator_hi"])
    response = client.get(reverse("workspace:po_download", args=[hindi.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-gettext-translation; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{SLUG}.hi.po"'
    catalog = catalogue(response.content)
    assert catalog.metadata["Language"] == "hi"
    assert catalog.metadata["Last-Translator"] == "translator_hi"
    assert [e.msgctxt for e in catalog] == [str(s.pk) for s in rows(hindi)]


def test_a_translator_of_another_language_gets_404(client, statement, hindi, users):
    data = saved(translated(variant_export_po(variant=hindi)))
    client.force_login(users["translator_bn"])
    assert client.get(reverse("workspace:po_download", args=[hindi.pk])).status_code == 404
    before = snapshot(statement)
    assert upload(client, hindi, data).status_code == 404
    assert snapshot(statement) == before


def test_an_uploaded_file_is_applied(client, hindi, users):
    client.force_login(users["translator_hi"])
    data = client.get(reverse("workspace:po_download", args=[hindi.pk])).content
    response = upload(client, hindi, saved(translated(data)), name=f"{SLUG}.hi.po")
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:edit", args=[hindi.pk])
    assert messages_of(response) == ["4 sentence(s) applied, 0 unchanged, 0 still fuzzy."]
    assert fresh(hindi).body == HINDI_BODY
    assert {s.updated_by for s in rows(hindi)} == {users["translator_hi"]}


def test_an_upload_over_the_size_limit_is_refused(client, statement, hindi, users, monkeypatch):
    data = saved(translated(variant_export_po(variant=hindi)))
    assert len(data) > 1000
    monkeypatch.setattr(po, "MAX_PO_BYTES", 1000)  # the view reads it from translations.po
    client.force_login(users["translator_hi"])
    before = snapshot(statement)
    response = upload(client, hindi, data)
    assert response.status_code == 302
    (message,) = messages_of(response)
    assert message.startswith("The file is larger than")
    assert message.endswith("nothing was applied.")
    assert snapshot(statement) == before


def test_an_upload_with_errors_lists_them_and_applies_nothing(client, statement, hindi, users):
    catalog = translated(variant_export_po(variant=hindi))
    _, first, _, third = rows(hindi)
    entry_for(catalog, first.source).msgid = "Workers were paid."
    entry_for(catalog, third.source).msgstr = "<script>alert(1)</script>"
    data = saved(catalog)
    client.force_login(users["translator_hi"])
    before = snapshot(statement)
    response = upload(client, hindi, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:edit", args=[hindi.pk])
    shown = messages_of(response)
    assert shown[0] == "Nothing was applied: the file has errors."
    assert [m.split(":", 1)[0] for m in shown[1:]] == [
        f"Line {entry_line(data, str(first.pk))} (entry “{first.pk}”)",
        f"Line {entry_line(data, str(third.pk))} (entry “{third.pk}”)",
    ]
    assert "msgid" in shown[1] and "contains HTML" in shown[2]
    assert snapshot(statement) == before


def test_an_upload_by_someone_without_the_claim_is_refused(client, statement, hindi, users):
    data = saved(translated(variant_export_po(variant=hindi)))
    client.force_login(users["translator_hi2"])
    before = snapshot(statement)
    response = upload(client, hindi, data)
    assert response.status_code == 403
    assert "Claim this version before importing a file into it." in response.content.decode()
    assert snapshot(statement) == before


def test_an_upload_into_a_version_in_review_is_refused(client, statement, hindi, users):
    data = saved(translated(variant_export_po(variant=hindi)))
    services.variant_submit_for_review(
        variant=fresh(hindi), actor=users["translator_hi"], override="Checked offline."
    )
    client.force_login(users["translator_hi"])
    before = snapshot(statement)
    response = upload(client, hindi, data)
    assert response.status_code == 302
    assert messages_of(response) == ["The Hindi version is in review and cannot be edited now."]
    assert snapshot(statement) == before


def test_an_upload_without_a_file_asks_for_one(client, statement, hindi, users):
    client.force_login(users["translator_hi"])
    before = snapshot(statement)
    response = client.post(reverse("workspace:po_upload", args=[hindi.pk]), {})
    assert response.status_code == 302
    assert messages_of(response) == ["Choose a PO file to upload."]
    assert client.get(reverse("workspace:po_upload", args=[hindi.pk])).status_code == 405
    assert snapshot(statement) == before
