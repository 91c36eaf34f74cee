"""Benchmark: indexed fuzzy memory lookups against scoring every unit with rapidfuzz.

    python -m bench.tm_lookup                 # 1,000,000 en→hi units (built once, then reused)
    python -m bench.tm_lookup --quick         # 20,000 units, 100 queries
    python -m bench.tm_lookup --units 50000   # any size

Builds a synthetic memory through translations.memory.add_many (Zipf-distributed vocabulary,
6–30 words a sentence, Hindi targets) in an SQLite file under var/bench/, reused while its
parameters match (var/bench/tm_lookup-<units>.built.json). Then times memory.lookup over
near-duplicates of stored sources (1–3 words changed) and novel sentences, with SQLite's
default page cache and the file in the OS page cache; times rapidfuzz.process.extract over
every source held in a list (the baseline); and measures recall: of the queries whose best
full-scan match reaches the threshold, the share for which the lookup finds one as good.
Results: a table on stdout and var/bench/tm_lookup.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import platform
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from . import BENCH_DIR, configure_django

NAME = "tm_lookup"
SEED = 20261122
# Bump when the generated data changes, so that stored benchmark databases are rebuilt.
GENERATOR_VERSION = 1
PAIR = ("en", "hi")
BUILD_CHUNK = 50_000
VOCABULARY = 50_000


def seeded(seed: int) -> random.Random:
    """The same synthetic data on every run (a seeded generator; nothing here is secret)."""
    return random.Random(seed)  # noqa: S311


@dataclass(frozen=True)
class Query:
    text: str
    kind: str  # "near" (a stored source with 1-3 words changed) or "novel"


class Generator:
    """Synthetic English sentences with Hindi "translations" from parallel vocabularies.

    Word ranks follow a Zipf–Mandelbrot law, the most frequent words being the shortest, as
    in real text; a rank's Hindi word stands for its English one, the order turned round.
    """

    ONSETS = [*"bcdfghjklmnprstvwyz", "ch", "sh", "th", "st", "pr", "tr", "br", "gr", "pl", "cl"]
    VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "ee", "io"]
    CODAS = ["", "", "", "n", "r", "s", "t", "l", "nd", "st", "ng", "m"]
    CONSONANTS = list("कखगघचछजझटठडढतथदधनपफबभमयरलवशसह")
    MATRAS = ["", "", "ा", "ि", "ी", "ु", "ू", "े", "ै", "ो", "ौ", "ं", "्र"]

    def __init__(self, seed: int) -> None:
        rng = seeded(seed)
        self.english = self._words(rng, self._english_word)
        self.hindi = self._words(rng, self._hindi_word)
        weights = (1 / (rank + 2.7) ** 1.07 for rank in range(VOCABULARY))
        self.cumulative = list(itertools.accumulate(weights))
        self.ranks = range(VOCABULARY)

    @staticmethod
    def _words(rng: random.Random, make) -> list[str]:
        words: set[str] = set()
        while len(words) < VOCABULARY:
            words.add(make(rng))
        return sorted(words, key=lambda word: (len(word), word))

    def _english_word(self, rng: random.Random) -> str:
        syllables = rng.choices([1, 2, 3, 4], [3, 5, 3, 1])[0]
        return "".join(
            rng.choice(self.ONSETS) + rng.choice(self.VOWELS) + rng.choice(self.CODAS)
            for _ in range(syllables)
        )

    def _hindi_word(self, rng: random.Random) -> str:
        syllables = rng.choices([1, 2, 3, 4], [3, 5, 3, 1])[0]
        return "".join(
            rng.choice(self.CONSONANTS) + rng.choice(self.MATRAS) for _ in range(syllables)
        )

    def ranks_for(self, rng: random.Random, count: int) -> list[int]:
        return rng.choices(self.ranks, cum_weights=self.cumulative, k=count)

    def pair(self, rng: random.Random) -> tuple[str, str]:
        ranks = self.ranks_for(rng, int(rng.triangular(6, 31, 12)))
        english = [self.english[rank] for rank in ranks]
        hindi = [self.hindi[rank] for rank in reversed(ranks)]
        if rng.random() < 0.15:
            number = f"{rng.randint(1, 9)},{rng.randint(0, 999):03d}"
            spot = rng.randrange(len(english))
            english.insert(spot, number)
            hindi.insert(len(hindi) - spot, number)
        if rng.random() < 0.3:
            english[rng.randrange(len(english))] += ","
        english[0] = english[0].capitalize()
        return " ".join(english) + ".", " ".join(hindi) + "।"

    def change_words(self, rng: random.Random, sentence: str) -> str:
        words = sentence.rstrip(".").split()
        for _ in range(rng.randint(1, 3)):
            what = rng.choice(["replace", "replace", "drop", "insert"])
            spot = rng.randrange(len(words))
            if what == "drop" and len(words) > 3:
                del words[spot]
            elif what == "insert":
                words.insert(spot, self.english[self.ranks_for(rng, 1)[0]])
            else:
                words[spot] = self.english[self.ranks_for(rng, 1)[0]]
        return " ".join(words) + "."


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.tm_lookup", description=__doc__)
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--baseline-queries",
        type=int,
        default=60,
        help="queries whose full scan is timed (recall uses a full scan of every query)",
    )
    parser.add_argument("--dir", type=Path, default=BENCH_DIR, help="databases and results")
    parser.add_argument("--quick", action="store_true", help="20,000 units, fewer queries")
    args = parser.parse_args(argv)
    if args.quick:
        args.units, args.queries, args.baseline_queries = 20_000, 100, 30
    if args.units < 100 or args.queries < 2:
        parser.error("--units must be at least 100 and --queries at least 2")
    return args


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    database = args.dir / f"{NAME}-{args.units}.sqlite3"
    marker = args.dir / f"{NAME}-{args.units}.built.json"
    configure_django(database)

    from django.conf import settings
    from django.core.management import call_command

    from translations.memory import index

    parameters = {
        "units": args.units,
        "seed": SEED,
        "generator": GENERATOR_VERSION,
        "index_format": index.FORMAT,
        "pair": list(PAIR),
    }
    built = json.loads(marker.read_text()) if marker.exists() else {}
    reused = database.exists() and built.get("parameters") == parameters
    if not reused:
        from django.db import connection

        connection.close()
        for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm"), marker):
            path.unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    generator = Generator(SEED)
    if not reused:
        built = {"parameters": parameters, **build(generator, args.units)}
        marker.write_text(json.dumps(built, indent=2))

    threshold = float(settings.ANUVAD_TM_FUZZY_THRESHOLD)
    queries = make_queries(generator, args.queries)
    # Lookups are timed as on a desk in use: the database file read once, so that the
    # operating system may cache it (the baseline has every source in memory), and other
    # queries of the same kind run first. Where the OS reclaims cached pages quickly, the
    # first pass still reads from disk; measure() also times a second pass.
    warm_up = make_queries(generator, min(args.queries, 100), seed=SEED + 3)
    read_into_page_cache(database)
    result = measure(queries, warm_up, threshold=threshold, baseline_queries=args.baseline_queries)
    report = {
        "benchmark": NAME,
        "database": "sqlite",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "units": args.units,
        "pair": "→".join(PAIR),
        "threshold": threshold,
        "build_seconds": built["build_seconds"],
        "build_units_per_second": round(args.units / built["build_seconds"]),
        "generate_seconds": built["generate_seconds"],
        "build_path": f"translations.memory.add_many, {BUILD_CHUNK:,} units a call",
        "database_megabytes": round(database.stat().st_size / 2**20),
        "reused_database": reused,
        **result,
    }
    (args.dir / f"{NAME}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print_table(report)
    return 0


def read_into_page_cache(path: Path) -> None:
    with path.open("rb") as handle:
        while handle.read(16 * 2**20):
            pass


def build(generator: Generator, units: int) -> dict:
    """Fill the memory through add_many, in transactions of BUILD_CHUNK units."""
    from django.db import connection

    from translations import memory

    rng = seeded(SEED + 1)
    # A bigger page cache while building only: the postings index is far larger than
    # SQLite's default 2 MB, and each transaction rewrites pages all over it. Lookups are
    # timed with the default cache (see measure()).
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size = -1048576")
    generated = added = 0
    generate_seconds = build_seconds = 0.0
    while generated < units:
        count = min(BUILD_CHUNK, units - generated)
        start = time.perf_counter()
        chunk = []
        for _ in range(count):
            source, target = generator.pair(rng)
            chunk.append(
                {
                    "source_language": PAIR[0],
                    "target_language": PAIR[1],
                    "source_text": source,
                    "target_text": target,
                }
            )
        generate_seconds += time.perf_counter() - start
        start = time.perf_counter()
        added += memory.add_many(chunk, origin="bench")
        build_seconds += time.perf_counter() - start
        generated += count
        print(f"  built {generated:,}/{units:,} ({build_seconds:.0f} s)", end="\r", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("PRAGMA cache_size = -2000")
        cursor.execute("PRAGMA shrink_memory")
    print()
    return {
        "units_added": added,
        "build_seconds": round(build_seconds, 1),
        "generate_seconds": round(generate_seconds, 1),
        "build_path": "translations.memory.add_many",
    }


def make_queries(generator: Generator, count: int, *, seed: int = SEED + 2) -> list[Query]:
    from translations.models import MemoryUnit

    rng = seeded(seed)
    bounds = MemoryUnit.objects.values_list("id", flat=True).order_by("id")
    first, last = bounds.first(), bounds.last()
    queries = []
    for position in range(count):
        if position % 2 == 0:
            source = None
            while source is None:
                unit_id = rng.randint(first, last)
                source = (
                    MemoryUnit.objects.filter(pk=unit_id)
                    .values_list("source_text", flat=True)
                    .first()
                )
            queries.append(Query(generator.change_words(rng, source), "near"))
        else:
            queries.append(Query(generator.pair(rng)[0], "novel"))
    return queries


_SOURCES: list[str] = []


def _full_scan_best(text: str) -> float:
    from rapidfuzz import fuzz, process

    from translations.normalise import fuzzy_form

    best = process.extractOne(fuzzy_form(text), _SOURCES, scorer=fuzz.ratio)
    return best[1] if best else 0.0


def measure(
    queries: list[Query], warm_up: list[Query], *, threshold: float, baseline_queries: int
) -> dict:
    from rapidfuzz import fuzz, process

    from translations import memory
    from translations.models import MemoryUnit
    from translations.normalise import fuzzy_form

    def lookup(text: str):
        return memory.lookup(text, source_language=PAIR[0], target_language=PAIR[1])

    for query in warm_up:
        lookup(query.text)
    ours, found = [], []
    for query in queries:
        start = time.perf_counter()
        matches = lookup(query.text)
        ours.append((time.perf_counter() - start) * 1000)
        found.append(matches[0].score if matches else 0.0)
    # The same queries again: their pages are now cached, as a busy desk's would be.
    again = []
    for query in queries:
        start = time.perf_counter()
        lookup(query.text)
        again.append((time.perf_counter() - start) * 1000)

    start = time.perf_counter()
    _SOURCES[:] = [
        fuzzy_form(text)
        for text in MemoryUnit.objects.filter(
            source_language=PAIR[0], target_language=PAIR[1]
        ).values_list("source_text", flat=True)
    ]
    load_seconds = time.perf_counter() - start

    timed = queries[: max(1, min(baseline_queries, len(queries)))]
    baseline, best = [], []
    for query in timed:
        start = time.perf_counter()
        form = fuzzy_form(query.text)
        matches = process.extract(
            form, _SOURCES, scorer=fuzz.ratio, score_cutoff=threshold, limit=3
        )
        baseline.append((time.perf_counter() - start) * 1000)
        best.append(matches[0][1] if matches else 0.0)
    rest = [query.text for query in queries[len(timed) :]]
    if rest:
        with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
            best += pool.map(_full_scan_best, rest, chunksize=4)

    relevant = [i for i, score in enumerate(best) if score >= threshold]
    hits = [i for i in relevant if found[i] >= best[i] - 1e-6]
    by_kind = {}
    for kind in ("near", "novel"):
        mine = [i for i, query in enumerate(queries) if query.kind == kind]
        kind_relevant = [i for i in relevant if queries[i].kind == kind]
        by_kind[kind] = {
            "queries": len(mine),
            "lookup_p50_ms": round(percentile([ours[i] for i in mine], 0.5), 2),
            "with_match_at_threshold": len(kind_relevant),
            "recall": round(sum(i in hits for i in kind_relevant) / len(kind_relevant), 3)
            if kind_relevant
            else None,
        }
    ours_timed = ours[: len(timed)]
    return {
        "queries": len(queries),
        "lookup_ms": {
            "p50": round(percentile(ours, 0.5), 2),
            "p95": round(percentile(ours, 0.95), 2),
            "max": round(max(ours), 2),
            "mean": round(statistics.fmean(ours), 2),
        },
        "lookup_repeated_ms": {
            "p50": round(percentile(again, 0.5), 2),
            "p95": round(percentile(again, 0.95), 2),
        },
        "baseline_queries": len(timed),
        "baseline_ms": {
            "p50": round(percentile(baseline, 0.5), 1),
            "p95": round(percentile(baseline, 0.95), 1),
            "max": round(max(baseline), 1),
        },
        "baseline_load_seconds": round(load_seconds, 1),
        "speedup": {
            "p50": round(percentile(baseline, 0.5) / percentile(ours_timed, 0.5), 1),
            "p95": round(percentile(baseline, 0.95) / percentile(ours_timed, 0.95), 1),
        },
        "recall": round(len(hits) / len(relevant), 3) if relevant else None,
        "queries_with_match_at_threshold": len(relevant),
        "queries_found": len(hits),
        "by_kind": by_kind,
    }


def print_table(report: dict) -> None:
    lookup, baseline = report["lookup_ms"], report["baseline_ms"]
    recall = report["recall"]
    rows = [
        ("units", f"{report['units']:,} ({report['pair']}, SQLite)"),
        (
            "build (add_many)",
            f"{report['build_seconds']:,.1f} s, {report['build_units_per_second']:,} units/s"
            + (" (database reused)" if report["reused_database"] else ""),
        ),
        ("database size", f"{report['database_megabytes']:,} MB"),
        (
            "queries",
            f"{report['queries']} ({report['by_kind']['near']['queries']} near-duplicates, "
            f"{report['by_kind']['novel']['queries']} novel), threshold {report['threshold']:g}",
        ),
        (
            "indexed lookup",
            f"p50 {lookup['p50']} ms, p95 {lookup['p95']} ms, max {lookup['max']} ms",
        ),
        (
            "the same queries again",
            f"p50 {report['lookup_repeated_ms']['p50']} ms, "
            f"p95 {report['lookup_repeated_ms']['p95']} ms (their pages cached)",
        ),
        (
            f"full scan ({report['baseline_queries']} queries)",
            f"p50 {baseline['p50']} ms, p95 {baseline['p95']} ms",
        ),
        (
            "speed-up (full scan / indexed)",
            f"p50 {report['speedup']['p50']}×, p95 {report['speedup']['p95']}×",
        ),
        (
            "recall vs full scan",
            f"{recall} ({report['queries_found']} of {report['queries_with_match_at_threshold']}"
            " queries with a match at the threshold)"
            if recall is not None
            else "n/a (no query has a match at the threshold)",
        ),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"Translation memory lookup ({sys.executable.rsplit('/', 1)[-1]}, {os.cpu_count()} CPUs)")
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
