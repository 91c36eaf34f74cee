"""Workflow app configuration."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_role_groups(sender, **kwargs) -> None:
    from .roles import ensure_groups

    ensure_groups()


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Statements and translations")

    def ready(self) -> None:
        post_migrate.connect(_create_role_groups, sender=self)
        from django.core import checks

        from .checks import demo_logins_check

        checks.register(demo_logins_check, checks.Tags.security, checks.Tags.database)
        from . import notices, signals

        signals.variant_moved.connect(notices.on_variant_moved, dispatch_uid="workflow.notices")
        from translations.signals import engine_over_budget

        from .engine_notices import on_engine_over_budget

        engine_over_budget.connect(on_engine_over_budget, dispatch_uid="workflow.engine_notices")
        from .ai_review import on_variant_moved as ai_review_on_move

        signals.variant_moved.connect(ai_review_on_move, dispatch_uid="workflow.ai_review")
        # Services queue tasks by name; registering them here lets any process (the web,
        # a management command, eager mode) run or send them without a worker's autodiscovery.
        from . import tasks  # noqa: F401
        from .memory_links import connect as connect_memory_links

        # The memory names statements by id only: their TMX slugs and deletions are here.
        connect_memory_links()
        from .search import connect as connect_search

        # Reader search's index follows what is live.
        connect_search()
