"""The reader's self-hosted fonts cover the demo and interface text, and fonts.css agrees."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import polib
import pytest
from fontTools.ttLib import TTFont

from workflow.demo import content as demo_content

ROOT = Path(__file__).resolve().parents[2]
FONTS_DIR = ROOT / "static" / "reader" / "fonts"
CSS_PATH = ROOT / "static" / "reader" / "fonts.css"

LATIN = "noto-sans"
# File stem of each family -> its CSS family name.
FAMILIES = {
    LATIN: "Anuvad Sans",
    "noto-sans-devanagari": "Anuvad Devanagari",
    "noto-sans-bengali": "Anuvad Bengali",
    "noto-nastaliq-urdu": "Anuvad Nastaliq",
}
WEIGHTS = (400, 700)
FACES = [(family, weight) for family in FAMILIES for weight in WEIGHTS]
LANGUAGE_FAMILY = {
    "en": LATIN,
    "hi": "noto-sans-devanagari",
    "bn": "noto-sans-bengali",
    "ur": "noto-nastaliq-urdu",
}
JOINERS = {"\u200c", "\u200d"}  # ZWNJ and ZWJ shape Indic and Arabic text: the font must have them
# Characters that the source font itself lacks (so no subset can add them). The browser
# takes them from the next family in the font stack, Anuvad Sans, which must have them.
FALLBACK_TO_LATIN = {
    "noto-nastaliq-urdu": {"\u2026"},  # HORIZONTAL ELLIPSIS: not in Noto Nastaliq Urdu 2.000
}


def font_path(family: str, weight: int) -> Path:
    return FONTS_DIR / f"{family}-{weight}.woff2"


@cache
def cmap(family: str, weight: int) -> frozenset[int]:
    return frozenset(TTFont(font_path(family, weight)).getBestCmap())


def strings(value: object) -> Iterator[str]:
    """Every string inside nested dicts and lists."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def demo_texts(language: str) -> Iterator[str]:
    """The demo statements in one language, with the topic and organisation names they show."""
    for statement in demo_content.STATEMENTS:
        yield from strings(statement["texts"].get(language, {}))
    for table in (demo_content.TOPICS, demo_content.ORGANISATIONS):
        for names in table.values():
            yield from strings(names.get(language, ""))


def catalogue_texts(language: str) -> Iterator[str]:
    catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    for entry in catalogue:
        if not entry.obsolete:
            yield entry.msgstr
            yield from entry.msgstr_plural.values()


def needed(texts: Iterable[str], family: str) -> set[str]:
    """The characters of texts that the family's font must draw itself."""
    chars = set()
    for text in texts:
        for char in text:
            if char.isspace() or (family != LATIN and char.isascii()):
                continue  # ASCII comes from Anuvad Sans, next in the font stack
            if unicodedata.category(char) == "Cf" and char not in JOINERS:
                continue
            chars.add(char)
    return chars - FALLBACK_TO_LATIN.get(family, set())


def describe(chars: Iterable[str]) -> str:
    return ", ".join(
        f"U+{ord(c):04X} {unicodedata.name(c, '?')} ({c})" for c in sorted(chars, key=ord)
    )


def assert_covered(texts: Iterable[str], family: str, weight: int, what: str) -> None:
    chars = needed(texts, family)
    assert chars, f"no {what} text found"
    missing = {char for char in chars if ord(char) not in cmap(family, weight)}
    assert not missing, (
        f"{font_path(family, weight).name} lacks {len(missing)} character(s) used in {what}: "
        f"{describe(missing)}"
    )


@pytest.mark.parametrize(("family", "weight"), FACES)
def test_font_opens_as_woff2_with_licence_names(family, weight):
    font = TTFont(font_path(family, weight))
    assert font.flavor == "woff2"
    assert font.getBestCmap()
    names = font["name"]
    assert "Copyright" in names.getDebugName(0)
    assert "Open Font License" in names.getDebugName(13)
    assert names.getDebugName(14)


@pytest.mark.parametrize("weight", WEIGHTS)
@pytest.mark.parametrize("language", LANGUAGE_FAMILY)
def test_font_covers_demo_statements(language, weight):
    assert_covered(
        demo_texts(language), LANGUAGE_FAMILY[language], weight, f"the {language} demo text"
    )


@pytest.mark.parametrize("weight", WEIGHTS)
@pytest.mark.parametrize("language", ["hi", "bn", "ur"])
def test_font_covers_interface_catalogue(language, weight):
    assert_covered(
        catalogue_texts(language),
        LANGUAGE_FAMILY[language],
        weight,
        f"locale/{language}/LC_MESSAGES/django.po",
    )


@pytest.mark.parametrize("weight", WEIGHTS)
@pytest.mark.parametrize("family", FALLBACK_TO_LATIN)
def test_fallback_characters_come_from_latin_font(family, weight):
    chars = {ord(char) for char in FALLBACK_TO_LATIN[family]}
    # If the font gains one of them, drop it from FALLBACK_TO_LATIN and add it to the subset.
    assert not chars & cmap(family, weight)
    assert chars <= cmap(LATIN, weight)


def parse_unicode_range(value: str) -> set[int]:
    cps: set[int] = set()
    for token in value.split(","):
        token = token.strip().upper()
        assert token.startswith("U+"), token
        start, _, end = token[2:].partition("-")
        if "?" in start:
            start, end = start.replace("?", "0"), start.replace("?", "F")
        cps.update(range(int(start, 16), int(end or start, 16) + 1))
    return cps


def css_faces() -> dict[tuple[str, int], dict[str, str]]:
    """The @font-face rules of fonts.css, keyed by (file stem of family, weight)."""
    css = re.sub(r"/\*.*?\*/", "", CSS_PATH.read_text(encoding="utf-8"), flags=re.DOTALL)
    rules = re.findall(r"@font-face\s*\{([^}]*)\}", css)
    leftover = re.sub(r"@font-face\s*\{[^}]*\}", "", css)
    assert not leftover.strip(), f"fonts.css has more than @font-face rules: {leftover!r}"
    faces = {}
    for rule in rules:
        descriptors = {
            name.lower(): value.strip()
            for name, value in re.findall(r"([\w-]+)\s*:\s*([^;]+);", rule)
        }
        url = re.fullmatch(
            r'url\("fonts/([\w-]+)-(\d+)\.woff2"\) format\("woff2"\)', descriptors["src"]
        )
        assert url, descriptors["src"]
        family, weight = url[1], int(url[2])
        assert (family, weight) not in faces, f"two rules for {family}-{weight}"
        faces[family, weight] = descriptors
    return faces


def test_css_has_one_rule_per_font():
    assert sorted(css_faces()) == sorted(FACES)
    assert sorted(FONTS_DIR.glob("*.woff2")) == sorted(font_path(*face) for face in FACES)


@pytest.mark.parametrize(("family", "weight"), FACES)
def test_css_rule_matches_font(family, weight):
    rule = css_faces()[family, weight]
    assert rule["font-family"] == f'"{FAMILIES[family]}"'
    assert rule["font-weight"] == str(weight)
    assert rule["font-display"] == "swap"
    declared = parse_unicode_range(rule["unicode-range"])
    actual = cmap(family, weight)
    assert declared == actual, (
        f"unicode-range of {family}-{weight} disagrees with the font: "
        f"declared but not in the font: {describe(map(chr, declared - actual))}; "
        f"in the font but not declared: {describe(map(chr, actual - declared))}"
    )
