"""Benchmark: bringing a translation up to a revised source against translating it anew.

    python -m bench.revision            # 200 sentences, 200 ms per provider request, 5 rounds
    python -m bench.revision --quick    # 60 sentences, 50 ms, 1 round, for a smoke run

Everything runs in this process on this machine: an SQLite file, tasks run eagerly (no
worker: this measures the work, not the queue), and the local test double of the providers
(tests/support/mt_double.py) answering every request after a fixed latency. Per round:

- baseline: submit an English statement for Hindi and time it until the Hindi version is
  pre-translated (segmentation, memory, every engine request, the write);
- revision: the Hindi is translated by a person, approved and published; the author changes
  one sentence; publishing that revision is timed until the Hindi version is back with its
  translator (outdated, one engine request, the rebase of every sentence, the hand-back).

The figure is the ratio revision / baseline (median of the rounds), with the requests and
characters each sent to the provider.

Results: a short report on stdout and var/bench/revision.json.
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

NAME = "revision"
SENTENCE = "Workers at site {n} of district {d} have not been paid since the monsoon began."
CHANGED = "The labour department of district {d} has promised an inquiry within a week."
DISTRICTS = ("Darbhanga", "Madhubani", "Sitamarhi", "Supaul", "Saharsa", "Purnia", "Araria")


def statement_body(sentences: int, district: str) -> str:
    """A body no earlier round has put into the memory: each round names its district."""
    lines = [SENTENCE.format(n=i + 1, d=district) for i in range(sentences)]
    return "\n\n".join(" ".join(lines[i : i + 5]) for i in range(0, sentences, 5))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per request")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.sentences, args.latency, args.rounds = 60, 0.05, 1

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="revision-", dir=BENCH_DIR))
    from tests.support.mt_double import MTDoubleServer

    double = MTDoubleServer().start()
    double.set_latency(args.latency)
    os.environ.update(
        ANUVAD_VAR_DIR=str(work),
        ANUVAD_MT_GOOGLE_URL=double.url("google"),
        ANUVAD_MT_MYMEMORY_URL=double.url("mymemory"),
        CELERY_TASK_ALWAYS_EAGER="1",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ANUVAD_DEMO="0",
    )
    configure_django(work / "revision.sqlite3")
    return measure_and_save(NAME, work, lambda: _measure(args, double), _report, servers=[double])


def _measure(args, double) -> dict:
    from tests.factories import make_user
    from translations.memory import index
    from translations.models import MemoryUnit
    from workflow import services
    from workflow.choices import State
    from workflow.models import Segment

    people = {
        "author": make_user("bench-author", roles=["author"], languages=["en"]),
        "reviewer": make_user("bench-reviewer", roles=["reviewer"], languages=["en", "hi"]),
        "editor": make_user("bench-editor", roles=["editor"], languages=["en", "hi"]),
        "translator": make_user("bench-translator", roles=["translator"], languages=["hi"]),
    }
    full, revision, requests, characters = [], [], {"full": [], "revision": []}, {}

    for n in range(args.rounds + 1):  # the first round warms up and is not counted
        district = f"{DISTRICTS[n % len(DISTRICTS)]} {n}"
        body = statement_body(args.sentences, district)
        middle = SENTENCE.format(n=args.sentences // 2, d=district)
        revised = body.replace(middle, CHANGED.format(d=district))
        statement = services.statement_create(
            author=people["author"], source_language="en", title=f"Wages {n}", body=body
        )
        # Translating anew means no memory: what earlier rounds approved is forgotten.
        MemoryUnit.objects.all().delete()
        index.rebuild()
        double.reset()
        double.set_latency(args.latency)
        start = time.perf_counter()
        services.statement_submit_for_translation(
            statement=statement, actor=people["author"], targets=["hi"]
        )
        full_seconds = time.perf_counter() - start
        full_requests = list(double.requests)
        hindi = statement.variants.get(language="hi")
        assert hindi.state == State.READY, hindi.state
        _translate_and_publish(statement, hindi, people, services, Segment)

        services.statement_revise(statement=statement, actor=people["author"])
        source = services.source_variant(statement)
        services.variant_save_text(
            variant=source, actor=people["author"], expected_version=source.version, body=revised
        )
        services.statement_submit_for_translation(statement=statement, actor=people["author"])
        source = services.variant_approve(variant=source, actor=people["reviewer"])
        double.reset()
        double.set_latency(args.latency)
        start = time.perf_counter()
        services.variant_publish(variant_id=source.pk, actor=people["editor"])
        revision_seconds = time.perf_counter() - start
        hindi.refresh_from_db()
        assert hindi.state == State.IN_TRANSLATION, hindi.state
        kept = hindi.segments.filter(origin=Segment.Origin.HUMAN).count()
        assert kept == hindi.segments.count() - 1, kept
        if n == 0:
            continue
        full.append(full_seconds)
        revision.append(revision_seconds)
        requests["full"].append(len(full_requests))
        requests["revision"].append(len(double.requests))
        characters = {
            "full": sum(r.length for r in full_requests),
            "revision": sum(r.length for r in double.requests),
        }
    ratios = [r / f for r, f in zip(revision, full, strict=True)]
    return {
        "sentences": args.sentences + 1,
        "latency_ms": args.latency * 1000,
        "rounds": args.rounds,
        "full_seconds": round(statistics.median(full), 3),
        "revision_seconds": round(statistics.median(revision), 3),
        "ratio_revision_full": round(statistics.median(ratios), 3),
        "ratio_revision_full_worst": round(max(ratios), 3),
        "requests": {k: max(v) for k, v in requests.items()},
        "query_characters": characters,
    }


def _translate_and_publish(statement, hindi, people, services, Segment) -> None:
    """A person's translation of every sentence (written directly), approved and published."""
    hindi = services.variant_claim(variant=hindi, actor=people["translator"])
    rows = list(hindi.segments.all())
    for row in rows:
        row.target = f"स्थल {row.position} के मज़दूरों को मज़दूरी नहीं मिली।"
        row.origin = Segment.Origin.HUMAN
        row.updated_by = people["translator"]
    Segment.objects.bulk_update(rows, ["target", "origin", "updated_by"])
    from workflow import segments

    segments.refresh_working_copy(hindi)
    services.variant_submit_for_review(
        variant=hindi, actor=people["translator"], override="Benchmark text."
    )
    services.variant_approve(variant=services.source_variant(statement), actor=people["reviewer"])
    services.variant_approve(variant=hindi, actor=people["reviewer"])
    services.statement_publish_approved(statement=statement, actor=people["editor"])


def _report(r: dict) -> None:
    print(f"Statement: {r['sentences']} sentences into Hindi; provider latency "
          f"{r['latency_ms']:.0f} ms; {r['rounds']} rounds")  # fmt: skip
    print(f"  full pre-translation      {r['full_seconds']:7.3f} s (median), "
          f"{r['requests']['full']} requests, "
          f"{r['query_characters']['full']:,} query characters")  # fmt: skip
    print(f"  revision, 1 sentence      {r['revision_seconds']:7.3f} s (median), "
          f"{r['requests']['revision']} request(s), "
          f"{r['query_characters']['revision']:,} query characters")  # fmt: skip
    print(f"  ratio revision / full: {r['ratio_revision_full']:.2f} median, "
          f"worst {r['ratio_revision_full_worst']:.2f}")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
