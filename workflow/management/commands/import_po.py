"""Apply a translated PO file to its language version; all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from translations import po
from workflow import po_exchange
from workflow.exceptions import WorkflowError
from workflow.management.users import acting_user


class Command(BaseCommand):
    help = (
        "Import a translated PO file made by export_po. Every entry is checked first; if "
        "any is wrong nothing is applied and the errors are listed (exit status 1). Acts as "
        "the translator holding the claim unless --as names one."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--as", dest="username", help="the translator holding the claim")

    def handle(self, *args, file: str, username: str | None, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        if path.stat().st_size > po.MAX_PO_BYTES:
            raise CommandError(
                f"{file} is larger than {po.MAX_PO_BYTES // (1024 * 1024)} MB; nothing applied."
            )
        data = path.read_bytes()
        # Without --as the import acts as the translator holding the claim.
        actor = acting_user(username) if username else None
        try:
            result = po_exchange.variant_import_po(data=data, actor=actor)
        except po_exchange.POImportError as exc:
            raise CommandError(
                f"{file}: nothing applied.\n" + "\n".join(f"  {e}" for e in exc.errors)
            ) from exc
        except WorkflowError as exc:
            raise CommandError(f"{file}: nothing applied. {exc}") from exc
        variant = result.variant
        self.stdout.write(
            f"{variant.statement.slug} [{variant.language}]: {result.applied} sentence(s) "
            f"applied, {result.unchanged} unchanged, {result.still_fuzzy} still fuzzy (left as "
            "they were)."
        )
