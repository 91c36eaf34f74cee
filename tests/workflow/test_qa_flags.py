"""QA flags on the desk: stored as codes, shown in the interface language, old ones converted."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from tests.factories import make_statement
from workflow import qa, services
from workflow.models import Segment, Variant
from workflow.services import segment_save

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("workflow.migrations.0005_qa_flag_codes")
# Sentence 2 of the factory's statement has 1,413 in it; this translation lost the number.
WITHOUT_NUMBER = "दिल्ली में निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।"


@pytest.fixture
def hindi(users, settings, run_after_commit) -> Variant:
    """The Hindi version, claimed, with one sentence translated but its number left out."""
    settings.ANUVAD_MT_ENABLED = False
    statement = make_statement(users["author"])
    run_after_commit(
        services.statement_submit_for_translation,
        statement=statement,
        actor=users["author"],
        targets=["hi"],
    )
    variant = statement.variants.get(language="hi")
    services.variant_claim(variant=variant, actor=users["translator_hi"])
    segment = variant.segments.get(position=1)
    segment_save(
        segment=segment,
        actor=users["translator_hi"],
        text=WITHOUT_NUMBER,
        expected_version=segment.version,
    )
    return variant


def test_the_stored_flag_is_a_code_and_the_problem_renders_it(hindi):
    segment = hindi.segments.get(position=1)
    number = next(f for f in segment.qa_flags if f["check"] == "numbers")
    assert number == {
        "check": "numbers",
        "level": "error",
        "code": "number_missing",
        "params": {"missing": ["1,413"]},
    }
    problem = next(p for p in qa.variant_problems(hindi) if p.check == "numbers")
    assert (problem.code, problem.message) == ("number_missing", "Number 1,413 is missing.")


def test_the_hindi_desk_shows_the_flags_in_hindi(client, users, settings, hindi):
    client.force_login(users["translator_hi"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    page = client.get(reverse("workspace:edit", args=[hindi.pk])).content.decode()
    assert "संख्या 1,413 छूट गई है।" in page  # beside the sentence and in the checks list
    assert "Number 1,413 is missing." not in page


def test_the_english_desk_shows_them_in_english(client, users, hindi):
    client.force_login(users["translator_hi"])
    page = client.get(reverse("workspace:edit", args=[hindi.pk])).content.decode()
    assert page.count("Number 1,413 is missing.") == 2


def test_the_api_gives_code_params_and_the_message_in_the_requests_language(users, hindi):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(users["translator_hi"])
    segment = hindi.segments.get(position=1)
    url = f"/api/v1/desk/versions/{hindi.pk}/segments/"
    rows = client.get(url, HTTP_ACCEPT_LANGUAGE="hi").json()["results"]
    (flag,) = [f for r in rows if r["id"] == segment.pk for f in r["qa_flags"]]
    assert flag == {
        "check": "numbers",
        "level": "error",
        "code": "number_missing",
        "params": {"missing": ["1,413"]},
        "message": "संख्या 1,413 छूट गई है।",
    }


def test_the_migration_converts_old_flags_and_back(hindi):
    old = [
        {"check": "numbers", "level": "error", "message": "Number 1,413 is missing."},
        {"check": "odd", "level": "warning", "message": "Written by an older check."},
    ]
    Segment.objects.filter(variant=hindi, position=1).update(qa_flags=old)

    MIGRATION.to_codes(apps, None)
    segment = hindi.segments.get(position=1)
    assert segment.qa_flags == [
        {"check": "numbers", "level": "error", "code": "number_missing",
         "params": {"missing": ["1,413"]}},
        {"check": "odd", "level": "warning", "code": "legacy",
         "params": {"text": "Written by an older check."}},
    ]  # fmt: skip
    assert hindi.segments.get(position=0).qa_flags == []  # untouched

    MIGRATION.to_sentences(apps, None)
    assert hindi.segments.get(position=1).qa_flags == old
