"""Benchmark: the ``openai`` engine in pre-translation, against the local LLM test double.

    python -m bench.llm             # 30 sentences, 200 ms per model request, 5 rounds
    python -m bench.llm --quick     # 1 round, for a smoke run

Everything runs in this process on this machine: SQLite, eager Celery (so the languages
of one statement are pre-translated one after another, as one worker process would), and
the LLM test double (tests/support/llm_double.py) as the only engine. Measured:

- requests per language for a 30-sentence statement (title, summary and body are all
  sentences to translate), against ceil(sentences / ANUVAD_MT_OPENAI_BATCH_SIZE);
- the cache hit rate when the same statement is submitted again, and when it comes back
  with three sentences changed (hits / sentences looked up, from the usage counts);
- the time the double's latency adds end to end (submit to ready), for one language and
  for three, as the median difference between rounds with and without the latency, each
  with new text so that nothing comes from the cache.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from . import BENCH_DIR, configure_django, measure_and_save

NAME = "llm"
LANGUAGES = ("hi", "bn", "ur")
# Every sentence carries a number, so the 30 of a statement are 30 different sentences.
SENTENCES = [
    "Floods have displaced {n},000 people across North Bihar this week.",
    "Relief camps in Darbhanga report shortages of water for {n} families.",
    "The embankment at Kusheshwar Asthan broke in {n} places after heavy rain.",
    "We demand community kitchens in all {n} panchayats of the district.",
    "Boats must reach the villages that have been cut off for {n} hours.",
]


def sentences(count: int, tag: int) -> list[str]:
    """``count`` sentences, made different from every other round's by ``tag``."""
    return [SENTENCES[i % len(SENTENCES)].format(n=tag * 1000 + i + 1) for i in range(count)]


def body_of(lines: list[str]) -> str:
    return "\n\n".join(" ".join(lines[i : i + 5]) for i in range(0, len(lines), 5))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=30)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per request")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds = 1

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="llm-", dir=BENCH_DIR))
    from tests.support.llm_double import LLMDoubleServer

    double = LLMDoubleServer().start()
    os.environ.update(
        ANUVAD_VAR_DIR=str(work),
        ANUVAD_DEMO="0",
        CELERY_TASK_ALWAYS_EAGER="1",
        ANUVAD_MT_OPENAI_URL=double.base_url,
        ANUVAD_MT_OPENAI_MODEL=double.model,
        ANUVAD_MT_CHAINS=";".join(f"en>{code}=openai" for code in LANGUAGES),
    )
    configure_django(work / "llm.sqlite3")
    import logging

    logging.getLogger("celery").setLevel(logging.WARNING)  # a line per eager task otherwise
    return measure_and_save(NAME, work, lambda: _measure(args, double), _report, servers=[double])


