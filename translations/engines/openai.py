"""An LLM through any OpenAI-compatible chat-completions server (vLLM, Ollama, llama.cpp's
server, LiteLLM, or a hosted one): ANUVAD_MT_OPENAI_URL, ANUVAD_MT_OPENAI_MODEL.

Wire contract, so any server (and our test double) agrees with us: one POST to
``<url>/chat/completions`` per batch, whose last user message is exactly one JSON object
``{"segments": [{"id": "s1", "text": "..."}, ...]}``; the answer's
``choices[0].message.content`` must be one JSON object
``{"translations": [{"id": "s1", "text": "..."}, ...]}`` (asked for with
``response_format: {"type": "json_object"}``). A reply inside a Markdown code fence, or
with prose around a single JSON object, is accepted; two candidate objects are not.

Every id must come back once, with a non-empty text. Anything else (unparsable content,
an id missing, an extra or repeated one, a reply cut off at the token limit) fails the
batch as EngineBadResponse; the batch is then halved and each half sent again, down to
one segment, and only then does the chain move on to its next engine. Connection errors,
timeouts and 5xx are EngineUnavailable; 429 is EngineRateLimited with Retry-After; a
refused key (401/403) is EngineNotConfigured.

The system message (translations.engines.prompt) carries the languages and scripts, the
statement's title and summary, the register for the target language, the glossary terms
of the batch and the placeholder rule; context and glossary hints come from
translations.engines.context.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings

from translations.languages import CODES

from . import context as engine_context
from .base import (
    Engine,
    EngineBadResponse,
    EngineError,
    _Unit,
    count_request,
)
from .online import http_failure, transport_failure
from .prompt import rating_prompt, system_prompt

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rating:
    """The model's judgement of one translation: 1 (wrong) to 5 (right), and why."""

    score: int
    reason: str


_FENCE = re.compile(r"```[ \t]*(?:json|JSON)?[ \t]*\n?(.*?)```", re.DOTALL)


