"""What readers may see, fetched in a fixed number of queries whatever the page holds."""

from __future__ import annotations

import unicodedata

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)

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


class SearchResults:
    """Statements a search found, in order, read from the search index a page at a time.

    The index (workflow.search) holds only what readers can see, with the listing order,
    so counting and ordering the matches never reads a statement; only the page shown is
    fetched, with what its entries need. Paginator takes it as it takes a QuerySet, and
    after ``expect()`` one query gives both the page's rows and the count.
    """

    def __init__(self, rows: QuerySet[StatementSearch] | None) -> None:
        self._rows = rows  # ordered; None when the query has no words
        self._total: int | None = None if rows is not None else 0
        self._expected: tuple[int, int] | None = None
        self._ids: dict[tuple[int, int], list[int]] = {}

    def expect(self, page: int, per_page: int) -> SearchResults:
        """Say which page will be asked for, so that counting also fetches its rows."""
        self._expected = ((page - 1) * per_page, page * per_page)
        return self

    def count(self) -> int:
        if self._total is None and self._expected is not None:
            self._window(*self._expected)
        if self._total is None:
            self._total = self._rows.count()
        return self._total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: int | slice) -> list[Statement] | Statement:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        if self._rows is None:
            return []
        start, stop, _ = index.indices(self.count())
        ids = self._ids.get((start, stop))
        if ids is None:
            ids = self._window(start, stop)
        found = statements_public().in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def __iter__(self):
        return iter(self[:])

    def _window(self, start: int, stop: int) -> list[int]:
        """The ids from ``start`` to ``stop``, and the number of all matches with them."""
        rows = list(
            self._rows.annotate(total=Window(Count("pk"))).values_list("statement_id", "total")[
                start:stop
            ]
        )
        if rows:
            self._total = rows[0][1]
        elif start == 0:
            self._total = 0
        self._ids[(start, stop)] = ids = [pk for pk, _ in rows]
        return ids


def search(query: str, language: str) -> SearchResults:
    """Statements published in ``language`` whose live text there contains every word.

    Words are compared folded (normalise.search_form: मज़दूर finds मजदूर, an Arabic-keyboard
    بهارت finds بھارت). A query with words in Latin letters also finds the statements whose
    words sound like them (romanise: "mazdoor" finds मज़दूर, مزدور, মজদুর), listed after
    those that contain the words as typed; each group newest first.
    """
    words = [word for word in (normalise.search_form(w) for w in query.split()) if word]
    if not words:
        return SearchResults(None)
    rows = StatementSearch.objects.filter(language=language)
    exact = Q()
    for word in words:
        exact &= Q(text__contains=word)
    patterns = romanise.latin_patterns(query) if romanise.has_latin(query) else []
    order = ["-order_date", "-order_time", "statement_id"]
    if language == "en" or not patterns:
        return SearchResults(rows.filter(exact).order_by(*order))
    latin = Q()
    for pattern in patterns:
        latin &= Q(latin__contains=pattern)
    rows = rows.filter(exact | latin).annotate(
        sounds_alike=Case(When(exact, then=Value(0)), default=Value(1))
    )
    return SearchResults(rows.order_by("sounds_alike", *order))