def _measure(args, double) -> dict:
    from django.conf import settings
    from django.db import transaction

    from tests.factories import make_statement, make_user
    from translations import engine_usage
    from workflow import services
    from workflow.models import Segment, Variant

    author = make_user("bench-author", roles=["author"], languages=["en"])
    title = "Statement on the floods in North Bihar"
    summary = "Relief has not reached most villages."
    tags = iter(range(1, 10_000))

    def submit(lines: list[str], targets: tuple[str, ...]) -> tuple[float, list[Variant]]:
        statement = make_statement(author, title=title, summary=summary, body=body_of(lines))
        start = time.perf_counter()
        with transaction.atomic():  # the tasks run when it commits, as after a web request
            services.statement_submit_for_translation(
                statement=statement, actor=author, targets=list(targets)
            )
        seconds = time.perf_counter() - start
        variants = list(Variant.objects.filter(statement=statement, language__in=targets))
        assert all(v.state == "ready" for v in variants), [v.state for v in variants]
        return seconds, variants

    def usage() -> tuple[int, int]:
        (row,) = engine_usage.months(count=1, engine="openai")
        return row.requests, row.cache_hits

    submit(sentences(args.sentences, next(tags)), ("hi",))  # warm-up: imports, first queries

    # Requests per language, fresh text.
    double.reset()
    lines = sentences(args.sentences, next(tags))
    _seconds, variants = submit(lines, LANGUAGES)
    per_language = {
        code: sum(1 for c in double.completions if f"into {name} (" in c.system)
        for code, name in (("hi", "Hindi"), ("bn", "Bengali"), ("ur", "Urdu"))
    }
    segments = Segment.objects.filter(variant=variants[0]).count()
    batch = settings.ANUVAD_MT_ENGINES["openai"]["batch_size"]

    # Cache: the same statement again, then with three sentences changed. The hit rate is
    # hits / (hits + sentences sent to the engine).
    def resubmit(body_lines: list[str]) -> tuple[float, int]:
        double.reset()
        hits_before = usage()[1]
        submit(body_lines, LANGUAGES)
        hits = usage()[1] - hits_before
        sent = sum(len(c.segments) for c in double.completions)
        return hits / (hits + sent), len(double.completions)

    same, sent_again = resubmit(lines)
    changed = [line.replace(".", ", officials said.") if i in (3, 14, 27) else line
               for i, line in enumerate(lines)]  # fmt: skip
    revised_rate, revised_requests = resubmit(changed)

    # Latency added end to end: rounds with and without it, new text each time.
    timings: dict[str, dict[float, list[float]]] = {"one": {}, "three": {}}
    for _ in range(args.rounds):
        for latency in (0.0, args.latency):
            double.set_latency(latency)
            one, _ = submit(sentences(args.sentences, next(tags)), ("hi",))
            three, _ = submit(sentences(args.sentences, next(tags)), LANGUAGES)
            timings["one"].setdefault(latency, []).append(one)
            timings["three"].setdefault(latency, []).append(three)
    double.set_latency(0.0)

    def added(kind: str) -> float:
        with_latency = timings[kind][args.latency]
        without = timings[kind][0.0]
        return statistics.median(w - o for w, o in zip(with_latency, without, strict=True))

    return {
        "sentences": args.sentences,
        "segments_per_language": segments,
        "batch_size": batch,
        "requests_per_language": per_language,
        "expected_requests": math.ceil(segments / batch),
        "resubmit_hit_rate": round(same, 3),
        "resubmit_requests": sent_again,
        "revised_hit_rate": round(revised_rate, 3),
        "revised_requests": revised_requests,
        "latency_ms": args.latency * 1000,
        "rounds": args.rounds,
        "one_language_seconds": {
            "without": round(statistics.median(timings["one"][0.0]), 3),
            "with": round(statistics.median(timings["one"][args.latency]), 3),
        },
        "added_one_language_seconds": round(added("one"), 3),
        # What the requests alone must add: each language's batches go one after another.
        "floor_one_language_seconds": round(per_language["hi"] * args.latency, 3),
        "three_languages_seconds": {
            "without": round(statistics.median(timings["three"][0.0]), 3),
            "with": round(statistics.median(timings["three"][args.latency]), 3),
        },
        "added_three_languages_seconds": round(added("three"), 3),
    }


def _report(r: dict) -> None:
    print(f"Statement: {r['sentences']} body sentences, {r['segments_per_language']} sentences"
          f" to translate per language; batch size {r['batch_size']}")  # fmt: skip
    expected = f"ceil({r['segments_per_language']} / {r['batch_size']}) = {r['expected_requests']}"
    print(f"  requests per language: {r['requests_per_language']}  ({expected})")
    print(f"  re-submitted unchanged: cache hit rate {r['resubmit_hit_rate']:.0%},"
          f" {r['resubmit_requests']} requests")  # fmt: skip
    print(f"  re-submitted with 3 sentences changed: hit rate {r['revised_hit_rate']:.1%},"
          f" {r['revised_requests']} requests for three languages")  # fmt: skip
    one, three = r["one_language_seconds"], r["three_languages_seconds"]
    print(f"  latency {r['latency_ms']:.0f} ms a request, median of {r['rounds']} rounds:")
    print(f"    one language:    {one['without']:.3f} s → {one['with']:.3f} s,"
          f" adds {r['added_one_language_seconds']:.3f} s"
          f" ({r['floor_one_language_seconds']:.1f} s of requests in turn)")  # fmt: skip
    print(f"    three languages: {three['without']:.3f} s → {three['with']:.3f} s,"
          f" adds {r['added_three_languages_seconds']:.3f} s (in turn, eager)")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
