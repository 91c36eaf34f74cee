"""Benchmark: pre-translating one statement into three languages with a real worker.

    python -m bench.pipeline            # 30 sentences, 200 ms per provider request
    python -m bench.pipeline --quick    # the same with 50 ms, for a smoke run

Everything runs on this machine: an embedded Redis server, a Celery worker (4 processes)
and the local test double of the providers (tests/support/mt_double.py) answering every
request after a fixed latency. Measured:

- each language alone: submit a 30-sentence statement for one language and time it to
  ready; the slowest of the three is the baseline;
- all three together: the wall time to all-ready, as a ratio to that baseline (1.0 means
  the languages ran fully in parallel);
- requests per language, against ceil(characters / provider limit) and against
  deep-translator's own ``translate_batch``, which sends one request per sentence.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from . import BENCH_DIR, configure_django, throwaway_postgres

NAME = "pipeline"
LANGUAGES = ("hi", "bn", "ur")
SENTENCES = [
    "Floods have displaced {n},000 people across {n} blocks of North Bihar this week.",
    "Relief camps in Darbhanga report shortages of drinking water and dry rations.",
    "The embankment at Kusheshwar Asthan broke on Monday night after heavy rain.",
    "We demand that the state government open community kitchens in every panchayat.",
    "Boats must reach the villages that have been cut off for {n} days.",
]


def statement_body(sentences: int) -> str:
    lines = [SENTENCES[i % len(SENTENCES)].format(n=i + 1) for i in range(sentences)]
    paragraphs = [" ".join(lines[i : i + 5]) for i in range(0, sentences, 5)]
    return "\n\n".join(paragraphs)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=30)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per request")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--postgres", action="store_true", help="a throwaway PostgreSQL cluster, not SQLite"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.latency, args.rounds = 0.05, 1

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="pipeline-", dir=BENCH_DIR))
    from tests.support.mt_double import MTDoubleServer
    from tests.support.processes import free_port

    double = MTDoubleServer().start()
    double.set_latency(args.latency)
    redis_port = free_port()
    os.environ.update(
        ANUVAD_VAR_DIR=str(work),
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        ANUVAD_MT_GOOGLE_URL=double.url("google"),
        ANUVAD_MT_MYMEMORY_URL=double.url("mymemory"),
        ANUVAD_DEMO="0",
    )
    cluster = throwaway_postgres() if args.postgres else None
    configure_django(work / "pipeline.sqlite3", url=cluster.url if cluster else None)

    from django.core.management import call_command

    from tests.support.celery_worker import WorkerProcess
    from tests.support.redis import RedisServer

    call_command("migrate", verbosity=0)
    redis = RedisServer(redis_port).start()
    worker = WorkerProcess(concurrency=4, env={"DATABASE_URL": os.environ["DATABASE_URL"]})
    worker.start()
    try:
        result = _measure(args, double)
    finally:
        worker.stop()
        redis.stop()
        double.stop()
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    result["database"] = "postgresql" if cluster else "sqlite"
    _report(result)
    (BENCH_DIR / f"{NAME}.json").write_text(json.dumps(result, indent=2))
    return result


def _measure(args, double) -> dict:
    from deep_translator import GoogleTranslator

    from tests.factories import make_statement, make_user
    from translations import segmentation
    from translations.engines import registry
    from workflow import services
    from workflow.models import Variant

    author = make_user("bench-author", roles=["author"], languages=["en"])
    body = statement_body(args.sentences)

    def run(targets: tuple[str, ...], slug: str) -> float:
        statement = make_statement(author, body=body, summary="", slug=slug)
        start = time.perf_counter()
        services.statement_submit_for_translation(
            statement=statement, actor=author, targets=list(targets)
        )
        pending = Variant.objects.filter(statement=statement, state="pending")
        while pending.exists():
            if time.perf_counter() - start > 300:
                raise RuntimeError("pre-translation did not finish within 300 s")
            time.sleep(0.01)
        return time.perf_counter() - start

    run(("hi",), "warm-up")  # the worker's first task imports and connects
    # A 2-core machine is noisy: every figure is the median of several rounds.
    alone: dict[str, list[float]] = {code: [] for code in LANGUAGES}
    together: list[float] = []
    requests: dict[str, list[int]] = {code: [] for code in LANGUAGES}
    for n in range(args.rounds):
        for code in LANGUAGES:
            alone[code].append(run((code,), f"alone-{code}-{n}"))
        before = {code: double.count(target=code) for code in LANGUAGES}
        together.append(run(LANGUAGES, f"together-{n}"))
        for code in LANGUAGES:
            requests[code].append(double.count(target=code) - before[code])
    slowest = [max(alone[c][n] for c in LANGUAGES) for n in range(args.rounds)]
    ratios = [t / s for t, s in zip(together, slowest, strict=True)]

    sentences = [p.text for p in segmentation.split(body, language="en")]
    title = "Statement on unpaid wages"
    texts = list(dict.fromkeys([title, *sentences]))
    google = registry.engine("google")
    characters = sum(len(t) for t in texts) + len(google.separator) * (len(texts) - 1)
    expected = math.ceil(characters / google.char_limit)

    double.reset()
    double.set_latency(args.latency)
    translator = GoogleTranslator(source="en", target="hi")
    translator._base_url = double.url("google")
    start = time.perf_counter()
    translator.translate_batch([title, *sentences])
    batch_seconds = time.perf_counter() - start
    return {
        "sentences": len(sentences),
        "latency_ms": args.latency * 1000,
        "rounds": args.rounds,
        "alone_seconds": {k: round(statistics.median(v), 3) for k, v in alone.items()},
        "together_seconds": round(statistics.median(together), 3),
        "parallel_ratio": round(statistics.median(ratios), 3),
        "parallel_ratio_worst": round(max(ratios), 3),
        "requests_per_language": {k: max(v) for k, v in requests.items()},
        "characters": characters,
        "provider_limit": google.char_limit,
        "expected_requests": expected,
        "deep_translator_batch_requests": double.count(target="hi"),
        "deep_translator_batch_seconds": round(batch_seconds, 3),
    }


def _report(r: dict) -> None:
    print(f"Database: {r['database']}")
    print(f"Statement: {r['sentences']} sentences, {r['characters']} characters; "
          f"provider latency {r['latency_ms']:.0f} ms")  # fmt: skip
    for code, seconds in r["alone_seconds"].items():
        print(f"  {code} alone            {seconds:7.3f} s (median)")
    print(f"  hi+bn+ur together   {r['together_seconds']:7.3f} s (median)")
    print(f"  ratio together / slowest alone: {r['parallel_ratio']:.2f} median of {r['rounds']}, "
          f"worst {r['parallel_ratio_worst']:.2f}  (goal ≤ 1.3)")  # fmt: skip
    expected = f"ceil({r['characters']} / {r['provider_limit']}) = {r['expected_requests']}"
    print(f"  requests per language: {r['requests_per_language']}  ({expected})")
    print(f"  deep-translator translate_batch: {r['deep_translator_batch_requests']} requests, "
          f"{r['deep_translator_batch_seconds']:.3f} s for one language")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
