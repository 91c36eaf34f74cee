"""Notifications: once per person and key, on the channels each person keeps on."""

from __future__ import annotations

import smtplib

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from notifications import emails, selectors, services
from notifications.models import Kind, Notification, Preference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SUBJECT = "ছাপার জন্য তৈরি: “মজুরি নিয়ে বিবৃতি” (Bengali)"
BODY = "কলকাতায় ১,৪১৩ জন নির্মাণ শ্রমিক তিন মাস ধরে মজুরি পাননি।"


def _notify(users, *, kind=Kind.NEW_WORK, key="transition:1", subject=SUBJECT, **extra):
    return services.notify(users=users, kind=kind, key=key, subject=subject, **extra)


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_notify_stores_one_notice_per_person_and_emails_those_with_an_address(users):
    no_address = UserFactory(username="no_address", email="")
    asha, bilal = users["translator_bn"], users["reviewer_bn"]

    # asha is listed twice (say, as translator and as assignee): she hears once.
    created = _notify([asha, bilal, asha, no_address], body=BODY, url="/desk/versions/7/")

    assert sorted(n.user.username for n in created) == [
        "no_address",
        "reviewer_bn",
        "translator_bn",
    ]
    assert Notification.objects.filter(user=asha).count() == 1
    assert _recipients() == ["reviewer_bn@example.org", "translator_bn@example.org"]
    message = mail.outbox[0]
    assert message.subject == SUBJECT
    # The body, then an absolute link to the page.
    assert message.body == f"{BODY}\n\n{settings.ANUVAD_SITE_URL}/desk/versions/7/"
    emailed = Notification.objects.filter(emailed_at__isnull=False)
    assert set(emailed.values_list("user__username", flat=True)) == {"translator_bn", "reviewer_bn"}
    assert Notification.objects.get(user=no_address).emailed_at is None


def test_the_same_key_is_not_sent_twice(users):
    asha = users["translator_bn"]
    _notify([asha], key="claim-expiring:4:2026-03-01T10:00:00+00:00")
    again = _notify([asha], key="claim-expiring:4:2026-03-01T10:00:00+00:00", subject="Again")

    assert again == []
    assert list(Notification.objects.values_list("subject", flat=True)) == [SUBJECT]
    assert len(mail.outbox) == 1

    # A different key (e.g. a renewed claim) is a new message.
    _notify([asha], key="claim-expiring:4:2026-03-01T14:00:00+00:00")
    assert Notification.objects.filter(user=asha).count() == 2
    assert len(mail.outbox) == 2


def test_a_key_sent_to_one_person_still_reaches_another(users):
    _notify([users["translator_hi"]])
    _notify([users["translator_hi"], users["translator_hi2"]])
    assert _recipients() == ["translator_hi2@example.org", "translator_hi@example.org"]


def test_email_off_keeps_the_notice_in_the_app(users):
    asha = users["translator_bn"]
    services.set_preferences(user=asha, choices={Kind.NEW_WORK: (False, True)})

    (note,) = _notify([asha])

    assert mail.outbox == []
    assert note.emailed_at is None
    assert list(selectors.notifications_for(asha)) == [note]
    assert selectors.unread_count(asha) == 1


def test_in_app_off_still_emails_but_shows_nothing_in_the_app(users):
    asha = users["translator_bn"]
    services.set_preferences(user=asha, choices={Kind.NEW_WORK: (True, False)})

    _notify([asha])

    assert _recipients() == ["translator_bn@example.org"]
    assert list(selectors.notifications_for(asha)) == []
    assert selectors.unread_count(asha) == 0


def test_both_channels_off_sends_nothing(users):
    asha = users["translator_bn"]
    services.set_preferences(user=asha, choices={Kind.NEW_WORK: (False, False)})

    assert _notify([asha]) == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_preference_for_one_kind_leaves_the_other_kinds_alone(users):
    asha = users["translator_bn"]
    services.set_preferences(user=asha, choices={Kind.NEW_WORK: (False, False)})

    _notify([asha], kind=Kind.CLAIM_EXPIRING, key="claim-expiring:1:x")

    assert _recipients() == ["translator_bn@example.org"]
    assert selectors.notifications_for(asha).get().kind == Kind.CLAIM_EXPIRING


