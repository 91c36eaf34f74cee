"""Nobody approves text they wrote, whatever way they wrote it: the desk, the API's version
PATCH, a PO file, or the source itself; and every such edit is in the version's log."""

from __future__ import annotations

import polib
import pytest

from tests.factories import make_statement, make_user
from workflow import services
from workflow.exceptions import SelfReview
from workflow.models import State, TextEdit, Variant
from workflow.po_exchange import variant_export_po, variant_import_po

HINDI = ["दिल्ली में मज़दूरों को तीन महीने से वेतन नहीं मिला।", "हमारी माँग है कि बकाया तुरंत दिया जाए।"]


@pytest.fixture
def hindi_pair(db):
    """Two people who both translate and review Hindi."""
    return (
        make_user("asha", roles=["translator", "reviewer"], languages=["hi"]),
        make_user("bilal", roles=["translator", "reviewer"], languages=["hi"]),
    )


def _ready_hindi(users, callbacks, settings) -> Variant:
    settings.ANUVAD_MT_ENABLED = False
    statement = make_statement(users["author"])
    with callbacks(execute=True):
        services.statement_submit_for_translation(
            statement=statement, actor=users["author"], targets=["hi"]
        )
    services.variant_approve(variant=services.source_variant(statement), actor=users["reviewer"])
    return Variant.objects.get(statement=statement, language="hi")


def _hand_over(hindi: Variant, writer, colleague) -> Variant:
    """``writer`` releases the version; ``colleague`` claims it and submits it unchanged."""
    services.variant_release(variant=Variant.objects.get(pk=hindi.pk), actor=writer)
    claimed = services.variant_claim(variant=Variant.objects.get(pk=hindi.pk), actor=colleague)
    return services.variant_submit_for_review(variant=claimed, actor=colleague, override="ok")


def test_a_translator_who_typed_the_sentences_and_handed_over_may_not_approve(
    users, hindi_pair, django_capture_on_commit_callbacks, settings
):
    asha, bilal = hindi_pair
    hindi = services.variant_claim(
        variant=_ready_hindi(users, django_capture_on_commit_callbacks, settings), actor=asha
    )
    for segment, text in zip(hindi.segments.order_by("position"), HINDI * 4, strict=False):
        services.segment_save(segment=segment, actor=asha, text=text, expected_version=1)
    submitted = _hand_over(hindi, asha, bilal)
    assert submitted.translated_by == bilal and submitted.assignee_id in (None, bilal.pk)

    with pytest.raises(SelfReview, match="someone else must approve"):
        services.variant_approve(variant=submitted, actor=asha)
    assert Variant.objects.get(pk=hindi.pk).state == State.IN_REVIEW
    logged = TextEdit.objects.filter(variant=hindi, actor=asha)
    assert logged.count() == hindi.segments.count()
    # Someone who wrote none of it approves.
    services.variant_approve(variant=submitted, actor=users["reviewer"])
    assert Variant.objects.get(pk=hindi.pk).state == State.APPROVED


def test_sentences_from_a_po_file_count_as_written_by_its_uploader(
    users, hindi_pair, django_capture_on_commit_callbacks, settings
):
    asha, bilal = hindi_pair
    hindi = services.variant_claim(
        variant=_ready_hindi(users, django_capture_on_commit_callbacks, settings), actor=asha
    )
    catalogue = polib.pofile(variant_export_po(variant=hindi).decode("utf-8"))
    for entry, text in zip(catalogue, HINDI * 4, strict=False):
        entry.msgstr = text
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
    variant_import_po(data=str(catalogue).encode("utf-8"), actor=asha, variant=hindi)
    submitted = _hand_over(hindi, asha, bilal)

    with pytest.raises(SelfReview):
        services.variant_approve(variant=submitted, actor=asha)
    edit = TextEdit.objects.get(variant=hindi, actor=asha)
    assert edit.sentences == len(catalogue) and "body" in edit.fields


def _source_changed_by_the_editor(users) -> Variant:
    """An author's statement whose summary the editor rewrote, submitted by the author."""
    statement = make_statement(users["author"])
    source = services.source_variant(statement)
    services.variant_save_text(
        variant=source,
        actor=users["editor"],
        expected_version=source.version,
        summary="Construction workers in Delhi have waited three months for their wages.",
    )
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["hi"]
    )
    return services.source_variant(statement)


def test_an_editor_who_changed_the_source_may_not_approve_it(users):
    source = _source_changed_by_the_editor(users)
    statement = source.statement
    assert source.state == State.IN_REVIEW and source.translated_by == users["author"]

    with pytest.raises(SelfReview):
        services.variant_approve(variant=source, actor=users["editor"])
    assert services.source_variant(statement).state == State.IN_REVIEW
    edit = TextEdit.objects.filter(variant=source, actor=users["editor"]).get()
    assert edit.fields == ["summary"]
    services.variant_approve(variant=source, actor=users["reviewer"])


def test_the_review_page_lists_who_edited_what_and_offers_no_decision_to_a_writer(client, users):
    from bs4 import BeautifulSoup

    source = _source_changed_by_the_editor(users)
    client.force_login(users["editor"])
    page = BeautifulSoup(client.get(f"/desk/versions/{source.pk}/review/").content, "html.parser")
    edits = [li.get_text(" ", strip=True) for li in page.select("section.history")[-1].select("li")]
    assert any("editor" in e and "summary" in e for e in edits), edits
    assert any("author" in e and "title" in e for e in edits), edits
    assert page.find("button", string=lambda s: s and s.strip() == "Approve") is None
    client.force_login(users["reviewer"])
    page = BeautifulSoup(client.get(f"/desk/versions/{source.pk}/review/").content, "html.parser")
    assert page.find("button", string=lambda s: s and s.strip() == "Approve") is not None
