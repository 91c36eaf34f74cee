"""Import a TMX file into the translation memory; writes nothing when the file is faulty."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from translations.memory import tmx


class Command(BaseCommand):
    help = (
        "Import every pair of Anuvad's languages found in a TMX 1.4 file "
        f"(at most {tmx.MAX_BYTES // 2**20} MB) into the translation memory."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--origin",
            default="tmx",
            help="recorded on each new unit, to tell imports apart (default: tmx)",
        )

    def handle(self, *args, path: Path, origin: str, **options) -> None:
        if not origin or len(origin) > 20:
            raise CommandError("--origin takes a name of 1 to 20 characters.")
        try:
            summary = tmx.import_tmx(path, origin=origin)
        except tmx.TMXError as exc:
            raise CommandError(f"{path}: nothing imported: {exc}") from exc
        for line in summary.lines():
            self.stdout.write(line)
