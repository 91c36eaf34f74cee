"""API fixtures: the demo's published statements, and clients signed in by token."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.publishing.conftest import demo_site  # noqa: F401 - a fixture, used by name


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def as_user(users):
    """An API client holding the token of one of the ``users``."""

    def make(name: str) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=users[name])
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make
