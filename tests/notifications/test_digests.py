"""Digests: emails each person chose to get hourly or daily, gathered into one, sent once."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connections
from django.utils import timezone

from config.celery import app
from notifications import digests, services
from notifications.bidi import FSI, PDI
from notifications.models import ALWAYS_IMMEDIATE, Frequency, Kind, Notification, Preference
from notifications.tasks import send_digests_task
from tests.factories import make_user
from tests.support import gated_mail

TITLES = {
    "hi": "बकाया मज़दूरी पर बयान",
    "bn": "মজুরি নিয়ে বিবৃতি",
    "ur": "اجرت پر بیان",
}


def choose(user, **frequencies: str) -> None:
    services.set_preferences(user=user, choices={}, frequencies=frequencies)


def tell(user, kind: Kind, key: str, subject: str, **extra) -> list[Notification]:
    return services.notify(users=[user], kind=kind, key=key, subject=subject, **extra)


def to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def html_of(message) -> str:
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return html


# ---- choosing -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_kind_goes_as_the_person_chose(users):
    asha = users["translator_bn"]
    choose(asha, new_work="hourly", approved="daily")

    tell(asha, Kind.NEW_WORK, "a", "নেওয়ার জন্য প্রস্তুত: মজুরি নিয়ে বিবৃতি")
    tell(asha, Kind.APPROVED, "b", "অনুবাদ অনুমোদিত")
    tell(asha, Kind.CHANGES_REQUESTED, "c", "সংশোধন চাওয়া হয়েছে")

    # Only the kind she left at "at once" is emailed now; the app shows all three.
    assert [m.subject for m in mail.outbox] == ["সংশোধন চাওয়া হয়েছে"]
    delivery = dict(Notification.objects.values_list("kind", "email_delivery"))
    assert delivery == {"new_work": "hourly", "approved": "daily", "changes_requested": "immediate"}
    assert Notification.objects.filter(user=asha, in_app=True).count() == 3
    # Somebody else's choice is not hers.
    tell(users["reviewer_bn"], Kind.NEW_WORK, "a", "নেওয়ার জন্য প্রস্তুত")
    assert len(to(users["reviewer_bn"])) == 1


@pytest.mark.django_db
def test_deadline_and_claim_warnings_and_urgent_statements_go_at_once(users):
    asha = users["translator_bn"]
    # Daily for every kind that may wait.
    choose(asha, **{kind: "daily" for kind in Kind.values if kind not in ALWAYS_IMMEDIATE})

    for kind in ALWAYS_IMMEDIATE:
        tell(asha, kind, f"{kind}:1", f"{kind} সতর্কবার্তা")
    tell(asha, Kind.NEW_WORK, "urgent", "জরুরি: মজুরি নিয়ে বিবৃতি", urgent=True)
    tell(asha, Kind.NEW_WORK, "normal", "মজুরি নিয়ে বিবৃতি")

    assert sorted(m.subject for m in to(asha)) == sorted(
        [*(f"{kind} সতর্কবার্তা" for kind in ALWAYS_IMMEDIATE), "জরুরি: মজুরি নিয়ে বিবৃতি"]
    )
    assert Notification.objects.get(key="normal").email_delivery == Frequency.DAILY


@pytest.mark.django_db
def test_a_digest_for_an_always_immediate_kind_is_refused_and_changes_nothing(users):
    asha = users["translator_bn"]
    with pytest.raises(ValueError, match="always go at once"):
        services.set_preferences(
            user=asha,
            choices={Kind.NEW_WORK: (True, True)},
            frequencies={Kind.NEW_WORK: "hourly", Kind.DEADLINE: "daily"},
        )
    with pytest.raises(ValueError):
        services.set_preferences(user=asha, choices={}, frequencies={Kind.NEW_WORK: "weekly"})
    assert not Preference.objects.exists()


@pytest.mark.django_db
def test_no_email_means_no_digest(users):
    asha = users["translator_bn"]
    services.set_preferences(
        user=asha, choices={Kind.NEW_WORK: (False, True)}, frequencies={Kind.NEW_WORK: "hourly"}
    )
    tell(asha, Kind.NEW_WORK, "a", "মজুরি নিয়ে বিবৃতি")

    assert Notification.objects.get().email_delivery == ""
    assert digests.digests_send(frequency="hourly") == 0
    assert mail.outbox == []


# ---- sending ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_hourly_digest_gathers_each_persons_notices_into_one_email_once(users):
    asha, ravi = users["translator_bn"], users["translator_hi"]
    services.set_language(user=asha, code="bn")
    services.set_language(user=ravi, code="hi")
    for person in (asha, ravi):
        choose(person, new_work="hourly", review_wanted="hourly", approved="daily")
    tell(asha, Kind.NEW_WORK, "1", "নেওয়ার জন্য প্রস্তুত: ১")
    tell(asha, Kind.REVIEW_WANTED, "2", "পর্যালোচনার অপেক্ষায়: ২")
    tell(asha, Kind.NEW_WORK, "3", "নেওয়ার জন্য প্রস্তুত: ৩", url="/desk/versions/3/")
    tell(asha, Kind.APPROVED, "4", "অনুমোদিত: ৪")  # daily: not in the hourly one
    tell(ravi, Kind.NEW_WORK, "1", "लेने के लिए तैयार: १")

    assert digests.digests_send(frequency="hourly") == 2

    (bengali,) = to(asha)
    assert bengali.subject == "আপনার এক ঘণ্টার সারসংক্ষেপ: ৩টি বিজ্ঞপ্তি"
    text = bengali.body
    # Grouped under the kinds' Bengali names, in the kinds' order, oldest first in each.
    in_order = [
        "আমার ভাষাগুলিতে নতুন কাজ",
        "নেওয়ার জন্য প্রস্তুত: ১",
        "নেওয়ার জন্য প্রস্তুত: ৩",
        "আমার ভাষাগুলিতে একটি অনুবাদ পর্যালোচনার অপেক্ষায় আছে",
        "পর্যালোচনার অপেক্ষায়: ২",
    ]
    positions = [text.index(part) for part in in_order]
    assert positions == sorted(positions)
    assert text.count("আমার ভাষাগুলিতে নতুন কাজ") == 1
    assert "অনুমোদিত: ৪" not in text
    assert "http://127.0.0.1:8000/desk/versions/3/" in text
    assert not re.search(r"[A-Za-z]", re.sub(r"https?://\S+", "", text)), text
    html = html_of(bengali)
    assert '<html lang="bn" dir="ltr">' in html
    assert '<a href="http://127.0.0.1:8000/desk/versions/3/">নেওয়ার জন্য প্রস্তুত: ৩</a>' in html
    (hindi,) = to(ravi)
    assert hindi.subject == "आपका घंटे भर का सारांश: 1 सूचना"
    assert not re.search(r"[A-Za-z]", re.sub(r"https?://\S+", "", hindi.body)), hindi.body

    # Again, and as a retried task: nothing new to send.
    assert digests.digests_send(frequency="hourly") == 0
    send_digests_task.delay("hourly")
    assert len(mail.outbox) == 2
    assert not Notification.objects.filter(email_delivery="hourly", emailed_at__isnull=True)

    # The daily one takes what waited for it, once.
    assert digests.digests_send(frequency="daily") == 1
    assert digests.digests_send(frequency="daily") == 0
    daily = mail.outbox[-1]
    assert daily.to == [asha.email]
    assert daily.subject == "আপনার দৈনিক সারসংক্ষেপ: ১টি বিজ্ঞপ্তি"
    assert "অনুমোদিত: ৪" in daily.body


@pytest.mark.django_db
def test_notices_made_after_the_run_started_and_read_ones_wait_or_are_skipped(users):
    asha = users["translator_bn"]
    choose(asha, new_work="hourly")
    tell(asha, Kind.NEW_WORK, "1", "প্রথম বিবৃতি")
    (read,) = tell(asha, Kind.NEW_WORK, "2", "পড়া বিবৃতি")
    services.mark_read(user=asha, ids=[read.pk])
    started = timezone.now()
    (later,) = tell(asha, Kind.NEW_WORK, "3", "পরের বিবৃতি")
    Notification.objects.filter(pk=later.pk).update(created_at=started + timedelta(seconds=1))

    assert digests.digests_send(frequency="hourly", now=started) == 1

    (message,) = mail.outbox
    assert "প্রথম বিবৃতি" in message.body
    assert "পড়া বিবৃতি" not in message.body  # already seen in the app
    assert "পরের বিবৃতি" not in message.body  # the next digest's
    assert digests.digests_send(frequency="hourly", now=started + timedelta(hours=1)) == 1
    assert "পরের বিবৃতি" in mail.outbox[-1].body


@pytest.mark.django_db
def test_a_mail_server_that_refuses_keeps_the_notices_for_the_next_run(users, settings):
    asha = users["translator_bn"]
    choose(asha, new_work="daily")
    tell(asha, Kind.NEW_WORK, "1", "মজুরি নিয়ে বিবৃতি")
    # A real SMTP connection to a closed loopback port: refused at once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9

    assert digests.digests_send(frequency="daily") == 0
    assert Notification.objects.get().emailed_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert digests.digests_send(frequency="daily") == 1
    assert Notification.objects.get().emailed_at is not None
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_people_without_an_address_or_gone_get_no_digest(users):
    gone = make_user("gone_bn", roles=["translator"], languages=["bn"])
    choose(gone, new_work="hourly")
    tell(gone, Kind.NEW_WORK, "1", "মজুরি নিয়ে বিবৃতি")
    gone.is_active = False
    gone.save()

    assert digests.digests_send(frequency="hourly") == 0
    assert mail.outbox == []
    # It stays in the app and stops waiting.
    assert Notification.objects.get(user=gone).email_delivery == ""


@pytest.mark.django_db
def test_a_kind_whose_email_was_turned_off_since_is_left_out_of_the_digest(users):
    asha = users["translator_bn"]
    choose(asha, new_work="hourly", approved="hourly")
    tell(asha, Kind.NEW_WORK, "1", "নতুন কাজ")
    tell(asha, Kind.APPROVED, "2", "অনুমোদিত")
    services.set_preferences(user=asha, choices={Kind.APPROVED: (False, True)})

    assert digests.digests_send(frequency="hourly") == 1

    (message,) = mail.outbox
    assert "নতুন কাজ" in message.body and "অনুমোদিত" not in message.body
    assert Notification.objects.get(key="2").email_delivery == ""
    assert digests.digests_send(frequency="hourly") == 0


@pytest.mark.django_db
def test_only_hourly_and_daily_are_digests():
    with pytest.raises(ValueError):
        digests.digests_send(frequency="immediate")
    with pytest.raises(ValueError):
        digests.digests_send(frequency="weekly")


def test_beat_sends_both_digests_through_a_registered_task(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    hourly, daily = schedule["hourly-digests"], schedule["daily-digests"]
    assert hourly["task"] == daily["task"] == send_digests_task.name
    assert send_digests_task.name in app.tasks
    assert (hourly["args"], daily["args"]) == (("hourly",), ("daily",))
    assert hourly["schedule"].minute == {0} and len(hourly["schedule"].hour) == 24
    assert daily["schedule"].hour == {settings.ANUVAD_DAILY_DIGEST_HOUR}


# ---- the words ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_urdu_digest_reads_right_to_left_with_its_titles_isolated(users):
    asha = users["translator_ur"]
    services.set_language(user=asha, code="ur")
    choose(asha, new_work="hourly")
    for code, title in TITLES.items():
        subject = f"لینے کے لیے تیار: “{FSI}{title}{PDI}” (اردو)"
        tell(asha, Kind.NEW_WORK, code, subject, url=f"/desk/versions/{len(code)}/", language="ur")

    assert digests.digests_send(frequency="hourly") == 1

    (message,) = mail.outbox
    assert message.subject == "آپ کا گھنٹہ وار خلاصہ: ۳ اطلاعات"
    for title in TITLES.values():
        assert f"{FSI}{title}{PDI}" in message.body
    html = html_of(message)
    assert '<html lang="ur" dir="rtl">' in html
    for title in TITLES.values():
        assert f"<bdi>{title}</bdi>" in html
    assert FSI not in html and PDI not in html
    # No English in it: only the links are in Latin letters.
    words = re.sub(r"https?://\S+", "", message.body)
    assert not re.search(r"[A-Za-z]", words), words


# ---- overlapping runs ---------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_digest_runs_at_once_send_each_person_one_email(settings, monkeypatch, attempt):
    settings.EMAIL_BACKEND = "tests.support.gated_mail.GatedBackend"
    gated_mail.reset()
    people = [make_user(f"translator_{n}", roles=["translator"], languages=["hi"]) for n in "ab"]
    for person in people:
        choose(person, new_work="hourly", approved="hourly")
        for n in range(3):
            tell(person, Kind.NEW_WORK, f"{n}", f"लेने के लिए तैयार: बयान {n}")
        tell(person, Kind.APPROVED, "ok", "अनुवाद स्वीकृत")

    # The second run lists who is waiting while the first is sending its first email.
    second_listed = threading.Event()
    real_send_to = digests._send_to

    def send_to(user_id, frequency, now):
        if threading.current_thread().name == "second":
            second_listed.set()
        return real_send_to(user_id, frequency, now)

    monkeypatch.setattr(digests, "_send_to", send_to)
    results: dict[str, object] = {}

    def run(name: str) -> None:
        try:
            results[name] = digests.digests_send(frequency="hourly")
        except Exception as unexpected:  # reported by the assertions below
            results[name] = unexpected
        finally:
            connections.close_all()

    first = threading.Thread(target=run, args=("first",), name="first")
    second = threading.Thread(target=run, args=("second",), name="second")
    first.start()
    assert gated_mail.sending.wait(timeout=30)
    second.start()
    assert second_listed.wait(timeout=30)
    gated_mail.release.set()
    for thread in (first, second):
        thread.join(60)

    assert sorted(results.values()) in ([0, 2], [1, 1]), results
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    for message in mail.outbox:
        assert message.body.count("लेने के लिए तैयार") == 3
        assert "अनुवाद स्वीकृत" in message.body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
