"""The memory's link to statements: a deleted statement's translations stay, unnamed."""

from __future__ import annotations

import pytest

from tests.factories import make_user
from translations import memory
from translations.memory import statements
from workflow.models import Statement

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

EN = "Construction workers in Delhi have not been paid for three months."
HI = "दिल्ली में निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।"


def remember(statement: Statement, source: str = EN, target: str = HI):
    return memory.add(
        source_language="en",
        target_language="hi",
        source_text=source,
        target_text=target,
        statement=statement,
    )


def test_deleting_a_statement_keeps_its_translations_and_forgets_only_its_id():
    author = make_user("author", roles=["author"], languages=["en", "hi"])
    # Without variants: a statement with a transition log cannot be deleted at all.
    doomed = Statement.objects.create(slug="doomed", source_language="en", created_by=author)
    kept = Statement.objects.create(slug="kept", source_language="en", created_by=author)
    orphan = remember(doomed)
    other = remember(kept, "We demand that the dues be paid at once.", "बकाया तुरंत चुकाया जाए।")
    doomed.delete()
    orphan.refresh_from_db()
    other.refresh_from_db()
    assert orphan.statement_id is None
    assert other.statement_id == kept.pk
    assert memory.lookup(EN, source_language="en", target_language="hi")[0].unit_id == orphan.pk


def test_the_directory_names_statements_by_slug_and_leaves_out_unknown_ones():
    author = make_user("author", roles=["author"], languages=["en"])
    statement = Statement.objects.create(slug="named", source_language="en", created_by=author)
    assert statements.slugs_of([statement.pk, statement.pk + 1000]) == {statement.pk: "named"}
    assert statements.ids_of(["named", "no-such-statement"]) == {"named": statement.pk}
