"""Write one language version of a statement as a PO file (for Poedit or an agency)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from translations import languages
from workflow import po_exchange
from workflow.models import Variant


class Command(BaseCommand):
    help = "Export a statement's language version as a PO file: export_po SLUG LANG [-o FILE]."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug")
        parser.add_argument("language", choices=[c for c in languages.CODES])
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, slug: str, language: str, output: str | None, **options) -> None:
        variant = (
            Variant.objects.select_related("statement")
            .filter(statement__slug=slug, language=language)
            .first()
        )
        if variant is None:
            raise CommandError(f"“{slug}” has no {languages.get(language).name} version.")
        if variant.is_source:
            raise CommandError(
                f"{languages.get(language).name} is the source language of “{slug}”."
            )
        if not variant.segments.exists():
            raise CommandError("This version has not been split into sentences yet; wait for it.")
        data = po_exchange.variant_export_po(variant=variant)
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(f"Wrote {output} ({variant.segments.count()} sentences).")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
