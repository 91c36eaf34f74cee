"""Rendered reader pages kept in the cache (Redis), and the purges that keep them true.

A statement page is stored under its language and slug; a purge replaces it with a short
tombstone, and pages are only ever *added*, so a render that read the database before a
publication cannot store old text over the purge. Lists (home, topic pages, feeds, the
sitemap) carry a generation number in their key; a purge bumps the generation, which
retires every page of that list at once, however many page numbers it has.

In front of Redis each web process keeps the pages it served in the last
``ANUVAD_READER_LOCAL_SECONDS`` (1 s): a burst of readers on one statement costs one Redis
read a second per process, not one a request. A purge clears the purging process's copy at
once; other processes see it when their copy expires, so a change reaches every reader
within that second.

Redis being away never breaks a reader or a save: pages are rendered from the database,
uncached, and a purge that cannot reach Redis is logged and kept in the process that asked
for it, to be made at that process's next use of the cache. The backend (config/cache.py)
makes an outage cost a reader a fraction of a second at most, and usually nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language
from redis.exceptions import RedisError

from translations import languages

log = logging.getLogger(__name__)
# What an unreachable cache server raises (redis-py's errors; sockets' from other backends).
UNREACHABLE = (RedisError, OSError)

_PURGED = "purged"
# key -> (monotonic expiry, page); small, and emptied when full.
_local: dict[str, tuple[float, CachedPage]] = {}
_LOCAL_MAX = 512
# Purges not yet made because the cache did not answer: made before its next use.
_owed_keys: set[str] = set()
_owed_scopes: set[str] = set()


@dataclass(frozen=True)
class CachedPage:
    content: bytes
    content_type: str
    etag: str
    last_modified: int  # seconds since the epoch

    @classmethod
    def of(cls, response: HttpResponse) -> CachedPage:
        return cls(
            content=response.content,
            content_type=response["Content-Type"],
            etag=f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"',
            last_modified=int(timezone.now().timestamp()),
        )


def statement_key(language: str, slug: str) -> str:
    return f"reader:statement:{language}:{slug}"


def _generation_key(scope: str) -> str:
    return f"reader:gen:{scope}"


def list_scope(language: str, name: str = "all") -> str:
    """A list that is purged as one: "hi:all" (home, feeds), "hi:topic:labour", "sitemap"."""
    return f"{language}:{name}"


SITEMAP_SCOPE = "sitemap"


def _generation(scope: str) -> int:
    return cache.get(_generation_key(scope), 0)


def _bump(scopes: Iterable[str]) -> None:
    for scope in scopes:
        key = _generation_key(scope)
        # add() then incr(): incr needs the key to exist; generations never expire.
        cache.add(key, 0, timeout=None)
        try:
            cache.incr(key)
        except ValueError:  # evicted between the two calls
            cache.set(key, 1, timeout=None)


def _respond(request: HttpRequest, page: CachedPage) -> HttpResponse:
    response = HttpResponse(page.content, content_type=page.content_type)
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.last_modified)
    patch_cache_control(response, public=True, max_age=settings.ANUVAD_READER_MAX_AGE)
    return get_conditional_response(
        request, etag=page.etag, last_modified=page.last_modified, response=response
    )


def cached_page(
    key_for: Callable[..., str | None],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Serve a reader view from the cache, with ETag and Last-Modified (304 when unchanged).

    ``key_for(request, language, **kwargs)`` names the page, or returns None for a
    request that must not be cached. Only 200 responses are stored.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            seconds = settings.ANUVAD_READER_CACHE_SECONDS
            key, stored = None, None
            try:
                if seconds > 0 and settle_owed():
                    key = key_for(request, get_language(), **kwargs)
                local = _local_get(key) if key else None
                if local is not None:
                    return _respond(request, local)
                stored = cache.get(key) if key else None
            except UNREACHABLE as error:
                # The cache backend (config/cache.py) warns once per outage, not per page.
                log.debug("Reader cache unreachable (%s): %s rendered anew.", error, request.path)
                key = None
            if isinstance(stored, CachedPage):
                _local_put(key, stored)
                return _respond(request, stored)
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            if hasattr(response, "render"):  # a TemplateResponse (the sitemap view)
                response.render()
            page = CachedPage.of(response)
            if key and stored != _PURGED:
                # A cache that stops answering here costs only the storing.
                with contextlib.suppress(*UNREACHABLE):
                    cache.add(key, page, timeout=seconds)
            return _respond(request, page)

        return wrapper

    return decorator


def _local_get(key: str) -> CachedPage | None:
    entry = _local.get(key)
    if entry is None or entry[0] < time.monotonic():
        return None
    return entry[1]


def _local_put(key: str, page: CachedPage) -> None:
    seconds = settings.ANUVAD_READER_LOCAL_SECONDS
    if seconds <= 0:
        return
    if len(_local) >= _LOCAL_MAX:
        _local.clear()
    _local[key] = (time.monotonic() + seconds, page)


def forget_local() -> None:
    """Drop this process's copies and owed purges (tests; a purge drops the ones it names)."""
    _local.clear()
    _owed_keys.clear()
    _owed_scopes.clear()