class OpenAIEngine(Engine):
    """Options: ``url`` (the base, e.g. http://127.0.0.1:11434/v1), ``model``, ``api_key``
    (sent as a Bearer token when set), ``batch_size`` (most segments a request),
    ``char_limit`` (most characters of source a request), ``temperature``, and
    ``register``: instructions per target language (else settings.ANUVAD_MT_REGISTER)."""

    name = "openai"
    display_name = "LLM (OpenAI-compatible)"
    char_limit = 6000
    languages = {code: code for code in CODES}
    option_defaults = {
        "url": "",
        "model": "",
        "api_key": "",
        "batch_size": 20,
        "char_limit": 6000,
        "temperature": 0.0,
        "register": None,
    }
    required = {"url": "ANUVAD_MT_OPENAI_URL", "model": "ANUVAD_MT_OPENAI_MODEL"}

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.char_limit = int(self.options["char_limit"])  # type: ignore[misc]
        self.batch_size = max(1, int(self.options["batch_size"]))

    @property
    def model_name(self) -> str:
        # The register instructions change the answers as a new model would: a site that
        # rewrites them gets fresh translations rather than the cache's.
        register = json.dumps(dict(self.register), sort_keys=True, ensure_ascii=False)
        digest = hashlib.blake2b(register.encode(), digest_size=4).hexdigest()
        return f"{self.options['model']} register:{digest}"

    @property
    def register(self) -> Mapping[str, str]:
        chosen = self.options["register"]
        if chosen is None:
            chosen = getattr(settings, "ANUVAD_MT_REGISTER", None) or {}
        return chosen

    def _endpoint(self, path: str) -> str:
        return self.options["url"].rstrip("/") + path

    def _headers(self) -> dict[str, str]:
        key = self.options["api_key"]
        return {"Authorization": f"Bearer {key}"} if key else {}

    # ---- batching: a batch is a JSON list of segments -----------------------------------

    def _batches(self, units: list[_Unit]) -> list[list[_Unit]]:
        """Consecutive units, at most batch_size and char_limit characters a request.

        Line breaks need no care here: each segment travels as its own JSON string.
        """
        batches: list[list[_Unit]] = []
        current: list[_Unit] = []
        size = 0
        for unit in units:
            if current and (
                len(current) >= self.batch_size or size + len(unit.text) > self.char_limit
            ):
                batches.append(current)
                current, size = [], 0
            current.append(unit)
            size += len(unit.text)
        if current:
            batches.append(current)
        return batches

    def _translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        try:
            return self._ask(texts, source, target)
        except EngineBadResponse as exc:
            if len(texts) == 1:
                raise
            log.warning("%s; sending the batch of %d in halves", exc, len(texts))
        half = len(texts) // 2
        return self._translate_batch(texts[:half], source, target) + self._translate_batch(
            texts[half:], source, target
        )

    def _request(self, text: str, source: str, target: str) -> str:
        return self._ask([text], source, target)[0]

    # ---- one request --------------------------------------------------------------------

    def payload(self, texts: list[str], source: str, target: str) -> dict[str, Any]:
        """The chat-completions request body for one batch."""
        ids = segment_ids(len(texts))
        context = engine_context.current()
        hints = {i: context.hints_for(t) for i, t in zip(ids, texts, strict=True)}
        prompt = system_prompt(
            source=source,
            target=target,
            register=self.register,
            context=context,
            hints={i: h for i, h in hints.items() if h},
        )
        segments = [{"id": i, "text": t} for i, t in zip(ids, texts, strict=True)]
        return {
            "model": self.options["model"],
            "messages": [
                {"role": "system", "content": prompt},
                {"role": "user", "content": json.dumps({"segments": segments}, ensure_ascii=False)},
            ],
            "response_format": {"type": "json_object"},
            "temperature": self.options["temperature"],
            "stream": False,
        }

    def _ask(self, texts: list[str], source: str, target: str) -> list[str]:
        body = self.payload(texts, source, target)
        count_request("".join(texts))
        url = self._endpoint("/chat/completions")
        response = self._http("POST", url, json=body)
        try:
            data = response.json()
            choice = data["choices"][0]
            content = choice["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise self._bad("the answer is not a chat completion") from None
        if not isinstance(content, str):
            raise self._bad("the answer holds no message text")
        if choice.get("finish_reason") == "length":
            raise self._bad("the answer was cut off at the model's length limit")
        return self._translations(content, segment_ids(len(texts)))

    def _translations(self, content: str, ids: list[str]) -> list[str]:
        found = reply_object(content)
        if found is None:
            raise self._bad("the answer holds no single JSON object")
        items = found.get("translations")
        if not isinstance(items, list):
            raise self._bad('the answer has no "translations" list')
        texts: dict[str, str] = {}
        for item in items:
            if not (
                isinstance(item, dict)
                and isinstance(item.get("id"), str)
                and isinstance(item.get("text"), str)
            ):
                raise self._bad("an item of the answer is not an id and a text")
            if item["id"] in texts:
                raise self._bad(f"the answer repeats {item['id']}")
            texts[item["id"]] = item["text"].strip()
        missing = [i for i in ids if i not in texts]
        extra = [i for i in texts if i not in ids]
        if missing or extra:
            what = []
            if missing:
                what.append(f"lacks {', '.join(missing[:5])}")
            if extra:
                what.append(f"has unasked {', '.join(extra[:5])}")
            raise self._bad(f"the answer {' and '.join(what)}")
        empty = [i for i in ids if not texts[i]]
        if empty:
            raise self._bad(f"the answer left {', '.join(empty[:5])} empty")
        return [texts[i] for i in ids]

    def _bad(self, why: str) -> EngineBadResponse:
        return EngineBadResponse(f"{self.name}: {why}", engine=self.name)

    def _http(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One HTTP exchange, failures mapped onto the engine exceptions as for every
        online engine."""
        try:
            response = requests.request(
                method, url, headers=self._headers(), timeout=self.timeout, **kwargs
            )
        except requests.RequestException as exc:
            raise transport_failure(self.name, exc, url=url, timeout=self.timeout) from None
        if not response.ok:
            raise http_failure(self.name, response)
        return response

    # ---- rating (the optional AI check) --------------------------------------------------

    def rate(self, pairs: Sequence[tuple[str, str]], source: str, target: str) -> list[Rating]:
        """A Rating of each (source, translation) pair, asked batch_size pairs a request."""
        self._check_ready(source, target)
        ratings: list[Rating] = []
        for start in range(0, len(pairs), self.batch_size):
            ratings += self._rate_batch(
                list(pairs[start : start + self.batch_size]), source, target
            )
        return ratings

    def _rate_batch(self, pairs: list[tuple[str, str]], source: str, target: str) -> list[Rating]:
        ids = segment_ids(len(pairs))
        items = [
            {"id": i, "source": s, "translation": t} for i, (s, t) in zip(ids, pairs, strict=True)
        ]
        prompt = rating_prompt(source=source, target=target, context=engine_context.current())
        body = {
            "model": self.options["model"],
            "messages": [
                {"role": "system", "content": prompt},
                {"role": "user", "content": json.dumps({"pairs": items}, ensure_ascii=False)},
            ],
            "response_format": {"type": "json_object"},
            "temperature": 0.0,
            "stream": False,
        }
        count_request("".join(s + t for s, t in pairs))
        response = self._http("POST", self._endpoint("/chat/completions"), json=body)
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise self._bad("the answer is not a chat completion") from None
        found = reply_object(content) if isinstance(content, str) else None
        ratings = found.get("ratings") if found else None
        if not isinstance(ratings, list):
            raise self._bad('the answer has no "ratings" list')
        by_id: dict[str, Rating] = {}
        for item in ratings:
            score = item.get("score") if isinstance(item, dict) else None
            if isinstance(score, str) and score.strip().isdigit():
                score = int(score)
            if not (isinstance(item.get("id"), str) and isinstance(score, int) and 1 <= score <= 5):
                raise self._bad("a rating of the answer is not an id and a score from 1 to 5")
            by_id[item["id"]] = Rating(score, str(item.get("reason") or "").strip()[:300])
        if set(by_id) != set(ids):
            raise self._bad("the answer does not rate exactly the pairs asked")
        return [by_id[i] for i in ids]

    # ---- mt_status ----------------------------------------------------------------------

    def check_reachable(self) -> tuple[bool, str]:
        """GET ``<url>/models``: the server answers and serves the configured model."""
        configured, reason = self.configured()
        if not configured:
            return False, reason
        connect, read = self.timeout
        probe = type(self)(**{**self.options, "timeout": (min(connect, 3.0), min(read, 10.0))})
        try:
            response = probe._http("GET", self._endpoint("/models"))
            listed = [m.get("id") for m in response.json().get("data", []) if isinstance(m, dict)]
        except EngineError as exc:
            return False, str(exc)
        except (ValueError, AttributeError, TypeError):
            return False, f"{self.name}: {self._endpoint('/models')} is not a model list"
        model = self.options["model"]
        if model not in listed:
            offered = ", ".join(str(m) for m in listed[:5]) or "none"
            return False, f"{self.name}: the server does not list the model {model!r} ({offered})"
        return True, f"lists the model {model}"


def segment_ids(count: int) -> list[str]:
    """The ids of a batch's segments: s1, s2, ... (never bare numbers, which a model could
    take for the placeholders {1}, {2})."""
    return [f"s{n}" for n in range(1, count + 1)]


def reply_object(content: str) -> dict[str, Any] | None:
    """The one JSON object of a reply: the whole content, the one in a code fence, or the
    only object in prose that has a "translations" key; None if none or several."""
    text = content.strip()
    whole = _load(text)
    if isinstance(whole, dict):
        return whole
    fenced = [found for block in _FENCE.findall(text) if isinstance(found := _load(block), dict)]
    if len(fenced) == 1:
        return fenced[0]
    if len(fenced) > 1:
        return None
    decoder = json.JSONDecoder()
    objects: list[dict[str, Any]] = []
    position = text.find("{")
    while position != -1:
        try:
            found, end = decoder.raw_decode(text, position)
        except ValueError:
            position = text.find("{", position + 1)
            continue
        if isinstance(found, dict) and "translations" in found:
            objects.append(found)
        position = text.find("{", end)
    return objects[0] if len(objects) == 1 else None


def _load(text: str) -> Any:
    try:
        return json.loads(text.strip())
    except ValueError:
        return None
