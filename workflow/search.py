"""Reader search's index: one row per statement and language that readers can see now.

A row holds the live text as search compares it (folded, and as a Latin key) and the
statement's listing order, so that a search is answered from this one table: its text
indexes find the rows, its order index sorts them, and nothing else is read until the
page of results is known. The rule that keeps it true is ``reindex()``: a statement has a
row for a language exactly when that language is live (workflow.choices.LIVE) and the
statement is public (not withdrawn, its source language live). It runs wherever that can
change: when a language's live text is copied (publishing), when a variant enters or
leaves the withdrawn state, and when the statement's dates are saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime

from django.db.models.signals import post_save

from translations import normalise, romanise
from translations.languages import CODES

from . import signals
from .choices import LIVE, State
from .models import Statement, StatementSearch, Variant

# The live text a reader's words are looked for in.
SEARCHED_FIELDS = ("title", "summary", "body")
# What a row copies from its statement to sort results the way listings are sorted.
ORDER_FIELDS = ("issued_on", "first_published_at")
# Where a statement has no date: sorts after every real one, newest first.
NO_DATE = date.min
NO_TIME = datetime.min.replace(tzinfo=UTC)


def search_values(text: Mapping[str, str], language: str) -> dict[str, str]:
    """The StatementSearch text columns for one language's live text."""
    joined = "\n".join(text.get(name) or "" for name in SEARCHED_FIELDS)
    # English is found as typed; the Latin key is how the other three scripts are found.
    latin = romanise.latin_key(joined) if language != "en" else ""
    return {"text": normalise.search_form(joined), "latin": latin}


def order_values(statement: Statement) -> dict:
    """The order columns for a statement: listings' newest first, nulls last."""
    return {
        "order_date": statement.issued_on or NO_DATE,
        "order_time": statement.first_published_at or NO_TIME,
    }


def reindex(statement_id: int) -> None:
    """Make the statement's rows what readers can find now, from its live text."""
    statement = (
        Statement.objects.filter(pk=statement_id)
        .only(
            "withdrawn_at",
            "source_language",
            *ORDER_FIELDS,
            *(f"{name}_{code}" for name in SEARCHED_FIELDS for code in CODES),
        )
        .first()
    )
    live: set[str] = set()
    if statement is not None and statement.withdrawn_at is None:
        live = set(
            Variant.objects.filter(LIVE, statement_id=statement_id).values_list(
                "language", flat=True
            )
        )
        if statement.source_language not in live:
            live = set()
    StatementSearch.objects.filter(statement_id=statement_id).exclude(language__in=live).delete()
    for code in sorted(live):
        text = {name: getattr(statement, f"{name}_{code}") for name in SEARCHED_FIELDS}
        StatementSearch.objects.update_or_create(
            statement_id=statement_id,
            language=code,
            defaults={
                **search_values(text, code),
                **order_values(statement),
            },
        )


def on_variant_moved(
    sender, *, statement_id: int, from_state: str, to_state: str, **kwargs
) -> None:
    """A variant entering or leaving the withdrawn state changes what readers find.

    Publishing is not handled here: the live text is copied after the move, and the copy
    reindexes (workflow.services.publication.copy_to_published_fields)."""
    if State.WITHDRAWN in (from_state, to_state):
        reindex(statement_id)


def on_statement_saved(sender, *, instance: Statement, update_fields=None, **kwargs) -> None:
    """The listing order follows the statement's dates (an editor correcting the date)."""
    if kwargs.get("created") or kwargs.get("raw"):
        return
    if update_fields is not None and not set(ORDER_FIELDS) & set(update_fields):
        return
    StatementSearch.objects.filter(statement_id=instance.pk).update(**order_values(instance))


def connect() -> None:
    signals.variant_moved.connect(on_variant_moved, dispatch_uid="workflow.search.moved")
    post_save.connect(on_statement_saved, sender=Statement, dispatch_uid="workflow.search.saved")
