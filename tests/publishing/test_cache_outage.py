"""Redis away: readers, feeds and the public API answer from the database; logins keep a guard.

Every test runs a real Redis server of its own, points the cache at it, fills it, and then
takes it away for real: killed (connections refused) or frozen with SIGSTOP (connections
hang), the two ways an outage looks to a web process. Then Redis comes back and is used again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis
from django.core.cache import cache as django_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config import cache as cache_backend
from publishing import cache
from tests.publishing.conftest import EVERYWHERE
from tests.support.processes import free_port
from tests.support.redis import RedisServer
from translations import languages
from workflow.models import Statement

pytestmark = pytest.mark.integration

PREFIX = "outage"
# Users of the `users` fixture the demo does not also make (its users have demo passwords).
PASSWORD = "test-password-123"
TOKEN_URL = "/api/v1/auth/token/"
LOGIN_URL = "/accounts/login/"


def reader_urls(code: str) -> list[str]:
    return [
        f"/{code}/",
        f"/{code}/statements/{EVERYWHERE}/",
        f"/{code}/feeds/rss.xml",
        f"/{code}/feeds/atom.xml",
    ]


def queries(client, url: str, **kwargs) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    return len(captured), response


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def redis_cache(settings) -> Iterator[RedisServer]:
    """The site's Redis cache backend on a Redis server of this test's own, to take away."""
    server = RedisServer(free_port()).start()
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": PREFIX,
        }
    }
    yield server
    server.stop()
    cache_backend.forget_failures()


def fill_the_cache(client, server: RedisServer) -> None:
    for code in languages.CODES:
        for url in reader_urls(code):
            client.get(url)
            count, response = queries(client, url)
            assert response.status_code == 200 and count == 0, url  # served from Redis
    assert redis.Redis.from_url(server.url).keys(f"{PREFIX}:*reader:statement:*")
    cache.forget_local()  # more than this process's one second has passed


def assert_readers_served_from_the_database(client, api) -> None:
    statement = Statement.objects.get(slug=EVERYWHERE)
    for code in languages.CODES:
        title = statement.published_text(code).title
        for url in reader_urls(code):
            count, response = queries(client, url)
            assert response.status_code == 200, url
            assert count > 0, f"{url} did not come from the database"
            assert title in response.content.decode(), url
        listed = api.get("/api/v1/statements/", {"language": code})
        assert listed.status_code == 200, listed.content
        assert title in [item["title"] for item in listed.json()["results"]]
        detail = api.get(f"/api/v1/statements/{EVERYWHERE}/", {"language": code})
        assert detail.status_code == 200, detail.content
        versions = {v["language"]: v["title"] for v in detail.json()["versions"]}
        assert versions[code] == title
    assert client.get("/sitemap.xml").status_code == 200


def assert_caching_again(client, api, server: RedisServer, monkeypatch) -> None:
    """Redis answers again: once the cache is tried again, pages and throttles live in it."""
    later = cache_backend.monotonic() + cache_backend.retry_after() + 0.01
    monkeypatch.setattr(cache_backend, "monotonic", lambda: later)
    cache.forget_local()
    url = f"/ur/statements/{EVERYWHERE}/"
    assert client.get(url).status_code == 200
    count, response = queries(client, url)
    assert response.status_code == 200 and count == 0, "the page is not cached again"
    assert api.get("/api/v1/statements/").status_code == 200
    assert attempt_token(api, "translator_en", PASSWORD).status_code == 200
    # The API's throttle counts in Redis again.
    assert redis.Redis.from_url(server.url).keys(f"{PREFIX}:*throttle_anon_*")


def attempt_token(api, username: str, password: str):
    return api.post(TOKEN_URL, {"username": username, "password": password})


@contextmanager
def backend_log() -> Iterator[list[logging.LogRecord]]:
    """What the cache backend logs meanwhile (a handler of our own: works without caplog)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = records.append
    logger = cache_backend.log
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_with_redis_killed_readers_and_the_public_api_are_served_from_the_database(
    client, api, demo_site, users, redis_cache, monkeypatch
):
    fill_the_cache(client, redis_cache)
    redis_cache.stop()

    with backend_log() as records:
        assert_readers_served_from_the_database(client, api)
    # One warning for the whole outage (dozens of requests), saying what readers get.
    warnings = [r.getMessage() for r in records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, warnings
    assert "unreachable" in warnings[0] and "from the database" in warnings[0]

    redis_cache.start()  # the same address and data: the cache comes back
    with backend_log() as records:
        assert_caching_again(client, api, redis_cache, monkeypatch)
    assert [r.getMessage() for r in records] == [
        f"Cache at redis://127.0.0.1:{redis_cache.port}/0 answers again."
    ]


def test_with_redis_frozen_readers_and_the_public_api_are_served_from_the_database(
    client, api, demo_site, users, redis_cache, monkeypatch
):
    """A Redis that accepts connections but never answers (stopped, or a network partition)."""
    fill_the_cache(client, redis_cache)
    redis_cache.freeze()
    try:
        assert_readers_served_from_the_database(client, api)
    finally:
        redis_cache.thaw()
    assert_caching_again(client, api, redis_cache, monkeypatch)


def test_with_redis_away_the_token_endpoint_refuses_and_the_desk_login_still_guards(
    client, api, demo_site, users, redis_cache, settings, monkeypatch
):
    redis_cache.stop()

    # The token endpoint's address limit lives in Redis: without it, no tokens (fail closed).
    refused = attempt_token(api, "translator_en", PASSWORD)
    assert refused.status_code == 503
    assert refused.json()["error"]["code"] == "unavailable"
    assert 0 < int(refused.headers["Retry-After"]) <= settings.ANUVAD_CACHE_RETRY_AFTER
    assert not Token.objects.exists()
    # A token already given still works; revoking it is never refused.
    key = Token.objects.create(user=users["translator_hi"]).key
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/desk/versions/claimable/").status_code == 200
    assert api.delete(TOKEN_URL).status_code == 204
    api.credentials()

    # The desk's login keeps working, and so does its lockout: both live in the database.
    signed_in = client.post(LOGIN_URL, {"username": "reviewer_bn", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.get("/desk/").status_code == 200
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(LOGIN_URL, {"username": "translator_hi2", "password": "wrong"})
    assert response.status_code == 429
    right = {"username": "translator_hi2", "password": PASSWORD}
    assert client.post(LOGIN_URL, right).status_code == 429

    redis_cache.start()
    later = cache_backend.monotonic() + cache_backend.retry_after() + 0.01
    monkeypatch.setattr(cache_backend, "monotonic", lambda: later)
    assert attempt_token(api, "reviewer_bn", PASSWORD).status_code == 200
    # The lockout made during the outage still holds once Redis is back.
    assert attempt_token(api, "translator_hi2", PASSWORD).status_code == 429


def test_the_outage_is_logged_without_the_password_and_redis_is_left_alone_meanwhile(settings):
    port = free_port()  # nothing listens: connections are refused
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": f"redis://:s3cret@127.0.0.1:{port}/0",
        }
    }
    try:
        with backend_log() as records, pytest.raises(redis.ConnectionError):
            django_cache.get("a-key")
        message = records[0].getMessage()
        assert message.startswith(f"Cache at redis://127.0.0.1:{port}/0 unreachable")
        assert "s3cret" not in message
        # Within the pause the backend does not try the network again.
        with pytest.raises(cache_backend.CacheUnreachable):
            django_cache.get("a-key")
    finally:
        cache_backend.forget_failures()
