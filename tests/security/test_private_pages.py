"""Working text is never stored by browsers or proxies; reader pages keep their caching."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.publishing.conftest import EVERYWHERE, IN_TRANSLATION, demo_site  # noqa: F401
from workflow.models import Statement


def directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


def assert_private(response) -> None:
    assert {"private", "no-store"} <= directives(response), (
        response.request["PATH_INFO"],
        response.get("Cache-Control"),
    )
    assert "public" not in directives(response)


@pytest.fixture
def working(demo_site):  # noqa: F811 - the fixture, used by name
    """The demo's statement in translation, and its editor."""
    statement = Statement.objects.get(slug=IN_TRANSLATION)
    editor = get_user_model().objects.get(username="editor")
    return statement, statement.variants.exclude(language=statement.source_language).first(), editor


def test_desk_pages_are_never_stored(client, working):
    statement, variant, editor = working
    # Before login: the redirect to the login page, and the login page itself.
    assert_private(client.get("/desk/"))
    assert_private(client.get("/accounts/login/"))
    client.force_login(editor)
    for url in (
        "/desk/",
        "/desk/dashboard/",
        f"/desk/versions/{variant.pk}/",
        f"/desk/versions/{variant.pk}/review/",
        f"/desk/versions/{variant.pk}/po/",
        f"/desk/statements/{statement.pk}/",
        f"/desk/statements/{statement.pk}/history/",
        f"/desk/statements/{statement.pk}/status/",  # asked for again while work runs
        f"/desk/dashboard/statements/{statement.pk}/{variant.language}/",
        "/desk/notifications/",
        "/desk/versions/999999/",  # a 404 too
    ):
        assert_private(client.get(url))


def test_desk_api_answers_are_never_stored(working):
    statement, variant, editor = working
    api = APIClient()
    token = api.post(
        "/api/v1/auth/token/", {"username": "editor", "password": "anuvad-editor"}, format="json"
    )
    assert token.status_code == 200
    assert_private(token)
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=editor).key}")
    for url in (
        f"/api/v1/desk/statements/{statement.pk}/",
        f"/api/v1/desk/versions/{variant.pk}/",
        f"/api/v1/desk/versions/{variant.pk}/segments/",
        "/api/v1/desk/versions/to-review/",
    ):
        response = api.get(url)
        assert response.status_code == 200, url
        assert_private(response)
    # The version's ETag stays, for If-Match on the next write.
    assert api.get(f"/api/v1/desk/versions/{variant.pk}/")["ETag"]
    refused = api.post(f"/api/v1/desk/versions/{variant.pk}/approve/")
    assert refused.status_code == 409
    assert_private(refused)


def test_reader_pages_keep_their_public_caching(client, demo_site):  # noqa: F811
    for url in ("/en/", f"/hi/statements/{EVERYWHERE}/", "/en/feeds/rss.xml", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"public", "max-age=60"} <= directives(response), url
        assert not {"private", "no-store"} & directives(response), url
    public_api = client.get("/api/v1/statements/")
    assert public_api.status_code == 200
    assert not {"private", "no-store"} & directives(public_api)
