"""Submit a statement for translation from the command line, and optionally follow it."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from translations import languages
from workflow import services
from workflow.choices import State
from workflow.exceptions import WorkflowError
from workflow.management.users import acting_user
from workflow.models import Statement


class Command(BaseCommand):
    help = (
        "Submit a statement for translation (machine pre-translation runs in the worker). "
        "With --wait, show each language's progress until all are ready."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--to", help="comma-separated languages (default: all others)")
        parser.add_argument("--wait", action="store_true")
        parser.add_argument("--timeout", type=float, default=600, help="seconds, with --wait")
        parser.add_argument("--as", dest="username", help="author or editor submitting it")

    def handle(self, *args, slug: str, to: str | None, wait: bool, timeout: float,
               username: str | None, **options) -> None:  # fmt: skip
        try:
            statement = Statement.objects.get(slug=slug)
        except Statement.DoesNotExist:
            raise CommandError(f"No statement with the address {slug!r}.") from None
        targets = None
        if to:
            targets = [c.strip() for c in to.split(",") if c.strip()]
            bad = [c for c in targets if c not in languages.CODES]
            if bad:
                raise CommandError(f"Unknown languages: {', '.join(bad)}.")
        actor = acting_user(username)
        try:
            created = services.statement_submit_for_translation(
                statement=statement, actor=actor, targets=targets
            )
        except WorkflowError as exc:
            raise CommandError(str(exc)) from exc
        codes = targets or [c for c in languages.CODES if c != statement.source_language]
        self.stdout.write(
            f"{slug}: {len(created)} new language version(s) queued "
            f"({', '.join(v.language for v in created) or 'none new'})."
        )
        if wait:
            self._follow(statement, codes, timeout)

    def _follow(self, statement: Statement, codes: list[str], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last = ""
        while True:
            variants = list(statement.variants.filter(language__in=codes).order_by("language"))
            line = "  ".join(
                f"{v.language}: {v.get_state_display().lower()} "
                f"{v.segments_done}/{v.segments_total or '?'}"
                for v in variants
            )
            if line != last:
                self.stdout.write(line)
                last = line
            if all(v.state != State.PENDING for v in variants):
                for v in variants:
                    note = v.transitions.order_by("-pk").values_list("note", flat=True).first()
                    self.stdout.write(f"{v.language}: {note}")
                return
            if time.monotonic() > deadline:
                raise CommandError("Timed out; is the worker running? (`make run` starts one.)")
            time.sleep(0.5)
