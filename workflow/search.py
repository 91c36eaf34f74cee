"""The statements' search text: what reader search compares, kept beside the live text."""

from __future__ import annotations

from collections.abc import Mapping

from translations import normalise, romanise

from .models import StatementSearch

# The live text a reader's words are looked for in.
SEARCHED_FIELDS = ("title", "summary", "body")


def search_values(text: Mapping[str, str], language: str) -> dict[str, str]:
    """The StatementSearch columns for one language's live text."""
    joined = "\n".join(text.get(name) or "" for name in SEARCHED_FIELDS)
    # English is found as typed; the Latin key is how the other three scripts are found.
    latin = romanise.latin_key(joined) if language != "en" else ""
    return {"text": normalise.search_form(joined), "latin": latin}


def search_text_store(*, statement_id: int, language: str, text: Mapping[str, str]) -> None:
    """Make ``text`` (the live text now) what search finds the statement by in ``language``."""
    StatementSearch.objects.update_or_create(
        statement_id=statement_id, language=language, defaults=search_values(text, language)
    )


def search_text_clear(*, statement_id: int) -> None:
    """A withdrawn statement is found in no language."""
    StatementSearch.objects.filter(statement_id=statement_id).delete()
