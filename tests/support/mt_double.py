"""A local test double of the machine-translation providers, with fault injection.

MTDoubleServer speaks the HTTP that deep-translator sends, on 127.0.0.1 only:

- Google's mobile page ``/google/m?sl=..&tl=..&q=..``: an HTML page whose
  ``div.result-container`` holds the translation, as deep-translator parses it;
- MyMemory's ``/mymemory/get?q=..&langpair=en-GB|hi-IN`` JSON (responseData,
  responseStatus, matches...);
- LibreTranslate's ``POST /libretranslate/translate`` JSON ({"translatedText": ..});
- Microsoft Translator's ``POST /microsoft/translate?api-version=3.0&from=..&to=..``.

``url(provider)`` gives the address to put in settings.ANUVAD_MT_ENGINES[...]["url"].

The fake translation is deterministic and visible: every non-blank line becomes
``"[<target>] <line>"`` (target as our two-letter code), blank lines stay blank, and
nothing else changes (placeholders such as ``{1}``, and every character of every script,
come back exactly). Faults are programmed per test, thread-safely: ``latency``, a queue
of forced answers (``fail_next(429, retry_after=7)``, ``malformed_next()``), one answer
to every request (``refuse_all(429, retry_after=2)``), ``hang()``
until ``unblock()`` or ``stop()``, and ``mangle_separators(over=n)``, which joins the
lines of any query longer than n characters so the engine's split count comes out wrong.
``teach({line: translation}, target="en")`` makes it answer those lines with those
translations instead (a realistic back-translation, say); other lines keep the marker.
Every request is recorded (provider, source, target, query) for assertions.
"""

from __future__ import annotations

import html
import json
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from .http_double import LocalHTTPDouble

PROVIDERS = ("google", "mymemory", "libretranslate", "microsoft")

_PATHS = {
    "google": "/google/m",
    "mymemory": "/mymemory/get",
    "libretranslate": "/libretranslate/",
    "microsoft": "/microsoft/translate?api-version=3.0",
}

# What MyMemory puts where the translation goes once the free quota is used up.
MYMEMORY_QUOTA_WARNING = (
    "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. NEXT AVAILABLE IN"
    "  1 HOURS 02 MINUTES 03 SECONDS VISIT HTTPS://MYMEMORY.TRANSLATED.NET/DOC/USAGELIMITS.PHP"
    " TO TRANSLATE MORE"
)


def fake_translation(
    text: str, target: str, taught: dict[tuple[str | None, str], str] | None = None
) -> str:
    """The double's translation: each non-blank line marked with the target language, or
    the translation taught for it (``MTDoubleServer.teach``)."""
    taught = taught or {}

    def line_of(line: str) -> str:
        if not line.strip():
            return line
        found = taught.get((target, line.strip()), taught.get((None, line.strip())))
        return found if found is not None else f"[{target}] {line}"

    return "\n".join(line_of(line) for line in text.split("\n"))


@dataclass(frozen=True)
class RecordedRequest:
    provider: str
    method: str
    path: str
    source: str  # our two-letter code ("hi" for MyMemory's "hi-IN")
    target: str
    query: str
    params: dict[str, str] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)  # arrival, for benchmarks

    @property
    def length(self) -> int:
        return len(self.query)


@dataclass(frozen=True)
class Fault:
    """One forced answer: an HTTP status, a malformed body, or (MyMemory) a used-up quota."""

    status: int = 0
    retry_after: str | None = None
    malformed: bool = False
    quota: bool = False
    provider: str | None = None  # None: the next request to any provider


