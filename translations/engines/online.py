"""The online engines' base: deep-translator driven with hard timeouts and honest errors.

Timeouts. deep-translator calls ``requests.get``/``requests.post`` with no timeout, so a
provider that accepts the connection and never answers would hold a worker forever.
``socket.setdefaulttimeout`` would fix that for every socket in the process (Redis, the
database), and patching ``requests`` itself would change every other library's calls.
Instead each deep-translator provider module we use gets its own ``requests`` name
rebound to ``_TimedRequests``, a stand-in that forwards to the real ``requests.request``
with ``timeout=(connect, read)`` always set. The timeout comes from a ContextVar that
the engine sets around each provider call; a ContextVar belongs to the thread (and the
asyncio task) that set it, so concurrent calls in threads with different timeouts never
see each other's. A call made outside an engine (someone using deep-translator directly)
still gets settings.ANUVAD_MT_TIMEOUT, never no timeout at all. The stand-in holds no
connection state: each call opens its own short-lived session, as requests.get does, so
nothing is shared between threads or inherited across a worker's fork.

As requests defines them, the connect timeout bounds the TCP connection and the read
timeout bounds each wait for the next bytes of the answer; a dead or silent provider
therefore fails after at most connect + read seconds.

Errors. deep-translator raises a different zoo per provider (RequestError, TooManyRequests,
ServerException, MicrosoftAPIerror, TranslationNotFound, KeyError, StopIteration...), and
some swallow the transport error (Microsoft logs it and then fails on ``None.json()``).
So the stand-in also records, on the same ContextVar object, the transport error or the
HTTP response it saw, and the engine maps failures from that record: 429 to
EngineRateLimited (with Retry-After), connection errors, timeouts and 5xx to
EngineUnavailable, a refused key to EngineNotConfigured, anything else unreadable to
EngineBadResponse.
"""

from __future__ import annotations

import email.utils
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3
from deep_translator import deepl, google, libre, microsoft, mymemory
from deep_translator.exceptions import LanguageNotSupportedException

from .base import (
    Engine,
    EngineBadResponse,
    EngineError,
    EngineNotConfigured,
    EngineRateLimited,
    EngineUnavailable,
    Timeout,
    UnsupportedLanguagePair,
    seconds,
    timeout_setting,
)


@dataclass
class Exchange:
    """What one provider call sent and got back, as the requests stand-in saw it."""

    timeout: Timeout
    url: str = ""
    response: requests.Response | None = None
    error: requests.RequestException | None = None


_EXCHANGE: ContextVar[Exchange | None] = ContextVar("anuvad_mt_exchange", default=None)


class _TimedRequests:
    """Stands in for the ``requests`` module inside deep-translator's provider modules."""

    exceptions = requests.exceptions

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        exchange = _EXCHANGE.get()
        kwargs["timeout"] = exchange.timeout if exchange is not None else timeout_setting()
        if exchange is not None:
            exchange.url = url
        try:
            response = requests.request(method, url, **kwargs)  # noqa: S113 (timeout in kwargs)
        except requests.RequestException as exc:
            if exchange is not None:
                exchange.error = exc
            raise
        if exchange is not None:
            exchange.response = response
        return response


_TIMED_REQUESTS = _TimedRequests()


def install() -> None:
    """Give deep-translator's provider modules the timed stand-in (idempotent)."""
    for module in (google, mymemory, deepl, microsoft, libre):
        current = getattr(module, "requests", None)
        if current is _TIMED_REQUESTS:
            continue
        if current is not requests:
            # A deep-translator release that no longer calls requests this way would
            # otherwise run without timeouts, silently.
            raise ImportError(
                f"{module.__name__} no longer imports requests as a module; the timeout shim"
                " in translations.engines.online needs updating for this deep-translator."
            )
        module.requests = _TIMED_REQUESTS  # type: ignore[attr-defined]


