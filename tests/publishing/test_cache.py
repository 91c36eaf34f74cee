"""Cached reader pages: served without the database, purged exactly when what they show changes."""

from __future__ import annotations

import pytest
import redis
from django.core.cache import cache as django_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publishing import cache
from tests.publishing.conftest import ENGLISH_ONLY, EVERYWHERE, soup
from tests.support.processes import free_port
from workflow import services
from workflow.exceptions import QABlocked
from workflow.models import Topic

BENGALI = {
    "title": "সাংবাদিক ফারহান কুরেশিকে মুক্তি দিন: যৌথ বিবৃতি",
    "summary": "স্বাধীন সাংবাদিক ফারহান কুরেশি ৬০ ঘণ্টারও বেশি সময় ধরে আটক।",
    # As many paragraphs as the English source.
    "body": "\n\n".join(
        [
            "আমরা ফারহান কুরেশির আটকে গভীরভাবে উদ্বিগ্ন।",
            "পুলিশ তাঁর ফোন, ল্যাপটপ ও নোটবুক বাজেয়াপ্ত করেছে।",
            "তাঁর পরিবারকে আটকের কারণ জানানো হয়নি।",
            "আমরা তাঁর অবিলম্বে মুক্তি দাবি করি।",
        ]
    ),
    "byline": "যৌথ বিবৃতি",
    "dateline": "হায়দরাবাদ",
}


def publish_translation(statement, code: str, text: dict, users) -> None:
    """A translation through the real services: claim, write, submit, approve, publish."""
    variant = statement.variants.get(language=code)
    translator, reviewer = users[f"translator_{code}"], users["reviewer"]
    variant = services.variant_claim(variant=variant, actor=translator)
    variant = services.variant_save_text(
        variant=variant, actor=translator, expected_version=variant.version, **text
    )
    try:
        variant = services.variant_submit_for_review(variant=variant, actor=translator)
    except QABlocked:  # this short translation leaves out the source's figures on purpose
        variant = services.variant_submit_for_review(
            variant=variant, actor=translator, override="Short test translation."
        )
    services.variant_approve(variant=variant, actor=reviewer)
    services.variant_publish(variant_id=variant.pk, actor=users["editor"])


def queries(client, url, **headers) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    return len(captured), response


def test_publishing_a_language_purges_exactly_the_pages_it_changes(client, demo_site, users):
    page = f"/bn/statements/{ENGLISH_ONLY}/"
    untouched = ["/hi/", "/en/topics/labour/", f"/hi/statements/{EVERYWHERE}/"]
    # The statement in every language: each page lists the languages it is published in.
    changed = [page, f"/en/statements/{ENGLISH_ONLY}/", f"/hi/statements/{ENGLISH_ONLY}/"]
    changed += ["/bn/", "/bn/topics/press-freedom/"]
    for url in untouched + changed:
        client.get(url)
        count, response = queries(client, url)
        assert count == 0 and response.status_code == 200, url  # served from the cache

    assert soup(client.get(page)).select_one(".notice") is not None
    publish_translation(demo_site[ENGLISH_ONLY], "bn", BENGALI, users)

    count, response = queries(client, page)
    assert count > 0
    after = soup(response)
    assert after.h1.get_text(strip=True) == BENGALI["title"]
    assert after.select_one(".notice") is None
    for code in ("en", "hi"):
        other = soup(client.get(f"/{code}/statements/{ENGLISH_ONLY}/"))
        assert [a["lang"] for a in other.select("nav.switcher a")] == ["en", "bn"]
    assert BENGALI["title"] in client.get("/bn/").content.decode()
    assert BENGALI["title"] in client.get("/bn/topics/press-freedom/").content.decode()
    for url in untouched:
        count, _ = queries(client, url)
        assert count == 0, f"{url} was purged though the Bengali version is not on it"


def test_cached_pages_answer_conditional_requests(client, demo_site):
    url = f"/hi/statements/{EVERYWHERE}/"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert set(first["Cache-Control"].split(", ")) == {"public", "max-age=60"}
    assert first["Content-Language"] == "hi"

    count, not_modified = queries(client, url, if_none_match=etag)
    assert not_modified.status_code == 304 and count == 0
    assert client.get(url, headers={"if-modified-since": modified}).status_code == 304
    assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200
    # Tracking parameters of forwarded links share the cached page.
    count, shared = queries(client, url + "?utm_source=whatsapp")
    assert count == 0 and shared["ETag"] == etag


def test_a_withdrawn_statement_disappears_at_once(client, demo_site, users):
    url = f"/ur/statements/{EVERYWHERE}/"
    assert client.get(url).status_code == 200
    services.statement_withdraw(
        statement=demo_site[EVERYWHERE], actor=users["editor"], note="Retracted."
    )
    assert client.get(url).status_code == 404
    assert "/statements/" + EVERYWHERE not in client.get("/ur/").content.decode()


