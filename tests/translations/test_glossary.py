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
