"""The cache backend: Redis that gives up quickly, and stays given up briefly, when it is away.

This is the one place that decides the cache is unreachable. Django's own RedisCache waits
on redis-py's five-second socket timeouts and retries on every call, so a Redis that stops
answering (stopped, overloaded, a network partition) would cost every reader five seconds a
cache call. Here:

- connections and replies time out after ``ANUVAD_CACHE_CONNECT_TIMEOUT`` and
  ``ANUVAD_CACHE_READ_TIMEOUT`` (0.25 s, 0.5 s; Redis answers in a millisecond);
- a call that fails to reach Redis marks it away for ``ANUVAD_CACHE_RETRY_AFTER`` (5 s):
  until then every call raises ``CacheUnreachable`` at once, without touching the network,
  and the next call after that tries Redis again;
- the change is logged once each way (a warning when Redis goes, info when it answers),
  not once a request.

Failures still raise, so each user of the cache decides what an outage means for it:
reader pages are rendered from the database (publishing.cache), the public API's throttle
lets requests through and the token endpoint's refuses them (api.throttling).
``CacheUnreachable`` is a redis-py ConnectionError, so code below config in the dependency
order can catch it without importing this module.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import wraps
from time import monotonic
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

# Django makes one backend object per thread: what is known about each server is kept per
# process, so a process warns once, not once per thread.
_away_until: dict[str, float] = {}
_lock = threading.Lock()


class CacheUnreachable(RedisConnectionError):
    """Redis failed a moment ago; raised without trying it again until the pause is over."""


def retry_after() -> int:
    """Seconds the cache is left alone after it fails to answer."""
    return settings.ANUVAD_CACHE_RETRY_AFTER


def forget_failures() -> None:
    """Forget which servers failed (tests: a new server may get a failed one's port)."""
    with _lock:
        _away_until.clear()


def _address(server: str | list[str]) -> str:
    """The servers as the log names them: without passwords."""
    servers = server.split(",") if isinstance(server, str) else list(server)
    shown = []
    for location in servers:
        parts = urlsplit(location.strip())
        shown.append(f"{parts.scheme}://{parts.hostname}:{parts.port or 6379}{parts.path}")
    return ",".join(shown)


class RedisCache(DjangoRedisCache):
    """Django's RedisCache with short timeouts and a pause after a failure (see above).

    Explicit OPTIONS (``socket_connect_timeout``, ``socket_timeout``) win over the settings.
    """

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        options = {
            "socket_connect_timeout": settings.ANUVAD_CACHE_CONNECT_TIMEOUT,
            "socket_timeout": settings.ANUVAD_CACHE_READ_TIMEOUT,
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})
        self.address = _address(server)

    def _before_call(self) -> bool:
        """Raise while Redis is paused; True when this call is the first try after a pause."""
        until = _away_until.get(self.address)
        if until is None:
            return False
        if monotonic() < until:
            raise CacheUnreachable(f"cache at {self.address} unreachable; next try soon")
        return True

    def _failed(self, error: Exception) -> None:
        with _lock:
            first = self.address not in _away_until
            _away_until[self.address] = monotonic() + retry_after()
        if first:
            log.warning(
                "Cache at %s unreachable (%s): reader pages are rendered from the database, "
                "the public API is not throttled and API tokens are refused until it answers; "
                "trying again every %s s.",
                self.address,
                error,
                retry_after(),
            )
        else:
            log.debug("Cache at %s still unreachable (%s)", self.address, error)

    def _answered(self) -> None:
        with _lock:
            was_away = _away_until.pop(self.address, None) is not None
        if was_away:
            log.info("Cache at %s answers again.", self.address)


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(method)
    def call(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
        retrying = self._before_call()
        try:
            result = method(self, *args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            # Only failures to reach Redis; a refused command (ResponseError) is not an outage.
            self._failed(error)
            raise
        if retrying:
            self._answered()
        return result

    return call


# Every method of Django's RedisCache that talks to Redis; the rest of the cache API
# (get_or_set, decr, the async methods …) is built on these.
for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(RedisCache, _name, _guarded(getattr(DjangoRedisCache, _name)))
