"""Build the reader's self-hosted WOFF2 font subsets, fonts.css and OFL.txt from Debian's Noto."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "static" / "reader" / "fonts"
CSS_PATH = ROOT / "static" / "reader" / "fonts.css"
LICENSE_PATH = OUT_DIR / "OFL.txt"
DEFAULT_SOURCE = Path("/usr/share/fonts/truetype/noto")
DEFAULT_COPYRIGHT = Path("/usr/share/doc/fonts-noto-core/copyright")

# Name IDs the subsets keep: copyright, family, style, unique ID, full name, version,
# PostScript name, licence description and licence URL.
NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]
WEIGHTS = {400: "Regular", 700: "Bold"}

Ranges = tuple[tuple[int, int], ...]

# Quotation marks, hyphen, dashes and ellipsis, which Hindi and Bengali text uses; Noto
# Sans Devanagari and Noto Sans Bengali draw them to match their own letters.
INDIC_PUNCTUATION: Ranges = (
    (0x2010, 0x2010),
    (0x2013, 0x2014),
    (0x2018, 0x2019),
    (0x201C, 0x201D),
    (0x2026, 0x2026),
)


@dataclass(frozen=True)
class Family:
    """One font family: its Noto source files, its output files and its CSS name."""

    slug: str  # output file stem, e.g. noto-sans-devanagari
    source_stem: str  # Noto file stem, e.g. NotoSansDevanagari
    css_name: str
    ranges: Ranges


FAMILIES: tuple[Family, ...] = (
    Family(
        "noto-sans",
        "NotoSans",
        "Anuvad Sans",
        (
            (0x0000, 0x00FF),
            (0x0131, 0x0131),
            (0x0152, 0x0153),
            (0x02BB, 0x02BC),
            (0x02C6, 0x02C6),
            (0x02DA, 0x02DA),
            (0x02DC, 0x02DC),
            (0x2000, 0x206F),
            (0x20AC, 0x20AC),
            (0x20B9, 0x20B9),
            (0x2122, 0x2122),
            (0x2212, 0x2212),
            (0xFEFF, 0xFEFF),
            (0xFFFD, 0xFFFD),
        ),
    ),
    Family(
        "noto-sans-devanagari",
        "NotoSansDevanagari",
        "Anuvad Devanagari",
        (
            (0x0900, 0x097F),
            (0x1CD0, 0x1CFF),
            (0xA8E0, 0xA8FF),
            (0x200C, 0x200D),
            (0x20B9, 0x20B9),
            (0x25CC, 0x25CC),
            *INDIC_PUNCTUATION,
        ),
    ),
    Family(
        "noto-sans-bengali",
        "NotoSansBengali",
        "Anuvad Bengali",
        (
            (0x0980, 0x09FF),
            (0x0964, 0x0965),
            (0x200C, 0x200D),
            (0x20B9, 0x20B9),
            (0x25CC, 0x25CC),
            *INDIC_PUNCTUATION,
        ),
    ),
    Family(
        "noto-nastaliq-urdu",
        "NotoNastaliqUrdu",
        "Anuvad Nastaliq",
        (
            (0x0600, 0x06FF),
            (0x0750, 0x077F),
            (0x08A0, 0x08FF),
            (0xFB50, 0xFDFF),
            (0xFE70, 0xFEFF),
            (0x200C, 0x200F),
            (0x25CC, 0x25CC),
            # ASCII digits and punctuation: only those the font has (it lacks some).
            (0x0020, 0x0040),
            # Quotation marks and dashes, which Urdu text uses. The font has no U+2026
            # (ellipsis): Urdu text falls back to Anuvad Sans for it.
            (0x2010, 0x2011),
            (0x2013, 0x2014),
            (0x2018, 0x2019),
            (0x201C, 0x201D),
        ),
    ),
)

LICENSE_HEADER = """\
{copyrights}

The WOFF2 files in this directory are subsets of these fonts, made by
scripts/build_fonts.py from Debian's fonts-noto-core. They are licensed under the
SIL Open Font License, Version 1.1, copied below (as Debian ships it in
/usr/share/doc/fonts-noto-core/copyright) and also available with a FAQ at
https://openfontlicense.org


-----------------------------------------------------------
SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007
-----------------------------------------------------------

