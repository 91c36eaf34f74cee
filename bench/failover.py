"""Benchmark: how fast translators get work when the engines are down, and how hard a
rate-limiting engine is asked, with the engine breaker and without it (the baseline).

    python -m bench.failover            # production retry settings
    python -m bench.failover --quick    # shorter retries and windows, for a smoke run

Everything runs on this machine: an embedded Redis server, a Celery worker with 4
processes, and either a closed loopback port (unreachable engines) or the local test
double of the providers (tests/support/mt_double.py). Measured in the same run:

- unreachable: every online engine points at a closed 127.0.0.1 port. Submit a 3-language
  statement, time until every version is ready for translators: with the breaker, the
  first statement (which finds the engines down) and the next (which knows); without it.
  Goal: ≤ 10 s with the breaker.
- rate-limited: the one engine of every chain answers 429 with a Retry-After to every
  request. Several statements are submitted at once (one task per language each);
  requests to the engine are counted until every version is ready, against the number of
  cool-offs that passed. Goal: one request per cool-off across all workers, not one per task.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import BENCH_DIR, configure_django, throwaway_postgres

NAME = "failover"
LANGUAGES = ("hi", "bn", "ur")
BODY = (
    "Floods have displaced 40,000 people across North Bihar this week. Relief camps in "
    "Darbhanga report shortages of drinking water. The embankment at Kusheshwar Asthan "
    "broke on Monday night.\n\nWe demand community kitchens in every panchayat. Boats must "
    "reach the villages that have been cut off for six days."
)
ONLINE = ("ANUVAD_MT_GOOGLE_URL", "ANUVAD_MT_MYMEMORY_URL", "LIBRETRANSLATE_URL")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--statements", type=int, default=4, help="submitted at once (429)")
    parser.add_argument("--retry-after", type=int, default=2, help="the 429's Retry-After (s)")
    parser.add_argument(
        "--postgres", action="store_true", help="a throwaway PostgreSQL cluster, not SQLite"
    )
    args = parser.parse_args(argv)

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="failover-", dir=BENCH_DIR))
    from tests.support.mt_double import MTDoubleServer
    from tests.support.processes import free_port

    double = MTDoubleServer().start()
    redis_port = free_port()
    closed = f"http://127.0.0.1:{free_port()}/"  # bound once, then released: nothing listens
    os.environ.update(
        ANUVAD_VAR_DIR=str(work),
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        ANUVAD_DEMO="0",
        **dict.fromkeys(ONLINE, closed),
    )
    for name in ("DEEPL_API_KEY", "MICROSOFT_TRANSLATOR_KEY", "CELERY_BROKER_URL"):
        os.environ.pop(name, None)
    cluster = throwaway_postgres() if args.postgres else None
    configure_django(work / "failover.sqlite3", url=cluster.url if cluster else None)

    from django.core.management import call_command

    from tests.support.redis import RedisServer

    call_command("migrate", verbosity=0)
    redis = RedisServer(redis_port).start()
    try:
        result = {
            "unreachable": _unreachable(args),
            "rate_limited": _rate_limited(args, double),
        }
    finally:
        redis.stop()
        double.stop()
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    result["database"] = "postgresql" if cluster else "sqlite"
    _report(result)
    (BENCH_DIR / f"{NAME}.json").write_text(json.dumps(result, indent=2))
    return result


# ---- set-up -----------------------------------------------------------------------------


def _worker(env: dict[str, str]):
    from tests.support.celery_worker import WorkerProcess

    return WorkerProcess(
        concurrency=4, env={"DATABASE_URL": os.environ["DATABASE_URL"], **env}
    ).start()


def _forget_breakers() -> None:
    from django.conf import settings

    from config.cache import forget_failures
    from translations.engines import breaker

    forget_failures()
    breaker.forget(settings.ANUVAD_MT_ENGINES)


_count = 0


def _submit(targets=LANGUAGES):
    from tests.factories import make_statement, make_user
    from workflow import services

    global _count
    _count += 1
    author = make_user(f"bench-author-{_count}", roles=["author"], languages=["en"])
    statement = make_statement(author, body=BODY, summary="", slug=f"failover-{_count}")
    services.statement_submit_for_translation(
        statement=statement, actor=author, targets=list(targets)
    )
    return statement


def _wait_ready(statements, *, limit: float) -> float:
    """Seconds from now until no version of ``statements`` is pending."""
    from workflow.models import Variant

    start = time.perf_counter()
    pending = Variant.objects.filter(statement__in=statements, state="pending")
    while pending.exists():
        if time.perf_counter() - start > limit:
            raise RuntimeError(f"versions still pending after {limit:.0f} s")
        time.sleep(0.02)
    return time.perf_counter() - start


def _warm_up() -> None:
    # The worker's first task imports and connects; not part of any figure.
    _wait_ready([_submit(("hi",))], limit=300)


# ---- unreachable engines ----------------------------------------------------------------


def _unreachable(args) -> dict:
    retries = {"ANUVAD_MT_RETRY_BACKOFF": "1"} if args.quick else {}
    figures: dict[str, float] = {}
    for breaker_on in ("1", "0"):
        worker = _worker({"ANUVAD_MT_BREAKER": breaker_on, **retries})
        try:
            _forget_breakers()
            if breaker_on == "1":
                _warm_up()
                _forget_breakers()  # the warm-up found the engines down: start closed
                start = time.perf_counter()
                first = _submit()
                figures["breaker_first_seconds"] = _since(start, first)
                start = time.perf_counter()
                second = _submit()
                figures["breaker_next_seconds"] = _since(start, second)
            else:
                start = time.perf_counter()
                statement = _submit()
                figures["baseline_seconds"] = _since(start, statement, limit=600)
        finally:
            worker.stop()
    return {k: round(v, 3) for k, v in figures.items()}


def _since(start: float, statement, *, limit: float = 300) -> float:
    _wait_ready([statement], limit=limit)
    return time.perf_counter() - start


# ---- a rate-limiting engine -------------------------------------------------------------


def _rate_limited(args, double) -> dict:
    chains = ";".join(f"en>{code}=google" for code in LANGUAGES)
    env = {
        "ANUVAD_MT_GOOGLE_URL": double.url("google"),
        "ANUVAD_MT_CHAINS": chains,
        "ANUVAD_MT_RETRY_BUDGET": "8" if args.quick else "20",
        "ANUVAD_MT_RETRY_BACKOFF": str(args.retry_after),
    }
    found = {}
    for breaker_on in ("1", "0"):
        worker = _worker({**env, "ANUVAD_MT_BREAKER": breaker_on})
        try:
            _forget_breakers()
            double.reset()
            _warm_up()
            _forget_breakers()
            double.reset()
            double.refuse_all(429, retry_after=args.retry_after, provider="google")
            statements = [_submit() for _ in range(args.statements)]
            seconds = _wait_ready(statements, limit=900)
            times = [r.at for r in double.requests_for("google")]
        finally:
            worker.stop()
        span = (max(times) - min(times)) if times else 0.0
        cool_offs = max(1, math.ceil(span / args.retry_after))
        found["breaker" if breaker_on == "1" else "baseline"] = {
            "tasks": args.statements * len(LANGUAGES),
            "requests": len(times),
            "seconds_to_ready": round(seconds, 3),
            "cool_offs": cool_offs,
            "requests_per_cool_off": round(len(times) / cool_offs, 2),
            "busiest_cool_off": _busiest(times, args.retry_after),
        }
    return {"retry_after": args.retry_after, **found}


def _busiest(times: list[float], window: float) -> int:
    """Most requests in any one cool-off after the first (the first holds the tasks that
    asked at once before any of them had heard the answer)."""
    if not times:
        return 0
    start = min(times)
    buckets: dict[int, int] = {}
    for t in times:
        buckets[int((t - start) // window)] = buckets.get(int((t - start) // window), 0) + 1
    later = [n for b, n in buckets.items() if b > 0]
    return max(later, default=0)


def _report(r: dict) -> None:
    u, rl = r["unreachable"], r["rate_limited"]
    print(f"Database: {r['database']}")
    print("Every online engine unreachable (closed loopback port), 3 languages:")
    print(f"  with the breaker, first statement   {u['breaker_first_seconds']:7.3f} s to ready"
          "  (goal ≤ 10 s)")  # fmt: skip
    print(f"  with the breaker, next statement    {u['breaker_next_seconds']:7.3f} s to ready")
    print(f"  without the breaker (baseline)      {u['baseline_seconds']:7.3f} s to ready")
    print(f"One engine answering 429 (Retry-After {rl['retry_after']} s) to every request:")
    for name in ("breaker", "baseline"):
        f = rl[name]
        print(f"  {name:9} {f['tasks']} tasks: {f['requests']} requests over {f['cool_offs']} "
              f"cool-offs = {f['requests_per_cool_off']:.2f} per cool-off (busiest later one: "
              f"{f['busiest_cool_off']}); ready in {f['seconds_to_ready']:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