def test_renaming_a_topic_purges_its_pages_and_its_statements(client, demo_site):
    client.get("/hi/topics/labour/")
    client.get(f"/hi/statements/{EVERYWHERE}/")
    topic = Topic.objects.get(slug="labour")
    topic.name_hi = "श्रमिक अधिकार"
    topic.save()
    assert soup(client.get("/hi/topics/labour/")).h1.get_text() == "श्रमिक अधिकार"
    assert "श्रमिक अधिकार" in client.get(f"/hi/statements/{EVERYWHERE}/").content.decode()


def test_a_render_that_read_old_text_cannot_overwrite_a_purge(client, demo_site, settings):
    """The race: a page rendered from the database just before a publication commits."""
    key = cache.statement_key("hi", EVERYWHERE)
    assert django_cache.get(key) is None
    cache.purge_statement(EVERYWHERE, lists_in=())  # the publication lands mid-render
    stale = cache.CachedPage(b"old text", "text/html", '"old"', 0)
    assert django_cache.add(key, stale) is False  # what the slow render would try
    # Readers get fresh renders, not the old text, until the grace period ends.
    assert b"old text" not in client.get(f"/hi/statements/{EVERYWHERE}/").content
    assert not isinstance(django_cache.get(key), cache.CachedPage)


def test_caching_can_be_turned_off(client, demo_site, settings):
    settings.ANUVAD_READER_CACHE_SECONDS = 0
    url = f"/en/statements/{EVERYWHERE}/"
    client.get(url)
    count, response = queries(client, url)
    assert count > 0 and response.status_code == 200 and response["ETag"]


@pytest.mark.integration
def test_pages_live_in_redis_and_publishing_purges_them(
    client, demo_site, users, settings, redis_server
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": "reader-test",
        }
    }
    django_cache.clear()
    page = f"/bn/statements/{ENGLISH_ONLY}/"
    client.get(page)
    count, response = queries(client, page)
    assert count == 0 and response.status_code == 200
    keys = redis.Redis.from_url(settings.REDIS_URL).keys("reader-test:*statement:bn:*")
    assert keys, "the page is not stored in Redis"

    publish_translation(demo_site[ENGLISH_ONLY], "bn", BENGALI, users)
    assert soup(client.get(page)).h1.get_text(strip=True) == BENGALI["title"]


def test_each_process_keeps_a_page_one_second_at_most(client, demo_site, settings, monkeypatch):
    """A purge made by another process (a Celery worker) reaches this one within the second."""
    url = f"/hi/statements/{EVERYWHERE}/"
    client.get(url)
    client.get(url)  # now in this process's copy as well as in the shared cache
    # Another process purges: the shared cache changes, this process's copy does not.
    django_cache.set(cache.statement_key("hi", EVERYWHERE), "purged", 30)
    count, _ = queries(client, url)
    assert count == 0  # still within the second
    later = cache.time.monotonic() + settings.ANUVAD_READER_LOCAL_SECONDS + 0.01
    monkeypatch.setattr(cache.time, "monotonic", lambda: later)
    count, response = queries(client, url)
    assert count > 0 and response.status_code == 200  # rendered afresh


def _redis_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "reader-outage",
        }
    }


@pytest.mark.integration
def test_with_redis_away_readers_get_pages_and_publishing_owes_the_purge(
    client, demo_site, users, settings, redis_server, caplog
):
    page = f"/bn/statements/{ENGLISH_ONLY}/"
    settings.CACHES = _redis_cache(settings.REDIS_URL)
    django_cache.clear()
    for url in (page, "/bn/"):
        client.get(url)
        assert queries(client, url)[0] == 0  # the English fallback and the list, in Redis
    cache.forget_local()

    # Redis goes away (a closed loopback port): publishing still saves, the purge is owed.
    settings.CACHES = _redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    with caplog.at_level("WARNING", logger="publishing.cache"):
        publish_translation(demo_site[ENGLISH_ONLY], "bn", BENGALI, users)
    assert "Reader cache unreachable" in caplog.text
    assert demo_site[ENGLISH_ONLY].variants.get(language="bn").state == "published"
    # Readers are served from the database meanwhile, with the new text.
    count, response = queries(client, page)
    assert count > 0 and soup(response).h1.get_text(strip=True) == BENGALI["title"]

    # Redis is back with the old page in it: the owed purge is made before it is read.
    settings.CACHES = _redis_cache(settings.REDIS_URL)
    assert soup(client.get(page)).h1.get_text(strip=True) == BENGALI["title"]
    assert not cache._owed_keys and not cache._owed_scopes
    assert BENGALI["title"] in client.get("/bn/").content.decode()
