"""Apertium, offline: Hindi ↔ Urdu with the Debian package apertium-urd-hin.

All texts of a call go through one ``apertium hin-urd`` (or ``urd-hin``) process, one
text a line; Apertium translates line by line and keeps the line breaks, and the base
class checks the count. Apertium marks a word it does not know with a leading ``*``
(``*किसानों``) and leaves it untranslated: the marks are removed and the words reported
in ``Translation.unknown`` so translators can look at them. Numbers (and placeholder
numbers, which come back as ``{*1}``) are marked too but are not reported.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from functools import cached_property

from .base import Engine, EngineNotConfigured, EngineUnavailable, Translation, seconds

# Our codes → Apertium's (ISO 639-3); a mode is "<source>-<target>", e.g. hin-urd.
_CODES = {"hi": "hin", "ur": "urd"}

# A literal asterisk in the source would read back as an unknown-word mark, so it
# travels as a private-use character that Apertium passes through untouched.
_ASTERISK_STANDIN = "\ue000"


class ApertiumEngine(Engine):
    """Options: ``command``, the apertium program (a name on PATH or a path)."""

    name = "apertium"
    display_name = "Apertium (offline)"
    # A local process has no request size limit; this only bounds one process's input.
    char_limit = 100_000
    separator = "\n"
    languages = _CODES
    option_defaults = {"command": "apertium"}

    @cached_property
    def _program(self) -> str | None:
        return shutil.which(self.options["command"])

    @cached_property
    def _modes(self) -> frozenset[str]:
        """The translation modes this Apertium has installed (``apertium -l``)."""
        if self._program is None:
            return frozenset()
        try:
            # The program comes from settings, not from users; no shell is involved.
            listed = subprocess.run(  # noqa: S603
                [self._program, "-l"],
                capture_output=True,
                text=True,
                timeout=self.timeout[1],
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return frozenset()
        return frozenset(listed.stdout.split())

    def _mode(self, source: str, target: str) -> str:
        return f"{_CODES[source]}-{_CODES[target]}"

    def configured(self) -> tuple[bool, str]:
        if self._program is None:
            return False, f"the {self.options['command']!r} program was not found"
        wanted = {self._mode("hi", "ur"), self._mode("ur", "hi")}
        if not wanted & self._modes:
            return False, "Apertium has no hin-urd or urd-hin mode (install apertium-urd-hin)"
        return True, ""

    def supports(self, source: str, target: str) -> bool:
        return super().supports(source, target) and self._mode(source, target) in self._modes

    def _request(self, text: str, source: str, target: str) -> str:
        if self._program is None:
            raise EngineNotConfigured(f"apertium: {self.configured()[1]}", engine=self.name)
        # Connect has no meaning for a local process: the read timeout bounds the run.
        limit = self.timeout[1]
        try:
            done = subprocess.run(  # noqa: S603 (program from settings, no shell)
                [self._program, self._mode(source, target)],
                input=text.replace("*", _ASTERISK_STANDIN),
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=limit,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise EngineUnavailable(
                f"apertium: no answer within {seconds(limit)} s", engine=self.name
            ) from None
        except OSError as exc:
            raise EngineUnavailable(f"apertium: could not run ({exc})", engine=self.name) from exc
        if done.returncode != 0:
            first = (done.stderr.strip().splitlines() or ["no message"])[0][:200]
            raise EngineUnavailable(
                f"apertium: failed with exit code {done.returncode} ({first})", engine=self.name
            )
        return done.stdout.rstrip("\n")

    def _finish(self, text: str) -> Translation:
        plain, unknown = unmark(text)
        return Translation(plain.replace(_ASTERISK_STANDIN, "*"), unknown)


def unmark(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` without Apertium's ``*`` marks, and the marked words that have letters."""
    out: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(text):
        if text[i] != "*":
            out.append(text[i])
            i += 1
            continue
        # A word: letters, combining marks (the vowel signs of Devanagari) and digits.
        end = i + 1
        while end < len(text) and unicodedata.category(text[end])[0] in "LMN":
            end += 1
        word = text[i + 1 : end]
        out.append(word)
        if any(unicodedata.category(c)[0] == "L" for c in word) and word not in unknown:
            unknown.append(word)
        i = end
    return "".join(out), tuple(unknown)
