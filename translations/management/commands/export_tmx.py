"""Export the translation memory, or one language pair of it, as TMX 1.4."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from translations import languages
from translations.memory import TranslationMemoryError, tmx


class _Verbatim:
    """The command's stdout without its habit of ending every write with a newline."""

    def __init__(self, out) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text, ending="")


class Command(BaseCommand):
    help = "Write the translation memory as TMX 1.4, to a file or to standard output."

    def add_arguments(self, parser) -> None:
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
        parser.add_argument("--source", choices=languages.CODES, help="only this source language")
        parser.add_argument("--target", choices=languages.CODES, help="only this target language")

    def handle(self, *args, output: Path | None, source: str | None, target: str | None, **o):
        if source and source == target:
            raise CommandError("--source and --target must differ.")
        try:
            if output is None:
                count = tmx.export_tmx(
                    _Verbatim(self.stdout), source_language=source, target_language=target
                )
            else:
                # Written beside the target and renamed: a failed export leaves no half file.
                partial = output.with_name(f".{output.name}.partial")
                try:
                    with partial.open("w", encoding="utf-8", newline="\n") as handle:
                        count = tmx.export_tmx(
                            handle, source_language=source, target_language=target
                        )
                    os.replace(partial, output)
                except BaseException:
                    partial.unlink(missing_ok=True)
                    raise
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror}") from exc
        except TranslationMemoryError as exc:
            raise CommandError(str(exc)) from exc
        if output is not None:
            self.stdout.write(f"{output}: {count} translation units.")
