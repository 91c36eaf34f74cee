"""Split statement fields into translatable sentences and assemble them back byte for byte.

Blocks are scanned by hand: Markdown parsers give an AST or HTML, not a byte-exact skeleton.

Decisions, in short:

- A field is a run of blocks (paragraphs, ATX headings, list items, quotes). Fenced code,
  HTML blocks, rules and setext underlines, tables, link reference definitions and blocks
  with no letter or digit outside markup (an image on its own, "> 🙂") are verbatim: they
  travel in the ``lead`` of the next piece, or the ``trail`` of the last one.
- Sentences come from sentencex. It only splits at a line break that follows a sentence
  end, so a soft line break inside a sentence stays in ``text`` as "\\n"; in a quote the
  ">" that starts the next line becomes a placeholder after that "\\n".
- sentencex's cuts then go through a post-pass, because in hi, bn and ur it ends a sentence
  at almost every full stop: no cut inside a token ("३.५", "२२.०४.२०२५", "कि.मी."), after
  an abbreviation or initial from translations/data/abbreviations/ ("डॉ.", "ई.पू.", "এ.
  কে."), after a numbered item's marker, or between a quoted question or exclamation and
  the short words saying who spoke (translations/data/attribution/); in English none
  before a lowercase word. Numbered items that end like sentences are sentences, each with
  its marker; the lead-in before the first ("हमारी मांगें हैं:") is one too.
- Emphasis markers follow CommonMark's flanking rules and must pair up within the block,
  so "5 * 3" and snake_case stay text. Inline markup is found per block, then cut per
  sentence, so "**Note.** Next" keeps its closing "**" in the first sentence.
- A field with nothing to translate gives []; ``assemble([])`` is "" and the caller keeps
  the source as it is.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from importlib import resources
from itertools import pairwise

from sentencex import segment

from translations import languages

# sentencex takes ISO 639-1 codes like ours; a language it named differently would map here.
_SENTENCEX = {"en": "en", "hi": "hi", "bn": "bn", "ur": "ur"}


@dataclass(frozen=True)
class Piece:
    """One sentence to translate, with the verbatim text around it."""

    field: str
    block: int  # index among the field's translatable blocks
    position: int
    lead: str  # separators, block markers, verbatim blocks, spaces: never translated
    text: str  # the sentence, inline markup replaced by {1}, {2}, …
    trail: str  # spaces after it; for the last piece, all the field ends with
    placeholders: dict[str, str] = dataclass_field(default_factory=dict, hash=False)


# --- block scanning --------------------------------------------------------------------

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_PREFIX = r"(?:[ \t]*>)*[ \t]*"  # indentation and quote markers that open a line
_LINE_PREFIX = re.compile(_PREFIX)
_BLANK = re.compile(r"\s*(?:>\s*)*")
_HEADING = re.compile(_PREFIX + r"#{1,6}(?=[ \t]|$)[ \t]*")
_HEADING_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_ITEM = re.compile(_PREFIX + r"(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?|$)")
_FENCE = re.compile(_PREFIX + r"(`{3,}|~{3,})(.*)")
_RULE = re.compile(
    _PREFIX + r"(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,}|-+[ \t]*|=+[ \t]*)"
)
_REFERENCE = re.compile(r" {0,3}\[[^\]]+\]:")
_TABLE_RULE = re.compile(r"[ \t]*(?=.*\|)\|?(?:[ \t]*:?-+:?[ \t]*\|)*[ \t]*:?-+:?[ \t]*\|?[ \t]*")
_BLOCK_TAGS = (
    "address|article|aside|blockquote|body|center|details|dialog|dd|div|dl|dt|fieldset|"
    "figcaption|figure|footer|form|h[1-6]|header|hr|iframe|li|main|nav|ol|p|section|"
    "summary|table|tbody|td|tfoot|th|thead|tr|ul"
)
# CommonMark's HTML blocks, simplified: how one starts, and what ends it (None: a blank line).
_HTML = [
    (re.compile(r"[ \t]*" + start, re.I), end and re.compile(end, re.I))
    for start, end in [
        (r"<(script|pre|style|textarea)(?:[\s>]|$)", r"</(?:script|pre|style|textarea)>"),
        (r"<!--", r"-->"),
        (rf"(?:<[!?]|</?(?:{_BLOCK_TAGS})(?:[\s/>]|$))", None),
        (r"(?:<[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*$", None),
    ]
]


@dataclass
class _Block:
    marker: str  # "## ", "- ", "> ", leading spaces
    content: str  # from after the marker to the end of the last line, without its line end
    tail: str  # a heading's closing "#"s and the line end
    line_spans: list[tuple[int, int]]  # quote markers opening continuation lines


def _verbatim_end(bodies: list[str], i: int) -> int | None:
    """Where the verbatim block starting at line ``i`` ends, or None if none starts there."""
    body = bodies[i]
    fence = _FENCE.fullmatch(body)
    if fence and not (fence[1][0] == "`" and "`" in fence[2]):
        close = re.compile(_PREFIX + re.escape(fence[1][0]) + f"{{{len(fence[1])},}}[ \t]*")
        ends = (k + 1 for k in range(i + 1, len(bodies)) if close.fullmatch(bodies[k]))
        return next(ends, len(bodies))  # an unclosed fence runs to the end
    for start, end in _HTML:
        if not start.match(body):
            continue
        for k in range(i + (end is None), len(bodies)):
            if end and end.search(bodies[k]):
                return k + 1
            if not end and _BLANK.fullmatch(bodies[k]):
                return k
        return len(bodies)
    if _RULE.fullmatch(body) or _REFERENCE.match(body):
        return i + 1
    if "|" in body and i + 1 < len(bodies) and _TABLE_RULE.fullmatch(bodies[i + 1]):
        k = i + 2
        while k < len(bodies) and "|" in bodies[k] and not _BLANK.fullmatch(bodies[k]):
            k += 1
        return k
    return None


def _depth(body: str) -> int:
    return _LINE_PREFIX.match(body).group().count(">")


def _scan(text: str) -> Iterable[str | _Block]:
    """The field as verbatim strings and translatable blocks, in order."""
    lines = _LINE.findall(text)
    bodies = [line.rstrip("\r\n") for line in lines]
    i = 0
    while i < len(lines):
        if (end := _verbatim_end(bodies, i)) is not None or _BLANK.fullmatch(bodies[i]):
            end = end or i + 1
            yield "".join(lines[i:end])
            i = end
            continue
        heading = _HEADING.match(bodies[i])
        marker = (heading or _ITEM.match(bodies[i]) or _LINE_PREFIX.match(bodies[i])).group()
        depth, j, spans, offset = _depth(bodies[i]), i + 1, [], len(lines[i]) - len(marker)
        while not heading and j < len(lines) and _continues(bodies, j, depth):
            if _depth(bodies[j]):
                spans.append((offset, offset + len(_LINE_PREFIX.match(bodies[j]).group())))
            offset += len(lines[j])
            j += 1
        source = "".join(lines[i:j])
        content = source[len(marker) : len(source) - len(lines[j - 1]) + len(bodies[j - 1])]
        tail = source[len(marker) + len(content) :]
        if heading and (close := _HEADING_CLOSE.search(content)):
            content, tail = content[: close.start()], content[close.start() :] + tail
        yield _Block(marker, content, tail, spans)
        i = j


def _continues(bodies: list[str], j: int, depth: int) -> bool:
    body = bodies[j]
    if _BLANK.fullmatch(body) or _verbatim_end(bodies, j) is not None:
        return False
    if _HEADING.match(body) or _ITEM.match(body):
        return False
    return _depth(body) in (0, depth)  # a lazy line, or one at the same quote depth


# --- inline markup ---------------------------------------------------------------------

_DEST = (
    r"\(\s*(?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
_TOKEN = re.compile(r"\{\s*(\d+)\s*\}")
_INLINE = re.compile(
    r"(?P<escape>\\[!-/:-@\[-`|~])"  # no "{": "\\{1}" must still hide its "{1}"
    r"|(?P<code>(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<lone_ticks>`+)"
    r"|(?P<autolink><[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>)"
    r"|(?P<html><!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?/?>)"
    rf"|(?P<image>!\[(?:[^\[\]]|\[[^\[\]]*\])*\](?:{_DEST}|\[[^\[\]]*\]))"
    rf"|(?P<close>\](?:{_DEST}|\[[^\[\]]*\]))"
    r"|(?P<open>\[)"
    r"|(?P<url>(?<!\w)(?:https?://|www\.)[^\s<>\[\]`]+)"
    r"|(?P<email>(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    rf"|(?P<brace>{_TOKEN.pattern})"
    r"|(?P<delimiter>\*+|_+|~+)",
    re.S,
)
_ATOMIC = {"code", "autolink", "html", "image", "email", "brace"}


def _punct(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _trim_url(url: str) -> str:
    """Drop the punctuation a sentence puts after a URL, keeping balanced parentheses."""
    while url and ((_punct(url[-1]) and url[-1] not in "/#=&%+$-") or url[-1] in "_~"):
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _inline_spans(content: str) -> list[tuple[int, int]]:
    """Ranges of ``content`` that are markup: each becomes one placeholder."""
    spans, runs, opens, pos = [], [], [], 0
    while match := _INLINE.search(content, pos):
        kind, pos = match.lastgroup, match.end()
        if kind in _ATOMIC:
            spans.append(match.span())
        elif kind == "url":
            url = _trim_url(match.group())
            if len(url) > len("www.") and url.rstrip("/") not in ("http:", "https:"):
                spans.append((match.start(), match.start() + len(url)))
                pos = match.start() + len(url)
            else:
                pos = match.start() + 1
        elif kind == "open":
            opens.append(match.start())
        elif kind == "close":
            if opens:
                spans += [(start := opens.pop(), start + 1), match.span()]
            else:
                pos = match.start() + 1  # a lone "]": its "(...)" is text, maybe with a URL
        elif kind == "delimiter":
            runs.append(match.span())
    return sorted(spans + _emphasis(content, runs))


def _emphasis(content: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The delimiter runs that open or close emphasis (CommonMark's flanking rules)."""
    stack: list[int] = []
    left = [end - start for start, end in runs]
    as_closer, as_opener = [0] * len(runs), [0] * len(runs)
    for i, (start, end) in enumerate(runs):
        char = content[start]
        if char == "~" and end - start != 2:
            continue
        before = content[start - 1] if start else " "
        after = content[end] if end < len(content) else " "
        lf = not after.isspace() and (not _punct(after) or before.isspace() or _punct(before))
        rf = not before.isspace() and (not _punct(before) or after.isspace() or _punct(after))
        can_open, can_close = lf, rf
        if char == "_":  # no intraword emphasis with "_": snake_case stays text
            can_open, can_close = (
                lf and (not rf or _punct(before)),
                rf and (not lf or _punct(after)),
            )
        k = len(stack) - 1
        while can_close and left[i] and k >= 0:
            j = stack[k]
            if content[runs[j][0]] != char:
                k -= 1
                continue
            used = min(left[j], left[i])
            left[j] -= used
            left[i] -= used
            as_opener[j] += used
            as_closer[i] += used
            del stack[k + (left[j] > 0) :]  # unclosed openers inside are plain text
            k = len(stack) - 1
        if can_open and left[i]:
            stack.append(i)
    spans = [(s, s + n) for (s, _), n in zip(runs, as_closer, strict=True) if n]
    return spans + [(e - n, e) for (_, e), n in zip(runs, as_opener, strict=True) if n]