"""

CSS_HEADER = (
    "/* Self-hosted Noto fonts: OFL subsets (see fonts/OFL.txt) built by "
    "scripts/build_fonts.py, which also writes this file. */\n"
)


def codepoints(ranges: Iterable[tuple[int, int]]) -> set[int]:
    """Every code point in the inclusive ranges."""
    return {cp for start, end in ranges for cp in range(start, end + 1)}


def collapse(cps: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted code points as inclusive runs of consecutive values."""
    runs: list[tuple[int, int]] = []
    for cp in sorted(set(cps)):
        if runs and runs[-1][1] == cp - 1:
            runs[-1] = (runs[-1][0], cp)
        else:
            runs.append((cp, cp))
    return runs


def unicode_range(cps: Iterable[int]) -> str:
    """A CSS unicode-range value listing exactly these code points."""
    return ", ".join(
        f"U+{start:04X}" if start == end else f"U+{start:04X}-{end:04X}"
        for start, end in collapse(cps)
    )


def subset_options() -> subset.Options:
    options = subset.Options()
    options.layout_features = ["*"]
    options.glyph_names = False
    options.hinting = False
    options.name_IDs = NAME_IDS
    options.notdef_outline = True
    options.flavor = "woff2"
    return options


def build_face(source: Path, wanted: set[int], out: Path) -> tuple[set[int], str]:
    """Write the WOFF2 subset of source for wanted; return its code points and copyright.

    The copyright is the font's family name (name ID 1) and its copyright line (ID 0).
    """
    # recalcTimestamp=False keeps head.modified from the source, so builds are reproducible.
    font = TTFont(source, recalcTimestamp=False)
    names = font["name"]
    copyright_line = f"{names.getDebugName(1)}: {names.getDebugName(0)}"
    available = set(font.getBestCmap())
    subsetter = subset.Subsetter(subset_options())
    subsetter.populate(unicodes=sorted(wanted & available))
    subsetter.subset(font)
    font.flavor = "woff2"
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(out)
    return set(font.getBestCmap()), copyright_line


def font_face(family: Family, weight: int, cps: set[int]) -> str:
    return (
        "@font-face {\n"
        f'  font-family: "{family.css_name}";\n'
        "  font-style: normal;\n"
        f"  font-weight: {weight};\n"
        "  font-display: swap;\n"
        f'  src: url("fonts/{family.slug}-{weight}.woff2") format("woff2");\n'
        f"  unicode-range: {unicode_range(cps)};\n"
        "}\n"
    )


def ofl_text(debian_copyright: Path) -> str:
    """The OFL 1.1 body from the stand-alone "License: OFL-1.1" paragraph of a DEP-5 file."""
    lines = debian_copyright.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if line.strip() != "License: OFL-1.1":
            continue
        body: list[str] = []
        for continuation in lines[index + 1 :]:
            if not continuation.startswith(" "):
                break
            text = continuation[1:]
            body.append("" if text == "." else text)
        if body:
            return "\n".join(body).rstrip() + "\n"
    raise SystemExit(f"no OFL-1.1 licence text in {debian_copyright}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--source",
        type=Path,
        default=DEFAULT_SOURCE,
        help=f"directory with the Noto .ttf files (default: {DEFAULT_SOURCE})",
    )
    parser.add_argument(
        "--copyright",
        type=Path,
        default=DEFAULT_COPYRIGHT,
        help=f"Debian copyright file with the OFL text (default: {DEFAULT_COPYRIGHT})",
    )
    args = parser.parse_args(argv)

    css = [CSS_HEADER]
    copyrights: list[str] = []
    for family in FAMILIES:
        wanted = codepoints(family.ranges)
        for weight, style in WEIGHTS.items():
            source = args.source / f"{family.source_stem}-{style}.ttf"
            if not source.is_file():
                print(f"missing source font: {source}", file=sys.stderr)
                return 1
            out = OUT_DIR / f"{family.slug}-{weight}.woff2"
            cps, copyright_line = build_face(source, wanted, out)
            css.append(font_face(family, weight, cps))
            if copyright_line not in copyrights:
                copyrights.append(copyright_line)
            size_kb = out.stat().st_size / 1024
            print(f"{out.relative_to(ROOT)}  {size_kb:.1f} KB  ({len(cps)} code points)")

    CSS_PATH.write_text("\n".join(css), encoding="utf-8")
    print(CSS_PATH.relative_to(ROOT))
    header = LICENSE_HEADER.format(copyrights="\n".join(copyrights))
    LICENSE_PATH.write_text(header + ofl_text(args.copyright), encoding="utf-8")
    print(LICENSE_PATH.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
