"""Migration 0004: the memory's statement moves from a foreign key to a plain id, and back."""

from __future__ import annotations

import pytest

from tests.factories import make_user
from tests.support.migrations import migrate
from workflow.models import Statement

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

FOREIGN_KEY = [("translations", "0003_memory_token_rowid")]
PLAIN_ID = [("translations", "0004_memory_statement_id")]


def unit(model, n: int, **fields):
    return model.objects.create(
        source_language="en",
        target_language="hi",
        source_text=f"Sentence {n}.",
        target_text=f"वाक्य {n}।",
        source_hash=f"{n:032x}",
        target_hash=f"{n:032x}",
        **fields,
    )


def test_statement_ids_are_kept_both_ways():
    author = make_user("author", roles=["author"], languages=["en"])
    statement = Statement.objects.create(slug="kept", source_language="en", created_by=author)
    try:
        before = migrate(FOREIGN_KEY).get_model("translations", "MemoryUnit")
        linked = unit(before, 1, statement_id=statement.pk)
        unlinked = unit(before, 2)

        after = migrate(PLAIN_ID).get_model("translations", "MemoryUnit")
        assert dict(after.objects.values_list("pk", "statement_id")) == {
            linked.pk: statement.pk,
            unlinked.pk: None,
        }
        # An id whose statement is gone cannot go back into the foreign key.
        dangling = unit(after, 3, statement_id=statement.pk + 1000)

        before = migrate(FOREIGN_KEY).get_model("translations", "MemoryUnit")
        assert dict(before.objects.values_list("pk", "statement")) == {
            linked.pk: statement.pk,
            unlinked.pk: None,
            dangling.pk: None,
        }
    finally:
        migrate()
