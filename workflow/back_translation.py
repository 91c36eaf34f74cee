"""Back-translation for reviewers: a version's sentences carried back by the engine chain.

An editor approving Urdu may not read Urdu. Each sentence of the version is translated by
machine into a language the reviewer reads, shown beside its source, and compared with the
source in the source language, so that a sentence whose meaning drifted is marked for a
closer look. Nothing here is written to the database: a back-translation is never a
translation of the statement and never enters the memory. Engine answers are kept a short
while in Django's cache (ANUVAD_BACK_TRANSLATION_CACHE_SECONDS), so reopening the panel or
switching languages back does not pay the engines twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from dataclasses import dataclass, field
from time import monotonic

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz
from redis.exceptions import RedisError

from translations import engine_calls, glossary, languages, segmentation
from translations.engines import breaker, registry
from translations.engines.base import Engine, EngineError
from translations.normalise import tokens
from translations.sanitise import clean_machine_text

from . import permissions
from .exceptions import InvalidInput
from .messages import render
from .models import Segment, Variant

log = logging.getLogger(__name__)

# What a cache that stops answering raises (config/cache.py): the panel works without it.
_CACHE_AWAY = (RedisError, OSError)
_NO_TIME_LEFT = _("%(engine)s: not asked, the time for a back-translation was spent; try again")


@dataclass(frozen=True)
class Failure:
    """Why the engines could not carry the sentences from one language into another."""

    source: languages.Language
    target: languages.Language
    # The engine's own words (they start with its name), or why no engine was asked.
    message: str
    # Engines speak English; our own reasons are in the interface language.
    message_language: str = "en"

    @classmethod
    def ours(
        cls,
        source: languages.Language,
        target: languages.Language,
        message: str | Promise,
        params: dict | None = None,
    ) -> Failure:
        """A reason of our own, in the interface language."""
        language = (get_language() or "en").split("-")[0]
        return cls(source, target, render(message, params), language)


@dataclass(frozen=True)
class Line:
    segment: Segment
    text: str  # the back-translation into the reader's language; "" when there is none
    engine: str  # the engine that gave it
    # Similarity of the source and its back-translation into the source language (0-100);
    # None when either is missing.
    similarity: float | None
    drifted: bool

    @property
    def score(self) -> int | None:
        return None if self.similarity is None else round(self.similarity)


@dataclass(frozen=True)
class Offer:
    """What the review page offers: the languages to read a version back in, and the first."""

    languages: list[languages.Language]
    default: str


@dataclass
class BackTranslation:
    variant: Variant
    language: languages.Language  # the reader's
    source_language: languages.Language
    threshold: int
    lines: list[Line] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def translated(self) -> int:
        return sum(1 for line in self.lines if line.text)

    @property
    def drifted(self) -> int:
        return sum(1 for line in self.lines if line.drifted)

    @property
    def measured(self) -> int:
        return sum(1 for line in self.lines if line.similarity is not None)


def reading_languages(variant: Variant) -> list[str]:
    """The languages a version can be read back in: every one of ours but its own."""
    return [code for code in languages.CODES if code != variant.language]


def offer(variant: Variant, user: AbstractBaseUser, interface_language: str) -> Offer | None:
    """The back-translation the review page offers ``user``, or None (not theirs to ask for,
    or the source itself). The interface language comes first, else the source language."""
    if variant.is_source or not permissions.may_back_translate(user, variant):
        return None
    codes = reading_languages(variant)
    default = interface_language if interface_language in codes else None
    return Offer(
        [languages.get(code) for code in codes],
        default or variant.statement.source_language,
    )


def back_translate(*, variant: Variant, actor: AbstractBaseUser, language: str) -> BackTranslation:
    """Every sentence of ``variant`` translated back into ``language``, with drift marked.

    Refuses (NotPermitted) anyone who may not review the version and (InvalidInput) the
    source version or a language it cannot be read back in. Engine failures do not raise:
    they are in ``failures``, and the sentences they left out have no text.
    """
    permissions.may_back_translate(actor, variant).require()
    if variant.is_source:
        raise InvalidInput(_("The source version has nothing to translate back."))
    if language not in reading_languages(variant):
        raise InvalidInput(_("Choose one of the languages offered for the back-translation."))
    source = variant.statement.source_language
    result = BackTranslation(
        variant=variant,
        language=languages.get(language),
        source_language=languages.get(source),
        threshold=settings.ANUVAD_BACK_TRANSLATION_DRIFT_BELOW,
    )
    segments = list(variant.segments.order_by("position"))
    texts = list(dict.fromkeys(s.target for s in segments if s.target.strip()))
    walk = _Walk(result.failures, monotonic() + settings.ANUVAD_BACK_TRANSLATION_SECONDS)
    back = walk.translate(texts, source=variant.language, target=language)
    # Meaning is compared in one language: the source's, carried there too when the
    # reader reads another one.
    compared = back if language == source else walk.translate(texts, variant.language, source)
    for segment in segments:
        text, engine = back.get(segment.target, ("", ""))
        again = compared.get(segment.target)
        score = similarity(segment.source, again[0]) if again else None
        result.lines.append(
            Line(segment, text, engine, score, score is not None and score < result.threshold)
        )
    return result


def similarity(one: str, other: str) -> float:
    """How alike two sentences of one language read, 0-100: rapidfuzz's token-sort ratio on
    their normalised, case-folded words, so word order, punctuation, digits of another script
    and typing variants do not count as a change of meaning."""
    return fuzz.token_sort_ratio(" ".join(tokens(one)), " ".join(tokens(other)))


@dataclass
class _Walk:
    """Engine chains walked for one back-translation, within its time (a deadline from
    time.monotonic()); what each engine that failed said is added to ``failures``."""

    failures: list[Failure]
    deadline: float

    def translate(self, texts: list[str], source: str, target: str) -> dict[str, tuple[str, str]]:
        """``texts`` through the engine chain of the pair, glossary terms protected as in
        pre-translation: {text: (translation, engine name)} for those translated.

        The first engine that answers gives every text, as pre-translation's chain walk
        does. Answers are cached briefly, so only texts not seen lately go to an engine.
        """
        if not texts:
            return {}
        pair = (languages.get(source), languages.get(target))
        if not settings.ANUVAD_MT_ENABLED:
            self.failures.append(
                Failure.ours(*pair, _("machine translation is turned off on this site"))
            )
            return {}
        chain = registry.chain(source, target)
        if not chain:
            self.failures.append(
                Failure.ours(*pair, _("no machine-translation engine is configured for it"))
            )
            return {}
        terms = glossary.terms_for(source, target)
        protected = {t: glossary.protect(t, terms, first_id=_next_placeholder(t)) for t in texts}
        names = ",".join(engine.name for engine in chain)
        keys = {t: _cache_key(source, target, names, *protected[t]) for t in texts}
        found: dict[str, tuple[str, str]] = {}
        with contextlib.suppress(*_CACHE_AWAY):
            cached = cache.get_many(list(keys.values()))
            found = {t: tuple(cached[k]) for t, k in keys.items() if k in cached}
        missing = [t for t in texts if t not in found]
        for engine in chain if missing else ():
            left = self.deadline - monotonic()
            if left < 1:
                self.failures.append(Failure.ours(*pair, _NO_TIME_LEFT, {"engine": engine.name}))
                break
            opening = breaker.blocked(engine.name)
            if opening is not None:  # found away by another task: not asked again yet
                self.failures.append(Failure(*pair, f"{engine.name}: skipped ({opening.reason})"))
                continue
            try:
                # Through the engine cache, usage count and budget, as pre-translation.
                results = engine_calls.run(
                    _within(engine, left),
                    [protected[t] for t in missing],
                    source=source,
                    target=target,
                    terms=terms,
                )
            except EngineError as exc:
                log.info("back-translation %s→%s: %s failed: %s", source, target, engine, exc)
                self.failures.append(Failure(*pair, str(exc)))
                breaker.failed(engine.name, exc)
                continue
            except Exception as exc:  # a provider library's surprise must not break review
                log.exception("back-translation %s→%s: %s failed", source, target, engine)
                self.failures.append(Failure(*pair, f"{engine.name}: {type(exc).__name__}"))
                continue
            breaker.answered(engine.name)
            fresh = {}
            for text, result in zip(missing, results, strict=True):
                translated = clean_machine_text(glossary.restore(result.text, protected[text][1]))
                if translated:
                    fresh[text] = (translated, engine.name)
            with contextlib.suppress(*_CACHE_AWAY):
                cache.set_many(
                    {keys[t]: list(v) for t, v in fresh.items()},
                    settings.ANUVAD_BACK_TRANSLATION_CACHE_SECONDS,
                )
            return {**found, **fresh}
        return found


def _within(engine: Engine, seconds: float) -> Engine:
    """The engine as configured, but waiting no longer than ``seconds`` for an answer."""
    seconds = float(int(seconds))  # whole seconds: the engine's messages quote them
    connect, read = engine.timeout
    if connect <= seconds and read <= seconds:
        return engine
    # A new instance, not a changed timeout: the registry's is shared by threads.
    return type(engine)(
        **{**engine.options, "timeout": (min(connect, seconds), min(read, seconds))}
    )


def _next_placeholder(text: str) -> int:
    return max((int(i) for i in segmentation.placeholder_ids(text)), default=0) + 1


def _cache_key(source: str, target: str, engines: str, text: str, terms: dict) -> str:
    what = json.dumps([source, target, engines, text, terms], ensure_ascii=False, sort_keys=True)
    return "backtranslation:" + hashlib.blake2b(what.encode(), digest_size=16).hexdigest()
