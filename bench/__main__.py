"""Run every benchmark, each in its own process (each sets up Django with its own database).

``python -m bench --quick`` passes --quick on: every benchmark takes it for a small smoke run.
"""

from __future__ import annotations

import subprocess
import sys

from . import BASE_DIR

BENCHMARKS: tuple[str, ...] = (
    "bench.tm_lookup",
    "bench.pipeline",
    "bench.failover",
    "bench.reader",
    "bench.revision",
    "bench.search",
    "bench.back_translation",
    "bench.llm",
)


def main(argv: list[str] | None = None) -> int:
    args = ["--quick"] if "--quick" in (argv or []) else []
    failed = []
    for module in BENCHMARKS:
        print(f"== {module}", flush=True)
        done = subprocess.run([sys.executable, "-m", module, *args], cwd=BASE_DIR)  # noqa: S603
        if done.returncode:
            failed.append(module)
    if failed:
        print(f"Failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
