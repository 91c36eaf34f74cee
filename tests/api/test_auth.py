"""API tokens and login throttling (django-axes): lockouts escalate, on the API and the web."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.utils import timezone
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"
TOKEN_URL = "/api/v1/auth/token/"


def attempt(api, username: str, password: str):
    return api.post(TOKEN_URL, {"username": username, "password": password})


def test_a_token_is_given_for_the_right_password_and_works(api, users):
    response = attempt(api, "translator_hi", PASSWORD)
    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(user=users["translator_hi"]).key == key
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/desk/versions/claimable/").status_code == 200


def test_a_revoked_token_stops_working(api, users):
    key = attempt(api, "editor", PASSWORD).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.delete(TOKEN_URL).status_code == 204
    assert api.get("/api/v1/desk/versions/claimable/").status_code == 401
    assert not Token.objects.filter(key=key).exists()


def test_a_wrong_password_is_400_and_gives_no_token(api, users):
    response = attempt(api, "editor", "wrong")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert not Token.objects.exists()


def test_five_failures_lock_the_username_out_even_with_the_right_password(api, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(api, "editor", "wrong").status_code == 400
    locked = attempt(api, "editor", "wrong")
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "locked_out"
    assert int(locked.headers["Retry-After"]) == 15 * 60
    right = attempt(api, "editor", PASSWORD)
    assert right.status_code == 429
    assert not Token.objects.exists()
    # Another username from the same address is not affected.
    assert attempt(api, "reviewer", PASSWORD).status_code == 200


def test_each_further_lockout_in_a_day_doubles_the_wait(api, users, settings):
    waits = []
    for _ in range(3):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            response = attempt(api, "editor", "wrong")
        assert response.status_code == 429
        waits.append(int(response.headers["Retry-After"]))
        # The wait runs out: age this round's attempts past it.
        past = timezone.now() - timedelta(seconds=waits[-1] + 1)
        AccessAttempt.objects.update(attempt_time=past)
        AccessFailureLog.objects.filter(attempt_time__gt=past).update(
            attempt_time=past + timedelta(seconds=1)
        )
    assert waits == [15 * 60, 30 * 60, 60 * 60]
    assert attempt(api, "editor", PASSWORD).status_code == 200


def test_the_login_page_is_throttled_too(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/accounts/login/", {"username": "editor", "password": "wrong"})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    right = client.post("/accounts/login/", {"username": "editor", "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_password_change_on_the_desk_revokes_the_api_token(api, users, client):
    key = attempt(api, "translator_hi", PASSWORD).json()["token"]
    client.force_login(users["translator_hi"])
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "नया-पासवर्ड-2026-x",
            "new_password2": "नया-पासवर्ड-2026-x",
        },
    )
    assert response.status_code == 302
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/desk/versions/claimable/").status_code == 401
    assert not Token.objects.filter(key=key).exists()


def test_a_password_reset_revokes_the_api_token_and_other_saves_do_not(api, users):
    user = users["editor"]
    key = attempt(api, "editor", PASSWORD).json()["token"]
    user.first_name = "Rukhsana"
    user.save()
    assert Token.objects.filter(key=key).exists()
    # What the reset form does once the link is followed.
    user.set_password("another-password-456")
    user.save()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/desk/versions/claimable/").status_code == 401
