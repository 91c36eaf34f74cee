"""The demo desk: loads through the real services, in four scripts, and only once.

Loading relies on tasks queued on commit, so these tests use real transactions.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from notifications.models import NoticeLanguage
from tests.support.processes import free_port
from workflow.models import Statement, Transition, Variant

ROOT = Path(__file__).resolve().parents[2]
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


def test_setup_steps_work_before_redis_is_started(tmp_path):
    """`make run` migrates and loads the demo before honcho starts Redis: neither needs it."""
    dead = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens: refused at once
    env = {k: v for k, v in os.environ.items() if k not in {"CELERY_TASK_ALWAYS_EAGER"}}
    env |= {
        "DJANGO_DEBUG": "1",
        "DJANGO_CACHE": "redis",
        "REDIS_URL": dead,
        "ANUVAD_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}",
    }
    for step in (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *step],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"{step}: {done.stderr[-3000:]}"
        if step[0] == "load_demo":
            assert "8 statement(s) created" in done.stdout
            assert "Reader cache unreachable" in done.stderr  # said, not hidden
    with sqlite3.connect(tmp_path / "desk.sqlite3") as db:
        published = db.execute(
            "SELECT count(*) FROM workflow_variant WHERE state = 'published'"
        ).fetchone()[0]
    assert published >= 6
    assert (tmp_path / "static" / "reader").is_dir()
