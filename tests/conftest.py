"""Shared fixtures: one user per role and language, statements at each stage."""

from __future__ import annotations

import pytest

from tests.factories import make_user


@pytest.fixture
def users(db):
    """One person per role; translators work in one language each."""
    return {
        "author": make_user("author", roles=["author"], languages=["en", "hi"]),
        "editor": make_user("editor", roles=["editor"], languages=["en", "hi", "bn", "ur"]),
        "reviewer": make_user("reviewer", roles=["reviewer"], languages=["en", "hi", "bn", "ur"]),
        "reviewer_bn": make_user("reviewer_bn", roles=["reviewer"], languages=["bn"]),
        "translator_hi": make_user("translator_hi", roles=["translator"], languages=["hi"]),
        "translator_hi2": make_user("translator_hi2", roles=["translator"], languages=["hi"]),
        "translator_bn": make_user("translator_bn", roles=["translator"], languages=["bn"]),
        "translator_ur": make_user("translator_ur", roles=["translator"], languages=["ur"]),
        "translator_en": make_user("translator_en", roles=["translator"], languages=["en"]),
        "nobody": make_user("nobody", roles=[], languages=[]),
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs ~0.3 s a user; tests create many users and never need its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
