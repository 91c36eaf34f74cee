"""Interface catalogues: complete for hi, bn and ur, and clean for GNU msgfmt."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from translations import languages

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = {
    code: ROOT / "locale" / code / "LC_MESSAGES" / "django.po" for code in ("hi", "bn", "ur")
}


@pytest.mark.parametrize("code", CATALOGUES)
def test_catalogue_is_complete(code):
    catalogue = polib.pofile(str(CATALOGUES[code]))
    assert catalogue.metadata["Language"] == code
    assert "charset=UTF-8" in catalogue.metadata["Content-Type"]
    assert catalogue.percent_translated() == 100
    assert not catalogue.fuzzy_entries()
    states = {e.msgid: e.msgstr for e in catalogue}
    assert states["Published"] and states["Published"] != "Published"


@pytest.mark.parametrize("code", CATALOGUES)
def test_catalogue_plural_rule_is_the_languages_own(code):
    # One rule per language: the interface catalogue and the PO files we export agree.
    catalogue = polib.pofile(str(CATALOGUES[code]))
    assert catalogue.metadata["Plural-Forms"] == languages.get(code).plural_forms


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("code", CATALOGUES)
def test_catalogue_passes_msgfmt_check(code):
    result = subprocess.run(
        ["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(CATALOGUES[code])],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and not result.stderr, result.stderr


@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgmerge")),
    reason="GNU gettext (xgettext, msgmerge) is not installed",
)
def test_every_marked_string_is_in_every_catalogue(settings, tmp_path, monkeypatch):
    """Extract the strings marked in the code and templates now: none may be missing."""
    from django.core.management import call_command

    # makemessages writes where it runs: a copy of the catalogues beside links to the code.
    skip = {"locale", "var", "tests", "bench", "static", "scripts", "test-artifacts"}
    for entry in ROOT.iterdir():
        if entry.is_dir() and not entry.name.startswith(".") and entry.name not in skip:
            (tmp_path / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    # One entry taken out of the copy must come back untranslated: the extraction works.
    probe = "Write my notices and emails in"
    hindi = polib.pofile(str(tmp_path / "locale" / "hi" / "LC_MESSAGES" / "django.po"))
    hindi.remove(hindi.find(probe))
    hindi.save()
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command(
        "makemessages",
        locale=list(CATALOGUES),
        symlinks=True,
        ignore_patterns=["*.egg-info"],
        verbosity=0,
    )
    missing = {}
    for code in CATALOGUES:
        extracted = polib.pofile(str(tmp_path / "locale" / code / "LC_MESSAGES" / "django.po"))
        missing[code] = [e.msgid for e in extracted.untranslated_entries()]
        missing[code] += [e.msgid for e in extracted.fuzzy_entries()]
    assert missing == {"hi": [probe], "bn": [], "ur": []}, "marked but not translated"