class MTDoubleServer(LocalHTTPDouble):
    """A test double of the MT providers' HTTP APIs; see the module docstring."""

    thread_name = "mt-double"

    def __init__(self) -> None:
        super().__init__()
        self._faults: deque[Fault] = deque()
        self._always: Fault | None = None
        self._requests: list[RecordedRequest] = []
        self._mangle_over: int | None = None
        # (target, line) → the translation to answer instead of the marked line.
        self._taught: dict[tuple[str | None, str], str] = {}

    @property
    def base_url(self) -> str:
        return self.root_url

    def url(self, provider: str) -> str:
        """The address for settings.ANUVAD_MT_ENGINES[provider]["url"]."""
        if provider not in _PATHS:
            raise ValueError(f"the double does not speak {provider!r}; it speaks {PROVIDERS}")
        return self.base_url + _PATHS[provider]

    # ---- fault injection ----------------------------------------------------------------

    def fail_next(
        self,
        *statuses: int,
        retry_after: int | str | None = None,
        provider: str | None = None,
    ) -> None:
        """Answer the next requests with these HTTP statuses, one each, in order."""
        with self._lock:
            for status in statuses:
                value = None if retry_after is None else str(retry_after)
                self._faults.append(Fault(status, value, provider=provider))

    def refuse_all(
        self,
        status: int = 429,
        *,
        retry_after: int | str | None = None,
        provider: str | None = None,
    ) -> None:
        """Answer every request (to ``provider``, or to any) with ``status`` until reset()."""
        with self._lock:
            value = None if retry_after is None else str(retry_after)
            self._always = Fault(status, value, provider=provider)

    def malformed_next(self, count: int = 1, *, provider: str | None = None) -> None:
        """Answer the next ``count`` requests with 200 and a body nobody can parse."""
        with self._lock:
            self._faults.extend(Fault(malformed=True, provider=provider) for _ in range(count))

    def quota_next(self, count: int = 1) -> None:
        """MyMemory's used-up daily quota: HTTP 200 with responseStatus 429 and a warning."""
        with self._lock:
            self._faults.extend(Fault(quota=True, provider="mymemory") for _ in range(count))

    def mangle_separators(self, *, over: int | None = 0) -> None:
        """Lose the line breaks of queries longer than ``over`` characters (None: stop)."""
        with self._lock:
            self._mangle_over = over

    def teach(self, translations: dict[str, str], *, target: str | None = None) -> None:
        """Answer each of these lines (stripped) with its translation, into ``target`` (or
        into any language when None), instead of the marked line."""
        with self._lock:
            self._taught.update({(target, k.strip()): v for k, v in translations.items()})

    def reset(self) -> None:
        """No faults, no latency, no records, nothing taught."""
        with self._lock:
            self._taught.clear()
            self._faults.clear()
            self._always = None
            self._requests.clear()
            self._latency = 0.0
            self._mangle_over = None
        self._released.set()

    # ---- records ------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_for(self, provider: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.provider == provider]

    def count(self, *, provider: str | None = None, target: str | None = None) -> int:
        return sum(
            1
            for r in self.requests
            if (provider is None or r.provider == provider)
            and (target is None or r.target == target)
        )

    def counts_by_target(self) -> Counter[str]:
        return Counter(r.target for r in self.requests)

    # ---- serving ------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        provider = parts.path.strip("/").split("/")[0]
        params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        try:
            source, target, query = self._parse(provider, params, body, handler)
        except (KeyError, ValueError, IndexError, TypeError):
            self._send(handler, 400, "text/plain", b"the test double could not read this")
            return

        with self._lock:
            self._requests.append(
                RecordedRequest(
                    provider, handler.command, parts.path, source, target, query, params
                )
            )
            fault = self._take_fault(provider)
            latency = self._latency
            mangle_over = self._mangle_over
            taught = dict(self._taught)

        if not self._hold(latency):
            return

        if fault is not None:
            self._send_fault(handler, provider, fault)
            return
        text = query
        if mangle_over is not None and len(query) > mangle_over:
            text = " ".join(line for line in query.split("\n") if line.strip())
        self._send_translation(handler, provider, fake_translation(text, target, taught), params)

    def _take_fault(self, provider: str) -> Fault | None:
        for fault in self._faults:
            if fault.provider in (None, provider):
                self._faults.remove(fault)
                return fault
        if self._always is not None and self._always.provider in (None, provider):
            return self._always
        return None

    @staticmethod
    def _parse(
        provider: str, params: dict[str, str], body: bytes, handler: BaseHTTPRequestHandler
    ) -> tuple[str, str, str]:
        """(source, target, text) from a request as deep-translator sends it."""
        if provider == "google":
            return params["sl"], params["tl"], params["q"]
        if provider == "mymemory":
            source, target = params["langpair"].split("|")
            return source.split("-")[0], target.split("-")[0], params["q"]
        if provider == "libretranslate":
            # deep-translator sends the fields in the query string; a browser would send a body.
            fields = dict(params)
            if body:
                if "json" in (handler.headers.get("Content-Type") or ""):
                    fields.update(json.loads(body))
                else:
                    fields.update({k: v[0] for k, v in parse_qs(body.decode()).items()})
            return fields["source"], fields["target"], fields["q"]
        if provider == "microsoft":
            return params.get("from", ""), params["to"], json.loads(body)[0]["text"]
        raise ValueError(provider)

    def _send_translation(
        self,
        handler: BaseHTTPRequestHandler,
        provider: str,
        translated: str,
        params: dict[str, str],
    ) -> None:
        if provider == "google":
            page = (
                '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Google Translate</title>'
                '</head><body><div class="result-container">'
                f"{html.escape(translated, quote=False)}</div></body></html>"
            )
            self._send(handler, 200, "text/html; charset=utf-8", page.encode())
        elif provider == "mymemory":
            source, target = params["langpair"].split("|")
            data = {
                "responseData": {"translatedText": translated, "match": 0.85},
                "quotaFinished": False,
                "mtLangSupported": None,
                "responseDetails": "",
                "responseStatus": 200,
                "responderId": None,
                "exception_code": None,
                "matches": [
                    {
                        "id": "0",
                        "segment": params["q"],
                        "translation": translated,
                        "source": source,
                        "target": target,
                        "quality": 70,
                        "reference": "Machine Translation.",
                        "usage-count": 2,
                        "subject": False,
                        "created-by": "MT!",
                        "last-updated-by": "MT!",
                        "match": 0.85,
                        "model": "neural",
                    }
                ],
            }
            self._send_json(handler, 200, data)
        elif provider == "libretranslate":
            self._send_json(handler, 200, {"translatedText": translated})
        else:  # microsoft
            to = params["to"]
            self._send_json(handler, 200, [{"translations": [{"text": translated, "to": to}]}])

    def _send_fault(self, handler: BaseHTTPRequestHandler, provider: str, fault: Fault) -> None:
        if fault.malformed:
            kind = "text/html" if provider == "google" else "application/json"
            self._send(handler, 200, kind, b"<html><body>Something went wrong {not json")
            return
        if fault.quota and provider == "mymemory":
            data = {
                "responseData": {"translatedText": MYMEMORY_QUOTA_WARNING, "match": 1},
                "quotaFinished": True,
                "responseDetails": MYMEMORY_QUOTA_WARNING,
                "responseStatus": 429,
                "matches": [],
            }
            self._send_json(handler, 200, data)
            return
        status = fault.status or 429
        headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
        if provider == "google":
            page = f"<html><body><h1>Error {status}</h1></body></html>".encode()
            self._send(handler, status, "text/html", page, headers)
        elif provider == "microsoft":
            error = {"error": {"code": status * 1000 + 1, "message": f"forced {status}"}}
            self._send_json(handler, status, error, headers)
        else:
            self._send_json(handler, status, {"error": f"forced {status}"}, headers)
