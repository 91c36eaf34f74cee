"""A local test double of an OpenAI-compatible chat-completions server, with fault injection.

LLMDoubleServer listens on 127.0.0.1 only and speaks what the ``openai`` engine sends:

- ``POST /v1/chat/completions``: reads the last user message as the wire contract's
  ``{"segments": [{"id", "text"}]}`` and answers ``choices[0].message.content`` with
  ``{"translations": [{"id", "text"}]}``;
- ``GET /v1/models``: ``{"object": "list", "data": [{"id": <model>}]}``.

``base_url`` is what goes in ANUVAD_MT_OPENAI_URL. The fake translation is the MT double's:
``"[<target>] <text>"`` with the target read from the system prompt's "into <Language>"
line, so every character of every script and every placeholder comes back exactly.

Faults are programmed per test, thread-safely, as a queue of forced answers for the next
completions: ``fail_next(429, retry_after=7)``, ``fail_next(500)``, ``malformed_next()``,
``drop_ids_next()`` (the last segment left out), ``extra_ids_next()``,
``wrap_next("fence" | "prose")`` (the JSON inside a Markdown fence or between sentences);
``drop_ids_over(n)`` leaves out the last segment of every batch longer than n; plus
``set_latency(seconds)`` and ``hang()`` until ``unblock()`` or ``stop()``. Every request
is recorded (path, headers, body) for assertions.

A rating request (the AI check: ``{"pairs": [{"id", "source", "translation"}]}``) is
answered ``{"ratings": [{"id", "score", "reason"}]}``: 2 with a reason when the figures of
source and translation differ, else 5.
"""

from __future__ import annotations

import json
import re
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from translations import languages
from translations.numbers import ascii_numerals

from .http_double import LocalHTTPDouble
from .mt_double import fake_translation

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_INTO = re.compile(r"^into (\w+) \(", re.MULTILINE)
_CODES = {language.name: language.code for language in languages.LANGUAGES}


@dataclass(frozen=True)
class RecordedCall:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)

    @property
    def system(self) -> str:
        return next(
            (m["content"] for m in self.body.get("messages", []) if m["role"] == "system"), ""
        )

    @property
    def segments(self) -> list[dict[str, str]]:
        users = [m for m in self.body.get("messages", []) if m["role"] == "user"]
        return json.loads(users[-1]["content"])["segments"] if users else []

    @property
    def pairs(self) -> list[dict[str, str]]:
        """The (source, translation) pairs of a rating request; [] for a translation."""
        users = [m for m in self.body.get("messages", []) if m["role"] == "user"]
        return json.loads(users[-1]["content"]).get("pairs", []) if users else []

    @property
    def texts(self) -> list[str]:
        return [s["text"] for s in self.segments]


@dataclass(frozen=True)
class Fault:
    status: int = 0
    retry_after: str | None = None
    kind: str = ""  # "malformed", "drop", "extra", "fence", "prose"


