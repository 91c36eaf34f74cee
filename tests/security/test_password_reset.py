"""Password reset mails are limited per email address and per client, and say nothing more."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

pytestmark = pytest.mark.django_db

RESET = "/accounts/password_reset/"
DONE = "/accounts/password_reset/done/"


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def ask(client: Client, email: str):
    return client.post(RESET, {"email": email})


def answered_as_sent(response) -> bool:
    return response.status_code == 302 and response["Location"] == DONE


def test_one_address_gets_only_a_few_mails_whoever_asks(users, settings):
    answers = [ask(Client(REMOTE_ADDR=f"198.51.100.{n}"), "editor@example.org") for n in range(10)]
    assert all(answered_as_sent(a) for a in answers)
    assert len(mail.outbox) == settings.ANUVAD_PASSWORD_RESET_ADDRESS_LIMIT
    assert {tuple(m.to) for m in mail.outbox} == {("editor@example.org",)}
    # The same address in other capitals is the same mailbox.
    assert answered_as_sent(ask(Client(REMOTE_ADDR="192.0.2.1"), "Editor@Example.ORG"))
    assert len(mail.outbox) == settings.ANUVAD_PASSWORD_RESET_ADDRESS_LIMIT


def test_one_client_mails_only_a_few_addresses(users, settings):
    client = Client(REMOTE_ADDR="203.0.113.7")
    addresses = [f"{name}@example.org" for name in sorted(users)]
    assert len(addresses) > settings.ANUVAD_PASSWORD_RESET_CLIENT_LIMIT
    answers = [ask(client, address) for address in addresses]
    assert all(answered_as_sent(a) for a in answers)
    assert len(mail.outbox) == settings.ANUVAD_PASSWORD_RESET_CLIENT_LIMIT
    # Another client is not held back by this one.
    assert answered_as_sent(ask(Client(REMOTE_ADDR="198.51.100.9"), addresses[-1]))
    assert len(mail.outbox) == settings.ANUVAD_PASSWORD_RESET_CLIENT_LIMIT + 1


def test_unknown_and_limited_addresses_get_the_page_a_sent_mail_gets(users, settings):
    settings.ANUVAD_PASSWORD_RESET_ADDRESS_LIMIT = 1
    sent = ask(Client(REMOTE_ADDR="198.51.100.1"), "reviewer@example.org")
    unknown = ask(Client(REMOTE_ADDR="198.51.100.2"), "nobody-here@example.org")
    limited = ask(Client(REMOTE_ADDR="198.51.100.3"), "reviewer@example.org")
    assert len(mail.outbox) == 1
    assert (sent.status_code, sent["Location"]) == (302, DONE)
    assert (unknown.status_code, unknown["Location"]) == (302, DONE)
    assert (limited.status_code, limited["Location"]) == (302, DONE)


def test_with_the_cache_away_no_mail_is_sent_and_the_page_still_answers(users, monkeypatch):
    def refuse(*args, **kwargs):
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(cache, "add", refuse)
    response = ask(Client(REMOTE_ADDR="198.51.100.1"), "editor@example.org")
    assert answered_as_sent(response)
    assert mail.outbox == []
