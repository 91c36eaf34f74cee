"""The demo desk: loads through the real services, in four scripts, and only once.

Loading relies on tasks queued on commit, so these tests use real transactions.
"""

from __future__ import annotations

import ast
import os
import re
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from notifications.models import NoticeLanguage
from tests.support.processes import free_port
from translations.engines import registry
from workflow import archive
from workflow.demo import content
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


def test_every_demo_statement_file_is_one_the_archive_importer_accepts():
    files = sorted(content.STATEMENTS_DIR.glob("*.md"))
    assert files
    try:
        entries = archive.read(files)
    except archive.ArchiveInvalid as exc:
        pytest.fail("\n".join(exc.errors))
    assert sorted(path for entry in entries for path in entry.paths) == files
    assert {entry.slug for entry in entries} == set(content.STAGES)
    # A built package carries every one of them.
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["workflow.demo"]
    packaged = {p for pattern in patterns for p in (ROOT / "workflow" / "demo").glob(pattern)}
    assert packaged >= set(files)


def test_demo_loads_without_asking_an_engine(transactional_db, settings, monkeypatch):
    settings.ANUVAD_MT_ENABLED = True
    asked = []

    def chain(source: str, target: str) -> list:
        asked.append((source, target))
        return []

    monkeypatch.setattr(registry, "chain", chain)
    call_command("load_demo")
    assert asked == []
    assert not Transition.objects.filter(note__contains="Machine translation failed").exists()


def test_demo_code_imports_no_test_tools_and_nothing_of_config():
    """The demo is product code: it runs on the services, not on django.test or config."""
    script = (
        "import sys, django; django.setup(); "
        "import workflow.demo, workflow.management.commands.load_demo, "
        "workflow.management.commands.run_banner; "
        "workflow.demo.content.statements(); "
        "print(sorted(m for m in sys.modules if m.split('.')[:2] == ['django', 'test']))"
    )
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "[]"
    # config (its Celery app included) comes after workflow in the dependency direction.
    sources = [*(ROOT / "workflow" / "demo").glob("*.py"), ROOT / "workflow" / "dispatch.py"]
    sources += (ROOT / "workflow" / "management" / "commands").glob("*.py")
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                assert name.split(".")[0] != "config", f"{path.name} imports {name}"
                assert not name.startswith("django.test"), f"{path.name} imports {name}"