# --- sentences -------------------------------------------------------------------------


def _sentences(block: _Block, lang: str) -> list[tuple[str, str, str, dict[str, str]]]:
    """(lead, text, trail, placeholders) per sentence of ``block``; [] if it has no words."""
    content = block.content
    inline = _inline_spans(content)
    marks = [m for m in block.line_spans if not any(s < m[1] and m[0] < e for s, e in inline)]
    spans = sorted(inline + marks)
    masked = list(content)
    for start, end in spans:
        masked[start:end] = " " * (end - start)
    cuts = [0, *_boundaries(content, lang, inline), len(content)]
    ranges: list[list[int]] = []
    for start, end in pairwise(cuts):  # a sentence without words joins the one before (after)
        if any(c.isalnum() for c in masked[start:end]):
            ranges.append([start if ranges else 0, end])
        elif ranges:
            ranges[-1][1] = end
    result = []
    for start, end in ranges:
        text_start, text_end = start, end
        while text_start < end:
            if content[text_start].isspace():
                text_start += 1
            elif mark := next((m for m in marks if m[0] <= text_start < m[1]), None):
                text_start = mark[1]  # a quote marker opening the sentence's line
            else:
                break
        while content[text_end - 1].isspace():
            text_end -= 1
        text, placeholders, pos = [], {}, text_start
        for span_start, span_end in spans:
            if text_start <= span_start and span_end <= text_end:
                key = str(len(placeholders) + 1)
                placeholders[key] = content[span_start:span_end]
                text += [content[pos:span_start], "{" + key + "}"]
                pos = span_end
        text.append(content[pos:text_end])
        lead = content[start:text_start]
        result.append((lead, "".join(text), content[text_end:end], placeholders))
    return result


