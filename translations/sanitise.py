"""Untrusted text (machine output, imports) reduced to plain text: no HTML survives."""

from __future__ import annotations

import html
import re

import nh3

# Embeddings and overrides (LRE, RLE, PDF, LRO, RLO) reorder the characters that follow
# them and are used to disguise links and file names; isolates and marks stay, as
# Urdu text with English names in it needs them.
_BIDI_OVERRIDES = re.compile("[\u202a-\u202e]")


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
