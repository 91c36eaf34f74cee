"""The site's 404 and 500: the API's error body under /api/, Django's pages elsewhere."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.test import RequestFactory
from django.urls import get_resolver
from django.utils.module_loading import import_string

from config import errors


@pytest.mark.django_db
def test_an_unknown_api_address_gets_the_error_body(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_an_unknown_page_gets_a_page(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("path", "api"), [("/api/v1/statements/", True), ("/en/statements/", False)]
)
def test_a_server_error_is_answered_in_the_format_of_its_address(path, api):
    response = errors.server_error(RequestFactory().get(path))
    assert response.status_code == 500
    if api:
        assert json.loads(response.content)["error"]["code"] == "server_error"
    else:
        assert response["Content-Type"].startswith("text/html")


def test_the_root_urls_use_the_site_handlers_and_every_error_view_imports():
    resolver = get_resolver()
    assert resolver.resolve_error_handler(404) is errors.not_found
    assert resolver.resolve_error_handler(500) is errors.server_error
    for views in settings.ANUVAD_ERROR_VIEWS.values():
        assert sorted(views) == ["404", "500"]
        for path in views.values():
            import_string(path)


def test_a_missing_error_view_names_the_setting(settings):
    settings.ANUVAD_ERROR_VIEWS = {"/api/": {"404": "api.errors.no_such_view"}}
    with pytest.raises(ImproperlyConfigured, match="ANUVAD_ERROR_VIEWS"):
        errors.not_found(RequestFactory().get("/api/x/"), Http404())