_SPACES = {code: " " for code in range(0x80, 0x3001) if chr(code).isspace()}
_SPACE_RUN = re.compile(r"\s+")


def _boundaries(content: str, lang: str, spans: list[tuple[int, int]]) -> list[int]:
    """Where sentences end: sentencex's cuts, moved off markup and onto whitespace, then
    those that are no sentence end dropped (see ``_not_sentence_ends``)."""
    # sentencex 1.0.32 panics on "Z\u00a0." (it slices bytes after a multi-byte space):
    # hand it ASCII spaces, one for one, so offsets stay the same.
    plain = content.translate(_SPACES)
    try:
        parts = list(segment(lang, plain))
    except BaseException as error:  # a Rust panic reaches Python as pyo3's PanicException
        if type(error).__name__ != "PanicException":
            raise
        return []  # the block stays one sentence rather than failing the whole field
    if "".join(parts) != plain:
        return []
    cuts, offset = set(), 0
    for part in parts[:-1]:
        offset += len(part)
        cut = offset
        if content[cut - 1] == "." and content[cut : cut + 1].isalnum():
            # Inside a token: "३.|५", "२२.|०४.२०२५", "कि.|मी.". sentencex cuts after a dot
            # followed by a native digit or a letter; no sentence ends without a space.
            continue
        if content[cut - 1] == "۔" and _spelt_letters(content, cut):
            continue  # "ایس۔ایچ۔او", "ایف۔آئی۔آر": the Urdu full stop marks letters here
        if content[cut - 1] in "।۔" and content[cut : cut + 1].isalpha():
            pass  # "ہے۔اس کے": typed without a space, the sentence still ends at the stop
        elif not content[cut - 1].isspace():  # e.g. "**Note.**": cut after the "**" and space
            space = _SPACE_RUN.search(content, cut)
            cut = space.end() if space else len(content)
        if 0 < cut < len(content) and not any(s < cut < e for s, e in spans):
            cuts.add(cut)
    return _not_sentence_ends(content, lang, sorted(cuts))


