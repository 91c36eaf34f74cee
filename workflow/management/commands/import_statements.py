"""Import statements (and their published translations) from Markdown files."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from workflow import archive
from workflow.management.users import acting_user


class Command(BaseCommand):
    help = (
        "Import slug.md files (YAML front matter: title, language, byline, signatories, "
        "topics, dateline, date, published) and their translations slug.<lang>.md. Every "
        "file is checked before anything is written; importing again changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="files or directories")
        parser.add_argument("--as", dest="username", help="editor recorded as the importer")

    def handle(self, *args, paths: list[Path], username: str | None, **options) -> None:
        actor = acting_user(username)
        files = archive.collect(paths)
        if not files:
            raise CommandError("No .md files found.")

        def bar(desc: str):
            return lambda items: tqdm(items, desc=desc, unit="file", file=sys.stderr)

        try:
            entries = archive.read(files, progress=bar("Checking"))
        except archive.ArchiveInvalid as exc:
            raise CommandError(f"{exc}\n" + "\n".join(f"  {e}" for e in exc.errors)) from exc
        summary = archive.import_entries(entries, actor=actor, progress=bar("Importing"))
        out = self.stdout
        out.write(
            f"{len(summary.created)} created, {len(summary.updated)} updated, "
            f"{len(summary.skipped)} skipped."
        )
        for slug, reason in summary.skipped:
            out.write(f"  skipped {slug}: {reason}")
        if summary.aligned or summary.uncertain:
            out.write(
                f"Translation memory: {summary.aligned} sentence pairs added; "
                f"{summary.uncertain} left out as uncertain."
            )