def statement_page_key(request: HttpRequest, language: str, *, slug: str) -> str:
    # The query string is ignored: links forwarded with tracking parameters share one page.
    return statement_key(language, slug)


def _list_key(request: HttpRequest, language: str, scope: str, words: dict) -> str | None:
    page = request.GET.get("page", "1")
    if not page.isdigit() or len(page) > 6:
        return None  # the view answers 404; nothing worth keeping
    ident = ":".join(f"{k}={v}" for k, v in sorted(words.items()))
    return (
        f"reader:list:{language}:{request.resolver_match.view_name}:{ident}"
        f":{int(page)}:{_generation(scope)}"
    )


def list_page_key(scope: str) -> Callable[..., str | None]:
    """Key maker for a paginated list of the reader's language, purged with ``scope``.

    ``scope`` may name the URL's arguments: "topic:{slug}".
    """

    def key_for(request: HttpRequest, language: str, **kwargs) -> str | None:
        words = {k: v for k, v in kwargs.items() if isinstance(v, str)}
        return _list_key(request, language, list_scope(language, scope.format(**words)), words)

    return key_for


def sitemap_page_key(request: HttpRequest, language: str, **kwargs) -> str | None:
    """One sitemap serves every language."""
    return _list_key(request, "*", SITEMAP_SCOPE, {})


def purge_statement(slug: str, *, lists_in: Iterable[str], topics: Iterable[str] = ()) -> None:
    """Retire a statement's pages in every language, and the lists it appears in.

    ``lists_in``: the languages whose home page and feeds change; ``topics``: the slugs of
    the statement's topics, whose pages in those languages change too.
    """
    keys = [statement_key(code, slug) for code in languages.CODES]
    lists_in = list(lists_in)
    topics = list(topics)
    scopes = [list_scope(code) for code in lists_in]
    scopes += [list_scope(code, f"topic:{t}") for code in lists_in for t in topics]
    _purge(keys, [*scopes, SITEMAP_SCOPE])


def purge_topic(slug: str) -> None:
    """A topic's pages in every language (its name changed)."""
    _purge([], [list_scope(code, f"topic:{slug}") for code in languages.CODES])


def _purge(keys: list[str], scopes: list[str]) -> None:
    for key in keys:
        _local.pop(key, None)
    # List pages kept by this process carry the old generation: drop them all.
    if scopes:
        for key in [k for k in _local if k.startswith("reader:list:")]:
            _local.pop(key, None)
    first = not (_owed_keys or _owed_scopes)
    _owed_keys.update(keys)
    _owed_scopes.update(scopes)
    if not settle_owed() and first:
        log.warning("Reader cache unreachable: purges are owed until it answers again.")


def settle_owed() -> bool:
    """Make the purges this process still owes; False while the cache stays unreachable.

    Owed purges collapse: a page purged twice, or a list bumped twice, is purged once.
    """
    grace = max(settings.ANUVAD_READER_PURGE_GRACE, 1)
    try:
        if _owed_keys:
            cache.set_many(dict.fromkeys(_owed_keys, _PURGED), grace)
            _owed_keys.clear()
        if _owed_scopes:
            _bump(sorted(_owed_scopes))
            _owed_scopes.clear()
    except UNREACHABLE as error:
        log.debug("Reader cache unreachable (%s)", error)
        return False
    return True
