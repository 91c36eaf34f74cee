"""What notices say in Hindi, Bengali and Urdu: no English left in them, names isolated.

Urdu runs right to left; a Hindi or English title set into an Urdu sentence must not pull the
sentence into its own direction, so every inserted name and title is isolated.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from django.core import mail

from notifications.bidi import FSI, PDI
from notifications.models import Kind, Notification
from notifications.services import set_language
from tests.factories import HINDI_TITLE, make_statement
from workflow import notices, services
from workflow.choices import Priority

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

TITLES = {"hi": HINDI_TITLE, "bn": "মজুরি নিয়ে বিবৃতি", "ur": "اجرت پر بیان"}
URDU_NOTE = "دوسرے جملے میں “بقایا رقم” کی جگہ “بقایا اجرت” لکھیں۔"


@pytest.fixture(autouse=True)
def _no_machine_translation(settings):
    settings.ANUVAD_MT_ENABLED = False


def outside_isolates(text: str) -> str:
    """``text`` without what FSI…PDI isolate (the names and titles set into it)."""
    return re.sub(f"{FSI}[^{PDI}]*{PDI}", "", text)


def paragraph_direction(text: str) -> str:
    """The direction Unicode's bidi algorithm gives a plain-text paragraph (rule P2: the
    first strong letter, skipping what isolates enclose)."""
    for char in outside_isolates(text):
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


def html_of(message) -> str:
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return html


def mail_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def test_an_urdu_notice_isolates_a_hindi_title_and_an_english_name(users):
    urdu = users["translator_ur"]
    set_language(user=urdu, code="ur")
    statement = make_statement(users["author"], source_language="hi")
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["ur"]
    )

    ready = Notification.objects.get(user=urdu, kind=Kind.NEW_WORK)
    assert f"“{FSI}{HINDI_TITLE}{PDI}”" in ready.subject
    assert paragraph_direction(ready.subject) == "rtl"
    (email,) = mail_to(urdu)
    html = html_of(email)
    assert '<html lang="ur" dir="rtl">' in html
    assert f"<bdi>{HINDI_TITLE}</bdi>" in html

    mail.outbox.clear()
    services.variant_assign(
        variant=statement.variants.get(language="ur"), actor=users["editor"], assignee=urdu
    )

    assigned = Notification.objects.get(user=urdu, kind=Kind.ASSIGNED)
    assert assigned.subject.startswith(f"{FSI}editor{PDI} ")
    assert paragraph_direction(assigned.subject) == "rtl"
    (email,) = mail_to(urdu)
    assert "<bdi>editor</bdi>" in html_of(email)
    assert not re.search(r"[A-Za-z]", outside_isolates(assigned.subject + assigned.body))

    # The Urdu warning starts with the title: isolated, the line still runs right to left;
    # bare, the Hindi title's first letter would turn the whole line left to right.
    claimed = statement.variants.get(language="ur")
    notices.send_reminders(now=claimed.claim_expires_at - dt.timedelta(minutes=10))
    warning = Notification.objects.get(user=urdu, kind=Kind.CLAIM_EXPIRING).subject
    assert warning.startswith(f"“{FSI}{HINDI_TITLE}{PDI}”")
    assert paragraph_direction(warning) == "rtl"
    assert paragraph_direction(warning.replace(FSI, "").replace(PDI, "")) == "ltr"


@pytest.mark.parametrize("code", ["hi", "bn", "ur"])
def test_deadline_notices_have_no_english_and_no_am_or_pm(users, code):
    editor, author = users["editor"], users["author"]
    set_language(user=editor, code=code)
    # 15:30 in Kolkata: an afternoon, which Babel's short format writes "3:30 PM".
    deadline = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)
    statement = make_statement(author, source_language=code, deadline=deadline)
    services.statement_submit_for_translation(
        statement=statement, actor=author, targets=[c for c in ("en", "hi", "bn") if c != code]
    )
    assert TITLES[code] == statement.title_for_desk

    notices.send_reminders(now=deadline - dt.timedelta(hours=1))
    notices.send_reminders(now=deadline + dt.timedelta(minutes=5))

    for kind in (Kind.DEADLINE, Kind.OVERDUE):
        note = Notification.objects.get(user=editor, kind=kind)
        assert f"{FSI}{TITLES[code]}{PDI}" in note.subject
        words = outside_isolates(f"{note.subject}\n{note.body}")
        assert not re.search(r"[A-Za-z]", words), words
        assert note.language == code
        (email,) = [m for m in mail_to(editor) if m.subject == note.subject]
        html = html_of(email)
        assert f'<html lang="{code}" dir="{"rtl" if code == "ur" else "ltr"}">' in html
        assert not re.search(r"\b(AM|PM|am|pm)\b", email.body + html)


def _filled(variant, translator):
    for segment in variant.segments.order_by("position"):
        services.segment_save(
            segment=segment,
            actor=translator,
            text="دہلی میں 1,413 تعمیراتی مزدوروں کو تین مہینے سے اجرت نہیں ملی۔",
            expected_version=segment.version,
        )
    return variant


def test_review_notices_in_urdu_quote_people_not_the_historys_english(users):
    translator, reviewer = users["translator_ur"], users["reviewer"]
    set_language(user=translator, code="ur")
    set_language(user=reviewer, code="ur")
    statement = make_statement(users["author"], source_language="hi", priority=Priority.NORMAL)
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["ur"]
    )
    urdu = services.variant_claim(variant=statement.variants.get(language="ur"), actor=translator)
    _filled(urdu, translator)
    urdu = services.variant_submit_for_review(
        variant=urdu, actor=translator, override="عدد اصل متن کے مطابق ہے۔"
    )

    wanted = Notification.objects.filter(user=reviewer, kind=Kind.REVIEW_WANTED).latest("pk")
    # The history's "Submitted for review." stays out; the reason is quoted, in Urdu words.
    assert wanted.body == f"جانچ کی تنبیہ نظر انداز کرنے کی وجہ: {FSI}عدد اصل متن کے مطابق ہے۔{PDI}"

    urdu = services.variant_request_changes(variant=urdu, actor=reviewer, note=URDU_NOTE)
    sent_back = Notification.objects.get(user=translator, kind=Kind.CHANGES_REQUESTED)
    assert sent_back.body == f"{FSI}{URDU_NOTE}{PDI}"

    _filled(urdu, translator)
    urdu = services.variant_submit_for_review(variant=urdu, actor=translator, override="ٹھیک ہے۔")
    services.variant_approve(variant=urdu, actor=reviewer)
    approved = Notification.objects.get(user=translator, kind=Kind.APPROVED)
    assert approved.body == ""  # not the history's "Approved."
    for note in Notification.objects.filter(user__in=[translator, reviewer]):
        words = outside_isolates(f"{note.subject}\n{note.body}")
        assert not re.search(r"[A-Za-z]", words), (note.kind, words)


def test_an_urgent_statement_is_emailed_at_once_to_those_who_chose_a_digest(users):
    from notifications.services import set_preferences

    hindi = users["translator_hi"]
    set_preferences(user=hindi, choices={}, frequencies={Kind.NEW_WORK: "daily"})
    normal = make_statement(users["author"])
    services.statement_submit_for_translation(
        statement=normal, actor=users["author"], targets=["hi"]
    )
    assert mail_to(hindi) == []

    urgent = make_statement(users["author"], slug="urgent-wages", priority=Priority.URGENT)
    services.statement_submit_for_translation(
        statement=urgent, actor=users["author"], targets=["hi"]
    )

    (email,) = mail_to(hindi)
    assert "Ready to claim" in email.subject
    pending = Notification.objects.filter(user=hindi, email_delivery="daily", emailed_at=None)
    assert pending.count() == 1
