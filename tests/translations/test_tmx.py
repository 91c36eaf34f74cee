"""TMX 1.4: export, import, the round trip between them, and the files import refuses."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command

from tests.factories import UserFactory, make_statement, make_user
from translations import memory
from translations.memory import tmx
from translations.models import MemoryUnit

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SENTENCES = {
    "en": "1,413 construction workers in Delhi have not been paid for three months.",
    "hi": "दिल्ली में 1,413 निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।",
    "bn": "দিল্লিতে ১,৪১৩ জন নির্মাণ শ্রমিক তিন মাস ধরে মজুরি পাননি।",
    "ur": "دہلی میں 1,413 تعمیراتی مزدوروں کو تین مہینے سے اجرت نہیں ملی۔",
}
PAIRS = [("en", "hi"), ("hi", "en"), ("en", "bn"), ("bn", "ur"), ("ur", "bn"), ("en", "ur")]


def tmx_file(body: str, *, srclang: str = "en", prolog: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{prolog}"
        '<tmx version="1.4">\n'
        '<header creationtool="test" creationtoolversion="1" datatype="plaintext" '
        f'segtype="sentence" adminlang="en" srclang="{srclang}" o-tmf="test"/>\n'
        f"<body>\n{body}\n</body>\n</tmx>\n"
    ).encode()


def tu(*segments: tuple[str, str], attributes: str = "") -> str:
    tuvs = "".join(f'<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>' for lang, text in segments)
    return f"<tu {attributes}>{tuvs}</tu>"


def snapshot():
    return sorted(
        MemoryUnit.objects.values_list(
            "source_language",
            "target_language",
            "source_text",
            "target_text",
            "approved_at",
            "approved_by__username",
        )
    )


def export(**options) -> str:
    out = io.StringIO()
    tmx.export_tmx(out, **options)
    return out.getvalue()


def test_round_trip_in_all_four_scripts_gives_the_same_units():
    asha, bilal = UserFactory(username="asha"), UserFactory(username="bilal")
    when = datetime(2026, 11, 20, 9, 30, 15, tzinfo=UTC)
    for n, (source, target) in enumerate(PAIRS):
        memory.add(
            source_language=source,
            target_language=target,
            source_text=SENTENCES[source],
            target_text=SENTENCES[target],
            approved_by=(asha, bilal, None)[n % 3],
            approved_at=when - timedelta(days=n),
        )
    memory.add(
        source_language="en",
        target_language="hi",
        source_text='Line one & "two" <three>\nline\tfour',
        target_text="पंक्ति एक & <दो>",
        approved_at=when,
    )
    before = snapshot()
    written = export()
    memory.remove(MemoryUnit.objects.values_list("pk", flat=True))

    summary = tmx.import_tmx(written.encode())
    assert (summary.added, summary.refreshed, summary.translation_units) == (7, 0, 7)
    assert not summary.skipped
    assert snapshot() == before
    assert set(MemoryUnit.objects.values_list("origin", flat=True)) == {"tmx"}
    match = memory.lookup(SENTENCES["bn"], source_language="bn", target_language="ur")[0]
    assert match.exact and match.target_text == SENTENCES["ur"]


def test_export_is_tmx_1_4_with_our_header_and_pair_filter():
    approver = UserFactory(username="asha")
    for source, target in PAIRS:
        memory.add(
            source_language=source,
            target_language=target,
            source_text=SENTENCES[source],
            target_text=SENTENCES[target],
            approved_by=approver,
        )
    root = ET.fromstring(export(source_language="en", target_language="hi"))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header.attrib | {"creationdate": "x"} == {
        "creationtool": "Anuvad",
        "creationtoolversion": "1",
        "datatype": "plaintext",
        "segtype": "sentence",
        "adminlang": "en",
        "srclang": "en",
        "o-tmf": "Anuvad",
        "creationdate": "x",
    }
    (unit,) = root.find("body")
    assert unit.get("creationid") == "asha"
    assert datetime.strptime(unit.get("creationdate"), "%Y%m%dT%H%M%SZ")
    assert [(tuv.get(XML_LANG), tuv.findtext("seg")) for tuv in unit.findall("tuv")] == [
        ("en", SENTENCES["en"]),
        ("hi", SENTENCES["hi"]),
    ]
    everything = ET.fromstring(export())
    assert everything.find("header").get("srclang") == "*all*"
    assert len(everything.find("body")) == len(PAIRS)


def test_statement_slug_travels_with_the_unit():
    author = make_user("author", roles=["author"], languages=["en", "hi"])
    statement = make_statement(author)
    memory.add(
        source_language="en",
        target_language="hi",
        source_text=SENTENCES["en"],
        target_text=SENTENCES["hi"],
        statement=statement,
    )
    written = export()
    assert f'<prop type="x-anuvad-statement">{statement.slug}</prop>' in written
    memory.remove(MemoryUnit.objects.values_list("pk", flat=True))
    tmx.import_tmx(written.encode())
    assert MemoryUnit.objects.get().statement_id == statement.pk


def test_import_maps_language_tags_and_takes_every_pair_from_the_source():
    data = tmx_file(
        tu(
            ("EN-US", "Workers marched."),
            ("hi-IN", "मज़दूरों ने मार्च किया।"),
            ("bn-BD", "শ্রমিকরা মিছিল করলেন।"),
            ("fr-FR", "Les ouvriers ont défilé."),
        )
        + tu(("ur-PK", "مزدور آئے۔"), ("HI", "मज़दूर आए।"), attributes='srclang="ur_PK"')
        + tu(("en", "Strike."), ("hi", "हड़ताल।"), attributes='srclang="*all*"')
    )
    summary = tmx.import_tmx(data)
    assert dict(summary.pairs) == {
        "en→hi": 2,
        "en→bn": 1,
        "ur→hi": 1,
        "hi→en": 1,
    }
    assert summary.skipped == {"segments in languages Anuvad does not publish in": 1}
    assert summary.added == 5
    assert memory.lookup("मज़दूर आए।", source_language="hi", target_language="ur") == []
    assert memory.lookup("मज़दूर आए।", source_language="ur", target_language="hi") == []
    assert memory.lookup("مزدور آئے۔", source_language="ur", target_language="hi")[0].exact


def test_units_with_one_language_or_a_repeated_one_are_skipped_with_reasons():
    data = tmx_file(
        tu(("en", "Only English."), ("fr", "Seulement."))
        + tu(("en", "Twice."), ("hi", "दो बार।"), ("hi", "दोबारा।"))
        + tu(("en", "Empty."), ("hi", "  "))
        + tu(("hi", "बिना स्रोत।"), ("bn", "উৎস ছাড়া।"))
        + tu(("en", "Kept."), ("hi", "रखा।"))
        + tu(("en", "Kept."), ("hi", "रखा।"))
    )
    summary = tmx.import_tmx(data)
    assert (summary.added, summary.refreshed) == (1, 1)
    assert summary.skipped == {
        "segments in languages Anuvad does not publish in": 1,
        "translation units with two segments in one language": 1,
        "empty segments": 1,
        "translation units with fewer than two of Anuvad's languages": 2,
        "translation units without a segment in their source language": 1,
    }
    assert any("Skipped 2" in line for line in summary.lines())


def test_inline_markup_keeps_the_text_and_drops_the_codes():
    seg = (
        'Click <bpt i="1">&lt;b&gt;</bpt>here<ept i="1">&lt;/b&gt;</ept> to '
        '<hi type="emphasis">read</hi> <ph x="1">{name}</ph> the statement.'
    )
    summary = tmx.import_tmx(tmx_file(tu(("en", seg), ("hi", "<hi>बयान</hi> पढ़ें।"))))
    assert summary.flattened == 2
    unit = MemoryUnit.objects.get()
    assert unit.source_text == "Click here to read the statement."
    assert unit.target_text == "बयान पढ़ें।"


def test_tmx_dates_and_ids_become_approval():
    approver = UserFactory(username="asha")
    data = tmx_file(
        tu(
            ("en", "Dated."),
            ("hi", "दिनांकित।"),
            attributes='creationdate="20240102T030405Z" creationid="asha" '
            'changedate="20250102T030405Z" changeid="nobody-we-know"',
        )
    )
    tmx.import_tmx(data)
    unit = MemoryUnit.objects.get()
    assert unit.approved_at == datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert unit.approved_by is None  # the later change's author is unknown here
    MemoryUnit.objects.all().delete()
    tmx.import_tmx(data.replace(b' changedate="20250102T030405Z"', b""))
    assert MemoryUnit.objects.get().approved_by == approver


GOOD = tu(("en", "A good unit first."), ("hi", "पहले एक अच्छी इकाई।"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (tmx_file(GOOD + "<tu><tuv xml:lang='en'><seg>open"), "not well-formed"),
        (b"<html><body/></html>", "not <tmx>"),
        (b'<tmx version="2.0"><header srclang="en"/><body/></tmx>', "not TMX 1.x"),
        (b'<tmx version="1.4"><body/></tmx>', "before <header>"),
        (b'<tmx version="1.4"><header/><body/></tmx>', "no srclang"),
        (b'<tmx version="1.4"><header srclang="en"/></tmx>', "no <header> and <body>"),
        (tmx_file(GOOD + "\n<tu><tuv><seg>x</seg></tuv></tu>"), "line 6: <tuv> has no xml:lang"),
        (tmx_file(GOOD + "<tu><tuv xml:lang='en'/></tu>"), "has 0 <seg> elements"),
        (tmx_file(GOOD + tu(("en", "a <b>bold</b> word"), ("hi", "x"))), "<b> is not allowed"),
        (tmx_file(GOOD + "<tu>stray text</tu>"), "text is not allowed directly inside <tu>"),
        (
            tmx_file(GOOD + tu(("en", "x"), ("hi", "y"), attributes='creationdate="2024-01-02"')),
            "not a TMX date",
        ),
        (
            tmx_file(
                GOOD + tu(("en", "x"), ("hi", "y"), attributes='changedate="20241302T000000Z"')
            ),
            "not a real date",
        ),
        (b"", "not well-formed"),
    ],
)
def test_a_faulty_file_is_refused_and_nothing_is_written(data, message):
    with pytest.raises(tmx.TMXError, match=message):
        tmx.import_tmx(data)
    assert not MemoryUnit.objects.exists()


@pytest.mark.parametrize(
    "prolog",
    [
        # XXE: read a local file into a segment.
        '<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
        # Billion laughs: entities expanding to a billion copies.
        '<!DOCTYPE tmx [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 or "")) * 10}">' for n in range(1, 10))
        + "]>\n",
        # An external parameter entity (fetching a remote DTD).
        '<!DOCTYPE tmx [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>\n',
    ],
    ids=["xxe", "billion-laughs", "external-dtd"],
)
def test_entity_tricks_are_refused(prolog):
    body = GOOD + tu(("en", "&xxe;&lol9;"), ("hi", "x"))
    with pytest.raises(tmx.TMXError, match="line 2: refused: the file declares entities"):
        tmx.import_tmx(tmx_file(body, prolog=prolog))
    assert not MemoryUnit.objects.exists()


def test_a_plain_doctype_is_fine():
    prolog = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
    assert tmx.import_tmx(tmx_file(GOOD, prolog=prolog)).added == 1


def test_oversized_files_are_refused_before_reading(tmp_path, monkeypatch):
    huge = tmp_path / "huge.tmx"
    with huge.open("wb") as handle:
        handle.truncate(tmx.MAX_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(tmx.TMXError, match="limited to 50 MB"):
        tmx.import_tmx(huge)
    monkeypatch.setattr(tmx, "MAX_BYTES", 200)
    data = tmx_file(GOOD * 3)
    with pytest.raises(tmx.TMXError, match="limited to"):
        tmx.import_tmx(io.BytesIO(data))
    with pytest.raises(tmx.TMXError, match="limited to"):
        tmx.import_tmx(data)
    assert not MemoryUnit.objects.exists()


def test_import_and_export_commands(tmp_path):
    path = tmp_path / "memory.tmx"
    path.write_bytes(tmx_file(GOOD + tu(("en", "Second."), ("hi", "दूसरा।"))))
    out = io.StringIO()
    call_command("import_tmx", str(path), "--origin", "archive-2019", stdout=out)
    assert "2 memory units added" in out.getvalue()
    assert set(MemoryUnit.objects.values_list("origin", flat=True)) == {"archive-2019"}

    exported = tmp_path / "out.tmx"
    out = io.StringIO()
    call_command("export_tmx", "-o", str(exported), "--source", "en", "--target", "hi", stdout=out)
    assert "2 translation units" in out.getvalue()
    assert len(ET.parse(exported).getroot().find("body")) == 2
    out = io.StringIO()
    call_command("export_tmx", "--source", "hi", stdout=out)
    assert ET.fromstring(out.getvalue()).find("body") is not None
    assert len(ET.fromstring(out.getvalue()).find("body")) == 0

    bad = tmp_path / "bad.tmx"
    bad.write_bytes(b"<tmx")
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_tmx", str(bad))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_tmx", str(tmp_path / "missing.tmx"))
    with pytest.raises(CommandError, match="must differ"):
        call_command("export_tmx", "--source", "hi", "--target", "hi")
    assert MemoryUnit.objects.count() == 2
