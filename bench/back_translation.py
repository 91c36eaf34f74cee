"""Benchmark: what a reviewer waits for when reading a version back.

    python -m bench.back_translation            # 30 sentences, 200 ms per provider request
    python -m bench.back_translation --quick    # the same with 50 ms, for a smoke run

A 30-sentence English statement pre-translated into Urdu by the local test double of the
providers (tests/support/mt_double.py), which answers every request after a fixed latency;
then the Urdu version is read back, as the review page's back-translate action does:

- into English (the source language: one pass) and into Hindi through the double (a pass
  into Hindi and one into English for the comparison): requests sent, and the wall time as
  a multiple of the provider latency (1.0 per request means nothing else costs anything);
- the same again at once: answers come from the cache, no request, and the time it takes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from . import BENCH_DIR, configure_django, measure_and_save
from .pipeline import statement_body

NAME = "back_translation"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=30)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per request")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.latency, args.rounds = 0.05, 1

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="back-translation-", dir=BENCH_DIR))
    from tests.support.mt_double import MTDoubleServer

    double = MTDoubleServer().start()
    os.environ.update(
        ANUVAD_VAR_DIR=str(work),
        ANUVAD_MT_GOOGLE_URL=double.url("google"),
        ANUVAD_MT_MYMEMORY_URL=double.url("mymemory"),
        # Urdu → Hindi through the double too, not a local Apertium.
        ANUVAD_MT_CHAINS="ur>hi=google,mymemory",
        ANUVAD_DEMO="0",
        CELERY_TASK_ALWAYS_EAGER="1",  # pre-translation in this process: no worker needed
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    configure_django(work / "back_translation.sqlite3")
    return measure_and_save(NAME, work, lambda: _measure(args, double), _report, servers=[double])


def _measure(args, double) -> dict:
    from django.core.cache import cache

    from tests.factories import make_statement, make_user
    from workflow import back_translation, services

    author = make_user("bench-author", roles=["author"], languages=["en"])
    reviewer = make_user("bench-reviewer", roles=["reviewer"], languages=["en", "hi", "ur"])
    statement = make_statement(author, body=statement_body(args.sentences), summary="")
    services.statement_submit_for_translation(statement=statement, actor=author, targets=["ur"])
    urdu = statement.variants.get(language="ur")
    sentences = urdu.segments.exclude(target="").count()
    double.set_latency(args.latency)

    def read(language: str) -> tuple[float, int]:
        before = len(double.requests)
        start = time.perf_counter()
        result = back_translation.back_translate(variant=urdu, actor=reviewer, language=language)
        seconds = time.perf_counter() - start
        if result.failures or result.translated != sentences:
            raise RuntimeError(f"the back-translation failed: {result.failures}")
        return seconds, len(double.requests) - before

    figures = {}
    for language in ("en", "hi"):
        cold, warm, requests = [], [], []
        for _ in range(args.rounds):
            cache.clear()
            seconds, sent = read(language)
            cold.append(seconds)
            requests.append(sent)
            seconds, sent = read(language)
            warm.append(seconds)
            if sent:
                raise RuntimeError("a second look asked the engines again")
        figures[language] = {
            "requests": max(requests),
            "cold_seconds": round(statistics.median(cold), 3),
            "cold_per_request_latency": round(
                statistics.median(cold) / (max(requests) * args.latency), 2
            ),
            "cached_seconds": round(statistics.median(warm), 4),
        }
    return {
        "sentences": sentences,
        "latency_ms": args.latency * 1000,
        "rounds": args.rounds,
        "into": figures,
    }


def _report(r: dict) -> None:
    print(f"Urdu version of {r['sentences']} sentences; provider latency {r['latency_ms']:.0f} ms;"
          f" medians of {r['rounds']} rounds")  # fmt: skip
    for language, f in r["into"].items():
        print(f"  into {language}: {f['requests']} request(s), {f['cold_seconds']:.3f} s"
              f" ({f['cold_per_request_latency']:.2f} × latency per request);"
              f" again from the cache: {f['cached_seconds'] * 1000:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
