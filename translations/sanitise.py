"""Untrusted text (machine output, imports) reduced to plain text: no HTML survives."""

from __future__ import annotations

import html

import nh3


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