# --- cuts that are no sentence end -----------------------------------------------------
#
# sentencex ends a sentence at most full stops it meets in hi, bn and ur, and in en it
# misses a few Indian titles. A cut is dropped after an abbreviation or initial, after a
# numbered-item marker, and between a quoted question and who asked it. Each numbered
# item that ends like a sentence is a sentence of its own: a translator can take it
# alone, and the memory can offer it again in another list.

_DATA = resources.files("translations") / "data"
_TERMINALS = ".।॥۔?!؟"
_CLOSING_QUOTES = "”’\"'»›"
_OPENING = "“‘\"'«‹(["
_MARKUP = "*_`~"
_NUKTAS = "\u093c\u09bc"  # a letter with its nukta is still one letter ("ड़.")
_VIRAMAS = "\u094d\u09cd"  # a letter after one joins the letter before ("प्र")
_LAST_WORD = re.compile(r"\S+$")
# "१.", "3)" or "۱۔" before an item's text: one or two digits of any script (re's \d is
# Unicode).
_MARKER = re.compile(r"(?<!\S)(\d{1,2})[.)۔](?=\s)")
_QUOTED_CRY = re.compile(r"[?!؟][”’\"'»›]+$")
_LEAD_IN = re.compile(r"[:：][-–—]?$")  # "हमारी मांगें हैं:" or "निम्नलिखित हैं:-"
_ATTRIBUTION_WORDS = 12  # longer than this, the words after a quotation are a sentence
_CLAUSE = re.compile(r"[,،]")
# A pause, not an end, where sentences end with "।" or "۔": "दोहराई... काम, दाम और सम्मान।".
_ELLIPSIS = re.compile(r"(?:\.\.\.|…|۔۔۔)[”’\"'»›]*$")
_DANDA_LANGUAGES = frozenset({"hi", "bn", "ur"})
# Where a sentence ends (for numbered items inside one): a danda, ?, !, or a stop before a space.
_SENTENCE_STOP = re.compile(r"[।॥?!؟]|[.۔](?=\s|$)")
_URDU_STOP_TOKEN = re.compile(r"\S*۔\S*")


