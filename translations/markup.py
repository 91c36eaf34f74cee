"""Statement text as Markdown, rendered to HTML that nh3 has reduced to an allowlist."""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

from .sanitise import strip_bidi_overrides

# Raw HTML in the source is shown as text (html=False); nh3 then keeps only these tags and
# attributes, whatever the renderer produced.
TAGS = frozenset(
    {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "h5",
     "h6", "hr", "code", "pre", "del", "table", "thead", "tbody", "tr", "th", "td"}
)  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.enable(["table", "strikethrough"])
# Pictures are not part of a statement: "![alt](url)" stays a plain link to the address.
_md.disable("image")


def render(text: str) -> str:
    """Markdown to sanitised HTML.

    Links keep http, https and mailto addresses only and get rel="noopener noreferrer";
    a top-level heading becomes h2, as the page's h1 is the statement's title.
    """
    html = _md.render(strip_bidi_overrides(text))
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
