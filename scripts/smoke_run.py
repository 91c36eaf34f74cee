"""The newcomer's path, checked: `make run` in this checkout serves the desk end to end.

Starts `make run` in a session of its own, waits for the reader site, the desk and the
admin, logs in as the demo editor, sends the demo draft for translation, waits until no
language version is left pending (the worker and Redis did their part), then stops
everything with Ctrl-C (SIGINT) and fails if any process it started is still alive.

Standard library only: it must run before anything else is known to work.
Usage: python scripts/smoke_run.py [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = "http://127.0.0.1:8000"
DEMO_EDITOR = ("editor", "anuvad-editor")
DEMO_DRAFT = "air-pollution-advisory-outdoor-workers"
PAGES = ("/en/", "/desk/", "/admin/login/")


class SmokeFailed(Exception):
    pass


class Browser:
    """Cookies and CSRF tokens, as a person's browser keeps them."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(BASE + path))  # noqa: S310 - http on loopback

    def post(self, path: str, fields: list[tuple[str, str]]) -> tuple[int, str, str]:
        body = urllib.parse.urlencode([*fields, ("csrfmiddlewaretoken", self.csrf())]).encode()
        headers = {"Referer": BASE + path}
        request = urllib.request.Request(BASE + path, data=body, headers=headers)  # noqa: S310
        return self._open(request)

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def _open(self, request: urllib.request.Request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode(errors="replace")


def wait_for_pages(browser: Browser, deadline: float, run: subprocess.Popen) -> None:
    waiting = list(PAGES)
    while waiting:
        if run.poll() is not None:
            raise SmokeFailed(f"make run exited with {run.returncode} before serving {waiting}")
        if time.monotonic() > deadline:
            raise SmokeFailed(f"no answer 200 from {waiting} in time")
        try:
            status, url, _ = browser.get(waiting[0])
        except OSError:
            time.sleep(1)
            continue
        if status != 200:
            raise SmokeFailed(f"{waiting[0]} answered {status} (at {url})")
        print(f"smoke: {waiting.pop(0)} answers 200", flush=True)


def log_in(browser: Browser) -> None:
    browser.get("/accounts/login/")
    username, password = DEMO_EDITOR
    status, url, _ = browser.post(
        "/accounts/login/", [("username", username), ("password", password)]
    )
    if status != 200 or "/accounts/login/" in url:
        raise SmokeFailed(f"the demo editor could not log in ({status} at {url})")
    print("smoke: logged in as the demo editor", flush=True)


def demo_draft_id(browser: Browser) -> int:
    status, _, page = browser.get("/desk/dashboard/?state=draft")
    if status != 200:
        raise SmokeFailed(f"the dashboard answered {status}")
    for pk in re.findall(r'id="statement-(\d+)"', page):
        status, _, detail = browser.get(f"/api/v1/desk/statements/{pk}/")
        if status == 200 and json.loads(detail).get("slug") == DEMO_DRAFT:
            return int(pk)
    raise SmokeFailed(f"the demo draft {DEMO_DRAFT!r} is not on the editor's dashboard")


def submit(browser: Browser, pk: int) -> list[str]:
    status, _, page = browser.get(f"/desk/statements/{pk}/")
    targets = re.findall(r'name="targets" value="([a-z]{2})"', page)
    if status != 200 or not targets:
        raise SmokeFailed(f"the draft's page ({status}) offers no languages to translate into")
    status, _, _ = browser.post(
        f"/desk/statements/{pk}/submit/", [("targets", code) for code in targets]
    )
    if status != 200:
        raise SmokeFailed(f"sending the draft for translation answered {status}")
    print(f"smoke: sent statement {pk} for translation into {', '.join(targets)}", flush=True)
    return targets


def wait_until_translated(browser: Browser, pk: int, targets: list[str], deadline: float) -> None:
    while True:
        _, _, detail = browser.get(f"/api/v1/desk/statements/{pk}/")
        states = {v["language"]: v["state"] for v in json.loads(detail)["variants"]}
        if all(code in states for code in targets) and "pending" not in states.values():
            print(f"smoke: every version has left pending: {states}", flush=True)
            return
        if time.monotonic() > deadline:
            raise SmokeFailed(f"versions still pending: {states}")
        time.sleep(2)


def session_processes(sid: int) -> list[str]:
    """Live processes of the session ``make run`` was started in: what it left behind."""
    left = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            state, session = fields[0], int(fields[3])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except (OSError, ValueError):
            continue
        if session == sid and state != "Z":
            left.append(f"{entry.name} {command}")
    return left


def stop(run: subprocess.Popen) -> None:
    """Ctrl-C, as a person at the terminal: the whole foreground group gets SIGINT."""
    if run.poll() is None:
        os.killpg(run.pid, signal.SIGINT)
    try:
        run.wait(60)
    except subprocess.TimeoutExpired:
        raise SmokeFailed("make run did not stop within 60 s of Ctrl-C") from None
    deadline = time.monotonic() + 10
    while (left := session_processes(run.pid)) and time.monotonic() < deadline:
        time.sleep(0.5)
    if left:
        os.killpg(run.pid, signal.SIGKILL)
        raise SmokeFailed("processes left running after Ctrl-C:\n  " + "\n  ".join(left))
    print("smoke: Ctrl-C stopped every process make run started", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=900, help="seconds for the whole run")
    args = parser.parse_args()
    deadline = time.monotonic() + args.timeout
    log_path = ROOT / "test-artifacts" / "make-run.log"
    log_path.parent.mkdir(exist_ok=True)
    with log_path.open("wb") as log:
        # A session of its own: its id names every process make run starts.
        run = subprocess.Popen(
            ["make", "run"],  # noqa: S607 - the newcomer's command, found on PATH as they would
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            browser = Browser()
            wait_for_pages(browser, deadline, run)
            log_in(browser)
            pk = demo_draft_id(browser)
            wait_until_translated(browser, pk, submit(browser, pk), deadline)
        except SmokeFailed as failure:
            print(f"smoke: FAILED: {failure}", file=sys.stderr)
            stop(run)
            print(log_path.read_text(errors="replace")[-6000:], file=sys.stderr)
            return 1
        finally:
            if run.poll() is None and sys.exc_info()[0] is not None:
                os.killpg(run.pid, signal.SIGKILL)
        stop(run)
    print(f"smoke: make run passed (log in {log_path.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