@functools.cache
def _entries(kind: str, language: str) -> frozenset[str]:
    """One list of translations/data/ (its README says what each holds)."""
    resource = _DATA / kind / f"{language}.txt"
    if not resource.is_file():
        return frozenset()
    lines = (line.strip() for line in resource.read_text("utf-8").splitlines())
    return frozenset(unicodedata.normalize("NFC", x) for x in lines if x and x[0] != "#")


def _initial(letters: str, language: str) -> bool:
    """One letter standing for a name: "S", "ए" or "এস" (a letter's name), "क", "م"."""
    if letters + "." in _entries("abbreviations", language):
        return True
    if language == "en":
        return False  # sentencex judges English initials, and "Plan B." can end a sentence
    base = letters.rstrip(_NUKTAS)
    return len(base) == 1 and base.isalpha() and (base.isupper() or not base.isascii())


def abbreviation(word: str, language: str) -> bool:
    """Whether ``word``, full stop included, is an abbreviation or initials that never
    end a sentence in ``language`` ("डॉ.", "ई.पू.", "এ.", "A.K.", "Smt.")."""
    word = unicodedata.normalize("NFC", word.strip(_MARKUP).lstrip(_OPENING))
    if word in _entries("abbreviations", language):
        return True
    if len(word) < 2 or not word.endswith("."):
        return False
    parts = word[:-1].split(".")
    if all(part and _initial(part, language) for part in parts):
        return True
    # "भा.ना.सु.सं.", "দ.বি.": three or more syllables, each one letter with its signs, are a
    # short form (a law, a university); one syllable alone can be a word ("है.").
    return len(parts) >= 3 and all(_syllable(part) for part in parts)


