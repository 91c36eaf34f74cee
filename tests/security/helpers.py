"""What "inert" means for a page, checked on its HTML, and the services that store the text.

``injections(html, baseline)`` lists every element or attribute in ``html`` that could run
script or load something the page does not: a stored payload that became markup shows
here. The baseline is the same page holding harmless text, so what the site itself puts
there (its own scripts from /static/, the admin's inline JSON) is not counted.

The story helpers drive the real services (workflow.services and friends) the way the
desk does, so the text reaches each page through the code that stores it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import polib
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import cache
from django.db.models import F

from publishing.cache import forget_local
from translations.models import GlossaryTerm
from translations.sanitise import forbidden_characters, plain_text
from workflow import pipeline, segments, services
from workflow.exceptions import InvalidInput, QABlocked
from workflow.models import Organisation, Segment, Statement, Topic, Variant
from workflow.po_exchange import POImportError, variant_export_po, variant_import_po
from workflow.services import segment_save
from workflow.services.editing import SINGLE_LINE_FIELDS

# What stands in for a field the input rule refuses, before the payload is written directly.
STAND_IN = "Workers in Delhi have not been paid for three months."

STATIC = "/static/"
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
# Attributes a browser reads as an address (to follow, load, submit to or run).
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
     "codebase", "cite", "longdesc", "lowsrc", "dynsrc", "ping", "manifest", "icon", "to",
     "from", "values"}
)  # fmt: skip
# Never on a page of this site: any one of them is an injection.
FORBIDDEN_TAGS = frozenset({"iframe", "object", "embed", "base", "frame", "frameset", "applet"})
# Elements whose number must not grow past the page with harmless text in it.
COUNTED_TAGS = frozenset(
    {"script", "style", "svg", "math", "template", "noscript", "marquee", "xmp", "plaintext",
     "video", "audio", "source", "picture", "canvas", "img", "link", "portal", "isindex"}
)  # fmt: skip
# Elements that load what their src names: only the site's own static files may appear.
LOADERS = frozenset({"script", "img", "video", "audio", "source", "input", "track"})
LOADING_LINKS = frozenset({"stylesheet", "import", "preload", "modulepreload", "prefetch"})
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _address(value: str) -> str:
    """An attribute value as a browser reads its scheme: controls and spaces dropped, lower."""
    return _INVISIBLE.sub("", value).lower()


def _attr(value) -> str:
    return " ".join(value) if isinstance(value, list) else str(value)


@dataclass(frozen=True)
class Baseline:
    """What the page holds with harmless text in it."""

    counts: Counter = field(default_factory=Counter)
    sources: frozenset[str] = frozenset()
    inline_scripts: frozenset[str] = frozenset()
    styles: frozenset[str] = frozenset()
    http_equiv: frozenset[str] = frozenset()
    markers: int = 0


EMPTY = Baseline()


@dataclass
class _Survey:
    """One walk over a page: what a baseline records, and what is never allowed."""

    counts: Counter = field(default_factory=Counter)
    sources: list[tuple[str, str]] = field(default_factory=list)  # (element, src)
    inline_scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    http_equiv: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    never: list[str] = field(default_factory=list)


def _survey(html: str) -> _Survey:
    out = _Survey()
    for tag in soup_of(html).find_all(True):
        name = tag.name.lower()
        attrs = {key.lower(): _attr(value) for key, value in tag.attrs.items()}
        if name in COUNTED_TAGS:
            out.counts[name] += 1
        if "data-xss" in attrs or attrs.get("id") == "xss":
            out.markers.append(str(tag)[:80])
        if name in FORBIDDEN_TAGS:
            out.never.append(f"<{name}> element: {str(tag)[:80]}")
        if name == "script" and "src" not in attrs:
            out.inline_scripts.append(str(tag))
        if name in LOADERS and "src" in attrs:
            out.sources.append((name, attrs["src"]))
        if name == "meta" and attrs.get("http-equiv"):
            out.http_equiv.append(attrs["http-equiv"].lower())
            if attrs["http-equiv"].lower() == "refresh":
                out.never.append(f"<meta http-equiv=refresh content={attrs.get('content')!r}>")
        rels = set(attrs.get("rel", "").lower().split())
        if name == "link" and rels & LOADING_LINKS and not attrs.get("href", "").startswith(STATIC):
            out.never.append(f"<link> loading {attrs.get('href')!r}")
        for attr, value in attrs.items():
            if attr.startswith(("on", "hx-on", "data-hx-on")):
                out.never.append(f"handler attribute {attr}= on <{name}>")
            if attr in URL_ATTRIBUTES and _address(value).startswith(BAD_SCHEMES):
                out.never.append(f"{attr}={value[:60]!r} on <{name}>")
            if attr == "srcset" and any(
                _address(part).startswith(BAD_SCHEMES) for part in value.split(",")
            ):
                out.never.append(f"srcset={value[:60]!r} on <{name}>")
            if attr == "srcdoc":
                out.never.append(f"srcdoc on <{name}>")
            if attr == "style":
                out.styles.append(value)
    return out


def baseline_of(html: str) -> Baseline:
    page = _survey(html)
    return Baseline(
        counts=page.counts,
        sources=frozenset(src for _, src in page.sources),
        inline_scripts=frozenset(page.inline_scripts),
        styles=frozenset(page.styles),
        http_equiv=frozenset(page.http_equiv),
        markers=len(page.markers),
    )


def injections(html: str, baseline: Baseline = EMPTY) -> list[str]:
    """Everything in ``html`` that is not inert text, as readable findings ([] when clean)."""
    page = _survey(html)
    found = list(page.never)
    if len(page.markers) > baseline.markers:
        found += [f"marker element {m}" for m in page.markers]
    found += [
        f"<{name} src={src!r}>"
        for name, src in page.sources
        if not src.startswith(STATIC) and src not in baseline.sources
    ]
    found += [
        f"inline script {s[:80]}" for s in page.inline_scripts if s not in baseline.inline_scripts
    ]
    found += [f"style={s[:60]!r}" for s in page.styles if s not in baseline.styles]
    found += [f'<meta http-equiv="{e}">' for e in page.http_equiv if e not in baseline.http_equiv]
    for name, count in sorted(page.counts.items()):
        if count > baseline.counts[name]:
            found.append(f"{count} <{name}> where the clean page has {baseline.counts[name]}")
    if settings.SECRET_KEY in html:
        found.append("the SECRET_KEY is on the page (a template tag ran)")
    return found


def fresh_reader_cache() -> None:
    """Reader pages are cached in the cache and per process: forget both."""
    cache.clear()
    forget_local()


# ---- stories through the services --------------------------------------------------------------


def publish_source(statement: Statement, users) -> Variant:
    """Send for translation into Hindi, approve and publish the source; returns Hindi's version.

    The Hindi version is pre-filled (empty: engines off) and ready to claim.
    """
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["hi"]
    )
    source = services.variant_approve(
        variant=services.source_variant(statement), actor=users["reviewer"]
    )
    services.variant_publish(variant_id=source.pk, actor=users["editor"])
    hindi = statement.variants.get(language="hi")
    pipeline.variant_pretranslate(variant_id=hindi.pk, use_engines=False)
    return Variant.objects.get(pk=hindi.pk)


def submit(variant: Variant, *, note: str = "") -> bool:
    """The claimant sends the translation for review, overriding QA (the payloads break the
    numbers and glossary checks on purpose); False when there is no title or body to send."""
    variant = Variant.objects.get(pk=variant.pk)
    if not (variant.title.strip() and variant.body.strip()):
        return False
    try:
        services.variant_submit_for_review(variant=variant, actor=variant.assignee, note=note)
    except QABlocked:
        services.variant_submit_for_review(
            variant=variant, actor=variant.assignee, note=note, override=note
        )
    return True


def approve_and_publish(variant: Variant, users) -> Variant:
    variant = services.variant_approve(
        variant=Variant.objects.get(pk=variant.pk), actor=users["reviewer"]
    )
    services.variant_publish(variant_id=variant.pk, actor=users["editor"])
    return Variant.objects.get(pk=variant.pk)


def organisation(slug: str, name: str) -> Organisation:
    names = {f"name_{code}": name for code in ("en", "hi", "bn", "ur")}
    return Organisation.objects.create(slug=slug, **names)


def topic(slug: str, name: str) -> Topic:
    names = {f"name_{code}": name for code in ("en", "hi", "bn", "ur")}
    return Topic.objects.create(slug=slug, **names)


def glossary_term(text: str) -> GlossaryTerm:
    return GlossaryTerm.objects.create(
        source_language="en",
        term=text,
        kind=GlossaryTerm.Kind.FIXED,
        target_language="hi",
        translation=text,
        note=text,
    )


def store_raw_suggestion(segment: Segment, text: str) -> None:
    """A suggestion written into the row as it is, as if an import path forgot to clean it:
    the editor must still show it as text."""
    Segment.objects.filter(pk=segment.pk).update(
        suggestions=[
            {"origin": "engine", "detail": text, "score": None, "text": text},
            {"origin": "memory_fuzzy", "detail": "", "score": 80.0, "text": f"{text} (memory)"},
        ]
    )


def refused_fields(text: dict[str, str]) -> set[str]:
    """The fields the input rule refuses for their invisible characters."""
    return {
        name
        for name, value in text.items()
        if forbidden_characters(value, single_line=name in SINGLE_LINE_FIELDS)
    }


def create_statement(**values) -> tuple[Statement, bool]:
    """``services.statement_create(**values)``; where the input rule refuses the text (it must:
    asserted here, nothing created), the statement as it would stand had it been stored
    before the rule: created with a stand-in, then the source written directly, as typed.
    Returns the statement and whether the rule refused it."""
    text = {n: values[n] for n in ("title", "summary", "body", "byline", "dateline") if n in values}
    refused = refused_fields(text)
    if not refused:
        return services.statement_create(**values), False
    try:
        services.statement_create(**values)
    except InvalidInput as exc:
        assert "invisible characters" in str(exc), exc
    else:
        raise AssertionError(f"the input rule let {sorted(refused)} through")
    assert not Statement.objects.filter(slug=values.get("slug")).exists()
    statement = services.statement_create(**{**values, **dict.fromkeys(refused, STAND_IN)})
    Variant.objects.filter(statement=statement, language=statement.source_language).update(
        **{n: text[n].strip() for n in refused}
    )
    return statement, True


def store_before_the_rule(segment: Segment, text: str) -> None:
    """A sentence as a person saved it before the rule for invisible characters: reduced to
    plain text, controls kept."""
    Segment.objects.filter(pk=segment.pk).update(
        target=plain_text(text).strip(), origin=Segment.Origin.HUMAN, version=F("version") + 1
    )
    segments.refresh_working_copy(Variant.objects.get(pk=segment.variant_id))


def save_or_store_sentence(segment: Segment, translator, text: str) -> bool:
    """Save through the desk's service; where the input rule refuses it (it must), store it as
    saved before the rule. Returns whether the rule refused it."""
    if not forbidden_characters(text):
        save_sentence(segment, translator, text)
        return False
    current = Segment.objects.get(pk=segment.pk)
    try:
        save_sentence(current, translator, text)
    except InvalidInput:
        assert Segment.objects.get(pk=segment.pk).version == current.version
    else:
        raise AssertionError("the input rule let a sentence with invisible controls through")
    store_before_the_rule(segment, text)
    return True


def save_sentence(segment: Segment, translator, text: str) -> Segment:
    current = Segment.objects.get(pk=segment.pk)
    return segment_save(
        segment=current, actor=translator, text=text, expected_version=current.version
    )


@dataclass
class POOutcome:
    refused: bool
    errors: list[str]
    keys: list[int]


def import_po(variant: Variant, translator, targets: dict[int, str]) -> POOutcome:
    """Export the version, put ``targets`` (segment pk -> text) in as confirmed msgstrs and
    import the file back as ``translator``."""
    catalogue = polib.pofile(variant_export_po(variant=variant).decode("utf-8"))
    for entry in catalogue:
        key = int(entry.msgctxt)
        if key in targets:
            entry.msgstr = targets[key]
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
    data = str(catalogue).encode("utf-8")
    try:
        variant_import_po(data=data, actor=translator, variant=variant)
    except POImportError as exc:
        return POOutcome(refused=True, errors=exc.errors, keys=list(targets))
    return POOutcome(refused=False, errors=[], keys=list(targets))
