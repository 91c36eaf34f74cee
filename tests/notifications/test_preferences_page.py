"""The notice choices page: how often each kind's emails go, for everyone on the desk."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from notifications import services
from notifications.models import ALWAYS_IMMEDIATE, Frequency, Kind, Preference

pytestmark = pytest.mark.django_db

URL = reverse("notifications:preferences")


def everything_on(**frequencies: str) -> dict[str, str]:
    form = {f"{kind}:{channel}": "on" for kind in Kind.values for channel in ("email", "in_app")}
    form.update({f"{kind}:frequency": value for kind, value in frequencies.items()})
    return form


def selected(page: str, kind: str) -> str:
    match = re.search(rf'<select name="{kind}:frequency"[^>]*>(.*?)</select>', page, re.S)
    assert match, f"no frequency for {kind}"
    (value,) = re.findall(r'<option value="(\w+)" selected>', match.group(1))
    return value


def test_every_kind_that_may_wait_offers_a_frequency_at_once_by_default(client, users):
    client.force_login(users["translator_bn"])

    page = client.get(URL).content.decode()

    for kind in Kind:
        if kind in ALWAYS_IMMEDIATE:
            assert f'name="{kind.value}:frequency"' not in page
        else:
            assert selected(page, kind.value) == Frequency.IMMEDIATE
    assert page.count("Always at once") == len(ALWAYS_IMMEDIATE)
    assert 'name="csrfmiddlewaretoken"' in page


@pytest.mark.parametrize("who", ["nobody", "translator_ur", "editor", "author"])
def test_anyone_on_the_desk_can_choose_a_digest(client, users, who):
    person = users[who]
    client.force_login(person)

    response = client.post(URL, everything_on(new_work="hourly", approved="daily"))

    assert response.status_code == 302
    page = client.get(URL).content.decode()
    assert selected(page, "new_work") == "hourly"
    assert selected(page, "approved") == "daily"
    assert selected(page, "published") == "immediate"
    assert services.choice_for(person, Kind.NEW_WORK).frequency == Frequency.HOURLY


def test_a_frequency_left_out_keeps_what_was_saved(client, users):
    asha = users["translator_bn"]
    services.set_preferences(user=asha, choices={}, frequencies={Kind.NEW_WORK: "daily"})
    client.force_login(asha)

    form = everything_on()
    del form["new_work:email"]
    assert client.post(URL, form).status_code == 302

    choice = services.choice_for(asha, Kind.NEW_WORK)
    assert (choice.email, choice.in_app, choice.frequency) == (False, True, Frequency.DAILY)


def test_a_deadline_digest_cannot_be_slipped_in(client, users):
    asha = users["translator_bn"]
    client.force_login(asha)

    client.post(URL, everything_on(deadline="daily", overdue="hourly"))

    assert services.choice_for(asha, Kind.DEADLINE).frequency == Frequency.IMMEDIATE
    assert services.choice_for(asha, Kind.OVERDUE).frequency == Frequency.IMMEDIATE


def test_an_unknown_frequency_is_refused_and_changes_nothing(client, users, settings):
    asha = users["translator_bn"]
    services.set_language(user=asha, code="hi")
    client.force_login(asha)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bn"

    response = client.post(URL, {**everything_on(new_work="weekly"), "language": "ur"})

    assert response.status_code == 400
    assert "তালিকা থেকে বেছে নিন কত ঘন ঘন।" in response.content.decode()
    assert not Preference.objects.filter(user=asha).exists()
    assert services.language_of(asha) == "hi"


def test_a_post_without_the_csrf_token_is_refused(users):
    asha = users["translator_bn"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(asha)

    response = client.post(URL, everything_on(new_work="hourly"))

    assert response.status_code == 403
    assert not Preference.objects.filter(user=asha).exists()


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("hi", ["कितनी बार", "तुरंत", "घंटे में एक बार, इकट्ठा", "हमेशा तुरंत"]),
        ("bn", ["কত ঘন ঘন", "সঙ্গে সঙ্গে", "দিনে একবার, একসঙ্গে", "সবসময় সঙ্গে সঙ্গে"]),
        ("ur", ["کتنی بار", "فوراً", "گھنٹے میں ایک بار، یکجا", "ہمیشہ فوراً"]),
    ],
)
def test_the_page_speaks_the_interface_language(client, users, settings, code, words):
    client.force_login(users["translator_ur"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code

    page = client.get(URL).content.decode()

    for word in words:
        assert word in page
    english = ["How often", "At once", "Once an hour", "Once a day", "Email", "In the app", "Kind"]
    with translation.override("en"):
        english += [str(kind.label) for kind in Kind]
    main = page[page.index("<main") :]
    for word in english:
        assert word not in main, word
    assert f'<html lang="{code}" dir="{"rtl" if code == "ur" else "ltr"}">' in page


def test_the_inbox_shows_an_urdu_notice_right_to_left_with_its_title_isolated(client, users):
    urdu = users["translator_ur"]
    services.notify(
        users=[urdu],
        kind=Kind.NEW_WORK,
        key="ur",
        subject="لینے کے لیے تیار: “\u2068मज़दूरी पर बयान\u2069” (اردو)",
        body="\u2068Please keep “Delhi” as it is.\u2069",
        url="/desk/",
        language="ur",
    )
    client.force_login(urdu)

    page = client.get(reverse("notifications:inbox")).content.decode()

    assert (
        '<span lang="ur" dir="rtl"><a href="/desk/">لینے کے لیے تیار: “<bdi>मज़दूरी पर बयान</bdi>”'
        " (اردو)</a></span>"
    ) in page
    body = '<div class="body" lang="ur" dir="rtl"><bdi>Please keep “Delhi” as it is.</bdi></div>'
    assert body in page
    assert "\u2068" not in page and "\u2069" not in page
