"""uv.lock: every dependency pyproject.toml names is locked, hashed, at a version it allows."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from scripts import bootstrap_uv

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
LOCK = tomllib.loads((ROOT / "uv.lock").read_text())
LOCKED = {canonicalize_name(p["name"]): p for p in LOCK["package"]}
DEV = PROJECT["optional-dependencies"]["dev"]
DECLARED = [Requirement(line) for line in [*PROJECT["dependencies"], *DEV]]


@pytest.mark.parametrize("requirement", DECLARED, ids=str)
def test_every_declared_dependency_is_locked_at_an_allowed_version(requirement):
    package = LOCKED.get(canonicalize_name(requirement.name))
    assert package is not None, f"{requirement.name} is not in uv.lock: run make lock"
    version = Version(package["version"])
    assert requirement.specifier.contains(version, prereleases=True), (
        f"uv.lock has {requirement.name} {version}, outside {requirement.specifier}"
    )
    for extra in requirement.extras:
        assert extra in package.get("optional-dependencies", {}), f"{requirement}: {extra}"


def _entry(name: str, extras, specifier: str, marker: str | None) -> tuple:
    clauses = ",".join(sorted(c for c in str(specifier).split(",") if c))
    return canonicalize_name(name), tuple(sorted(extras)), clauses, marker or ""


def test_the_lock_was_made_from_this_pyproject():
    """What `uv sync --locked` checks: a changed range or a dropped dependency needs a relock."""
    project = LOCKED[canonicalize_name(PROJECT["name"])]
    recorded = {
        _entry(d["name"], d.get("extras", ()), d.get("specifier", ""), d.get("marker"))
        for d in project["metadata"]["requires-dist"]
    }
    declared = set()
    for group, marker in ((PROJECT["dependencies"], None), (DEV, "extra == 'dev'")):
        for line in group:
            r = Requirement(line)
            declared.add(_entry(r.name, r.extras, str(r.specifier), marker))
    assert recorded == declared


def test_every_locked_artifact_is_hashed():
    unhashed = []
    for package in LOCK["package"]:
        if "virtual" in package["source"]:
            continue  # the project itself, run from the checkout
        artifacts = [
            *package.get("wheels", []),
            *([package["sdist"]] if "sdist" in package else []),
        ]
        if not artifacts or any(not a.get("hash", "").startswith("sha256:") for a in artifacts):
            unhashed.append(package["name"])
    assert not unhashed


def test_uv_itself_is_bootstrapped_from_the_lock():
    line = bootstrap_uv.pinned_requirement()
    uv = LOCKED["uv"]
    assert line.startswith(f"uv=={uv['version']} ")
    assert line.count("--hash=sha256:") == len(uv["wheels"]) + ("sdist" in uv)
