"""Glossary: terms found as whole words in every script, protected, checked, imported from CSV."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from translations import checks, glossary, segmentation
from translations.models import GlossaryTerm

CSV = (
    "source_language,term,kind,target_language,translation,case_sensitive,note\n"
    "en,CPI(ML),keep,,,,party acronym\n"
    "en,Farhan Qureshi,fixed,hi,फ़रहान क़ुरैशी,,\n"
    "en,Farhan Qureshi,fixed,ur,فرحان قریشی,,\n"
    "hi,किसान एकता मोर्चा,fixed,bn,কিষাণ একতা মোর্চা,,\n"
)


def test_terms_match_whole_words_in_every_script():
    assert len(glossary.occurrences("CPI(ML) and CPI(ML)-led", "CPI(ML)")) == 2
    assert glossary.occurrences("the CPIML office", "CPI(ML)") == []
    # "किसान" inside "किसानों" is not the term: matras count as letters.
    assert glossary.occurrences("किसानों ने कहा", "किसान") == []
    assert len(glossary.occurrences("किसान एकता मोर्चा ने कहा", "किसान एकता मोर्चा")) == 1
    assert len(glossary.occurrences("ফরহান কুরেশির মুক্তি", "ফরহান")) == 1
    assert glossary.occurrences("ফরহানের মুক্তি", "ফরহান") == []
    assert len(glossary.occurrences("فرحان قریشی کو رہا کرو", "فرحان قریشی")) == 1


def test_protect_and_restore_through_an_engine_that_spaces_out_placeholders():
    terms = [
        glossary.Term("Farhan Qureshi", "फ़रहान क़ुरैशी", keep=False),
        glossary.Term("CPI(ML)", "CPI(ML)", keep=True),
    ]
    text = "Release {1}Farhan Qureshi{2}, says CPI(ML)."
    protected, replacements = glossary.protect(text, terms, first_id=3)
    assert "Farhan" not in protected and "CPI" not in protected
    assert segmentation.placeholder_ids(protected) == ["1", "3", "2", "4"]
    engine_output = protected.replace("{3}", "{ ३ }").replace("Release", "रिहा करो")
    restored = glossary.restore(engine_output, replacements)
    assert restored == "रिहा करो {1}फ़रहान क़ुरैशी{2}, says CPI(ML)."


def test_check_flags_lost_or_mistranslated_terms():
    terms = [glossary.Term("Farhan Qureshi", "फ़रहान क़ुरैशी", keep=False)]
    source = "Release Farhan Qureshi now."
    assert checks.glossary(source, "फ़रहान क़ुरैशी को रिहा करो।", terms) == []
    (flag,) = checks.glossary(source, "फरहान कुरैशी को रिहा करो।", terms)
    assert flag.level == checks.ERROR and "फ़रहान क़ुरैशी" in flag.message
    (lost,) = checks.placeholders("Read {1}the report{2}.", "रिपोर्ट पढ़ें{2}।")
    assert "{1}" in lost.message


@pytest.mark.django_db
def test_csv_import_adds_updates_and_is_all_or_nothing():
    assert glossary.import_csv(CSV.encode()) == {"created": 4, "updated": 0}
    assert glossary.import_csv(CSV.replace("party acronym", "party").encode()) == {
        "created": 0,
        "updated": 4,
    }
    hindi = glossary.terms_for("en", "hi")
    assert [(t.source, t.expected, t.keep) for t in hindi] == [
        ("Farhan Qureshi", "फ़रहान क़ुरैशी", False),
        ("CPI(ML)", "CPI(ML)", True),
    ]
    bad = CSV + "xx,Term,keep,,,,\nen,Name,fixed,hi,,,\nen,Other,keep,en,,,\n"
    with pytest.raises(ValidationError) as caught:
        glossary.import_csv(bad.encode())
    text = " ".join(caught.value.messages)
    assert "line 6" in text and "line 7" in text and "line 8" in text
    assert GlossaryTerm.objects.count() == 4
    with pytest.raises(ValidationError, match="not UTF-8"):
        glossary.import_csv("en,café".encode("latin-1"))


@pytest.mark.django_db
def test_admin_imports_csv_and_shows_row_errors(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:translations_glossaryterm_import")
    response = admin_client.post(url, {"file": SimpleUploadedFile("g.csv", b"term\nx\n")})
    assert response.status_code == 200
    assert "Missing columns: source_language" in response.content.decode()
    assert GlossaryTerm.objects.count() == 0
    response = admin_client.post(url, {"file": SimpleUploadedFile("g.csv", CSV.encode())})
    assert response.status_code == 302
    assert GlossaryTerm.objects.count() == 4
    assert (
        "Import CSV"
        in admin_client.get(reverse("admin:translations_glossaryterm_changelist")).content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("trouble", "said"),
    [
        ('en,"' + "क" * 140_000 + '",keep,,,,\n', "field larger than field limit"),
        ("en,Term\x00,keep,,,,\n", "line 3: term: invisible characters U\\+0000"),
    ],
    ids=["field-over-the-csv-limit", "nul-byte"],
)
def test_a_csv_the_csv_module_cannot_read_is_refused_by_line_and_changes_nothing(
    admin_client, trouble, said
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = (CSV.splitlines(keepends=True)[0] + CSV.splitlines(keepends=True)[1] + trouble).encode()
    with pytest.raises(ValidationError, match=said):
        glossary.import_csv(data)
    url = reverse("admin:translations_glossaryterm_import")
    response = admin_client.post(url, {"file": SimpleUploadedFile("g.csv", data)})
    assert response.status_code == 200 and "line 3" in response.content.decode()
    assert GlossaryTerm.objects.count() == 0


# ---- inflected forms and forbidden renderings ---------------------------------------------


def _fixed(source: str, expected: str, *, inflects: bool) -> glossary.Term:
    return glossary.Term(source, expected, keep=False, inflects=inflects)


def test_inflected_forms_come_from_each_languages_endings():
    assert "लड़कों" in glossary.inflected_forms("लड़का", "hi")
    assert "बस्तियों" in glossary.inflected_forms("बस्ती", "hi")
    assert "সংগঠনের" in glossary.inflected_forms("সংগঠন", "bn")
    assert "শ্রমিকদের" in glossary.inflected_forms("শ্রমিক", "bn")
    assert {"مطالبات", "مطالبے", "مطالبوں"} <= set(glossary.inflected_forms("مطالبہ", "ur"))
    assert "کتابیں" in glossary.inflected_forms("کتاب", "ur")
    # Only the last word of a phrase inflects; English has no list.
    assert "न्यूनतम मज़दूरियों" in glossary.inflected_forms("न्यूनतम मज़दूरी", "hi")
    assert glossary.inflected_forms("wage", "en") == ["wage"]
    # Still whole words: an ending is not any letters at all.
    assert glossary.occurrences("کتابچہ", "کتاب", inflected_in="ur") == []


@pytest.mark.parametrize(
    ("source", "expected", "target", "language"),
    [
        # A stem change: the last letter gives way to the ending.
        ("Slum dwellers of the settlement protest.", "बस्ती", "बस्तियों के निवासी विरोध करते हैं।", "hi"),
        # Urdu plural forms, which no ending rule read before.
        ("The demand was rejected.", "مطالبہ", "مطالبات مسترد کر دیے گئے۔", "ur"),
        ("The book was banned.", "کتاب", "کتابوں پر پابندی لگا دی گئی۔", "ur"),
    ],
)
def test_a_term_that_inflects_counts_in_its_inflected_forms(source, expected, target, language):
    word = {"बस्ती": "settlement", "مطالبہ": "demand", "کتاب": "book"}[expected]
    inflecting = [_fixed(word, expected, inflects=True)]
    assert checks.glossary(source, target, inflecting, target_language=language) == []
    # Without the glossary's say-so it is flagged, as before.
    (flag,) = checks.glossary(
        source, target, [_fixed(word, expected, inflects=False)], target_language=language
    )
    assert flag.code == "glossary_translate" and flag.params["expected"] == expected


def test_bengali_case_endings_count_with_or_without_inflection_as_before():
    source = "The union's statement."
    for inflects in (False, True):
        terms = [_fixed("union", "সংগঠন", inflects=inflects)]
        assert checks.glossary(source, "সংগঠনের বিবৃতি।", terms, target_language="bn") == []
    # A term as good as missing is still flagged, inflected or not.
    terms = [_fixed("union", "সংগঠন", inflects=True)]
    (flag,) = checks.glossary(source, "ইউনিয়নের বিবৃতি।", terms, target_language="bn")
    assert flag.code == "glossary_translate"


def test_a_forbidden_rendering_is_an_error_naming_it_wherever_it_appears():
    dalit = [
        _fixed("Dalit", "दलित", inflects=True),
        glossary.Term("Dalit", "हरिजन", keep=False, inflects=True, forbidden=True),
    ]
    assert checks.glossary("Dalit families.", "दलित परिवार।", dalit, target_language="hi") == []
    flags = checks.glossary("Dalit families.", "हरिजन परिवार।", dalit, target_language="hi")
    assert [f.code for f in flags] == ["glossary_forbidden", "glossary_translate"]
    assert flags[0].level == checks.ERROR
    assert flags[0].params == {"term": "Dalit", "forbidden": "हरिजन"}
    assert "हरिजन" in flags[0].message and "Dalit" in flags[0].message
    # Never: even where the source does not have the term, and in an inflected form.
    (flag,) = checks.glossary("The families.", "हरिजनों के परिवार।", dalit, target_language="hi")
    assert flag.code == "glossary_forbidden"
    # In Urdu, an inflected form counts only for a term that inflects.
    urdu = glossary.Term("Dalit", "اچھوت", keep=False, inflects=True, forbidden=True)
    (flag,) = checks.glossary("Families.", "اچھوتوں کے خاندان۔", [urdu], target_language="ur")
    assert flag.code == "glossary_forbidden"
    plain = glossary.Term("Dalit", "اچھوت", keep=False, forbidden=True)
    assert checks.glossary("Families.", "اچھوتوں کے خاندان۔", [plain], target_language="ur") == []


def test_a_forbidden_rendering_is_never_put_in_for_an_engine():
    terms = [glossary.Term("Dalit", "हरिजन", keep=False, forbidden=True)]
    assert glossary.protect("Dalit rights.", terms, first_id=1) == ("Dalit rights.", {})


INFLECTING_CSV = (
    "source_language,term,kind,target_language,translation,case_sensitive,note,inflects\n"
    "en,Dalit,fixed,hi,दलित,,,yes\n"
    "en,Dalit,forbidden,hi,हरिजन,,a slur,yes\n"
    "en,Dalit,forbidden,hi,अछूत,,,\n"
    "en,demand,fixed,ur,مطالبہ,no,,true\n"
)


@pytest.mark.django_db
def test_csv_carries_inflection_and_forbidden_renderings_and_reads_its_own_export():
    assert glossary.import_csv(INFLECTING_CSV.encode()) == {"created": 4, "updated": 0}
    hindi = {(t.expected, t.forbidden, t.inflects) for t in glossary.terms_for("en", "hi")}
    assert hindi == {("दलित", False, True), ("हरिजन", True, True), ("अछूत", True, False)}
    (demand,) = glossary.terms_for("en", "ur")
    assert demand.inflects and not demand.case_sensitive and not demand.forbidden

    exported = glossary.export_csv()
    assert exported.startswith("\ufeff".encode())
    header, *lines = exported.decode("utf-8-sig").splitlines()
    assert tuple(header.split(",")) == glossary.CSV_COLUMNS
    assert "en,Dalit,forbidden,hi,हरिजन,yes,a slur,yes" in lines
    # The export read back changes nothing but counts every row as updated.
    assert glossary.import_csv(exported) == {"created": 0, "updated": 4}
    GlossaryTerm.objects.all().delete()
    assert glossary.import_csv(exported) == {"created": 4, "updated": 0}
    assert glossary.export_csv() == exported


@pytest.mark.django_db
def test_an_old_csv_without_the_new_column_still_imports_and_nothing_inflects():
    assert "inflects" not in CSV.splitlines()[0]
    glossary.import_csv(CSV.encode())
    assert not GlossaryTerm.objects.filter(inflects=True).exists()


@pytest.mark.django_db
def test_csv_rows_that_cannot_be_right_are_refused():
    bad = INFLECTING_CSV + (
        "en,Dalit,forbidden,hi,,,,\n"  # line 6: nothing said to be forbidden
        "en,Dalit,forbidden,hi,हरिजन,,,\n"  # line 7: the same as line 3
        "en,union,fixed,bn,সংগঠন,,,sometimes\n"  # line 8: not a yes or a no
        "en,Dalit,keep,hi,,,,\n"  # line 9: a second treatment of the Hindi term
    )
    with pytest.raises(ValidationError) as caught:
        glossary.import_csv(bad.encode())
    text = " ".join(caught.value.messages)
    assert "line 6: a forbidden term needs target_language and translation" in text
    assert "line 7: the same term as line 3" in text
    assert "line 8: inflects: “sometimes” is not yes or no" in text
    assert "line 9: the same term as line 2" in text
    assert GlossaryTerm.objects.count() == 0


@pytest.mark.django_db
def test_the_database_keeps_one_treatment_per_pair_and_many_forbidden_renderings():
    from django.db import IntegrityError, transaction

    base = {"source_language": "en", "term": "Dalit", "target_language": "hi"}
    GlossaryTerm.objects.create(**base, kind="fixed", translation="दलित")
    GlossaryTerm.objects.create(**base, kind="forbidden", translation="हरिजन")
    GlossaryTerm.objects.create(**base, kind="forbidden", translation="अछूत")
    for kind, translation in (("fixed", "दलित समाज"), ("forbidden", "हरिजन")):
        with pytest.raises(IntegrityError), transaction.atomic():
            GlossaryTerm.objects.create(**base, kind=kind, translation=translation)


@pytest.mark.django_db
def test_admin_exports_csv_and_offers_the_new_fields(admin_client):
    glossary.import_csv(INFLECTING_CSV.encode())
    response = admin_client.get(reverse("admin:translations_glossaryterm_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content == glossary.export_csv()
    listing = admin_client.get(reverse("admin:translations_glossaryterm_changelist"))
    assert "Export CSV" in listing.content.decode()
    term = GlossaryTerm.objects.get(kind="forbidden", translation="हरिजन")
    form = admin_client.get(reverse("admin:translations_glossaryterm_change", args=[term.pk]))
    page = form.content.decode()
    assert 'name="inflects"' in page and 'value="forbidden"' in page
