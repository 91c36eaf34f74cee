"""Interface catalogues: complete for hi, bn and ur, and clean for GNU msgfmt."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

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


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("code", CATALOGUES)
def test_catalogue_passes_msgfmt_check(code):
    result = subprocess.run(
        ["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(CATALOGUES[code])],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and not result.stderr, result.stderr
