"""The engine result cache: a text an engine has translated is not sent (or paid for) again.

Keyed by (engine, model, pair, normalised text as sent, glossary version): the text is
folded as the memory's exact key is (normalise.source_hash), so a sentence retyped with
other quotes or spacing is the same sentence; the glossary version changes whenever a term
of the pair is added, changed or removed, since terms change both what is sent and what
the answer must say. A hit is labelled as cached wherever its origin is shown.

The statement a sentence came from is not part of the key: the same sentence in another
statement is answered from the cache, though an engine that reads the statement as
context (openai) might have worded it a little differently there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.db.models import Count, Max, Q

from . import normalise
from .engines.base import Engine, Translation
from .models import EngineResult, GlossaryTerm

# How a cached engine result is named in Segment.origin_detail ("openai (cached)").
CACHED_SUFFIX = " (cached)"


def glossary_version(source: str, target: str) -> str:
    """A short digest that changes whenever a glossary term of the pair changes: how many
    there are and when the latest changed (one aggregate query)."""
    found = GlossaryTerm.objects.filter(
        Q(source_language=source) & Q(target_language__in=("", target))
    ).aggregate(count=Count("pk"), latest=Max("updated_at"))
    latest = found["latest"].isoformat() if found["latest"] else ""
    return hashlib.blake2b(f"{found['count']}|{latest}".encode(), digest_size=8).hexdigest()


def _key(engine: Engine, source: str, target: str, version: str) -> dict[str, str]:
    return {
        "engine": engine.name,
        "model": engine.model_name[:200],
        "source_language": source,
        "target_language": target,
        "glossary_version": version,
    }


def lookup(
    engine: Engine, texts: Sequence[str], *, source: str, target: str, version: str
) -> dict[int, Translation]:
    """Cached translations of ``texts`` by position (only the ones found), each with the
    whitespace of the text asked for, marked ``cached``."""
    hashes = {i: normalise.source_hash(t) for i, t in enumerate(texts) if t.strip()}
    if not hashes:
        return {}
    rows = EngineResult.objects.filter(
        **_key(engine, source, target, version), source_hash__in=set(hashes.values())
    ).values_list("source_hash", "text", "unknown")
    found = {h: (text, tuple(unknown or ())) for h, text, unknown in rows}
    out: dict[int, Translation] = {}
    for index, digest in hashes.items():
        if digest in found:
            text, unknown = found[digest]
            asked = texts[index]
            lead = asked[: len(asked) - len(asked.lstrip())]
            trail = asked[len(asked.rstrip()) :]
            out[index] = Translation(lead + text + trail, unknown, cached=True)
    return out


def store(
    engine: Engine,
    results: Sequence[tuple[str, Translation]],
    *,
    source: str,
    target: str,
    version: str,
) -> None:
    """Keep (text sent, translation) pairs; a text already kept is left as it is."""
    key = _key(engine, source, target, version)
    rows = {
        normalise.source_hash(text): EngineResult(
            **key,
            source_hash=normalise.source_hash(text),
            source_text=text.strip(),
            text=result.text.strip(),
            unknown=list(result.unknown),
        )
        for text, result in results
        if text.strip() and result.text.strip()
    }
    EngineResult.objects.bulk_create(rows.values(), ignore_conflicts=True)


def origin_detail(name: str, *, cached: bool) -> str:
    """Segment.origin_detail for an engine's output: its name, marked when cached."""
    return f"{name}{CACHED_SUFFIX}" if cached else name


def parse_detail(detail: str) -> tuple[str, bool]:
    """(engine name, whether cached) from an origin_detail written by origin_detail()."""
    if detail.endswith(CACHED_SUFFIX):
        return detail[: -len(CACHED_SUFFIX)], True
    return detail, False
