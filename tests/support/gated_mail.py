"""A mail backend test double that holds its first send until the test lets it go.

It keeps messages as Django's locmem backend does (in ``mail.outbox``); the first thread to
send announces it (``sending``) and waits for ``release``, so a test can start a second
digest run while the first is in the middle of its email.
"""

from __future__ import annotations

import threading

from django.core.mail.backends.locmem import EmailBackend

sending = threading.Event()
release = threading.Event()
_first = threading.Lock()


def reset() -> None:
    sending.clear()
    release.clear()
    if _first.locked():
        _first.release()


class GatedBackend(EmailBackend):
    def send_messages(self, messages):
        if _first.acquire(blocking=False):  # the first send of the test only
            sending.set()
            if not release.wait(timeout=30):
                raise TimeoutError("the test never released the first send")
        return super().send_messages(messages)
