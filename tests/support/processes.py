"""Throwaway servers for tests: loopback only, and they stop by themselves.

Each server gets a watchdog process that stops it when the test process exits, even if
the test process is killed, so no server outlives its test run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap

_WATCHDOG = textwrap.dedent(
    """
    import os, subprocess, sys, time, shutil
    parent, cleanup_dir, *stop = sys.argv[1:]
    while True:
        try:
            os.kill(int(parent), 0)
        except ProcessLookupError:
            break
        time.sleep(0.5)
    subprocess.run(stop, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if cleanup_dir:
        shutil.rmtree(cleanup_dir, ignore_errors=True)
    """
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_with_parent(stop_command: list[str], *, cleanup_dir: str = "") -> subprocess.Popen:
    """Run ``stop_command`` (and remove ``cleanup_dir``) once this process has exited."""
    return subprocess.Popen(
        [sys.executable, "-c", _WATCHDOG, str(os.getpid()), cleanup_dir, *stop_command],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
