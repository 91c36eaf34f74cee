"""Login lockout per client: one address trying many usernames (spraying) is locked out."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"
LOGIN = "/accounts/login/"
SPRAYER = "203.0.113.7"
COLLEAGUE = "198.51.100.20"


def log_in(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def spray(client: Client, users: dict, count: int) -> list[int]:
    """``count`` failed logins, a guess or two per username, none reaching a pair's limit."""
    names = [*sorted(users), "sub-editor", "admin", "desk"]
    return [
        log_in(client, names[n % len(names)], f"Summer-{n // len(names)}!").status_code
        for n in range(count)
    ]


def test_one_client_spraying_usernames_is_locked_out_and_another_is_not(users, settings):
    limit = settings.ANUVAD_LOGIN_CLIENT_FAILURE_LIMIT
    assert limit // (len(users) + 3) < settings.AXES_FAILURE_LIMIT  # no pair is locked
    sprayer = Client(REMOTE_ADDR=SPRAYER)
    answers = spray(sprayer, users, limit)
    assert answers[:-1] == [200] * (limit - 1)  # the form again, with its error
    assert answers[-1] == 429
    # Locked for every username, even with the right password.
    right = log_in(sprayer, "editor", PASSWORD)
    assert right.status_code == 429
    assert "Too many failed logins" in right.content.decode()
    assert int(right["Retry-After"]) == settings.ANUVAD_LOGIN_COOL_OFF_MINUTES * 60
    assert not logged_in(sprayer)
    # The same person from another address is not affected.
    colleague = Client(REMOTE_ADDR=COLLEAGUE)
    assert log_in(colleague, "editor", PASSWORD).status_code == 302
    assert logged_in(colleague)


def test_the_api_token_endpoint_counts_towards_the_same_client_limit(users, settings):
    limit = settings.ANUVAD_LOGIN_CLIENT_FAILURE_LIMIT
    sprayer = Client(REMOTE_ADDR=SPRAYER)
    spray(sprayer, users, limit - 1)
    token = sprayer.post(
        "/api/v1/auth/token/",
        {"username": "reviewer", "password": "wrong"},
        content_type="application/json",
    )
    assert token.status_code == 429
    assert token.json()["error"]["code"] == "locked_out"


def test_logging_in_to_ones_own_account_does_not_clear_a_clients_count(users, settings):
    limit = settings.ANUVAD_LOGIN_CLIENT_FAILURE_LIMIT
    sprayer = Client(REMOTE_ADDR=SPRAYER)
    others = {name: user for name, user in users.items() if name != "translator_hi"}
    spray(sprayer, others, limit - 1)
    # Their own account's failures (none here) are cleared; the others' still count.
    assert log_in(sprayer, "translator_hi", PASSWORD).status_code == 302
    sprayer.logout()
    assert log_in(sprayer, "translator_bn", "guess").status_code == 429