def _syllable(letters: str) -> bool:
    """One letter, or letters joined by a virama, with signs: "भा", "सं", "प्र", "ক্ষি"."""
    if not letters or not letters[0].isalpha() or letters.isascii():
        return False
    return all(
        unicodedata.category(c).startswith("M") or letters[i] in _VIRAMAS
        for i, c in enumerate(letters[1:])
    )


def _spelt_letters(content: str, cut: int) -> bool:
    """Whether the "۔" before ``cut`` joins the names of Latin letters spelt in Urdu
    ("ایس۔ایچ۔او", "ایم۔اے"), rather than ending a sentence typed without a space."""
    if not content[cut : cut + 1].isalpha():
        return False
    token = _URDU_STOP_TOKEN.match(content, content.rfind(" ", 0, cut) + 1)
    if token is None:
        return False
    names = _entries("abbreviations", "ur")
    parts = [p for p in token.group().strip(_CLOSING_QUOTES + _OPENING).split("۔") if p]
    return len(parts) >= 2 and all(p + "." in names for p in parts)


def _last_word(text: str) -> str:
    match = _LAST_WORD.search(text.rstrip())
    return match.group() if match else ""


def _list_markers(content: str, cuts: list[int], lang: str) -> list[re.Match[str]]:
    """Numbered-item markers: a number that opens a line, a sentence (sentencex cut before
    it) or a list after a colon, and each next number after one ("१. पानी, २. बिजली और
    ३. सड़क।"); not "rose to 12." or "on p. 47." mid-sentence."""
    markers: list[re.Match[str]] = []
    for match in _MARKER.finditer(content):
        before = content[: match.start()]
        text = before.rstrip()
        opens = not text or "\n" in before[len(text) :] or bool(_LEAD_IN.search(text))
        follows = bool(markers) and int(match[1]) == int(markers[-1][1]) + 1
        inline = lang in _DANDA_LANGUAGES and _starts_a_run(content, match)
        if opens or follows or match.start() in cuts or inline:
            markers.append(match)
    return markers


def _starts_a_run(content: str, first: re.Match[str]) -> bool:
    """Whether a "1." inside a sentence is followed by a "2." before the sentence ends:
    "गाँव वालों ने १. पीने का पानी, २. बिजली और ३. पक्की सड़क माँगी।". Only where a full
    stop after a number ends no sentence (hi, bn, ur): English "scored 1. Then …" does."""
    if int(first[1]) != 1:
        return False
    nxt = next((m for m in _MARKER.finditer(content, first.end()) if int(m[1]) == 2), None)
    return nxt is not None and not _SENTENCE_STOP.search(content, first.end(), nxt.start())


def _ends_like_a_sentence(text: str) -> bool:
    text = text.rstrip().rstrip(_CLOSING_QUOTES)
    return bool(text) and text[-1] in _TERMINALS


def _attribution(text: str, lang: str) -> bool:
    """Whether ``text`` only says who spoke: "एक किसान ने पूछा।", "Ms. Banerjee said."."""
    text = unicodedata.normalize("NFC", text)  # the lists are NFC; pasted text may not be
    words = text.strip().rstrip(_TERMINALS + _CLOSING_QUOTES).split()
    said = _entries("attribution", lang)
    # Phrases of up to three words, last ("जानना चाहा", "জিজ্ঞেস করলেন") or, as news writing
    # also puts them, first ("पूछती हैं साठ साल की रामकली देवी।", "প্রশ্ন করেন বাসিন্দা …"),
    # where a clause about the speaker may follow a comma ("सवाल किया एक रिपोर्टर ने, जिसने …").
    if 0 < len(words) <= _ATTRIBUTION_WORDS and any(
        " ".join(words[-n:]) in said for n in (1, 2, 3)
    ):
        return True
    speaker = _CLAUSE.split(text.strip(), maxsplit=1)[0].split()
    return 0 < len(speaker) <= _ATTRIBUTION_WORDS and any(
        " ".join(words[:n]) in said for n in (1, 2, 3)
    )


