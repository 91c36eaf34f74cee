"""What an engine may know beyond the texts: the statement they come from, and the glossary.

Engines share one signature, ``translate(texts, source, target)``; most ignore everything
else. An engine that can use more (the ``openai`` engine puts it in its prompt) reads
``current()``. The pipeline sets the statement with ``about()`` around its work, and the
call wrapper (translations.engine_calls) adds the glossary hints of the texts it sends.
A ContextVar belongs to the thread (and asyncio task) that set it, so engines shared by
several threads never see each other's statements.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Literal

HintKind = Literal["keep", "fixed", "forbidden"]


@dataclass(frozen=True)
class Hint:
    """One glossary term as a prompt states it."""

    source: str  # the term as the source text has it
    rendering: str  # what the translation must say (keep: the term; forbidden: must not)
    kind: HintKind
    # "{3}" when the text carries the term as that placeholder, "" when it is written out.
    placeholder: str = ""


@dataclass(frozen=True)
class Context:
    title: str = ""
    summary: str = ""
    # Glossary hints by text as sent (stripped); see hints_for().
    hints: Mapping[str, tuple[Hint, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def hints_for(self, text: str) -> tuple[Hint, ...]:
        """The hints of ``text``, or of the text it is a piece of (a text too long for one
        request is sent in pieces): those of its placeholders and written-out terms."""
        text = text.strip()
        found = self.hints.get(text)
        if found is not None:
            return found
        for whole, hints in self.hints.items():
            if text and text in whole:
                return tuple(h for h in hints if (h.placeholder or h.source) in text)
        return ()


_EMPTY = Context()
_CURRENT: ContextVar[Context | None] = ContextVar("anuvad_mt_context", default=None)


def current() -> Context:
    """The context of the engine call being made (empty outside one)."""
    return _CURRENT.get() or _EMPTY


@contextmanager
def using(**changes: Any) -> Iterator[Context]:
    """The current context with ``changes`` (Context's fields) for the ``with`` block."""
    context = replace(current(), **changes)
    token = _CURRENT.set(context)
    try:
        yield context
    finally:
        _CURRENT.reset(token)


def about(*, title: str = "", summary: str = "") -> Any:
    """The statement being translated, for the ``with`` block: ``with about(title=...)``."""
    return using(title=title or "", summary=summary or "")
