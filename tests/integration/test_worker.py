"""The workflow's Celery tasks run by a real worker process over a real Redis server."""

from __future__ import annotations

import re

import pytest

from tests.factories import HINDI_TITLE, make_statement, make_user
from workflow import services
from workflow.models import Statement, Transition, Variant

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


def test_submitted_statement_comes_back_ready_in_every_language(celery_worker, wait_for):
    author = make_user("author", roles=["author"], languages=[])
    statement = make_statement(author, source_language="hi")
    created = services.statement_submit_for_translation(statement=statement, actor=author)
    assert {v.state for v in created} == {"pending"}

    targets = Variant.objects.filter(statement=statement).exclude(language="hi")
    wait_for(
        lambda: set(targets.values_list("state", flat=True)) == {"ready"},
        what=f"every variant ready; worker log:\n{celery_worker.output()}",
    )
    assert sorted(targets.values_list("language", flat=True)) == ["bn", "en", "ur"]
    records = Transition.objects.filter(variant__in=targets, to_state="ready")
    assert records.count() == 3 and {r.actor_id for r in records} == {None}
    assert celery_worker.output().count("machine_translate_task") >= 3  # run there


def test_publication_runs_in_the_worker(celery_worker, wait_for):
    author = make_user("author", roles=["author"], languages=[])
    reviewer = make_user("reviewer", roles=["reviewer"], languages=["hi"])
    editor = make_user("editor", roles=["editor"], languages=[])
    statement = make_statement(author, source_language="hi")
    services.statement_submit_for_translation(statement=statement, actor=author, targets=[])
    source = services.variant_approve(variant=statement.variants.get(language="hi"), actor=reviewer)
    services.variant_request_publication(variant=source, actor=editor)
    services.variant_request_publication(variant=source, actor=editor)  # a double click

    wait_for(
        lambda: Statement.objects.get(pk=statement.pk).title_hi == HINDI_TITLE,
        what=f"publication; worker log:\n{celery_worker.output()}",
    )
    wait_for(
        lambda: (
            len(re.findall(r"publish_variant_task\[[^]]+\] succeeded", celery_worker.output())) == 2
        ),
        what="both publication tasks to finish",
    )
    assert Transition.objects.filter(variant=source, to_state="published").count() == 1
    assert Variant.objects.get(pk=source.pk).state == "published"
