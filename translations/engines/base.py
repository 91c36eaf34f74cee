"""The engine contract: the exception tree, the Translation result and the batching Engine.

An engine turns a list of texts in one of our languages (en, hi, bn, ur) into the same
number of texts in another. Subclasses say only what is particular to their provider:
``_request()`` (one provider call on one string), ``languages`` (our codes mapped to the
provider's), ``char_limit`` and ``separator``; this module does the rest.

Batching. ``translate()`` sends as few requests as the size limit allows: it packs
consecutive texts greedily, joined by ``separator`` (a newline for every engine here,
because every provider keeps line breaks), which for texts kept in order is the fewest
requests possible. It then splits the answer on the separator and trusts it only if it
gets exactly one non-empty part per text sent. If not (a provider merged two lines, or
dropped a break) the batch is halved and each half sent again, down to one text per
request, where no split is needed. A text that itself contains the separator always
travels alone for that reason.

A single text longer than the limit is cut at the line breaks, then sentence ends, then
spaces it contains; the pieces are translated like any other texts and put back together
with the original whitespace. A stretch with no space in it that is still too long
raises EngineBadResponse, since no cut can be made without breaking a word or a
placeholder.

Whitespace around a text is kept as it was (providers strip it), empty or blank texts
come back unchanged without a request, and placeholders such as ``{1}`` are passed
through exactly as written.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

log = logging.getLogger(__name__)

Timeout = tuple[float, float]

DEFAULT_TIMEOUT: Timeout = (5.0, 30.0)

# One short word per language, for check_reachable().
PROBE_WORDS = {"en": "Hello", "hi": "नमस्ते", "bn": "নমস্কার", "ur": "سلام"}


class EngineError(Exception):
    """An engine could not translate. The message is written for a translator or editor
    to read (it is kept on the variant's audit record) and starts with the engine name."""

    def __init__(self, message: str, *, engine: str = "") -> None:
        super().__init__(message)
        self.engine = engine


class EngineUnavailable(EngineError):
    """No answer: refused connection, timeout or a server error (5xx). May pass."""


class EngineRateLimited(EngineError):
    """The provider asked us to slow down (HTTP 429 or a used-up quota)."""

    def __init__(self, message: str, *, engine: str = "", retry_after: float | None = None):
        super().__init__(message, engine=engine)
        # Seconds the provider asked us to wait, when it said.
        self.retry_after = retry_after


class UnsupportedLanguagePair(EngineError):
    """The engine does not translate between these two languages."""


class EngineBadResponse(EngineError):
    """The provider answered, but with nothing usable (malformed body, lines lost)."""


class EngineNotConfigured(EngineError):
    """A key, URL or program the engine needs is missing or was refused."""


class EngineOverBudget(EngineError):
    """The engine has used up this month's budget (settings.ANUVAD_MT_BUDGETS)."""


@dataclass(frozen=True)
class Translation:
    text: str
    # Words the engine could not translate and left as they were (Apertium marks them).
    unknown: tuple[str, ...] = ()
    # Taken from the engine result cache (translations.engine_cache), not asked again.
    cached: bool = False


@dataclass
class Meter:
    """What an engine sent to its provider while metered(): what the provider bills."""

    requests: int = 0
    characters: int = 0


_METER: ContextVar[Meter | None] = ContextVar("anuvad_mt_meter", default=None)


@contextmanager
def metered() -> Iterator[Meter]:
    """Count the provider requests (and the characters they carry) of the ``with`` block."""
    meter = Meter()
    token = _METER.set(meter)
    try:
        yield meter
    finally:
        _METER.reset(token)


def count_request(text: str) -> None:
    """Note one provider request carrying ``text`` (for an engine that sends its own)."""
    meter = _METER.get()
    if meter is not None:
        meter.requests += 1
        meter.characters += len(text)


def timeout_setting(value: Any = None) -> Timeout:
    """A (connect, read) timeout in seconds from ``value`` or settings.ANUVAD_MT_TIMEOUT."""
    if value is None:
        try:
            value = settings.ANUVAD_MT_TIMEOUT
        except (ImproperlyConfigured, AttributeError):
            # deep-translator used where Django has no settings (a script): still a timeout.
            value = DEFAULT_TIMEOUT
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = (value, value)
    try:
        connect, read = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ImproperlyConfigured(
            f"ANUVAD_MT_TIMEOUT must be (connect, read) seconds, not {value!r}."
        ) from None
    if connect <= 0 or read <= 0:
        raise ImproperlyConfigured(f"ANUVAD_MT_TIMEOUT must be positive, not {value!r}.")
    return connect, read


def seconds(value: float) -> str:
    """``30.0`` → "30", ``0.5`` → "0.5": how a timeout reads in a message."""
    return f"{value:g}"


@dataclass
class _Unit:
    """One string to send: a whole text, or a piece of one too long to send whole."""

    index: int  # position of its text in translate()'s input
    text: str  # stripped; what goes to the provider
    glue: str = ""  # whitespace that followed this piece inside its text
    alone: bool = False  # contains the separator, so it cannot share a request


_SENTENCE_END = re.compile(r"(?<=[.!?।॥۔؟…])\s+")
_SPACES = re.compile(r"\s+")


def _cut(text: str, pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    """``text`` cut where ``pattern`` matches: (piece, the matched glue after it) pairs."""
    pieces: list[tuple[str, str]] = []
    start = 0
    for match in pattern.finditer(text):
        piece = text[start : match.start()]
        if piece:
            pieces.append((piece, match.group()))
        elif pieces:  # two separators in a row: keep the glue, drop the empty piece
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + match.group())
        start = match.end()
    pieces.append((text[start:], ""))
    return pieces


class Engine:
    """Base of every engine; see the module docstring for what it does for subclasses."""

    name: ClassVar[str] = ""
    display_name: ClassVar[str] = ""
    # Most characters one request may carry; _fits() may add a provider's own measure.
    char_limit: ClassVar[int] = 5000
    separator: ClassVar[str] = "\n"
    # Our language code → the provider's. supports() offers every pair of two of these.
    languages: ClassVar[Mapping[str, str]] = {}
    # Options accepted from settings.ANUVAD_MT_ENGINES[name] besides "class", with their
    # defaults. Every engine also takes "timeout" (else settings.ANUVAD_MT_TIMEOUT).
    option_defaults: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, **options: Any) -> None:
        accepted = {**self.option_defaults, "timeout": None}
        unknown = sorted(set(options) - set(accepted))
        if unknown:
            # Silently ignoring a misspelt option would leave an engine half-configured.
            raise ImproperlyConfigured(
                f"ANUVAD_MT_ENGINES[{self.name!r}] has unknown option(s) {', '.join(unknown)};"
                f" {type(self).__name__} accepts: {', '.join(sorted(accepted))}."
            )
        self.options: dict[str, Any] = {**accepted, **options}
        self.timeout: Timeout = timeout_setting(self.options["timeout"])

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    # ---- what subclasses may override ---------------------------------------------------

    # Options the engine cannot work without, each with the variable that sets it.
    required: ClassVar[dict[str, str]] = {}

    def configured(self) -> tuple[bool, str]:
        """(True, "") when the engine has what it needs, else (False, the reason)."""
        for option, variable in self.required.items():
            if not self.options.get(option):
                return False, f"{variable} is not set"
        return True, ""

    def supports(self, source: str, target: str) -> bool:
        """Whether the engine translates from ``source`` to ``target`` (our codes)."""
        return source != target and source in self.languages and target in self.languages

    @property
    def model_name(self) -> str:
        """Which model or data the engine translates with, when it has a choice ("" if not):
        part of the result cache's key, so a new model is asked afresh."""
        return ""

    def _request(self, text: str, source: str, target: str) -> str:
        """One provider call: ``text`` (already within the limit) translated, or raise."""
        raise NotImplementedError

    def _send(self, text: str, source: str, target: str) -> str:
        count_request(text)
        return self._request(text, source, target)

    def _fits(self, text: str) -> bool:
        """Whether ``text`` is small enough to go in one request."""
        return len(text) <= self.char_limit

    def _finish(self, text: str) -> Translation:
        """The provider's answer for one piece, as a Translation."""
        return Translation(text)

    # ---- the contract -------------------------------------------------------------------

    def translate(self, texts: list[str], source: str, target: str) -> list[Translation]:
        """``texts`` translated, same length and order; blank texts come back unchanged."""
        self._check_ready(source, target)
        results: list[Translation | None] = [None] * len(texts)
        units: list[_Unit] = []
        for index, text in enumerate(texts):
            core = text.strip()
            if not core:
                results[index] = Translation(text)
            elif self._fits(core):
                units.append(_Unit(index, core, alone=self.separator in core))
            else:
                units.extend(_Unit(index, piece, glue) for piece, glue in self._split_long(core))

        answers: dict[int, str] = {}  # id(unit) → its translation
        for batch in self._batches(units):
            translated = self._translate_batch([u.text for u in batch], source, target)
            answers.update((id(u), t) for u, t in zip(batch, translated, strict=True))

        parts: dict[int, list[tuple[Translation, str]]] = {}
        for unit in units:
            parts.setdefault(unit.index, []).append((self._finish(answers[id(unit)]), unit.glue))
        for index, pieces in parts.items():
            text = texts[index]
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            body = "".join(t.text + glue for t, glue in pieces)
            unknown = tuple(dict.fromkeys(w for t, _ in pieces for w in t.unknown))
            results[index] = Translation(lead + body + trail, unknown)
        final = [r for r in results if r is not None]
        assert len(final) == len(texts)  # every text is either blank or has its parts
        return final

    def check_reachable(self) -> tuple[bool, str]:
        """One tiny real request with a short timeout: (True, what was checked) or
        (False, why not). For ``manage.py mt_status``."""
        configured, reason = self.configured()
        if not configured:
            return False, reason
        pair = self._probe_pair()
        if pair is None:
            return False, f"{self.name} translates none of Anuvad's language pairs"
        source, target = pair
        connect, read = self.timeout
        # A fresh instance rather than a changed timeout: this one may be shared by threads.
        probe = type(self)(**{**self.options, "timeout": (min(connect, 3.0), min(read, 10.0))})
        try:
            probe._request(PROBE_WORDS[source], source, target)
        except EngineError as exc:
            return False, str(exc)
        return True, f"translated a word {source}>{target}"

    # ---- machinery ----------------------------------------------------------------------

    def _check_ready(self, source: str, target: str) -> None:
        # Configuration first: an engine missing its program or key may not know its pairs.
        configured, reason = self.configured()
        if not configured:
            raise EngineNotConfigured(f"{self.name}: {reason}", engine=self.name)
        if not self.supports(source, target):
            raise UnsupportedLanguagePair(
                f"{self.name}: does not translate {source}>{target}", engine=self.name
            )

    def _probe_pair(self) -> tuple[str, str] | None:
        codes = list(PROBE_WORDS)
        candidates = [("en", "hi")] + [(s, t) for s in codes for t in codes if s != t]
        return next((p for p in candidates if self.supports(*p)), None)

    def _batches(self, units: list[_Unit]) -> list[list[_Unit]]:
        """Consecutive units packed greedily into requests that fit."""
        batches: list[list[_Unit]] = []
        current: list[_Unit] = []
        for unit in units:
            if unit.alone:
                batches.append([unit])
                continue
            if current and self._fits(self.separator.join([*(u.text for u in current), unit.text])):
                current.append(unit)
                continue
            if current:
                batches.append(current)
            current = [unit]
        if current:
            batches.append(current)
        return batches

    def _translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        """Translations of ``texts`` sent joined in one request, or in halves if the
        answer does not split back into exactly one part per text."""
        if len(texts) == 1:
            answer = self._send(texts[0], source, target).strip()
            if not answer:
                raise EngineBadResponse(f"{self.name}: the answer was empty", engine=self.name)
            return [answer]
        answer = self._send(self.separator.join(texts), source, target)
        parts = self._split_answer(answer, len(texts))
        if parts is not None:
            return parts
        log.warning(
            "%s: a batch of %d texts did not come back as %d parts; sending it in halves",
            self.name,
            len(texts),
            len(texts),
        )
        half = len(texts) // 2
        return self._translate_batch(texts[:half], source, target) + self._translate_batch(
            texts[half:], source, target
        )

    def _split_answer(self, answer: str, count: int) -> list[str] | None:
        parts = [p.strip() for p in answer.replace("\r\n", "\n").split(self.separator)]
        if len(parts) != count or not all(parts):
            return None
        return parts

    def _split_long(self, text: str) -> list[tuple[str, str]]:
        """A text too long for one request as (piece, glue) pairs, each piece fitting.

        Pieces are as large as the limit allows but never join across the separator,
        so each can share a request with others.
        """
        levels = [re.compile(r"\s*" + re.escape(self.separator) + r"\s*"), _SENTENCE_END, _SPACES]
        merged: list[tuple[str, str]] = []
        for atom, glue in self._atoms(text, levels):
            if merged and self.separator not in merged[-1][1]:
                previous, previous_glue = merged[-1]
                candidate = previous + previous_glue + atom
                if self._fits(candidate):
                    merged[-1] = (candidate, glue)
                    continue
            merged.append((atom, glue))
        return merged

    def _atoms(self, text: str, levels: list[re.Pattern[str]]) -> list[tuple[str, str]]:
        if self._fits(text):
            return [(text, "")]
        if not levels:
            raise EngineBadResponse(
                f"{self.name}: a text has {len(text):,} characters without a space, more than"
                f" one request to the service can carry ({self.char_limit:,})",
                engine=self.name,
            )
        atoms: list[tuple[str, str]] = []
        for piece, glue in _cut(text, levels[0]):
            sub = self._atoms(piece, levels[1:])
            sub[-1] = (sub[-1][0], sub[-1][1] + glue)
            atoms.extend(sub)
        return atoms
