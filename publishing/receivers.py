"""Purge readers' cached pages when what they show changes."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from translations import languages
from workflow import signals
from workflow.models import Organisation, Signatory, SourceRevision, Statement, Topic, Variant

from . import cache


def _topic_slugs(statement_id: int) -> list[str]:
    return list(Topic.objects.filter(statements=statement_id).values_list("slug", flat=True))


def on_variant_published(sender, *, variant: Variant, statement_id: int, **kwargs) -> None:
    statement = Statement.objects.only("slug", "source_language").get(pk=statement_id)
    # The source stands in for every language not yet published: all lists change with it.
    if variant.language == statement.source_language:
        lists_in = languages.CODES
    else:
        lists_in = (variant.language,)
    cache.purge_statement(statement.slug, lists_in=lists_in, topics=_topic_slugs(statement_id))


def _addresses(statement_id: int) -> list[str]:
    """Every address the statement's pages were cached under: its slug and former ones."""
    statement = Statement.objects.get(pk=statement_id)
    return [statement.slug, *statement.former_slugs.values_list("slug", flat=True)]


def on_statement_withdrawn(sender, *, statement_id: int, **kwargs) -> None:
    topics = _topic_slugs(statement_id)
    for slug in _addresses(statement_id):
        cache.purge_statement(slug, lists_in=languages.CODES, topics=topics)


def on_statement_renamed(sender, *, statement_id: int, old_slug: str, **kwargs) -> None:
    # Lists link to the statement's address: they change with it.
    cache.purge_statement(old_slug, lists_in=languages.CODES, topics=_topic_slugs(statement_id))


def on_statement_saved(sender, *, instance: Statement, **kwargs) -> None:
    # Dates, priority or kind edited on a live statement; drafts have no pages to purge.
    if instance.first_published_at is not None:
        cache.purge_statement(
            instance.slug, lists_in=languages.CODES, topics=_topic_slugs(instance.pk)
        )


def on_topics_changed(sender, *, instance, action: str, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if isinstance(instance, Statement):
        statements = [instance]
        topics = set(_topic_slugs(instance.pk))
        topics |= set(Topic.objects.filter(pk__in=pk_set or ()).values_list("slug", flat=True))
    elif action == "pre_clear":  # changed from the topic's side
        statements, topics = list(instance.statements.all()), {instance.slug}
    else:
        statements, topics = list(Statement.objects.filter(pk__in=pk_set)), {instance.slug}
    for statement in statements:
        if statement.first_published_at is not None:
            cache.purge_statement(statement.slug, lists_in=languages.CODES, topics=topics)


def on_topic_saved(sender, *, instance: Topic, **kwargs) -> None:
    cache.purge_topic(instance.slug)
    for slug in instance.statements.values_list("slug", flat=True):
        cache.purge_statement(slug, lists_in=())


def on_organisation_saved(sender, *, instance: Organisation, **kwargs) -> None:
    for slug in instance.statements.values_list("slug", flat=True):
        cache.purge_statement(slug, lists_in=())


def on_signatory_changed(sender, *, instance: Signatory, **kwargs) -> None:
    slugs = Statement.objects.filter(pk=instance.statement_id).values_list("slug", flat=True)
    if slug := slugs.first():  # gone when the statement itself is being deleted
        cache.purge_statement(slug, lists_in=())


def on_revision_saved(sender, *, instance: SourceRevision, **kwargs) -> None:
    # A change note written or corrected on a published revision.
    if instance.published_at is not None:
        slug = Statement.objects.values_list("slug", flat=True).get(pk=instance.statement_id)
        cache.purge_statement(slug, lists_in=())


def connect() -> None:
    uid = "publishing.cache"
    signals.variant_published.connect(on_variant_published, dispatch_uid=f"{uid}.published")
    signals.statement_withdrawn.connect(on_statement_withdrawn, dispatch_uid=f"{uid}.withdrawn")
    signals.statement_renamed.connect(on_statement_renamed, dispatch_uid=f"{uid}.renamed")
    post_save.connect(on_statement_saved, sender=Statement, dispatch_uid=f"{uid}.statement")
    m2m_changed.connect(on_topics_changed, sender=Statement.topics.through, dispatch_uid=uid)
    post_save.connect(on_revision_saved, sender=SourceRevision, dispatch_uid=f"{uid}.revision")
    post_save.connect(on_topic_saved, sender=Topic, dispatch_uid=f"{uid}.topic")
    post_save.connect(on_organisation_saved, sender=Organisation, dispatch_uid=f"{uid}.org")
    for signal in (post_save, post_delete):
        signal.connect(
            on_signatory_changed, sender=Signatory, dispatch_uid=f"{uid}.signatory.{id(signal)}"
        )
