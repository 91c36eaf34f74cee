"""``manage.py mt_status``: each language pair's engine chain, configured and reachable;
engines named in no chain; with ``--usage``, what each engine was sent month by month."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from translations import languages
from translations.engines import breaker, registry
from translations.engines.base import Engine, seconds, timeout_setting


class Command(BaseCommand):
    help = (
        "For each language pair, the machine-translation engines tried in order, whether each"
        " is configured and whether it answers now. A report: it always exits 0."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--pair",
            action="append",
            metavar="SRC>TGT",
            help="only this pair, e.g. en>hi (may be repeated; default: every pair)",
        )
        parser.add_argument(
            "--no-network",
            action="store_true",
            help="configuration only: send no request to any engine",
        )
        parser.add_argument(
            "--usage",
            action="store_true",
            help="also each engine's requests, characters, cache hits and cost per month",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            pairs = [registry.parse_pair(p) for p in options["pair"] or []] or registry.pairs()
        except ValueError as exc:
            raise CommandError(f"--pair: {exc}") from None
        try:
            chains = {pair: registry.chain_names(*pair) for pair in pairs}
            engines = {name: registry.engine(name) for names in chains.values() for name in names}
            # Engines of no chain shown (a new one, like openai, before it is put in one).
            unchained = {
                name: registry.engine(name)
                for name in registry.engine_settings()
                if name not in engines and not options["pair"]
            }
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None

        connect, read = timeout_setting()
        self.stdout.write(
            f"Machine translation (timeouts: connect {seconds(connect)} s, read {seconds(read)} s)"
        )
        reachability = {} if options["no_network"] else self._probe({**engines, **unchained})
        for (source, target), names in chains.items():
            title = f"{languages.get(source).name} → {languages.get(target).name}"
            self.stdout.write("")
            self.stdout.write(
                self.style.MIGRATE_HEADING(f"{source}>{target}  {title}")
                + f"  chain: {', '.join(names) or '(none)'}"
            )
            usable = 0
            for name in names:
                line, ok = self._engine_line(engines[name], source, target, reachability)
                usable += ok
                self.stdout.write(f"  {name:<16}{line}")
            if not usable:
                self.stdout.write(
                    self.style.WARNING(
                        "  no usable engine: this pair goes to translators without machine output"
                    )
                )
        if unchained:
            self.stdout.write("")
            self.stdout.write(self.style.MIGRATE_HEADING("In no chain (ANUVAD_MT_CHAINS)"))
            for name, engine in unchained.items():
                line = self._unchained_line(engine, reachability)
                self.stdout.write(f"  {name:<16}{line}")
        self._cool_offs(engines)

        if options["usage"]:
            self._usage()

    def _cool_offs(self, engines: dict[str, Engine]) -> None:
        """Engines every worker skips now (the breaker), and until when."""
        openings = [o for o in (breaker.state(name) for name in engines) if o is not None]
        if not openings:
            return
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Skipped by every worker (cool-off)"))
        for opening in openings:
            left = opening.wait()
            when = f"for {left:.0f} s more" if left else "one request may probe it now"
            self.stdout.write(f"  {opening.engine:<16}{when}: {opening.reason}")

    def _unchained_line(
        self, engine: Engine, reachability: dict[str, tuple[bool, str, float]]
    ) -> str:
        configured, reason = engine.configured()
        if not configured:
            return self.style.ERROR(f"not configured: {reason}")
        if engine.name not in reachability:
            return self.style.SUCCESS("configured") + " (reachability not checked)"
        ok, reason, ms = reachability[engine.name]
        if ok:
            return self.style.SUCCESS(f"configured, reachable ({reason}, {ms:.0f} ms)")
        return self.style.ERROR(f"configured, NOT reachable after {ms:.0f} ms: {reason}")

    def _usage(self) -> None:
        from translations import engine_usage

        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Usage (requests sent; cache hits were not)"))
        rows = engine_usage.months(count=12)
        if not rows:
            self.stdout.write("  no engine has been asked anything yet")
            return
        self.stdout.write(
            f"  {'month':<9}{'engine':<16}{'requests':>10}{'characters':>14}{'cached':>9}"
            f"{'cost':>12}{'budget':>12}"
        )
        for row in rows:
            cost = "-" if row.cost is None else f"{row.cost:.2f}"
            budget = "-" if row.budget is None else f"{row.budget:.2f}"
            line = (
                f"  {row.month:%Y-%m}  {row.engine:<16}{row.requests:>10,}{row.characters:>14,}"
                f"{row.cache_hits:>9,}{cost:>12}{budget:>12}"
            )
            if row.over_budget and row.month == engine_usage.this_month():
                line = self.style.WARNING(line + "  budget spent: skipped")
            self.stdout.write(line)
        self.stdout.write(f"  cost and budget in {rows[0].currency}")

    def _probe(self, engines: dict[str, Engine]) -> dict[str, tuple[bool, str, float]]:
        """check_reachable() of every configured engine, all at once (each may wait)."""
        wanted = [e for e in engines.values() if e.configured()[0]]

        def probe(engine: Engine) -> tuple[bool, str, float]:
            started = time.monotonic()
            ok, reason = engine.check_reachable()
            return ok, reason, (time.monotonic() - started) * 1000

        if not wanted:
            return {}
        with ThreadPoolExecutor(max_workers=len(wanted)) as pool:
            results = pool.map(probe, wanted)
            return {engine.name: result for engine, result in zip(wanted, results, strict=True)}

    def _engine_line(
        self,
        engine: Engine,
        source: str,
        target: str,
        reachability: dict[str, tuple[bool, str, float]],
    ) -> tuple[str, bool]:
        """The report line for one engine of a chain, and whether the chain can use it."""
        configured, reason = engine.configured()
        if not configured:
            return self.style.ERROR(f"not configured: {reason}"), False
        if not engine.supports(source, target):
            return self.style.WARNING(
                f"configured, but does not translate {source}>{target}"
            ), False
        if engine.name not in reachability:
            return self.style.SUCCESS("configured") + " (reachability not checked)", True
        ok, reason, ms = reachability[engine.name]
        if ok:
            return self.style.SUCCESS(f"configured, reachable ({reason}, {ms:.0f} ms)"), True
        return self.style.ERROR(f"configured, NOT reachable after {ms:.0f} ms: {reason}"), True
