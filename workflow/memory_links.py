"""The translation memory's view of statements: slugs for TMX, and what a deletion leaves."""

from __future__ import annotations

from django.db.models.signals import post_delete

from translations.memory import statements
from translations.models import MemoryUnit

from .models import Statement


class StatementDirectory:
    """Statement slugs by id and ids by slug, for TMX export and import."""

    def slugs(self, ids: list[int]) -> dict[int, str]:
        return dict(Statement.objects.filter(pk__in=ids).values_list("pk", "slug"))

    def ids(self, slugs: list[str]) -> dict[str, int]:
        return dict(Statement.objects.filter(slug__in=slugs).values_list("slug", "pk"))


def on_statement_deleted(sender: type[Statement], *, instance: Statement, **kwargs) -> None:
    # The translations stay in the memory; they only stop naming the statement (what the
    # foreign key's SET_NULL did before the memory kept a plain id).
    MemoryUnit.objects.filter(statement_id=instance.pk).update(statement_id=None)


def connect() -> None:
    statements.register(StatementDirectory())
    post_delete.connect(
        on_statement_deleted, sender=Statement, dispatch_uid="workflow.memory_links.deleted"
    )