def _carries_on(text: str, lang: str) -> bool:
    """Whether the words after a quoted cry carry the sentence on ("“इंक़लाब ज़िंदाबाद!” के
    नारों से …"): they start with a postposition or the like (translations/data/continuation)."""
    words = text.split()
    return bool(words) and words[0].rstrip(",،") in _entries("continuation", lang)


def _not_sentence_ends(content: str, lang: str, cuts: list[int]) -> list[int]:
    cuts = [cut for cut in cuts if not abbreviation(_last_word(content[:cut]), lang)]
    # From the cuts that remain: "p. 47 of Vol. 2. Even so" has no item "2.".
    markers = _list_markers(content, cuts, lang)
    kept = []
    for cut in cuts:
        if lang in _DANDA_LANGUAGES and _ELLIPSIS.search(content[:cut].rstrip()):
            continue
        if any(m.start() < cut and not content[m.end() : cut].strip() for m in markers):
            continue  # right after an item's number: the number belongs to its text
        if lang == "en" and content[cut].islower():
            continue  # "Govt. | officials": no English sentence starts in lowercase
        kept.append(cut)
    ends = [*kept[1:], len(content)][: len(kept)]
    kept = [
        cut
        for cut, end in zip(kept, ends, strict=True)
        if not (
            _QUOTED_CRY.search(content[:cut].rstrip())
            and (_attribution(content[cut:end], lang) or _carries_on(content[cut:end], lang))
        )
    ]
    # A numbered item after a lead-in starts a sentence when the items are sentences.
    for i, marker in enumerate(markers):
        start = marker.start()
        if start == 0 or start in kept or not _LEAD_IN.search(content[:start].rstrip()):
            continue
        later = [m.start() for m in markers[i + 1 :]] + [c for c in kept if c > start]
        if _ends_like_a_sentence(content[start : min(later, default=len(content))]):
            kept.append(start)
    return sorted(kept)


# --- public API ------------------------------------------------------------------------


def split(text: str, *, language: str, field: str = "body") -> list[Piece]:
    """The field's sentences, with everything around them kept verbatim in lead and trail."""
    lang = _SENTENCEX[languages.get(language).code]
    pieces: list[Piece] = []
    pending, block_index = "", 0
    for item in _scan(text):
        sentences = [] if isinstance(item, str) else _sentences(item, lang)
        if not sentences:
            pending += item if isinstance(item, str) else item.marker + item.content + item.tail
            continue
        sentences[0] = (item.marker + sentences[0][0], *sentences[0][1:])
        for lead, body, trail, placeholders in sentences:
            pieces.append(
                Piece(field, block_index, len(pieces), pending + lead, body, trail, placeholders)
            )
            pending = ""
        pending, block_index = item.tail, block_index + 1
    if pieces:
        pieces[-1] = replace(pieces[-1], trail=pieces[-1].trail + pending)
    return pieces


def restore(text: str, placeholders: Mapping[str, str]) -> str:
    """Put the originals back for "{1}", "{ 1 }", "{१}"…; unknown numbers stay as they are."""
    return _TOKEN.sub(lambda m: placeholders.get(str(int(m[1])), m[0]), text)


def placeholder_ids(text: str) -> list[str]:
    """The placeholder numbers in ``text``, in order, repeats included (for QA checks)."""
    return [str(int(m[1])) for m in _TOKEN.finditer(text)]


def assemble(pieces: Iterable[tuple[Piece, str | None]]) -> str:
    """The field again, with each piece's text replaced by its translation (None: the source)."""
    return "".join(
        piece.lead
        + restore(piece.text if translated is None else translated, piece.placeholders)
        + piece.trail
        for piece, translated in pieces
    )


def source_text(pieces: Iterable[Piece]) -> str:
    return assemble((piece, None) for piece in pieces)
