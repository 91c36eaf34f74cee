"""Untrusted text reduced to plain text: no HTML, no invisible controls.

One rule for every way text comes in. People (desk, API, PO files, archives) are refused
text with invisible control characters, named, so they can see what to remove; machine
output (engines, memory) has them dropped. Either way what is stored is what reviewers
and readers see.
"""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

# Embeddings and overrides (LRE, RLE, PDF, LRO, RLO) reorder the characters that follow
# them and are used to disguise links and file names; isolates and marks stay, as
# Urdu text with English names in it needs them.
_BIDI_OVERRIDES = re.compile("[\u202a-\u202e]")


# Characters no stored text may hold: control characters (category Cc) other than line
# break and tab, the bidi embeddings, overrides and isolates (they make a sentence read
# differently from what it says), and the Unicode line and paragraph separators. LRM/RLM
# and ZWNJ/ZWJ are ordinary in Urdu, Hindi and Bengali and stay.
_BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\n\t]")


def forbidden_characters(text: str, *, single_line: bool = False) -> list[str]:
    """The invisible characters ``text`` may not hold, each named once ("U+202E RIGHT-TO-LEFT
    OVERRIDE"), in code point order; [] when it is clean. ``single_line``: a title, byline
    or dateline, where a line break or tab is refused too."""
    found = set(_FORBIDDEN.findall(text))
    if single_line:
        found |= set(_LINE_BREAKS.findall(text))
    return [_name(ch) for ch in sorted(found)]


def drop_forbidden(text: str) -> str:
    """``text`` without the characters ``forbidden_characters`` names (for machine output)."""
    return _FORBIDDEN.sub("", text)


def clean_machine_text(text: str) -> str:
    """Engine or memory output as it may be stored: plain text, no invisible controls."""
    return drop_forbidden(plain_text(text)).strip()


def _name(ch: str) -> str:
    return f"U+{ord(ch):04X}" + (f" {unicodedata.name(ch)}" if unicodedata.name(ch, "") else "")


def strip_bidi_overrides(text: str) -> str:
    return _BIDI_OVERRIDES.sub("", text)


def plain_text(text: str) -> str:
    """Drop every tag (and the content of script/style), keep the words as plain text.

    Unescaping can reveal tags that were escaped in the input ("&lt;script&gt;"), so the
    cleaning repeats until the text no longer changes.
    """
    for _ in range(5):
        cleaned = html.unescape(nh3.clean(text, tags=set()))
        if cleaned == text:
            return cleaned
        text = cleaned
    return html.escape(text, quote=False)
