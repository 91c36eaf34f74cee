"""Benchmark: a cached reader page against a trivial Django view, served by gunicorn.

    python -m bench.reader            # 3 interleaved rounds of 10 s, 300 timed requests
    python -m bench.reader --quick    # 1 round of 3 s, 50 timed requests, for a smoke run

Everything runs on this machine (127.0.0.1 only): an embedded Redis server as the page
cache, an SQLite file with the demo statements (migrate, load_demo), and gunicorn with 2
sync workers serving the site's own settings and middleware (bench/reader_settings.py),
whose URLs add /bench/trivial/, a view answering "ok" (bench/reader_urls.py). Measured:

- throughput: requests per second of the trivial view (the baseline) and of the cached
  Hindi statement page, for the same time and concurrency (8 connections), interleaved
  round by round; the figure is the ratio page / trivial (goal ≥ 0.8). The load comes
  from wrk when it is on PATH, else from a Python generator (2 processes × 4 threads, a
  new connection per request, as gunicorn's sync workers close every connection);
- latency, one request at a time: p50 and p95 of the trivial view, the cached page and,
  from a second gunicorn with ANUVAD_READER_CACHE_SECONDS=0, the page rendered each time.

Results: a short report on stdout and var/bench/reader.json.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import BASE_DIR, BENCH_DIR, configure_django

NAME = "reader"
TRIVIAL = "/bench/trivial/"
SLUG = "construction-workers-wage-survey-delhi"
PAGE = f"/hi/statements/{SLUG}/"
WORKERS = 2
CONNECTIONS = 8  # wrk -c8; the Python generator: LOAD_PROCESSES × LOAD_THREADS
LOAD_PROCESSES = 2
LOAD_THREADS = 4
WARM_UP_REQUESTS = 10
GOAL = 0.8
DEVANAGARI = re.compile("[\u0900-\u097f]")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10.0, help="per URL and round")
    parser.add_argument("--requests", type=int, default=300, help="timed one by one per URL")
    parser.add_argument("--python-load", action="store_true", help="never use wrk")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.seconds, args.requests = 1, 3.0, 50

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="reader-", dir=BENCH_DIR))
    from tests.support.processes import free_port

    redis_port = free_port()
    os.environ.update(
        ANUVAD_VAR_DIR=str(work),
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        ANUVAD_DEMO="1",  # for load_demo here; gunicorn runs without it
        ANUVAD_MT_ENABLED="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        ANUVAD_STATIC_MANIFEST="0",
        CELERY_TASK_ALWAYS_EAGER="1",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",  # load_demo's
    )
    configure_django(work / "reader.sqlite3", cache="redis")

    from django.core.management import call_command

    from tests.support.redis import RedisServer

    redis = RedisServer(redis_port).start()
    servers: list[Gunicorn] = []
    try:
        call_command("migrate", verbosity=0)
        call_command("load_demo", stdout=io.StringIO())
        result = _measure(args, work, servers, free_port)
    finally:
        for server in servers:
            server.stop()
        redis.stop()
        shutil.rmtree(work, ignore_errors=True)
    _report(result)
    (BENCH_DIR / f"{NAME}.json").write_text(json.dumps(result, indent=2))
    return result


class Gunicorn:
    """gunicorn config.wsgi on a loopback port, its output kept in a file for errors."""

    def __init__(self, port: int, env: dict[str, str], log: Path) -> None:
        self.port = port
        self.env = env
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> Gunicorn:
        from tests.support.processes import stop_with_parent

        executable = Path(sys.executable).parent / "gunicorn"
        argv = [str(executable), "config.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        argv += ["--workers", str(WORKERS), "--worker-class", "sync", "--chdir", str(BASE_DIR)]
        # No --access-logfile: gunicorn writes no access log without one.
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603
                argv,
                cwd=BASE_DIR,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        stop_with_parent(["kill", str(self.process.pid)])
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                self._fail(f"gunicorn exited with status {self.process.returncode}")
            try:
                if _get(self.port, TRIVIAL, timeout=5)[0] == 200:
                    return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                self._fail(f"gunicorn did not answer {TRIVIAL} within {timeout:.0f} s")
            time.sleep(0.1)

    def _fail(self, message: str) -> None:
        tail = self.log.read_text(errors="replace").splitlines()[-30:]
        self.stop()
        raise RuntimeError(f"{message} (port {self.port}); its output ends:\n" + "\n".join(tail))

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # the master stops its workers
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def _get(port: int, path: str, *, timeout: float = 10) -> tuple[int, bytes, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def _server_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("GUNICORN_CMD_ARGS", None)
    env.update(DJANGO_SETTINGS_MODULE="bench.reader_settings", ANUVAD_DEMO="0", **extra)
    return env


def _measure(args, work: Path, servers: list[Gunicorn], free_port) -> dict:
    from django.core.cache import cache

    from publishing.cache import CachedPage, statement_key

    cached = Gunicorn(free_port(), _server_env(), work / "gunicorn-cached.log")
    servers.append(cached)
    cached.start()
    status, body, _ = _get(cached.port, PAGE)
    if status != 200 or not DEVANAGARI.search(body.decode("utf-8", errors="replace")):
        raise RuntimeError(f"{PAGE} answered {status} without Devanagari text")
    status, again, headers = _get(cached.port, PAGE)
    if status != 200 or "ETag" not in headers:
        raise RuntimeError(f"the second GET of {PAGE} answered {status} without an ETag")
    # load_demo's publications left purge tombstones, which keep the page out of the cache
    # for ANUVAD_READER_PURGE_GRACE seconds: ask again until Redis holds it.
    deadline = time.monotonic() + 30
    while not isinstance(cache.get(statement_key("hi", SLUG)), CachedPage):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{PAGE} is not in the Redis cache after 30 s of GETs")
        time.sleep(0.2)
        _get(cached.port, PAGE)

    generator = "wrk" if shutil.which("wrk") and not args.python_load else "python"
    load = _wrk if generator == "wrk" else _python_load
    for path in (TRIVIAL, PAGE):  # every worker imports and warms up before the rounds
        load(cached.port, path, 1.0)
    rounds: dict[str, list[dict]] = {"trivial": [], "page": []}
    for _ in range(args.rounds):
        rounds["trivial"].append(load(cached.port, TRIVIAL, args.seconds))
        rounds["page"].append(load(cached.port, PAGE, args.seconds))
    ratios = [p["rps"] / t["rps"] for t, p in zip(rounds["trivial"], rounds["page"], strict=True)]

    latency = {
        "trivial": _latency(cached.port, TRIVIAL, args.requests),
        "cached_page": _latency(cached.port, PAGE, args.requests),
    }
    cached.stop()
    uncached = Gunicorn(
        free_port(), _server_env(ANUVAD_READER_CACHE_SECONDS="0"), work / "gunicorn-uncached.log"
    )
    servers.append(uncached)
    uncached.start()
    latency["uncached_page"] = _latency(uncached.port, PAGE, args.requests)
    uncached.stop()

    return {
        "database": "sqlite",
        "cache": "redis",
        "gunicorn_workers": WORKERS,
        "cpu_count": os.cpu_count(),
        "load_generator": _generator_name(generator),
        "connections": CONNECTIONS,
        "rounds": args.rounds,
        "round_seconds": args.seconds,
        "page": PAGE,
        "page_bytes": len(again),
        "rps": {k: round(statistics.median(r["rps"] for r in v), 1) for k, v in rounds.items()},
        "rps_rounds": {k: [round(r["rps"], 1) for r in v] for k, v in rounds.items()},
        "ratio_page_trivial": round(statistics.median(ratios), 3),
        "ratio_page_trivial_worst": round(min(ratios), 3),
        "ratio_goal": GOAL,
        "errors": {k: sum(r["errors"] for r in v) for k, v in rounds.items()},
        "latency_requests": args.requests,
        "latency_ms": latency,
        "latency_ratio_uncached_trivial_p50": round(
            latency["uncached_page"]["p50"] / latency["trivial"]["p50"], 2
        ),
        "latency_ratio_cached_trivial_p50": round(
            latency["cached_page"]["p50"] / latency["trivial"]["p50"], 2
        ),
    }


def _generator_name(generator: str) -> str:
    if generator == "python":
        return f"python ({LOAD_PROCESSES} processes × {LOAD_THREADS} threads)"
    done = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S607
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0].split(" Copyright")[0] if first else "wrk"


def _wrk(port: int, path: str, seconds: float) -> dict:
    argv = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{max(round(seconds), 1)}s", "--latency"]
    done = subprocess.run(  # noqa: S603
        [*argv, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=False
    )
    found = re.search(r"Requests/sec:\s*([\d.]+)", done.stdout)
    if done.returncode or not found:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    errors = 0
    if non_2xx := re.search(r"Non-2xx or 3xx responses:\s*(\d+)", done.stdout):
        errors += int(non_2xx.group(1))
    if socket := re.search(r"Socket errors:([^\n]*)", done.stdout):
        errors += sum(int(n) for n in re.findall(r"\d+", socket.group(1)))
    return {"rps": float(found.group(1)), "errors": errors}


def _python_load(port: int, path: str, seconds: float) -> dict:
    """CONNECTIONS blocking clients at once: LOAD_PROCESSES processes of LOAD_THREADS threads."""
    context = multiprocessing.get_context("fork")  # the children never touch Django
    ready = context.Barrier(LOAD_PROCESSES + 1)
    results = context.Queue()
    processes = [
        context.Process(
            target=_load_process, args=(port, path, seconds, ready, results), daemon=True
        )
        for _ in range(LOAD_PROCESSES)
    ]
    for process in processes:
        process.start()
    try:
        ready.wait(timeout=30)
        counts = [results.get(timeout=seconds + 60) for _ in processes]
    finally:
        for process in processes:
            process.join(5)
            if process.is_alive():
                process.terminate()
    elapsed = max(c[2] for c in counts)
    return {"rps": sum(c[0] for c in counts) / elapsed, "errors": sum(c[1] for c in counts)}


def _load_process(port: int, path: str, seconds: float, ready, results) -> None:
    ok = [0] * LOAD_THREADS
    errors = [0] * LOAD_THREADS
    ready.wait(timeout=30)
    start = time.perf_counter()
    deadline = start + seconds

    def client(n: int) -> None:
        while time.perf_counter() < deadline:
            try:
                status = _get(port, path)[0]
            except OSError:
                status = 0
            if status == 200:
                ok[n] += 1
            else:
                errors[n] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(LOAD_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put((sum(ok), sum(errors), time.perf_counter() - start))


def _latency(port: int, path: str, requests: int) -> dict:
    for _ in range(WARM_UP_REQUESTS):
        _get(port, path)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        status = _get(port, path)[0]
        times.append((time.perf_counter() - start) * 1000)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    p95 = statistics.quantiles(times, n=20, method="inclusive")[-1]
    return {"p50": round(statistics.median(times), 3), "p95": round(p95, 3)}


def _report(r: dict) -> None:
    print(f"Database: {r['database']}, cache: {r['cache']}; gunicorn {r['gunicorn_workers']} sync "
          f"workers on {r['cpu_count']} CPUs; load: {r['load_generator']}, "
          f"{r['connections']} connections")  # fmt: skip
    print(f"Page: {r['page']} ({r['page_bytes']:,} bytes)")
    print(f"Throughput, {r['rounds']} interleaved round(s) of {r['round_seconds']:g} s:")
    for key, label in (("trivial", "trivial view"), ("page", "cached page")):
        print(f"  {label:14} {r['rps'][key]:9.1f} req/s (median)  rounds {r['rps_rounds'][key]}")
    print(f"  ratio page / trivial: {r['ratio_page_trivial']:.2f} median of {r['rounds']}, "
          f"worst {r['ratio_page_trivial_worst']:.2f}  (goal ≥ {r['ratio_goal']})")  # fmt: skip
    errors = r["errors"]
    if any(errors.values()):
        print(f"  ERRORS (non-2xx/3xx or socket): trivial {errors['trivial']}, "
              f"page {errors['page']}")  # fmt: skip
    else:
        print("  errors: none")
    print(f"Latency, one request at a time, {r['latency_requests']} requests each "
          f"after {WARM_UP_REQUESTS} warm-up:")  # fmt: skip
    labels = {
        "trivial": "trivial view",
        "cached_page": "cached page",
        "uncached_page": "uncached page",
    }
    for key, label in labels.items():
        ms = r["latency_ms"][key]
        print(f"  {label:14} p50 {ms['p50']:7.2f} ms   p95 {ms['p95']:7.2f} ms")
    print(f"  p50 ratio to trivial: cached page {r['latency_ratio_cached_trivial_p50']:.2f}, "
          f"uncached page {r['latency_ratio_uncached_trivial_p50']:.2f} "
          "(ANUVAD_READER_CACHE_SECONDS=0)")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
