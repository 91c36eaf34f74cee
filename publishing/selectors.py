"""What readers may see, fetched in a fixed number of queries whatever the page holds."""

from __future__ import annotations

import unicodedata

from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When

from translations import normalise, romanise
from workflow.choices import LIVE
from workflow.models import (
    Signatory,
    SourceRevision,
    Statement,
    StatementSearch,
    Topic,
    Variant,
)

# The longest search query kept; longer ones are cut (no one types more into a phone).
MAX_QUERY = 100


def statements_public() -> QuerySet[Statement]:
    """Statements readers may see: not withdrawn, source language live."""
    live_source = Variant.objects.filter(
        LIVE, statement=OuterRef("pk"), language=OuterRef("source_language")
    )
    return (
        Statement.objects.filter(withdrawn_at__isnull=True)
        .filter(Exists(live_source))
        .prefetch_related(
            Prefetch(
                "variants",
                queryset=Variant.objects.only(
                    "statement_id", "language", "state", "published_at", "live_revision_id"
                ),
            )
        )
    )


def newest_first_order() -> list:
    return [
        F("issued_on").desc(nulls_last=True),
        F("first_published_at").desc(nulls_last=True),
        "pk",
    ]


def newest_first(statements: QuerySet[Statement]) -> QuerySet[Statement]:
    return statements.order_by(*newest_first_order())


def published_in(language: str) -> QuerySet[Statement]:
    """Public statements whose ``language`` version is live."""
    live = Variant.objects.filter(LIVE, statement=OuterRef("pk"), language=language)
    return statements_public().filter(Exists(live))


def listing(*, topic: Topic | None = None) -> QuerySet[Statement]:
    """Every public statement, newest first; each shows in the reader's language or its source."""
    statements = statements_public()
    if topic is not None:
        statements = statements.filter(topics=topic)
    return newest_first(statements)


def statement_for_reader(slug: str) -> Statement | None:
    """A public statement with its topics, signatories and published revisions: five queries."""
    return (
        statements_public()
        .filter(slug=slug)
        .prefetch_related(
            "topics",
            Prefetch(
                "signatory_set",
                queryset=Signatory.objects.select_related("organisation").order_by("position"),
            ),
            Prefetch(
                "revisions",
                queryset=SourceRevision.objects.filter(
                    published_at__isnull=False, number__gt=1
                ).order_by("-number"),
                to_attr="updates",
            ),
        )
        .first()
    )


def renamed_to(slug: str) -> str | None:
    """The current address of a public statement that ``slug`` was a former address of."""
    return (
        statements_public().filter(former_slugs__slug=slug).values_list("slug", flat=True).first()
    )


def topic_by_slug(slug: str) -> Topic | None:
    return Topic.objects.filter(slug=slug).first()


def clean_query(text: str, language: str) -> str:
    """A search query as the text is stored: NFC, single spaces, Urdu letter forms."""
    text = " ".join(unicodedata.normalize("NFC", text).split())[:MAX_QUERY]
    if language == "ur":
        text = normalise.urdu_letters(text)
    return text


def search(query: str, language: str) -> QuerySet[Statement]:
    """Statements published in ``language`` whose live text there contains every word.

    Words are compared folded (normalise.search_form: मज़दूर finds मजदूर, an Arabic-keyboard
    بهارت finds بھارت). A query with words in Latin letters also finds the statements whose
    words sound like them (romanise: "mazdoor" finds मज़दूर, مزدور, মজদুর), listed after
    those that contain the words as typed; each group newest first.
    """
    words = [word for word in (normalise.search_form(w) for w in query.split()) if word]
    if not words:
        return Statement.objects.none()
    texts = StatementSearch.objects.filter(language=language)
    exact = Q()
    for word in words:
        exact &= Q(text__contains=word)
    patterns = romanise.latin_patterns(query) if romanise.has_latin(query) else []
    if language == "en" or not patterns:
        found = texts.filter(exact).values("statement_id")
        return newest_first(published_in(language).filter(pk__in=found))
    latin = Q()
    for pattern in patterns:
        latin &= Q(latin__contains=pattern)
    found = texts.filter(exact | latin).values("statement_id")
    as_typed = texts.filter(exact).values("statement_id")
    statements = published_in(language).filter(pk__in=found)
    statements = statements.annotate(
        sounds_alike=Case(When(pk__in=as_typed, then=Value(0)), default=Value(1))
    )
    return statements.order_by("sounds_alike", *newest_first_order())
