"""The source review shows everything publishing the source puts before readers."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import make_organisations, make_statement
from workflow import services
from workflow.models import Topic

pytestmark = pytest.mark.django_db(transaction=True)

URDU = {
    "title": "مزدوروں کی ہڑتال پر مشترکہ بیان",
    "summary": "لکھنؤ کے چکن کاری کاریگر آج ہڑتال پر ہیں۔",
    "body": "لکھنؤ میں چکن کاری کے کاریگروں کو تین مہینے سے اجرت نہیں ملی۔\n\n"
    "ہم مطالبہ کرتے ہیں کہ واجبات فوراً ادا کیے جائیں۔",
    "byline": "مزدور اتحاد، لکھنؤ",
    "dateline": "لکھنؤ",
}


@pytest.fixture(autouse=True)
def _engines_off(settings):
    settings.ANUVAD_MT_ENABLED = False


@pytest.fixture
def submitted(users):
    orgs = make_organisations("مزدور اتحاد", "जन अधिकार मंच")
    topic = Topic.objects.create(slug="strikes", name="ہڑتال")
    statement = make_statement(
        users["author"],
        source_language="ur",
        kind="joint",
        topics=[topic],
        signatories=[orgs[1], orgs[0]],
        **URDU,
    )
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["hi"]
    )
    return statement


def review_page(client, user, statement) -> BeautifulSoup:
    client.force_login(user)
    source = services.source_variant(statement)
    response = client.get(reverse("workspace:review", args=[source.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_every_published_field_is_on_the_source_review(client, users, submitted):
    page = review_page(client, users["reviewer"], submitted)
    fields = {dd["data-field"]: dd for dd in page.select(".published-fields dd")}
    assert set(fields) == {*URDU, "signatories", "topics"}
    for name, value in URDU.items():
        assert fields[name]["lang"] == "ur" and fields[name]["dir"] == "rtl"
        assert fields[name].get_text("\n").split("\n")[0] == value.split("\n")[0], name
    assert "ہم مطالبہ کرتے ہیں" in fields["body"].get_text()
    # Signatories in signing order, topics by name.
    assert [li.get_text() for li in fields["signatories"].select("li")] == [
        "जन अधिकार मंच",
        "مزدور اتحاد",
    ]
    assert [li.get_text() for li in fields["topics"].select("li")] == ["ہڑتال"]
    labels = [dt.get_text() for dt in page.select(".published-fields dt")]
    assert labels == [
        "Title",
        "Summary",
        "Body",
        "Byline",
        "Dateline place",
        "Signatories",
        "Topics",
    ]


def test_the_source_review_says_it_is_one(client, users, submitted):
    page = review_page(client, users["reviewer"], submitted)
    heading = page.select_one("h1").get_text()
    assert heading.startswith("Source review:") and "→" not in heading
    meta = page.select_one("p.meta").get_text()
    assert "Written in اردو" in meta  # the source language, named
    assert "translated by" not in meta and "submitted by author" in meta
    assert "Joint statement" in meta
    assert page.select_one(f'a[href="{reverse("statement_preview", args=[submitted.pk])}"]')


def test_an_empty_field_is_shown_as_empty_not_left_out(client, users):
    statement = make_statement(users["author"], source_language="hi")
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["bn"]
    )
    page = review_page(client, users["reviewer"], statement)
    fields = {
        dd["data-field"]: dd.get_text(strip=True) for dd in page.select(".published-fields dd")
    }
    assert fields["byline"] == "(empty)" and fields["signatories"] == "(none)"


def test_a_translation_review_keeps_its_own_heading(client, users, submitted):
    hindi = submitted.variants.get(language="hi")
    client.force_login(users["reviewer"])
    page = BeautifulSoup(
        client.get(reverse("workspace:review", args=[hindi.pk])).content.decode(), "html.parser"
    )
    assert "→" in page.select_one("h1").get_text()
    assert page.select_one(".published-fields") is None


def test_changed_details_are_named_in_the_readers_interface_language(client, users, settings):
    statement = make_statement(users["author"], source_language="hi")
    services.statement_change_details(
        statement=statement,
        actor=users["author"],
        slug="hartal-bayan",
        kind="joint",
        priority="urgent",
        deadline=None,
        topics=[],
        signatories=make_organisations("जन अधिकार मंच"),
    )
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["bn"]
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    page = review_page(client, users["reviewer"], statement)
    edits = page.select(".history")[-1].get_text()
    for hindi in ("हस्ताक्षरकर्ता", "प्राथमिकता", "प्रकार", "पता"):
        assert hindi in edits, hindi
    for english in ("signatories", "priority", "kind", "slug"):
        assert english not in edits, english