class LLMDoubleServer(LocalHTTPDouble):
    """A test double of an OpenAI-compatible server; see the module docstring."""

    thread_name = "llm-double"

    def __init__(self, *, model: str = "double-llm") -> None:
        super().__init__()
        self.model = model
        self._faults: deque[Fault] = deque()
        self._calls: list[RecordedCall] = []
        self._drop_over: int | None = None

    @property
    def base_url(self) -> str:
        return self.root_url + "/v1"

    # ---- faults -------------------------------------------------------------------------

    def fail_next(self, *statuses: int, retry_after: int | str | None = None) -> None:
        with self._lock:
            value = None if retry_after is None else str(retry_after)
            self._faults.extend(Fault(status, value) for status in statuses)

    def _queue(self, kind: str, count: int) -> None:
        with self._lock:
            self._faults.extend(Fault(kind=kind) for _ in range(count))

    def malformed_next(self, count: int = 1) -> None:
        self._queue("malformed", count)

    def drop_ids_next(self, count: int = 1) -> None:
        self._queue("drop", count)

    def extra_ids_next(self, count: int = 1) -> None:
        self._queue("extra", count)

    def wrap_next(self, how: str, count: int = 1) -> None:
        if how not in ("fence", "prose"):
            raise ValueError(how)
        self._queue(how, count)

    def drop_ids_over(self, size: int | None) -> None:
        """Leave out the last segment of every batch of more than ``size`` (None: stop)."""
        with self._lock:
            self._drop_over = size

    def reset(self) -> None:
        with self._lock:
            self._faults.clear()
            self._calls.clear()
            self._latency = 0.0
            self._drop_over = None
        self._released.set()

    # ---- records ------------------------------------------------------------------------

    @property
    def calls(self) -> list[RecordedCall]:
        with self._lock:
            return list(self._calls)

    @property
    def completions(self) -> list[RecordedCall]:
        return [c for c in self.calls if c.path.endswith("/chat/completions")]

    # ---- serving ------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            self._send_json(
                handler, 400, {"error": {"message": "the test double could not read this"}}
            )
            return
        path = handler.path.split("?")[0]
        call = RecordedCall(handler.command, path, dict(handler.headers.items()), body)
        completion = handler.command == "POST" and path == "/v1/chat/completions"
        with self._lock:
            self._calls.append(call)
            fault = self._faults.popleft() if completion and self._faults else None
            latency, drop_over = self._latency, self._drop_over
        if not self._hold(latency):
            return
        if handler.command == "GET" and path == "/v1/models":
            self._send_json(handler, 200, {"object": "list", "data": [{"id": self.model}]})
        elif completion:
            self._complete(handler, call, fault, drop_over)
        else:
            self._send_json(handler, 404, {"error": {"message": f"no {path} here"}})

    def _complete(
        self,
        handler: BaseHTTPRequestHandler,
        call: RecordedCall,
        fault: Fault | None,
        drop_over: int | None,
    ) -> None:
        if fault is not None and fault.status:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            error = {"error": {"message": f"forced {fault.status}"}}
            self._send_json(handler, fault.status, error, headers)
            return
        kind = fault.kind if fault else ""
        try:
            if call.pairs:
                key, items = "ratings", [_rating(p) for p in call.pairs]
            else:
                target = _CODES[_INTO.search(call.system).group(1)]
                key = "translations"
                items = [
                    {"id": s["id"], "text": fake_translation(s["text"], target)}
                    for s in call.segments
                ]
        except (KeyError, ValueError, AttributeError, IndexError, TypeError):
            self._send_json(handler, 400, {"error": {"message": "not the wire contract"}})
            return
        if kind == "drop" or (drop_over is not None and len(items) > drop_over):
            items = items[:-1]
        if kind == "extra":
            items.append({"id": "s999", "text": "[extra]", "score": 5})
        content = json.dumps({key: items}, ensure_ascii=False)
        if kind == "malformed":
            content = f'{{"{key}": [{{"id": "s1", "text": "unfinished'
        elif kind == "fence":
            content = f"```json\n{content}\n```"
        elif kind == "prose":
            content = f"Here are the translations you asked for:\n{content}\nI hope this helps."
        self._send_json(handler, 200, _completion(call, content, self.model))


def _completion(call: RecordedCall, content: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-double",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": call.body.get("model", model),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


def _rating(pair: dict[str, str]) -> dict[str, Any]:
    """The double's review: 2 when the figures of source and translation differ, else 5."""
    source = _NUMBER.findall(ascii_numerals(pair["source"]))
    translation = _NUMBER.findall(ascii_numerals(pair["translation"]))
    if sorted(source) != sorted(translation):
        reason = f"The numbers differ: {', '.join(source)} in the source."
        return {"id": pair["id"], "score": 2, "reason": reason}
    return {"id": pair["id"], "score": 5, "reason": ""}