def test_unknown_kinds_are_refused(users):
    with pytest.raises(ValueError):
        services.set_preferences(user=users["translator_bn"], choices={"gossip": (True, True)})
    with pytest.raises(ValueError):
        _notify([users["translator_bn"]], kind="gossip")
    assert not Preference.objects.exists()
    assert not Notification.objects.exists()


def test_inactive_people_and_none_are_skipped(users):
    gone = users["translator_hi2"]
    gone.is_active = False
    gone.save()

    created = _notify([None, gone, users["translator_hi"]])

    assert [n.user for n in created] == [users["translator_hi"]]
    assert _recipients() == ["translator_hi@example.org"]
    assert not Notification.objects.filter(user=gone).exists()


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError("timed out"),
    ],
    ids=["smtp", "refused", "timeout"],
)
def test_a_mail_server_that_is_down_keeps_the_notice_and_does_not_raise(users, monkeypatch, error):
    def broken_send(*args, **kwargs):
        raise error

    monkeypatch.setattr(emails.EmailMultiAlternatives, "send", broken_send)
    asha = users["translator_bn"]

    (note,) = _notify([asha], body=BODY)

    note.refresh_from_db()
    assert note.emailed_at is None
    assert list(selectors.notifications_for(asha)) == [note]


def test_a_subject_with_a_line_break_still_reaches_everyone(users):
    # A title imported from an archive's YAML ("title: |") can hold a line break; mail
    # headers cannot, and one bad subject must not stop the notices to the others.
    title = "মজুরি নিয়ে বিবৃতি\nকলকাতা, ১২ মার্চ"

    created = _notify([users["translator_bn"], users["reviewer_bn"]], subject=f"Published: {title}")

    assert len(created) == 2
    assert _recipients() == ["reviewer_bn@example.org", "translator_bn@example.org"]
    assert all("\n" not in m.subject and "কলকাতা" in m.subject for m in mail.outbox)


def test_mark_read_marks_only_the_persons_own(users):
    asha, hindi = users["translator_bn"], users["translator_hi"]
    (mine,) = _notify([asha], key="a")
    _notify([asha], key="b")
    (theirs,) = _notify([hindi], key="a")

    assert services.mark_read(user=asha, ids=[mine.pk, theirs.pk]) == 1
    assert selectors.unread_count(asha) == 1
    assert selectors.unread_count(hindi) == 1
    assert services.mark_read(user=asha) == 1
    assert selectors.unread_count(asha) == 0
    assert selectors.unread_count(hindi) == 1


# ---- views --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["inbox", "preferences"])
def test_pages_need_a_login(client, name):
    url = reverse(f"notifications:{name}")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_mark_read_needs_a_login_and_a_post(client, users):
    (note,) = _notify([users["translator_bn"]])
    url = reverse("notifications:mark_read")

    assert client.post(url, {"id": note.pk}).status_code == 302
    client.force_login(users["translator_bn"])
    assert client.get(url).status_code == 405
    note.refresh_from_db()
    assert note.read_at is None


