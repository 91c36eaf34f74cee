"""The public read API: published statements per language, filters, ETags, nothing private."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.publishing.conftest import (
    DRAFT,
    EVERYWHERE,
    FROM_HINDI,
    IN_TRANSLATION,
    URDU_ONLY,
    grow,
)
from workflow.choices import State
from workflow.models import Statement, Variant

# Lists and filters are SQL that differs by database: those run on PostgreSQL too.


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


@pytest.mark.postgres
def test_the_list_holds_public_statements_only(api, demo_site):
    found = slugs(api.get("/api/v1/statements/"))
    assert EVERYWHERE in found and URDU_ONLY in found
    assert DRAFT not in found and IN_TRANSLATION not in found


@pytest.mark.postgres
@pytest.mark.parametrize("language", ["en", "hi", "bn", "ur"])
def test_a_language_filter_lists_what_is_live_in_it_and_shows_it_in_that_language(
    api, demo_site, language
):
    response = api.get("/api/v1/statements/", {"language": language})
    expected = {s.slug for s in demo_site.values() if language in s.published_languages()} & set(
        slugs(api.get("/api/v1/statements/", {"page_size": 100}))
    )
    assert set(slugs(response)) == expected
    for item in response.json()["results"]:
        assert item["language"] == language
        statement = Statement.objects.get(slug=item["slug"])
        assert item["title"] == statement.published_text(language).title
        assert (
            item["url"] == f"https://statements.example.org/{language}/statements/{item['slug']}/"
        )
        assert language in item["languages"]


def test_detail_carries_every_published_language_with_its_address(api, demo_site):
    data = api.get(f"/api/v1/statements/{EVERYWHERE}/", {"language": "ur"}).json()
    assert [v["language"] for v in data["versions"]] == ["en", "hi", "bn", "ur"]
    statement = Statement.objects.get(slug=EVERYWHERE)
    urdu = next(v for v in data["versions"] if v["language"] == "ur")
    assert urdu["direction"] == "rtl"
    assert urdu["title"] == statement.title_ur
    assert urdu["body"] == statement.body_ur
    assert urdu["url"].endswith(f"/ur/statements/{EVERYWHERE}/")
    assert "<p>" in urdu["body_html"]
    # Names of topics and organisations come in the requested language.
    for topic in data["topics"]:
        assert topic["name"] == statement.topics.get(slug=topic["slug"]).name_ur


def test_a_statement_live_in_one_language_lists_that_language_only(api, demo_site):
    data = api.get(f"/api/v1/statements/{URDU_ONLY}/").json()
    assert [v["language"] for v in data["versions"]] == ["ur"]
    assert data["languages"] == ["ur"]


@pytest.mark.parametrize("slug", [DRAFT, IN_TRANSLATION, "no-such-statement"])
def test_unpublished_and_unknown_statements_are_404_with_the_error_body(api, demo_site, slug):
    response = api.get(f"/api/v1/statements/{slug}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_language_being_reworked_shows_its_live_text_never_the_working_one(api, demo_site):
    # Bengali goes back to review with new working text (as after a source revision): its
    # published text stays what readers and partners get until the new one is published.
    statement = Statement.objects.get(slug=FROM_HINDI)
    live_title = statement.published_text("bn").title
    working = "Working text that must stay on the desk"
    Variant.objects.filter(statement=statement, language="bn").update(
        state=State.IN_REVIEW, title=working
    )
    data = api.get(f"/api/v1/statements/{FROM_HINDI}/")
    bengali = [v for v in data.json()["versions"] if v["language"] == "bn"]
    assert [v["title"] for v in bengali] == [live_title]
    assert "bn" in data.json()["languages"]
    assert working not in data.content.decode()


def test_a_language_never_published_is_not_in_the_public_detail(api, demo_site):
    statement = Statement.objects.get(slug=FROM_HINDI)
    Variant.objects.filter(statement=statement, language="bn").update(published_at=None)
    data = api.get(f"/api/v1/statements/{FROM_HINDI}/")
    assert "bn" not in [v["language"] for v in data.json()["versions"]]
    assert "bn" not in data.json()["languages"]


@pytest.mark.postgres
def test_filters_by_topic_and_issue_date(api, demo_site):
    statement = Statement.objects.get(slug=EVERYWHERE)
    topic = statement.topics.first()
    by_topic = set(slugs(api.get("/api/v1/statements/", {"topic": topic.slug, "page_size": 100})))
    assert EVERYWHERE in by_topic
    assert by_topic == set(
        Statement.objects.filter(topics=topic, slug__in=by_topic).values_list("slug", flat=True)
    )
    day = statement.issued_on.isoformat()
    same_day = slugs(api.get("/api/v1/statements/", {"issued_after": day, "issued_before": day}))
    assert EVERYWHERE in same_day
    assert all(Statement.objects.get(slug=s).issued_on == statement.issued_on for s in same_day)


@pytest.mark.parametrize(
    "query",
    [
        {"language": "fr"},
        {"issued_after": "yesterday"},
        {"issued_after": "2026-02-01", "issued_before": "2026-01-01"},
        {"topic": "not a slug!"},
    ],
)
def test_bad_filters_are_400_naming_the_field(api, demo_site, query):
    response = api.get("/api/v1/statements/", query)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"]


@pytest.mark.postgres
def test_pages_are_bounded(api, demo_site):
    data = api.get("/api/v1/statements/", {"page_size": 2}).json()
    assert len(data["results"]) == 2 and data["next"]
    assert api.get("/api/v1/statements/", {"page": 999}).status_code == 404


def test_etag_answers_304_until_the_content_changes(api, demo_site):
    url = f"/api/v1/statements/{EVERYWHERE}/"
    first = api.get(url)
    etag = first.headers["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    Statement.objects.filter(slug=EVERYWHERE).update(title_hi="नया शीर्षक")
    changed = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_public_answers_are_the_same_for_a_desk_session(api, demo_site, users):
    url = f"/api/v1/statements/{EVERYWHERE}/"
    anonymous = api.get(url)
    api.force_login(users["editor"])
    signed_in = api.get(url)
    assert signed_in.status_code == 200
    assert signed_in.headers["ETag"] == anonymous.headers["ETag"]
    assert api.post("/api/v1/statements/", {}).status_code == 405


def _count_queries(api, url: str, **query) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url, query).status_code == 200
    return len(queries)


@pytest.mark.postgres
def test_the_list_costs_the_same_queries_however_many_statements(api, demo_site):
    urls = [("/api/v1/statements/", {"page_size": 100}), (f"/api/v1/statements/{FROM_HINDI}/", {})]
    before = [_count_queries(api, url, **query) for url, query in urls]
    assert max(before) <= 6, before
    grow(demo_site)
    assert [_count_queries(api, url, **query) for url, query in urls] == before
