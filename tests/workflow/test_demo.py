"""The demo desk: loads through the real services, in four scripts, and only once.

Loading relies on tasks queued on commit, so these tests use real transactions.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from notifications.models import NoticeLanguage
from workflow.models import Statement, Transition, Variant

SCRIPTS = {
    "hi": re.compile(r"[\u0900-\u097F]"),
    "bn": re.compile(r"[\u0980-\u09FF]"),
    "ur": re.compile(r"[\u0600-\u06FF]"),
}


def _counts() -> tuple[int, ...]:
    return (
        Statement.objects.count(),
        Variant.objects.count(),
        Transition.objects.count(),
        get_user_model().objects.count(),
    )


def test_demo_loads_twice_without_duplicating(transactional_db):
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")
    assert _counts() == first
    assert first[0] >= 6
    # The demo's translators read their notices in the language they translate into.
    chosen = dict(NoticeLanguage.objects.values_list("user__username", "code"))
    assert chosen == {"translator_hi": "hi", "translator_bn": "bn", "translator_ur": "ur"}


def test_demo_has_published_statements_in_four_real_scripts(transactional_db):
    call_command("load_demo")
    sources = set(Statement.objects.values_list("source_language", flat=True))
    assert len(sources) > 1
    everywhere = [
        s for s in Statement.objects.prefetch_related("variants")
        if s.published_languages() == ["en", "hi", "bn", "ur"]
    ]  # fmt: skip
    assert len(everywhere) >= 3
    for statement in everywhere:
        for code, script in SCRIPTS.items():
            text = statement.published_text(code)
            assert not text.is_fallback
            assert script.search(text.title) and script.search(text.body), (statement, code)
    # The demo went through the workflow: every published language has its history.
    published = Variant.objects.filter(state="published")
    for variant in published:
        path = list(variant.transitions.values_list("to_state", flat=True))
        assert path[0] in ("draft", "pending") and path[-1] == "published"
        assert "approved" in path


def test_demo_refuses_without_the_demo_switch(db, settings):
    settings.ANUVAD_DEMO = False
    with pytest.raises(CommandError, match="published passwords"):
        call_command("load_demo")
    assert not Statement.objects.exists()
