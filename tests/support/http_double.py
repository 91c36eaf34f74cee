"""The common part of our local HTTP test doubles: a threaded server on 127.0.0.1, its life
cycle, latency and hanging, and writing an answer. Subclasses serve ``_handle(handler)``."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.double._handle(self)

    def do_POST(self) -> None:
        self.server.double._handle(self)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    double: LocalHTTPDouble

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (timeout tests) is expected, not an error


class LocalHTTPDouble:
    """A test double's server: ``start()``/``stop()`` or a ``with`` block."""

    thread_name = "http-double"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latency = 0.0
        self._released = threading.Event()
        self._released.set()
        self._stopping = False
        # Port 0: the kernel picks a free port at bind time, so no race with other tests.
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.double = self
        self._thread: threading.Thread | None = None

    # ---- life cycle ---------------------------------------------------------------------

    def start(self) -> Self:
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=self.thread_name,
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping = True
        self._released.set()  # let hanging handlers finish
        if self._thread is not None:
            self._server.shutdown()  # would wait forever if serve_forever never ran
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def root_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # ---- latency and hanging ------------------------------------------------------------

    def set_latency(self, seconds: float) -> None:
        """Wait this long before answering every request."""
        with self._lock:
            self._latency = seconds

    def hang(self) -> None:
        """Hold every request from now on without answering, until unblock() or stop()."""
        self._released.clear()

    def unblock(self) -> None:
        self._released.set()

    def _hold(self, latency: float) -> bool:
        """Wait out the latency and any hang; False if the double stopped meanwhile."""
        if latency:
            time.sleep(latency)
        while not self._released.wait(0.05):
            if self._stopping:
                return False
        return not self._stopping

    # ---- serving ------------------------------------------------------------------------

    def _handle(self, handler: _Handler) -> None:
        raise NotImplementedError

    def _send_json(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        data: Any,
        headers: dict[str, str] | None = None,
    ) -> None:
        body = json.dumps(data, ensure_ascii=False).encode()
        self._send(handler, status, "application/json; charset=utf-8", body, headers)

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler,
        status: int,
        content_type: str,
        body: bytes,
        headers: dict[str, str] | None = None,
    ) -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(body)
        except OSError:
            pass  # the client gave up waiting (timeout tests)
