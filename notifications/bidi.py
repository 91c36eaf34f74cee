"""Bidi isolation for names and titles set into a notice's sentence.

A Latin or Devanagari title inside an Urdu sentence (or an Urdu title inside an English one)
would otherwise take the punctuation and numbers around it into its own direction and
reorder the sentence. Plain text isolates it with FSI…PDI (Unicode's first-strong isolate);
HTML turns those same pairs into ``<bdi>``, so one stored subject serves both.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FSI = "\u2068"  # FIRST STRONG ISOLATE: the inserted text takes its own first letter's direction
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE


def isolate(text: str) -> str:
    """``text`` between FSI and PDI, line by line (a line break ends an isolate in plain
    text); empty lines stay empty."""
    return "\n".join(f"{FSI}{line}{PDI}" if line else "" for line in text.split("\n"))


def without_isolates(text: str) -> str:
    """``text`` with the isolates taken out (for comparing what a reader sees)."""
    return text.replace(FSI, "").replace(PDI, "")


def isolates_as_html(text: str) -> SafeString:
    """``text`` escaped for HTML, each FSI…PDI pair written as ``<bdi>…</bdi>``.

    A PDI with no FSI open is dropped and an FSI left open is closed at the end, so the
    markup is always balanced.
    """
    out: list[str] = []
    depth = 0
    for char in text:
        if char == FSI:
            depth += 1
            out.append("<bdi>")
        elif char == PDI:
            if depth:
                depth -= 1
                out.append("</bdi>")
        else:
            out.append(escape(char))
    out.append("</bdi>" * depth)
    return mark_safe("".join(out))  # noqa: S308 - every character above was escaped
