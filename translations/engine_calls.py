"""One engine call as the pipeline makes it: result cache, budget, context, usage.

``run()`` stands in for ``engine.translate()`` wherever the workflow asks an engine:
texts the cache knows are answered from it (and are not requests); the engine is refused
if it has spent its monthly budget; the rest go to the engine with the glossary hints of
each text in the engine context (translations.engines.context), and are kept in the cache
once answered; the requests and characters sent are added to the month's usage, failed
calls included, since a provider bills what it was sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.conf import settings

from . import engine_cache, engine_usage, glossary
from .engines import context as engine_context
from .engines.base import Engine, Translation, metered

Protected = tuple[str, Mapping[str, str]]


def run(
    engine: Engine,
    protected: Sequence[Protected],
    *,
    source: str,
    target: str,
    terms: Sequence[glossary.Term] = (),
) -> list[Translation]:
    """``engine.translate()`` of the texts of ``protected`` (glossary.protect()'s pairs:
    the text sent and its placeholders' renderings), through the cache; raises what the
    engine raises, and EngineOverBudget."""
    texts = [text for text, _ in protected]
    cache = bool(getattr(settings, "ANUVAD_MT_CACHE", True))
    version = engine_cache.glossary_version(source, target) if cache else ""
    results: dict[int, Translation] = (
        engine_cache.lookup(engine, texts, source=source, target=target, version=version)
        if cache
        else {}
    )
    missing = [i for i in range(len(texts)) if i not in results]
    if not missing:
        engine_usage.record(engine.name, cache_hits=len(results))
        return [results[i] for i in range(len(texts))]
    engine_usage.check_budget(engine.name)
    hints = hints_for([protected[i] for i in missing], terms)
    with engine_context.using(hints=hints), metered() as meter:
        try:
            answers = engine.translate([texts[i] for i in missing], source, target)
        finally:
            engine_usage.record(
                engine.name,
                requests=meter.requests,
                characters=meter.characters,
                cache_hits=len(results),
            )
    results.update(zip(missing, answers, strict=True))
    if cache:
        engine_cache.store(
            engine,
            [(texts[i], results[i]) for i in missing],
            source=source,
            target=target,
            version=version,
        )
    return [results[i] for i in range(len(texts))]


def origin_detail(engine: Engine, result: Translation) -> str:
    """Segment.origin_detail of one engine result ("openai", or "openai (cached)")."""
    return engine_cache.origin_detail(engine.name, cached=result.cached)


def hints_for(
    protected: Sequence[Protected], terms: Sequence[glossary.Term]
) -> dict[str, tuple[engine_context.Hint, ...]]:
    """The glossary hints of each text (stripped) as an engine prompt states them: the
    terms its placeholders stand for, terms still written out in it (an inflected form
    protection does not replace), and forbidden renderings of terms it contains."""
    by_rendering: dict[str, glossary.Term] = {}
    for term in terms:
        if not term.forbidden:
            by_rendering.setdefault(term.expected, term)
    out: dict[str, tuple[engine_context.Hint, ...]] = {}
    for text, replacements in protected:
        found: list[engine_context.Hint] = []
        for key, rendering in replacements.items():
            term = by_rendering.get(rendering)
            kind = "keep" if term is None or term.keep else "fixed"
            source = term.source if term is not None else rendering
            found.append(engine_context.Hint(source, rendering, kind, f"{{{key}}}"))
        for term in terms:
            if not glossary.occurrences(
                text, term.source, case_sensitive=term.case_sensitive, suffixed=True
            ):
                continue
            kind = "forbidden" if term.forbidden else "keep" if term.keep else "fixed"
            found.append(engine_context.Hint(term.source, term.expected, kind))
        if found:
            out[text.strip()] = tuple(dict.fromkeys(found))
    return out
