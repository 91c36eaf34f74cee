"""Progress on the desk counts the sentences a person confirmed, never machine pre-fills.

The engines are the local test double (tests/support/mt_double.py): every sentence comes back
machine-filled, so "N of M" shows what people have done, not what the engine did.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from tests.factories import make_statement
from tests.support.revising import CHANGED, TARGETS, body_with, revise
from workflow import services
from workflow.choices import State
from workflow.models import Segment, Variant

pytestmark = pytest.mark.django_db(transaction=True)

URDU = "دہلی میں تعمیراتی مزدوروں کو تین مہینے سے اجرت نہیں ملی ہے۔"
URDU_TITLE = "غیر ادا شدہ اجرت پر بیان"


@pytest.fixture
def urdu(users, mt_settings, mt_double) -> Variant:
    """An English statement's Urdu version, every sentence filled by the engine, claimed."""
    statement = make_statement(users["author"])
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["ur"]
    )
    variant = statement.variants.get(language="ur")
    assert variant.state == State.READY
    return services.variant_claim(variant=variant, actor=users["translator_ur"])


def rows_of(variant: Variant) -> list[Segment]:
    return list(variant.segments.order_by("position"))


def save(client, segment: Segment, text: str):
    segment.refresh_from_db()
    return client.post(
        reverse("workspace:save_segment", args=[segment.pk]),
        {"text": text, "version": segment.version},
        HTTP_HX_REQUEST="true",
    )


def test_machine_text_nobody_looked_at_is_not_progress(client, users, urdu):
    rows = rows_of(urdu)
    total = len(rows)
    assert total >= 3
    assert all(r.target and r.origin == Segment.Origin.ENGINE for r in rows)
    # Every sentence has text; none is confirmed.
    assert (urdu.segments_done, urdu.segments_confirmed, urdu.segments_total) == (total, 0, total)

    client.force_login(users["translator_ur"])
    editor = client.get(reverse("workspace:edit", args=[urdu.pk])).content.decode()
    assert f"0 of {total} sentences" in editor
    assert 'value="0" aria-label' in editor
    assert f"0/{total}" in client.get(reverse("workspace:my_work")).content.decode()


def test_keeping_the_machine_text_or_typing_counts_once(client, users, urdu):
    rows = rows_of(urdu)
    total = len(rows)
    client.force_login(users["translator_ur"])

    # The translator reads the machine's sentence and saves it as it stands: confirmed.
    reply = save(client, rows[0], rows[0].target)
    assert reply.status_code == 200
    assert f"1 of {total} sentences" in reply.content.decode()  # the progress swapped in
    # Their own words for the next sentence.
    reply = save(client, rows[1], URDU)
    assert f"2 of {total} sentences" in reply.content.decode()
    # The autosave after a manual save of the same words counts nothing twice.
    reply = save(client, rows[1], URDU)
    assert f"2 of {total} sentences" in reply.content.decode()

    urdu.refresh_from_db()
    assert (urdu.segments_confirmed, urdu.segments_done) == (2, total)
    page = client.get(reverse("workspace:edit", args=[urdu.pk])).content.decode()
    assert f"2 of {total} sentences" in page


def test_a_whole_field_save_confirms_the_sentences_it_writes(users, urdu):
    title = urdu.segments.get(field="title")
    saved = services.variant_save_text(
        variant=urdu, actor=users["translator_ur"], expected_version=urdu.version, title=URDU_TITLE
    )
    title.refresh_from_db()
    assert title.target == URDU_TITLE and title.origin == Segment.Origin.HUMAN
    assert saved.segments_confirmed == 1
    assert Variant.objects.get(pk=urdu.pk).segments_confirmed == 1


def test_a_sentence_the_source_revision_changed_needs_confirming_again(
    published, users, run_after_commit
):
    for code in TARGETS:
        variant = published.variants.get(language=code)
        assert variant.segments_confirmed == variant.segments_total == 20

    revise(published, users, run_after_commit, body=body_with(6, CHANGED))

    for code in TARGETS:
        variant = published.variants.get(language=code)
        # The changed sentence came back from the engine: text, but nobody's word for it.
        assert (variant.segments_done, variant.segments_confirmed) == (20, 19)


def test_the_migration_counts_what_people_confirmed_before_it(client, users, urdu):
    client.force_login(users["translator_ur"])
    rows = rows_of(urdu)
    save(client, rows[0], rows[0].target)
    save(client, rows[1], URDU)
    executor = MigrationExecutor(connection)
    # Back to just before the migration (found by name: its number may change), and forward.
    mine = next(
        key
        for key in executor.loader.disk_migrations
        if key[0] == "workflow" and key[1].endswith("_variant_segments_confirmed")
    )
    before = executor.loader.get_migration(*mine).dependencies
    executor.migrate([d for d in before if d[0] == "workflow"])
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Variant.objects.get(pk=urdu.pk).segments_confirmed == 2
