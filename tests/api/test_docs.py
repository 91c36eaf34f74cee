"""/api/docs/: Redoc from our own static files, under a policy that allows just those."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db
STATIC = "/" + django_settings.STATIC_URL.strip("/") + "/"


def _policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def _assets(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    urls = [tag["src"] for tag in soup.find_all("script")]
    urls += [tag["href"] for tag in soup.find_all("link")]
    assert not soup.find_all("style") and not soup.select("[style]")
    assert all(tag.get("src") for tag in soup.find_all("script")), "an inline script"
    return urls


def test_the_page_loads_only_files_of_this_site_and_every_one_exists(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = _assets(html)
    assert any(url.endswith("redoc.standalone.js") for url in assets)
    for url in assets:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, url
        assert url.startswith(STATIC), url
        assert finders.find(url.removeprefix(STATIC)), url
    assert "googleapis" not in html and "cdn." not in html and "https://" not in html


def test_the_policy_allows_them_and_nothing_inline_but_nonced_styles(client):
    response = client.get("/api/docs/")
    policy = _policy(response)
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    starter = soup.find("script", src=lambda src: src.endswith("api/docs.js"))
    nonce = starter["nonce"]
    assert len(nonce) >= 16
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["worker-src"] == ["blob:"]  # Redoc's search index runs in a blob: worker
    assert policy["connect-src"] == ["'self'"]  # Redoc fetches the schema from here
    assert "unsafe-inline" not in str(policy) and "unsafe-eval" not in str(policy)
    again = client.get("/api/docs/").headers["Content-Security-Policy"]
    assert again != response.headers["Content-Security-Policy"], "a nonce for each request"


@pytest.mark.parametrize("path", ["/en/", "/api/v1/statements/", "/api/schema/"])
def test_the_relaxed_policy_is_for_the_docs_page_only(client, path):
    policy = _policy(client.get(path, follow=True))
    assert policy["style-src"] == ["'self'"]
    assert "worker-src" not in policy
