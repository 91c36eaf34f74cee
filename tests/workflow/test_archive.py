"""Importing an archive of Markdown statements: checked first, idempotent, seeds the memory."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from translations.models import MemoryUnit
from workflow.choices import State
from workflow.models import Statement, Transition

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

SOURCE = """---
title: Release the detained farmers of Shambhu border
language: en
byline: Kisan Ekta Morcha
signatories: [Kisan Ekta Morcha, People's Union for Civil Liberties]
topics: [farmers, civil-liberties]
dateline: Chandigarh
date: 2024-02-14
published: true
summary: 112 farmers were detained on 13 February.
---
Police detained 112 farmers at the Shambhu border on 13 February. They have not been
produced before a magistrate.

We demand their immediate release.

## Our demands
- Release every detained farmer.
- Lift the ban on the march.
"""

HINDI = """---
title: शंभू बॉर्डर पर हिरासत में लिए गए किसानों को रिहा करो
byline: किसान एकता मोर्चा
dateline: चंडीगढ़
summary: 13 फ़रवरी को 112 किसानों को हिरासत में लिया गया।
---
पुलिस ने 13 फ़रवरी को शंभू बॉर्डर पर 112 किसानों को हिरासत में लिया। उन्हें मजिस्ट्रेट के
सामने पेश नहीं किया गया है।

हम उनकी तुरंत रिहाई की माँग करते हैं।

## हमारी माँगें
- हिरासत में लिए गए हर किसान को रिहा करो।
- मार्च पर लगी रोक हटाओ।
"""

# The second paragraph joins two sentences into one: that block cannot be paired sure.
URDU = """---
title: شمبھو بارڈر پر حراست میں لیے گئے کسانوں کو رہا کرو
---
پولیس نے 13 فروری کو شمبھو بارڈر پر 112 کسانوں کو حراست میں لیا اور انہیں
مجسٹریٹ کے سامنے پیش نہیں کیا گیا۔

ہم ان کی فوری رہائی کا مطالبہ کرتے ہیں۔

## ہمارے مطالبات
- حراست میں لیے گئے ہر کسان کو رہا کرو۔
- مارچ پر لگی پابندی ہٹاؤ۔
"""

DRAFT = """---
title: বায়ু দূষণ নিয়ে পরামর্শ
language: bn
published: false
---
শ্রমিকদের দুপুরে কাজ বন্ধ রাখতে হবে।
"""


def write(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def run(*args) -> str:
    out = StringIO()
    call_command("import_statements", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def archive(tmp_path, users):
    return write(
        tmp_path,
        {
            "shambhu-farmers.md": SOURCE,
            "shambhu-farmers.hi.md": HINDI,
            "shambhu-farmers.ur.md": URDU,
            "air-advisory.md": DRAFT,
            "air-advisory.hi.md": "---\ntitle: वायु\n---\nकाम बंद रखें।\n",
        },
    )


def test_import_publishes_statement_and_translations_word_for_word(archive):
    output = run(archive, "--as", "editor")
    assert "2 created, 0 updated" in output
    statement = Statement.objects.get(slug="shambhu-farmers")
    assert statement.source_language == "en"
    assert statement.issued_on.isoformat() == "2024-02-14"
    assert statement.first_published_at.date().isoformat() == "2024-02-14"
    assert [o.name for o in statement.signatories.order_by("signatory__position")] == [
        "Kisan Ekta Morcha",
        "People's Union for Civil Liberties",
    ]
    assert sorted(t.slug for t in statement.topics.all()) == ["civil-liberties", "farmers"]
    assert set(statement.variants.values_list("language", "state")) == {
        ("en", State.PUBLISHED),
        ("hi", State.PUBLISHED),
        ("ur", State.PUBLISHED),
    }
    hindi_body = HINDI.split("---\n", 2)[2].strip()
    assert statement.body_hi == hindi_body
    assert statement.title_ur == "شمبھو بارڈر پر حراست میں لیے گئے کسانوں کو رہا کرو"
    notes = Transition.objects.filter(variant__statement=statement, to_state=State.PUBLISHED)
    assert all("Imported as published from shambhu-farmers" in n.note for n in notes)
    assert all(n.actor is None for n in notes)


def test_import_seeds_memory_with_sure_pairs_only(archive):
    output = run(archive, "--as", "editor")
    hindi = MemoryUnit.objects.filter(source_language="en", target_language="hi")
    pairs = dict(hindi.values_list("source_text", "target_text"))
    assert pairs["We demand their immediate release."] == "हम उनकी तुरंत रिहाई की माँग करते हैं।"
    assert pairs["Release every detained farmer."] == "हिरासत में लिए गए हर किसान को रिहा करो।"
    # Urdu joined two sentences into one: neither is remembered, the rest are.
    urdu = dict(
        MemoryUnit.objects.filter(target_language="ur").values_list("source_text", "target_text")
    )
    assert not any(s.startswith("Police detained") for s in urdu)
    assert urdu["We demand their immediate release."] == "ہم ان کی فوری رہائی کا مطالبہ کرتے ہیں۔"
    assert "left out as uncertain" in output
    assert MemoryUnit.objects.filter(origin="import").count() == hindi.count() + len(urdu)


def test_translations_of_unpublished_statement_are_skipped_with_reason(archive):
    output = run(archive, "--as", "editor")
    draft = Statement.objects.get(slug="air-advisory")
    assert list(draft.variants.values_list("language", "state")) == [("bn", State.DRAFT)]
    assert "skipped air-advisory.hi: translation of an unpublished statement" in output


def test_reimport_changes_nothing(archive):
    run(archive, "--as", "editor")
    transitions = Transition.objects.count()
    units = MemoryUnit.objects.count()
    output = run(archive, "--as", "editor")
    assert "0 created, 0 updated" in output
    assert "skipped shambhu-farmers: unchanged since the last import" in output
    assert Transition.objects.count() == transitions
    assert MemoryUnit.objects.count() == units


def test_changed_draft_is_updated_and_changed_published_is_skipped(archive):
    run(archive, "--as", "editor")
    write(archive, {"air-advisory.md": DRAFT.replace("দুপুরে", "বিকেলে")})
    write(archive, {"shambhu-farmers.md": SOURCE.replace("112", "113")})
    output = run(archive, "--as", "editor")
    assert "0 created, 1 updated" in output
    assert "বিকেলে" in Statement.objects.get(slug="air-advisory").variants.get().body
    assert "skipped shambhu-farmers: changed since the last import, but it is published" in output
    assert "112" in Statement.objects.get(slug="shambhu-farmers").body_en


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.md": "---\ntitle: x\nlanguage: fr\n---\nbody\n"}, "language must be one of"),
        ({"a.md": "---\ntitle: [unclosed\nlanguage: en\n---\nbody\n"}, "not valid YAML"),
        ({"a.md": "---\nlanguage: en\n---\nbody\n"}, "has no title"),
        ({"a.md": "---\ntitle: x\nlanguage: en\ncolour: red\n---\nbody\n"}, "unknown front-matter"),
        ({"a.md": "---\ntitle: x\nlanguage: en\ndate: 14/02/2024\n---\nb\n"}, "not YYYY-MM-DD"),
        ({"a.hi.md": "---\ntitle: x\n---\nbody\n"}, "without its a.md"),
        (
            {"a.md": "---\ntitle: x\nlanguage: hi\n---\nb\n", "a.hi.md": "---\ntitle: y\n---\nb\n"},
            "same language as the source",
        ),
    ],
)
def test_any_bad_file_stops_the_whole_import(tmp_path, users, files, message):
    write(tmp_path, {"good.md": SOURCE, **files})
    with pytest.raises(CommandError, match=message):
        run(tmp_path, "--as", "editor")
    assert Statement.objects.count() == 0
    assert MemoryUnit.objects.count() == 0


def test_non_utf8_and_oversized_files_are_refused(tmp_path, users):
    (tmp_path / "latin.md").write_bytes(
        "---\ntitle: café\nlanguage: en\n---\nx\n".encode("latin-1")
    )
    (tmp_path / "big.md").write_text("---\ntitle: x\nlanguage: en\n---\n" + "x" * 1_100_000)
    with pytest.raises(CommandError) as caught:
        run(tmp_path, "--as", "editor")
    assert "not UTF-8" in str(caught.value)
    assert "larger than 1024 KB" in str(caught.value)
    assert Statement.objects.count() == 0
