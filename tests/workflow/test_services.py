"""The workflow actions as people use them: create, submit, claim, review, publish, withdraw."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override

from tests.factories import HINDI_BODY, HINDI_TITLE, make_statement
from workflow import services
from workflow.exceptions import (
    IllegalTransition,
    InvalidInput,
    NotPermitted,
    StaleEdit,
)
from workflow.models import SourceRevision, Statement, Transition, Variant
from workflow.tasks import publish_variant_task


def _submitted(users, django_capture_on_commit_callbacks, **kwargs) -> Statement:
    statement = make_statement(users["author"], **kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        services.statement_submit_for_translation(statement=statement, actor=users["author"])
    return statement


def _approved_translation(statement, code, users, translator) -> Variant:
    variant = statement.variants.get(language=code)
    variant = services.variant_claim(variant=variant, actor=translator)
    variant = services.variant_save_text(
        variant=variant,
        actor=translator,
        expected_version=variant.version,
        title=HINDI_TITLE,
        body=HINDI_BODY,
    )
    variant = services.variant_submit_for_review(variant=variant, actor=translator)
    return services.variant_approve(variant=variant, actor=users["reviewer"])


def test_create_keeps_the_source_text_out_of_the_published_fields(users):
    statement = make_statement(users["author"], source_language="hi")
    source = statement.variants.get()
    assert (source.language, source.state, source.title) == ("hi", "draft", HINDI_TITLE)
    assert not statement.title_hi  # nothing is public before publication
    assert statement.slug == "mazduron-ki-nyuntam-mazduri-par-bayan"  # the title, in Latin
    assert Transition.objects.get(variant=source).to_state == "draft"


def test_only_authors_and_editors_write_statements(users):
    with pytest.raises(NotPermitted):
        make_statement(users["translator_hi"])
    with pytest.raises(InvalidInput, match="not one of"):
        make_statement(users["author"], source_language="fr")
    with pytest.raises(InvalidInput, match="cannot be an address"):
        make_statement(users["author"], slug="<script>alert(1)</script>")
    with pytest.raises(InvalidInput, match="needs a title"):
        make_statement(users["author"], title="   ")
    assert not Statement.objects.exists()
    make_statement(users["author"], slug="wages")
    with pytest.raises(InvalidInput, match="taken"):
        make_statement(users["author"], slug="wages")
    assert Statement.objects.count() == 1


def test_submit_creates_one_pending_variant_per_language_and_queues_them(
    users, django_capture_on_commit_callbacks
):
    statement = make_statement(users["author"], source_language="bn")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        created = services.statement_submit_for_translation(
            statement=statement, actor=users["author"]
        )
    assert sorted(v.language for v in created) == ["en", "hi", "ur"]
    assert all(v.state == "pending" for v in created)
    # Sent only when the transaction commits: the notice of the source's move to review,
    # and one group of machine-translation tasks.
    assert len(queued) == 2
    revision = SourceRevision.objects.get(statement=statement)
    assert revision.number == 1 and revision.title == statement.variants.get(language="bn").title
    assert {v.source_revision_id for v in created} == {revision.pk}

    # Tasks (eager in unit tests) hand each variant to humans and say why.
    for callback in queued:
        callback()
    ready = Variant.objects.filter(statement=statement).exclude(language="bn")
    assert {v.state for v in ready} == {"ready"}
    assert all(v.needs_human for v in ready)
    note = Transition.objects.filter(variant__in=ready, to_state="ready").first().note
    assert "Machine translation failed" in note and "need a translator" in note

    # Submitting again creates nothing new and keeps revision 1.
    with django_capture_on_commit_callbacks(execute=True):
        again = services.statement_submit_for_translation(
            statement=statement, actor=users["author"]
        )
    assert again == [] and statement.revisions.count() == 1


def test_claim_release_and_expiry(users, django_capture_on_commit_callbacks):
    statement = _submitted(users, django_capture_on_commit_callbacks)
    hindi = statement.variants.get(language="hi")
    claimed = services.variant_claim(variant=hindi, actor=users["translator_hi"])
    assert claimed.assignee == users["translator_hi"]
    released = services.variant_release(variant=claimed, actor=users["translator_hi"])
    assert released.state == "ready" and released.assignee is None

    claimed = services.variant_claim(variant=released, actor=users["translator_hi2"])
    assert services.release_expired_claims() == 0
    later = claimed.claim_expires_at + timedelta(seconds=1)
    assert services.release_expired_claims(now=later) == 1
    expired = Variant.objects.get(pk=hindi.pk)
    assert expired.state == "ready" and expired.assignee is None
    record = expired.transitions.latest("pk")
    assert record.actor is None and "translator_hi2 expired" in record.note


def test_stale_edit_is_refused_and_keeps_the_newer_text(users, django_capture_on_commit_callbacks):
    statement = _submitted(users, django_capture_on_commit_callbacks)
    hindi = services.variant_claim(
        variant=statement.variants.get(language="hi"), actor=users["translator_hi"]
    )
    opened_at = hindi.version
    saved = services.variant_save_text(
        variant=hindi, actor=users["translator_hi"], expected_version=opened_at, title="पहला"
    )
    with pytest.raises(StaleEdit) as stale:
        services.variant_save_text(
            variant=hindi, actor=users["translator_hi"], expected_version=opened_at, title="दूसरा"
        )
    assert stale.value.current.title == "पहला"
    assert Variant.objects.get(pk=hindi.pk).title == "पहला"
    assert Variant.objects.get(pk=hindi.pk).version == saved.version


def test_only_the_claimant_edits_a_translation(users, django_capture_on_commit_callbacks):
    statement = _submitted(users, django_capture_on_commit_callbacks)
    hindi = statement.variants.get(language="hi")
    with pytest.raises(NotPermitted, match="Claim"):
        services.variant_save_text(
            variant=hindi, actor=users["translator_hi"], expected_version=hindi.version, title="x"
        )
    assert Variant.objects.get(pk=hindi.pk).title == ""


def test_source_cannot_be_edited_once_in_review(users, django_capture_on_commit_callbacks):
    statement = _submitted(users, django_capture_on_commit_callbacks)
    source = statement.variants.get(language="en")
    with pytest.raises(IllegalTransition, match="cannot be edited"):
        services.variant_save_text(
            variant=source, actor=users["author"], expected_version=source.version, title="New"
        )


def test_publish_task_twice_gives_one_publication(users, django_capture_on_commit_callbacks):
    statement = _submitted(users, django_capture_on_commit_callbacks)
    source = services.variant_approve(
        variant=statement.variants.get(language="en"), actor=users["reviewer"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.variant_request_publication(variant=source, actor=users["editor"])
    hindi = _approved_translation(statement, "hi", users, users["translator_hi"])

    publish_variant_task.delay(hindi.pk, users["editor"].pk)
    first = Statement.objects.get(pk=statement.pk)
    publish_variant_task.delay(hindi.pk, users["editor"].pk)
    second = Statement.objects.get(pk=statement.pk)

    assert Transition.objects.filter(variant=hindi, to_state="published").count() == 1
    assert second.title_hi == HINDI_TITLE and second.body_hi == HINDI_BODY
    assert first.first_published_at == second.first_published_at is not None
    assert Variant.objects.get(pk=hindi.pk).published_at is not None


def test_publication_is_refused_for_unapproved_or_by_non_editors(
    users, django_capture_on_commit_callbacks
):
    statement = _submitted(users, django_capture_on_commit_callbacks)
    source = statement.variants.get(language="en")
    with pytest.raises(IllegalTransition, match="not approved"):
        services.variant_request_publication(variant=source, actor=users["editor"])
    source = services.variant_approve(variant=source, actor=users["reviewer"])
    with pytest.raises(NotPermitted, match="editor role"):
        services.variant_request_publication(variant=source, actor=users["reviewer"])


def test_fallback_to_the_source_is_visible(users, django_capture_on_commit_callbacks):
    statement = _submitted(users, django_capture_on_commit_callbacks, source_language="hi")
    assert statement.published_text("bn") is None  # nothing is published yet
    source = services.variant_approve(
        variant=statement.variants.get(language="hi"), actor=users["reviewer"]
    )
    services.variant_publish(variant_id=source.pk, actor=users["editor"])
    statement.refresh_from_db()

    bengali_reader = statement.published_text("bn")
    assert bengali_reader.is_fallback
    assert (bengali_reader.language, bengali_reader.title) == ("hi", HINDI_TITLE)
    hindi_reader = statement.published_text("hi")
    assert not hindi_reader.is_fallback and hindi_reader.body == HINDI_BODY
    # modeltranslation never silently substitutes another language for Statement fields
    with override("bn"):
        assert not statement.title


def test_withdrawing_a_statement_takes_every_language_down(
    users, django_capture_on_commit_callbacks
):
    statement = _submitted(users, django_capture_on_commit_callbacks)
    source = services.variant_approve(
        variant=statement.variants.get(language="en"), actor=users["reviewer"]
    )
    services.variant_publish(variant_id=source.pk, actor=users["editor"])
    with pytest.raises(IllegalTransition, match="withdraw the whole statement"):
        services.variant_withdraw(
            variant=Variant.objects.get(pk=source.pk), actor=users["editor"], note="Error"
        )
    with pytest.raises(NotPermitted):
        services.statement_withdraw(statement=statement, actor=users["author"], note="Error")

    withdrawn = services.statement_withdraw(
        statement=statement, actor=users["editor"], note="Retracted: wrong figures."
    )
    assert withdrawn.withdrawn_at is not None
    assert set(withdrawn.variants.values_list("state", flat=True)) == {"withdrawn"}
    assert not withdrawn.title_en and withdrawn.published_text("en") is None
    notes = set(Transition.objects.filter(to_state="withdrawn").values_list("note", flat=True))
    assert notes == {"Retracted: wrong figures."}


def test_expired_claims_ignore_claims_still_running(users, django_capture_on_commit_callbacks):
    statement = _submitted(users, django_capture_on_commit_callbacks)
    hindi = services.variant_claim(
        variant=statement.variants.get(language="hi"), actor=users["translator_hi"]
    )
    assert hindi.claim_expires_at - timezone.now() > timedelta(hours=3, minutes=59)
    assert services.release_expired_claims(now=timezone.now()) == 0


def test_publishing_together_puts_the_source_first(users, django_capture_on_commit_callbacks):
    statement = _submitted(users, django_capture_on_commit_callbacks)
    services.variant_approve(variant=statement.variants.get(language="en"), actor=users["reviewer"])
    _approved_translation(statement, "hi", users, users["translator_hi"])
    with pytest.raises(NotPermitted):
        services.statement_request_publication(statement=statement, actor=users["reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.statement_request_publication(statement=statement, actor=users["editor"])
    assert queued == 2
    statement.refresh_from_db()
    assert statement.published_languages() == ["en", "hi"]
    assert statement.title_hi == HINDI_TITLE and statement.title_en
    source_at = statement.variants.get(language="en").published_at
    assert source_at <= statement.variants.get(language="hi").published_at


def test_a_refusal_reads_in_the_language_of_whoever_is_shown_it(
    users, django_capture_on_commit_callbacks
):
    statement = _submitted(users, django_capture_on_commit_callbacks)
    source = statement.variants.get(language="en")
    with pytest.raises(IllegalTransition) as refused:
        services.variant_save_text(
            variant=source, actor=users["author"], expected_version=source.version, title="New"
        )
    error = refused.value
    with override("en"):
        assert str(error) == "The English version is in review and cannot be edited now."
    with override("hi"):
        hindi = str(error)
    with override("ur"):
        urdu = str(error)
    with override("bn"):
        bengali = str(error)
    # The language and the state are named in the reader's language too.
    assert "अंग्रेज़ी" in hindi and "समीक्षाधीन" in hindi
    assert "انگریزی" in urdu and urdu.endswith("۔")
    assert "ইংরেজি" in bengali
    assert len({hindi, urdu, bengali, "The English version"}) == 4


@pytest.mark.parametrize("slug", ["admin", "Feeds", "api", "desk", "accounts", "HI", "ur"])
def test_a_reserved_word_is_refused_as_an_address(users, slug):
    with pytest.raises(InvalidInput, match="the site's own addresses"):
        services.statement_create(
            author=users["author"], source_language="en", title="Wages", body="B.", slug=slug
        )
    assert not Statement.objects.exists()


@pytest.mark.parametrize("slug", ["-", "_", "--", "-_-"])
def test_an_address_without_a_letter_or_digit_is_refused(users, slug):
    with pytest.raises(InvalidInput, match="cannot be an address"):
        services.statement_create(
            author=users["author"], source_language="en", title="Wages", body="B.", slug=slug
        )


@pytest.mark.parametrize("lookalike", ["Wages-2025", "wages_2025", "WAGES_2025"])
def test_an_address_that_reads_like_a_taken_one_is_refused(users, lookalike):
    services.statement_create(
        author=users["author"], source_language="en", title="Wages", body="B.", slug="wages-2025"
    )
    with pytest.raises(InvalidInput, match="is taken by another statement"):
        services.statement_create(
            author=users["author"], source_language="en", title="Pay", body="B.", slug=lookalike
        )
    assert Statement.objects.count() == 1


def test_a_title_that_slugifies_to_a_reserved_word_gets_another_address(users):
    statement = services.statement_create(
        author=users["author"], source_language="en", title="Desk", body="मज़दूरों की जीत।"
    )
    assert statement.slug != "desk" and statement.slug.startswith("desk-")