def test_inbox_shows_only_the_persons_own_notifications(client, users):
    _notify([users["translator_bn"]], subject="বিবৃতিটি পর্যালোচনার অপেক্ষায়", key="bn")
    _notify([users["translator_ur"]], subject="اجرت پر بیان شائع ہو گیا", key="ur")
    client.force_login(users["translator_bn"])

    response = client.get(reverse("notifications:inbox"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "বিবৃতিটি পর্যালোচনার অপেক্ষায়" in page
    assert "اجرت پر بیان شائع ہو گیا" not in page


def test_inbox_hides_notices_kept_out_of_the_app(client, users):
    asha = users["translator_bn"]
    services.set_preferences(user=asha, choices={Kind.NEW_WORK: (True, False)})
    _notify([asha], subject="শুধু ইমেলে")
    client.force_login(asha)

    page = client.get(reverse("notifications:inbox")).content.decode()

    assert "শুধু ইমেলে" not in page


def test_mark_read_view_marks_only_the_persons_own(client, users):
    asha, urdu = users["translator_bn"], users["translator_ur"]
    (mine,) = _notify([asha], key="one")
    (other,) = _notify([asha], key="two")
    (theirs,) = _notify([urdu], key="one")
    client.force_login(asha)

    response = client.post(reverse("notifications:mark_read"), {"id": [mine.pk, theirs.pk]})

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:inbox")
    read = set(Notification.objects.filter(read_at__isnull=False).values_list("pk", flat=True))
    assert read == {mine.pk}

    client.post(reverse("notifications:mark_read"))  # no ids: all of mine
    read = set(Notification.objects.filter(read_at__isnull=False).values_list("pk", flat=True))
    assert read == {mine.pk, other.pk}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_preferences_page_lists_every_kind_checked_by_default(client, users):
    client.force_login(users["translator_bn"])

    page = client.get(reverse("notifications:preferences")).content.decode()

    for kind in Kind:
        assert f'name="{kind.value}:email" id="{kind.value}-email" checked' in page
        assert f'name="{kind.value}:in_app" id="{kind.value}-in_app" checked' in page


def test_turning_off_one_kinds_email_stops_its_mail(client, users):
    asha = users["translator_bn"]
    client.force_login(asha)
    form = {f"{kind}:{channel}": "on" for kind in Kind.values for channel in ("email", "in_app")}
    del form[f"{Kind.CHANGES_REQUESTED}:email"]

    response = client.post(reverse("notifications:preferences"), form)

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:preferences")
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert f'name="{Kind.CHANGES_REQUESTED}:email" id="{Kind.CHANGES_REQUESTED}-email" aria' in page
    assert f'name="{Kind.APPROVED}:email" id="{Kind.APPROVED}-email" checked' in page

    _notify([asha], kind=Kind.CHANGES_REQUESTED, key="changes", subject="সংশোধন চাওয়া হয়েছে")
    assert mail.outbox == []
    assert selectors.notifications_for(asha).get().subject == "সংশোধন চাওয়া হয়েছে"

    _notify([asha], kind=Kind.APPROVED, key="approved", subject="অনুবাদ অনুমোদিত")
    assert [m.subject for m in mail.outbox] == ["অনুবাদ অনুমোদিত"]


def test_notices_are_written_once_per_language_in_that_language(users):
    from django.utils.translation import gettext

    services.set_language(user=users["translator_bn"], code="bn")
    services.set_language(user=users["reviewer_bn"], code="bn")
    services.set_language(user=users["translator_hi"], code="ur")
    calls = []

    def words():
        calls.append(gettext("Published"))
        return gettext("Published"), gettext("Notifications")

    people = [users["translator_bn"], users["reviewer_bn"], users["translator_hi"], users["editor"]]
    created = services.notify_in_own_language(
        users=people, kind=Kind.PUBLISHED, key="published:1", words=words
    )

    assert sorted(calls) == sorted(["প্রকাশিত", "شائع شدہ", "Published"])
    subjects = {n.user.username: (n.subject, n.body) for n in created}
    assert subjects == {
        "translator_bn": ("প্রকাশিত", "বিজ্ঞপ্তি"),
        "reviewer_bn": ("প্রকাশিত", "বিজ্ঞপ্তি"),
        "translator_hi": ("شائع شدہ", "اطلاعات"),
        "editor": ("Published", "Notifications"),
    }
    assert {m.to[0]: m.subject for m in mail.outbox}["translator_hi@example.org"] == "شائع شدہ"


def test_an_unknown_notice_language_is_refused(users):
    from translations.languages import UnknownLanguage

    with pytest.raises(UnknownLanguage):
        services.set_language(user=users["translator_bn"], code="xx")
    assert services.language_of(users["translator_bn"]) is None


def test_the_preferences_page_saves_the_notice_language(client, users, settings):
    asha = users["translator_bn"]
    client.force_login(asha)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bn"

    page = client.get(reverse("notifications:preferences")).content.decode()
    # Never chosen: the language the desk is shown in is offered.
    assert '<option value="bn" lang="bn" selected>বাংলা</option>' in page

    form = {f"{kind}:{channel}": "on" for kind in Kind.values for channel in ("email", "in_app")}
    response = client.post(reverse("notifications:preferences"), {**form, "language": "ur"})

    assert response.status_code == 302
    assert services.language_of(asha) == "ur"
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert '<option value="ur" lang="ur" selected>' in page


def test_a_bad_notice_language_changes_nothing(client, users):
    asha = users["translator_bn"]
    services.set_language(user=asha, code="hi")
    client.force_login(asha)
    form = {f"{kind}:email": "on" for kind in Kind.values}  # every in-app notice off

    response = client.post(reverse("notifications:preferences"), {**form, "language": "fr"})

    assert response.status_code == 400
    assert "Choose one of the languages listed." in response.content.decode()
    assert services.language_of(asha) == "hi"
    assert not Preference.objects.filter(user=asha).exists()
