"""Migration 0011: search rows gain the listing order, and rows readers cannot see go."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.factories import make_user
from tests.support.migrations import migrate

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

BEFORE = [("workflow", "0010_statement_search")]
AFTER = [("workflow", "0011_search_order")]


def test_rows_get_their_order_and_unseen_rows_go():
    author = make_user("author", roles=["author"], languages=["hi"])
    published = datetime(2026, 5, 2, 9, 30, tzinfo=UTC)
    try:
        apps = migrate(BEFORE)
        Statement = apps.get_model("workflow", "Statement")
        Variant = apps.get_model("workflow", "Variant")
        Search = apps.get_model("workflow", "StatementSearch")

        def statement(slug, *, withdrawn=None, issued=None, first=None):
            return Statement.objects.create(
                slug=slug,
                source_language="hi",
                created_by_id=author.pk,
                issued_on=issued,
                first_published_at=first,
                withdrawn_at=withdrawn,
            )

        dated = statement("dated", issued=date(2026, 5, 1), first=published)
        undated = statement("undated", first=published)
        gone = statement("gone", withdrawn=published, issued=date(2026, 4, 1), first=published)
        for s in (dated, undated, gone):
            Variant.objects.create(
                statement=s, language="hi", state="published", published_at=published
            )
            Search.objects.create(statement=s, language="hi", text="हड़ताल", latin="")
        # A language that never went live, left behind by the earlier rule.
        Variant.objects.create(statement=dated, language="ur", state="translating")
        Search.objects.create(statement=dated, language="ur", text="ہڑتال", latin="")

        apps = migrate(AFTER)
        Search = apps.get_model("workflow", "StatementSearch")
        rows = {
            (r.statement_id, r.language): (r.order_date, r.order_time) for r in Search.objects.all()
        }
        assert rows == {
            (dated.pk, "hi"): (date(2026, 5, 1), published),
            (undated.pk, "hi"): (date.min, published),
        }
    finally:
        migrate()
