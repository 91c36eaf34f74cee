"""Who hears of what: workflow moves, claims running out, and deadlines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from notifications.models import Kind, Notification
from tests.factories import make_statement, make_user
from workflow import notices, services, states
from workflow.choices import State
from workflow.exceptions import QABlocked
from workflow.models import Statement, Transition, Variant

# Notices are sent by a task queued with transaction.on_commit: the test must commit.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

# The factory's English statement, sentence by sentence, in Hindi (numbers kept).
HINDI = {
    "Statement on unpaid wages": "बकाया मज़दूरी पर बयान",
    "1,413 construction workers in Delhi have not been paid for three months.": (
        "दिल्ली में 1,413 निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।"
    ),
    "We demand that the dues be paid at once.": "हम माँग करते हैं कि बकाया राशि तुरंत दी जाए।",
}
REVIEW_NOTE = "दूसरे वाक्य में “बकाया राशि” की जगह “बकाया मज़दूरी” लिखें, जैसा शब्दावली में है।"


@pytest.fixture(autouse=True)
def _no_machine_translation(settings):
    # Variants go from pending straight to ready, with empty sentences, and no network.
    settings.ANUVAD_MT_ENABLED = False


def submit(users, *, targets=("hi", "bn"), **extra) -> Statement:
    statement = make_statement(users["author"], **extra)
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=list(targets)
    )
    return statement


def version(statement: Statement, code: str) -> Variant:
    return statement.variants.get(language=code)


def translate_into_hindi(variant: Variant, translator, *, fix: dict[str, str] | None = None):
    text = {**HINDI, **(fix or {})}
    for segment in variant.segments.order_by("position"):
        services.segment_save(
            segment=segment,
            actor=translator,
            text=text[segment.source],
            expected_version=segment.version,
        )


def received(kind: Kind, **filters) -> set[str]:
    """Usernames holding a notification of ``kind``."""
    found = Notification.objects.filter(kind=kind, **filters)
    return set(found.values_list("user__username", flat=True))


def mailed(subject_part: str) -> set[str]:
    return {to for m in mail.outbox if subject_part in m.subject for to in m.to}


def addresses(*names: str) -> set[str]:
    return {f"{name}@example.org" for name in names}


# ---- moves --------------------------------------------------------------------------------


def test_new_work_reaches_the_translators_of_each_language_only(users):
    statement = submit(users)

    assert {v.state for v in statement.variants.exclude(language="en")} == {State.READY}
    assert received(Kind.NEW_WORK, subject__contains="(Hindi)") == {
        "translator_hi",
        "translator_hi2",
    }
    assert received(Kind.NEW_WORK, subject__contains="(Bengali)") == {"translator_bn"}
    assert received(Kind.NEW_WORK) == {"translator_hi", "translator_hi2", "translator_bn"}
    assert mailed("Ready to claim") == addresses("translator_hi", "translator_hi2", "translator_bn")
    assert mailed("(Hindi)") == addresses("translator_hi", "translator_hi2")
    note = Notification.objects.get(user=users["translator_hi"], kind=Kind.NEW_WORK)
    assert "Statement on unpaid wages" in note.subject
    assert note.url == "/desk/"


def test_each_person_hears_in_the_language_they_chose(users):
    from notifications.services import set_language

    set_language(user=users["translator_hi"], code="hi")
    set_language(user=users["translator_bn"], code="bn")

    submit(users)

    hindi = Notification.objects.get(user=users["translator_hi"], kind=Kind.NEW_WORK)
    assert hindi.subject == "लेने के लिए तैयार: “\u2068Statement on unpaid wages\u2069” (हिन्दी)"
    bengali = Notification.objects.get(user=users["translator_bn"], kind=Kind.NEW_WORK)
    assert bengali.subject == "নেওয়ার জন্য প্রস্তুত: “\u2068Statement on unpaid wages\u2069” (বাংলা)"
    # No choice made: the site's language.
    english = Notification.objects.get(user=users["translator_hi2"], kind=Kind.NEW_WORK)
    assert english.subject == "Ready to claim: “\u2068Statement on unpaid wages\u2069” (Hindi)"
    assert {m.subject for m in mail.outbox if m.to == ["translator_hi@example.org"]} == {
        hindi.subject
    }


def test_a_claim_warning_counts_in_the_holders_digits(users):
    from notifications.services import set_language

    set_language(user=users["translator_hi"], code="ur")
    claimed = _claimed(users)

    assert notices.send_reminders(now=claimed.claim_expires_at - timedelta(minutes=12)) == 1

    (note,) = Notification.objects.filter(kind=Kind.CLAIM_EXPIRING)
    assert note.subject == (
        "“\u2068Statement on unpaid wages\u2069” (ہندی) "
        "پر آپ کے دعوے کی مدت ۱۲ منٹ میں ختم ہو جائے گی"
    )
    assert note.body == "اپنا کام محفوظ کریں، دعوے کی مدت بڑھائیں، یا اسے کسی اور کے لیے چھوڑ دیں۔"


def test_the_source_sent_for_translation_waits_for_english_reviewers(users):
    submit(users)

    # The author sent it; reviewer_bn does not work in English.
    assert received(Kind.REVIEW_WANTED, subject__contains="(English)") == {"editor", "reviewer"}


def test_nobody_is_asked_to_review_their_own_work(users):
    # An editor who writes the statement, and a Hindi translator who also reviews.
    both = make_user("translator_reviewer_hi", roles=["translator", "reviewer"], languages=["hi"])
    statement = make_statement(users["editor"])
    services.statement_submit_for_translation(
        statement=statement, actor=users["editor"], targets=["hi"]
    )
    assert received(Kind.REVIEW_WANTED, subject__contains="(English)") == {"reviewer"}

    hindi = services.variant_claim(variant=version(statement, "hi"), actor=both)
    translate_into_hindi(hindi, both)
    services.variant_submit_for_review(variant=hindi, actor=both)

    assert received(Kind.REVIEW_WANTED, subject__contains="(Hindi)") == {"editor", "reviewer"}


def test_claiming_tells_nobody_and_releasing_tells_the_other_translators(users):
    statement = submit(users)
    hindi = version(statement, "hi")
    before = Notification.objects.count()
    mail.outbox.clear()

    claimed = services.variant_claim(variant=hindi, actor=users["translator_hi"])

    assert Notification.objects.count() == before
    assert mail.outbox == []

    services.variant_release(variant=claimed, actor=users["translator_hi"])

    new_work = Notification.objects.filter(kind=Kind.NEW_WORK, subject__contains="(Hindi)")
    assert new_work.filter(user=users["translator_hi2"]).count() == 2
    assert new_work.filter(user=users["translator_hi"]).count() == 1  # not of his own release
    assert mailed("Ready to claim") == addresses("translator_hi2")


def test_an_editor_assigning_work_tells_the_assignee(users):
    statement = submit(users)
    mail.outbox.clear()

    services.variant_assign(
        variant=version(statement, "hi"), actor=users["editor"], assignee=users["translator_hi2"]
    )

    (note,) = Notification.objects.filter(kind=Kind.ASSIGNED)
    assert note.user == users["translator_hi2"]
    assert note.subject == (
        "\u2068editor\u2069 assigned “\u2068Statement on unpaid wages\u2069” (Hindi) to you"
    )
    assert note.url == f"/desk/versions/{version(statement, 'hi').pk}/"
    assert [m.to for m in mail.outbox] == [["translator_hi2@example.org"]]


def test_review_changes_approval_and_publication_each_tell_the_right_people(users):
    translator, reviewer, editor = users["translator_hi"], users["reviewer"], users["editor"]
    statement = submit(users)
    hindi = services.variant_claim(variant=version(statement, "hi"), actor=translator)
    translate_into_hindi(hindi, translator)
    mail.outbox.clear()

    # Sent for review: Hindi reviewers and editors hear, not the translator nor reviewer_bn.
    hindi = services.variant_submit_for_review(variant=hindi, actor=translator)
    assert hindi.state == State.IN_REVIEW
    assert received(Kind.REVIEW_WANTED, subject__contains="(Hindi)") == {"editor", "reviewer"}
    assert mailed("Waiting for review") == addresses("editor", "reviewer")
    mail.outbox.clear()

    # Changes requested: the translator gets the reviewer's note by email.
    hindi = services.variant_request_changes(variant=hindi, actor=reviewer, note=REVIEW_NOTE)
    assert received(Kind.CHANGES_REQUESTED) == {"translator_hi"}
    (message,) = mail.outbox
    assert message.to == ["translator_hi@example.org"]
    assert message.subject == (
        "\u2068reviewer\u2069 asked for changes to “\u2068Statement on unpaid wages\u2069” (Hindi)"
    )
    assert REVIEW_NOTE in message.body
    assert message.body.rstrip().endswith(f"/desk/versions/{hindi.pk}/")
    mail.outbox.clear()

    # Fixed and sent again: a second review request, under its own key.
    translate_into_hindi(
        hindi,
        translator,
        fix={"We demand that the dues be paid at once.": "हम माँग करते हैं कि बकाया मज़दूरी तुरंत दी जाए।"},
    )
    hindi = services.variant_submit_for_review(variant=hindi, actor=translator)
    assert (
        Notification.objects.filter(
            kind=Kind.REVIEW_WANTED, user=reviewer, subject__contains="(Hindi)"
        ).count()
        == 2
    )
    mail.outbox.clear()

    # Approved: the translator hears; the reviewer who approved does not.
    services.variant_approve(variant=hindi, actor=reviewer)
    assert received(Kind.APPROVED) == {"translator_hi"}
    assert [m.to for m in mail.outbox] == [["translator_hi@example.org"]]
    assert mail.outbox[0].subject == (
        "\u2068reviewer\u2069 approved “\u2068Statement on unpaid wages\u2069” (Hindi)"
    )
    mail.outbox.clear()

    # The source is approved and published first; then the Hindi version.
    source = services.variant_approve(variant=version(statement, "en"), actor=reviewer)
    assert received(Kind.APPROVED, subject__contains="(English)") == {"author"}
    services.variant_publish(variant_id=source.pk, actor=editor)
    assert received(Kind.PUBLISHED, subject__contains="(English)") == {"author"}
    mail.outbox.clear()

    services.variant_publish(variant_id=hindi.pk, actor=editor)
    assert version(statement, "hi").state == State.PUBLISHED
    assert received(Kind.PUBLISHED, subject__contains="(Hindi)") == {"translator_hi", "author"}
    assert mailed("Published: “\u2068Statement on unpaid wages\u2069” (Hindi)") == addresses(
        "translator_hi", "author"
    )
    note = Notification.objects.get(kind=Kind.PUBLISHED, user=translator)
    assert note.url == statement.get_absolute_url("hi")
    assert note.url.startswith("/hi/")


def test_a_qa_override_still_asks_for_review(users):
    translator = users["translator_hi"]
    statement = submit(users)
    hindi = services.variant_claim(variant=version(statement, "hi"), actor=translator)
    translate_into_hindi(
        hindi,
        translator,
        # The figure is written out in words, which QA flags.
        fix={
            "1,413 construction workers in Delhi have not been paid for three months.": (
                "दिल्ली में चौदह सौ से ज़्यादा निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।"
            )
        },
    )

    with pytest.raises(QABlocked):
        services.variant_submit_for_review(variant=hindi, actor=translator)
    assert not received(Kind.REVIEW_WANTED, subject__contains="(Hindi)")

    services.variant_submit_for_review(
        variant=hindi, actor=translator, override="संख्या शब्दों में लिखी है, जैसा संपादक ने कहा।"
    )

    note = Notification.objects.get(
        kind=Kind.REVIEW_WANTED, user=users["reviewer"], subject__contains="(Hindi)"
    )
    assert "QA override: \u2068संख्या शब्दों में लिखी है" in note.body


# ---- claims running out -------------------------------------------------------------------


def _claimed(users, who="translator_hi") -> Variant:
    statement = submit(users)
    claimed = services.variant_claim(variant=version(statement, "hi"), actor=users[who])
    mail.outbox.clear()
    return claimed


def test_a_claim_about_to_run_out_is_warned_once(users):
    claimed = _claimed(users)
    soon = claimed.claim_expires_at - timedelta(minutes=10)

    assert notices.send_reminders(now=soon) == 1
    assert notices.send_reminders(now=soon + timedelta(minutes=1)) == 0

    (note,) = Notification.objects.filter(kind=Kind.CLAIM_EXPIRING)
    assert note.user == users["translator_hi"]
    assert note.subject == (
        "Your claim on “\u2068Statement on unpaid wages\u2069” (Hindi) expires in 10 minutes"
    )
    assert [m.to for m in mail.outbox] == [["translator_hi@example.org"]]


def test_a_claim_with_time_left_is_not_warned(users):
    claimed = _claimed(users)
    warn = timedelta(minutes=settings.ANUVAD_CLAIM_WARN_MINUTES)

    assert notices.send_reminders(now=timezone.now()) == 0
    assert notices.send_reminders(now=claimed.claim_expires_at - warn - timedelta(minutes=1)) == 0
    assert notices.send_reminders(now=claimed.claim_expires_at) == 0  # run out: released instead
    assert not Notification.objects.filter(kind=Kind.CLAIM_EXPIRING).exists()
    assert mail.outbox == []


def test_a_renewed_claim_is_warned_again_before_its_new_end(users):
    claimed = _claimed(users)
    # As if the claim were taken nearly four hours ago.
    Variant.objects.filter(pk=claimed.pk).update(
        claim_expires_at=timezone.now() + timedelta(minutes=12)
    )
    assert notices.send_reminders(now=timezone.now()) == 1

    renewed = services.variant_renew_claim(variant=claimed, actor=users["translator_hi"])

    assert notices.send_reminders(now=timezone.now()) == 0
    assert notices.send_reminders(now=renewed.claim_expires_at - timedelta(minutes=5)) == 1
    warnings = Notification.objects.filter(kind=Kind.CLAIM_EXPIRING, user=users["translator_hi"])
    assert warnings.count() == 2
    assert warnings.first().subject.endswith("expires in 5 minutes")
    assert len(mail.outbox) == 2


def test_an_expired_claim_goes_back_to_the_pool_and_the_holder_hears(users):
    claimed = _claimed(users, "translator_hi2")
    later = claimed.claim_expires_at + timedelta(minutes=1)

    assert services.release_expired_claims(now=later) == 1

    hindi = Variant.objects.get(pk=claimed.pk)
    assert hindi.state == State.READY
    assert hindi.assignee is None and hindi.claim_expires_at is None
    record = hindi.transitions.latest("pk")
    assert (record.from_state, record.to_state, record.actor) == (
        State.IN_TRANSLATION,
        State.READY,
        None,
    )
    assert "translator_hi2" in record.note
    (note,) = Notification.objects.filter(kind=Kind.CLAIM_EXPIRED)
    assert note.user == users["translator_hi2"]
    assert note.subject == "Your claim on “\u2068Statement on unpaid wages\u2069” (Hindi) expired"
    assert "translator_hi2@example.org" in mailed("expired")
    # Back in the pool: the Hindi translators are told it can be claimed again.
    assert "translator_hi" in received(Kind.NEW_WORK, created_at__gte=record.at)
    # A second run finds nothing more to release or tell.
    assert services.release_expired_claims(now=later) == 0
    assert Notification.objects.filter(kind=Kind.CLAIM_EXPIRED).count() == 1


def test_a_claim_renewed_before_it_ran_out_is_kept(users):
    claimed = _claimed(users)
    Variant.objects.filter(pk=claimed.pk).update(
        claim_expires_at=timezone.now() + timedelta(minutes=2)
    )
    services.variant_renew_claim(variant=claimed, actor=users["translator_hi"])

    assert services.release_expired_claims(now=timezone.now() + timedelta(minutes=3)) == 0

    hindi = Variant.objects.get(pk=claimed.pk)
    assert (hindi.state, hindi.assignee) == (State.IN_TRANSLATION, users["translator_hi"])
    assert not Notification.objects.filter(kind=Kind.CLAIM_EXPIRED).exists()


def test_a_claim_renewed_while_the_sweep_runs_is_kept(users, monkeypatch):
    # The sweep's query sees the claim expired; the claimant renews before the row is locked.
    claimed = _claimed(users)
    Variant.objects.filter(pk=claimed.pk).update(
        claim_expires_at=timezone.now() - timedelta(minutes=1)
    )
    real_transition = states.transition

    def renew_first(variant, target, **kwargs):
        services.variant_renew_claim(variant=claimed, actor=users["translator_hi"])
        return real_transition(variant, target, **kwargs)

    monkeypatch.setattr(states, "transition", renew_first)
    assert services.release_expired_claims(now=timezone.now()) == 0

    hindi = Variant.objects.get(pk=claimed.pk)
    assert (hindi.state, hindi.assignee) == (State.IN_TRANSLATION, users["translator_hi"])
    assert not Notification.objects.filter(kind=Kind.CLAIM_EXPIRED).exists()


# ---- deadlines ----------------------------------------------------------------------------


def _with_deadline(users, deadline) -> Statement:
    statement = submit(users, deadline=deadline)
    services.variant_claim(variant=version(statement, "hi"), actor=users["translator_hi"])
    mail.outbox.clear()
    return statement


def test_a_near_deadline_is_announced_once_to_editors_and_assignees(users):
    now = timezone.now()
    statement = _with_deadline(users, now + timedelta(hours=1))

    assert notices.send_reminders(now=now) == 3
    assert notices.send_reminders(now=now + timedelta(minutes=10)) == 0

    # The editor, the Hindi claimant, and the author (who holds the source in review);
    # not the Bengali translator, whose language nobody has claimed.
    assert received(Kind.DEADLINE) == {"editor", "translator_hi", "author"}
    note = Notification.objects.filter(kind=Kind.DEADLINE).first()
    assert "Statement on unpaid wages" in note.subject
    # In the site's language order, joined as English joins a list.
    assert note.body == "Not yet published: English, Hindi and Bengali."
    assert mailed("Deadline at") == addresses("editor", "translator_hi", "author")
    assert not Notification.objects.filter(kind=Kind.OVERDUE).exists()
    assert statement.variants.filter(state=State.PUBLISHED).count() == 0


def test_a_distant_deadline_is_not_announced(users):
    now = timezone.now()
    _with_deadline(users, now + timedelta(hours=settings.ANUVAD_DEADLINE_WARN_HOURS, minutes=5))

    assert notices.send_reminders(now=now) == 0
    assert not Notification.objects.filter(kind__in=[Kind.DEADLINE, Kind.OVERDUE]).exists()


def test_a_passed_deadline_is_announced_as_overdue_once(users):
    now = timezone.now()
    deadline = now + timedelta(hours=1)
    _with_deadline(users, deadline)
    notices.send_reminders(now=now)

    assert notices.send_reminders(now=deadline + timedelta(minutes=1)) == 3
    assert notices.send_reminders(now=deadline + timedelta(hours=2)) == 0

    assert received(Kind.OVERDUE) == {"editor", "translator_hi", "author"}
    assert Notification.objects.filter(kind=Kind.OVERDUE).count() == 3
    assert mailed("Overdue: “\u2068Statement on unpaid wages\u2069”") == addresses(
        "editor", "translator_hi", "author"
    )


def test_a_deadline_long_past_is_not_announced(users):
    now = timezone.now()
    _with_deadline(users, now - notices.OVERDUE_LOOKBACK - timedelta(hours=1))

    assert notices.send_reminders(now=now) == 0
    assert not Notification.objects.filter(kind__in=[Kind.DEADLINE, Kind.OVERDUE]).exists()


def test_a_withdrawn_statement_has_no_deadline_notices(users):
    now = timezone.now()
    deadline = now + timedelta(hours=1)
    statement = _with_deadline(users, deadline)
    services.statement_withdraw(
        statement=statement, actor=users["editor"], note="दोहराया गया बयान।"
    )

    assert notices.send_reminders(now=now) == 0
    assert notices.send_reminders(now=deadline + timedelta(minutes=1)) == 0
    assert not Notification.objects.filter(kind__in=[Kind.DEADLINE, Kind.OVERDUE]).exists()


def test_a_fully_published_statement_has_no_deadline_notices(users):
    translator, reviewer, editor = users["translator_hi"], users["reviewer"], users["editor"]
    now = timezone.now()
    deadline = now + timedelta(hours=1)
    statement = submit(users, targets=["hi"], deadline=deadline)
    hindi = services.variant_claim(variant=version(statement, "hi"), actor=translator)
    translate_into_hindi(hindi, translator)
    hindi = services.variant_submit_for_review(variant=hindi, actor=translator)
    services.variant_approve(variant=hindi, actor=reviewer)
    services.variant_approve(variant=version(statement, "en"), actor=reviewer)
    services.statement_publish_approved(statement=statement, actor=editor)
    assert set(statement.variants.values_list("state", flat=True)) == {State.PUBLISHED}

    assert notices.send_reminders(now=now) == 0
    assert notices.send_reminders(now=deadline + timedelta(minutes=1)) == 0
    assert not Notification.objects.filter(kind__in=[Kind.DEADLINE, Kind.OVERDUE]).exists()
    assert (
        Transition.objects.filter(variant__statement=statement, to_state="published").count() == 2
    )
