"""gunicorn's production settings: `gunicorn -c config/gunicorn.py config.wsgi` (image, compose).

Threaded workers, so a few slow clients cannot take every worker: each connection waits
for its first bytes on the worker's poller, not in a thread, and a client that sends its
headers slowly holds one thread of WEB_WORKERS × WEB_THREADS (3 × 16), not a whole
worker: a worker still answers with 15 of them on its threads.
That is the fallback; in docker-compose.yml nginx buffers every request and response in
front, and only nginx reaches gunicorn (through a socket in a shared volume).
"""

from __future__ import annotations

import os

bind = [os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")]
workers = int(os.environ.get("WEB_WORKERS", "3"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "16"))
timeout = 30
graceful_timeout = 30
keepalive = 5
# Proxy headers (X-Forwarded-Proto: https) count only from these peers; connections through
# a Unix socket are always trusted, which is how nginx reaches gunicorn in docker-compose.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"


def on_starting(server) -> None:
    """Refuse to start when a system check fails (workflow.E001: a demo login still works).

    The checks run in the master before any worker is forked; its connections are closed
    so no worker inherits them.
    """
    import django
    from django.core.management import call_command
    from django.db import connections

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    try:
        call_command("check", "--database", "default", verbosity=0)
    finally:
        connections.close_all()