install()


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header (seconds or an HTTP date) as seconds from now."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class OnlineEngine(Engine):
    """An engine that drives one deep-translator translator class over HTTP."""

    def _translator(self, source: str, target: str) -> Any:
        """A fresh deep-translator translator for the provider codes (they keep state)."""
        raise NotImplementedError

    def _request(self, text: str, source: str, target: str) -> str:
        exchange = Exchange(self.timeout)
        token = _EXCHANGE.set(exchange)
        try:
            translator = self._translator(self.languages[source], self.languages[target])
            answer = translator.translate(text)
        except EngineError:
            raise
        except Exception as exc:  # deep-translator's errors share no base class
            raise self._failure(exc, exchange) from exc
        finally:
            _EXCHANGE.reset(token)
        return self._answer(answer, text, exchange)

    def _answer(self, answer: Any, text: str, exchange: Exchange) -> str:
        """The translated string from deep-translator's return value, or raise."""
        if not isinstance(answer, str):
            raise EngineBadResponse(
                f"{self.name}: the answer held no translation", engine=self.name
            )
        return answer

    def _failure(self, exc: Exception, exchange: Exchange) -> EngineError:
        """The engine error for a failed call, judged by what was seen on the wire."""
        name, error, response = self.name, exchange.error, exchange.response
        if error is not None:
            return transport_failure(name, error, url=exchange.url, timeout=exchange.timeout)
        if response is not None and not response.ok:
            return http_failure(name, response)
        if isinstance(exc, LanguageNotSupportedException):
            return UnsupportedLanguagePair(f"{name}: {exc.message}", engine=name)
        if response is not None:
            return EngineBadResponse(
                f"{name}: the answer could not be read ({type(exc).__name__})", engine=name
            )
        return EngineBadResponse(f"{name}: {type(exc).__name__}: {exc}", engine=name)


def transport_failure(
    name: str, error: requests.RequestException, *, url: str, timeout: Timeout
) -> EngineUnavailable:
    """The error of engine ``name`` for a request to ``url`` that got no answer."""
    connect, read = timeout
    host = urlsplit(url).netloc or "the service"
    if isinstance(error, requests.ConnectTimeout):
        return EngineUnavailable(
            f"{name}: could not connect to {host} within {seconds(connect)} s", engine=name
        )
    if isinstance(error, requests.Timeout) or _is_read_timeout(error):
        return EngineUnavailable(f"{name}: no answer within {seconds(read)} s", engine=name)
    why = "connection refused" if "refused" in str(error).lower() else type(error).__name__
    return EngineUnavailable(f"{name}: cannot reach {host} ({why})", engine=name)


def http_failure(name: str, response: requests.Response) -> EngineError:
    """The error of engine ``name`` for an HTTP answer that is not a success."""
    status = response.status_code
    if status == 429:
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        later = f"; try again in {wait:.0f} s" if wait is not None else ""
        return EngineRateLimited(
            f"{name}: too many requests (HTTP 429){later}", engine=name, retry_after=wait
        )
    if status >= 500:
        return EngineUnavailable(f"{name}: the service failed (HTTP {status})", engine=name)
    if status in (401, 403):
        return EngineNotConfigured(
            f"{name}: the service refused our key (HTTP {status})", engine=name
        )
    detail = _error_detail(response)
    return EngineBadResponse(
        f"{name}: the service refused the request (HTTP {status}{detail})", engine=name
    )


def _is_read_timeout(error: Exception | None) -> bool:
    # requests wraps a timeout while reading the body as a ConnectionError.
    return isinstance(error, requests.ConnectionError) and any(
        isinstance(arg, urllib3.exceptions.ReadTimeoutError) for arg in error.args
    )


def _error_detail(response: requests.Response) -> str:
    """A short reason from an error body, when the provider gave one as JSON."""
    try:
        body = response.json()
    except ValueError:
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        error = error.get("message")
    return f": {str(error)[:200]}" if error else ""
