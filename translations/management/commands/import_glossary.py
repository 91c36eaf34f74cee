"""Add or update glossary terms from a CSV file; writes nothing when any row is invalid."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from translations import glossary


class Command(BaseCommand):
    help = (
        "Import glossary terms from CSV with the columns "
        + ", ".join(glossary.CSV_COLUMNS)
        + " (only source_language and term are required)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        try:
            result = glossary.import_csv(data)
        except ValidationError as exc:
            raise CommandError(
                f"{path}: nothing imported.\n" + "\n".join(f"  {m}" for m in exc.messages)
            ) from exc
        self.stdout.write(f"{path}: {result['created']} created, {result['updated']} updated.")
