"""A throwaway PostgreSQL cluster for the database-sensitive tests.

pytest-postgresql runs initdb as the current user, which PostgreSQL refuses for root
(CI runs as root), so the cluster is made here and, under root, run as the postgres user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from .processes import free_port, stop_with_parent


def find_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def available() -> bool:
    return bool(find_binary("initdb") and find_binary("pg_ctl"))


@dataclass
class Cluster:
    base: str
    port: int
    pg_ctl: str
    run_as: list[str]

    @property
    def url(self) -> str:
        return f"postgres://anuvad@127.0.0.1:{self.port}/anuvad"

    def stop_command(self) -> list[str]:
        return [*self.run_as, self.pg_ctl, "-D", f"{self.base}/data", "-m", "immediate", "stop"]

    def stop(self) -> None:
        subprocess.run(self.stop_command(), check=False, capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)


def start() -> Cluster:
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    if not (initdb and pg_ctl):
        raise RuntimeError(
            "initdb/pg_ctl not found: install PostgreSQL (apt-get install postgresql)"
        )
    base = tempfile.mkdtemp(prefix="anuvad-pg-")
    run_as: list[str] = []
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(base, account.pw_uid, account.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    port = free_port()

    def run(*cmd: str) -> None:
        result = subprocess.run([*run_as, *cmd], capture_output=True, text=True)
        if result.returncode:
            raise RuntimeError(f"{cmd[0]} failed: {result.stderr or result.stdout}")

    run(initdb, "-D", f"{base}/data", "-U", "anuvad", "--auth=trust", "-E", "UTF8",
        "--locale=C.UTF-8", "--no-sync")  # fmt: skip
    options = (
        f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c full_page_writes=off -c synchronous_commit=off -c max_connections=50"
    )
    cluster = Cluster(base=base, port=port, pg_ctl=pg_ctl, run_as=run_as)
    stop_with_parent(cluster.stop_command(), cleanup_dir=base)
    run(pg_ctl, "-D", f"{base}/data", "-o", options, "-l", f"{base}/server.log", "-w", "start")
    return cluster
