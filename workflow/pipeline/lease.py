"""Leases on machine work: a running task holds its version and renews the hold while it
works, so a version whose worker was killed is found and sent again within a minute or two.

A lease is two fields on the variant: until when it is held, and by whom ("host:pid:nonce",
or blank for a task that was sent but has not started). Taking one is a single conditional
UPDATE, so of two copies of a task only one works; the other finds the version held (or
already done) and stops. The lease says nothing about the variant's state, which only
``states`` writes.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from .. import dispatch
from ..choices import RETRANSLATABLE, State
from ..models import Variant

log = logging.getLogger(__name__)


def _seconds() -> int:
    return settings.ANUVAD_MT_LEASE_SECONDS


def _holder() -> str:
    # Read at each call: prefork children have pids of their own.
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def holder_is_gone(holder: str) -> bool:
    """Whether ``holder`` names a process on this machine that is no longer running.

    Holders on other machines are never declared gone here: their lease has to run out.
    """
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:  # a killed child not yet reaped by its parent still answers kill(pid, 0)
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


@dataclass
class Lease:
    variant_id: int
    holder: str
    # Set by the block when the task will be retried in this many seconds, and why.
    retry_in: float | None = None
    retry_reason: str = ""
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def renew(self) -> bool:
        """Extend the hold; False if it was lost (the version was taken over meanwhile)."""
        until = timezone.now() + timedelta(seconds=_seconds())
        mine = Variant.objects.filter(pk=self.variant_id, lease_holder=self.holder)
        return mine.update(lease_expires_at=until) == 1

    def release(self) -> None:
        Variant.objects.filter(pk=self.variant_id, lease_holder=self.holder).update(
            lease_expires_at=None, lease_holder=""
        )

    def hand_on(self, *, seconds: float, reason: str = "") -> None:
        """Keep the version for a retry sent to arrive in ``seconds``: held for no task in
        particular, until a lease period after it is due. When it is due and why are kept
        for the desk's machine status."""
        now = timezone.now()
        until = now + timedelta(seconds=seconds + _seconds())
        Variant.objects.filter(pk=self.variant_id, lease_holder=self.holder).update(
            lease_expires_at=until,
            lease_holder="",
            retry_at=now + timedelta(seconds=seconds),
            retry_reason=reason[:500],
        )

    def start_heartbeat(self) -> None:
        self._thread = threading.Thread(
            target=self._beat, name=f"lease-{self.variant_id}", daemon=True
        )
        self._thread.start()

    def stop_heartbeat(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=_seconds())

    def _beat(self) -> None:
        try:
            while not self._stop.wait(_seconds() / 3):
                if not self.renew():
                    log.warning("Lost the lease on variant %s to another task.", self.variant_id)
                    return
        except Exception:  # a renewal that fails leaves the lease to run out, no worse
            log.exception("Could not renew the lease on variant %s.", self.variant_id)
        finally:
            connection.close()  # this thread's own connection


def take(variant_id: int, *, states: Iterable[State]) -> Lease | None:
    """Hold ``variant_id`` for this task if it is in one of ``states`` and nobody else
    works on it (no lease, one run out, one only reserved, or one whose process on this
    machine died); None otherwise."""
    now = timezone.now()
    holder = _holder()
    until = now + timedelta(seconds=_seconds())
    candidates = Variant.objects.filter(pk=variant_id, state__in=list(states))
    free = Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now) | Q(lease_holder="")
    # A retry that starts is no longer waiting: its reason stays until it is done.
    if candidates.filter(free).update(lease_expires_at=until, lease_holder=holder, retry_at=None):
        return Lease(variant_id, holder)
    current = candidates.values_list("lease_holder", flat=True).first()
    # A holder whose process died here (a killed pool child): no need to wait for its lease.
    if (
        current
        and holder_is_gone(current)
        and candidates.filter(lease_holder=current).update(
            lease_expires_at=until, lease_holder=holder
        )
    ):
        log.warning("Took over variant %s from %s, which is gone.", variant_id, current)
        return Lease(variant_id, holder)
    return None


@contextmanager
def held(
    variant_id: int, *, states: Iterable[State], heartbeat: bool = True
) -> Iterator[Lease | None]:
    """Hold the version for the block (``None``: someone else has it, or it is no longer in
    ``states``); renewed in the background while the block runs, released after it.

    A block that sets ``lease.retry_in`` (seconds) hands the version on to its retry
    instead, so the sweep leaves it alone until the retry is due.
    """
    lease = take(variant_id, states=states)
    if lease is None:
        yield None
        return
    if heartbeat:
        lease.start_heartbeat()
    try:
        yield lease
    finally:
        lease.stop_heartbeat()
        if lease.retry_in is None:
            lease.release()
        else:
            lease.hand_on(seconds=lease.retry_in, reason=lease.retry_reason)


# ---- what the requeue sweep sends again --------------------------------------------------


@dataclass(frozen=True)
class Stalled:
    """A version the sweep found without anyone working on it, as it was read."""

    variant_id: int
    state: State
    holder: str
    expires_at: datetime | None


def stalled(*, quiet_for: int) -> list[Stalled]:
    """Versions whose machine work nobody is doing: pending or outdated ones left alone for
    ``quiet_for`` seconds with no lease, and any whose lease ran out or whose holder died
    on this machine (pending: pre-translate them; else re-translate).
    """
    now = timezone.now()
    watched = [State.PENDING, *RETRANSLATABLE]
    forgotten = Q(
        state__in=[State.PENDING, State.OUTDATED],
        lease_expires_at__isnull=True,
        updated_at__lt=now - timedelta(seconds=quiet_for),
    )
    run_out = Q(state__in=watched, lease_expires_at__lte=now)
    held_now = Q(state__in=watched, lease_expires_at__gt=now) & ~Q(lease_holder="")
    rows = Variant.objects.filter(forgotten | run_out | held_now).order_by("pk")
    found = []
    for pk, state, holder, until in rows.values_list(
        "pk", "state", "lease_holder", "lease_expires_at"
    ):
        if until is not None and until > now and not holder_is_gone(holder):
            continue  # a live task on this machine, or one elsewhere whose lease runs
        found.append(Stalled(pk, State(state), holder, until))
    return found


def reserve(found: Stalled, *, seconds: float) -> bool:
    """Before sending a stalled version's task again: hold it, for no task in particular,
    for ``seconds`` (so the next sweeps leave it to the task on its way). False when it
    changed since it was found (a task took it meanwhile): then send nothing."""
    until = timezone.now() + timedelta(seconds=seconds)
    unchanged = Variant.objects.filter(
        pk=found.variant_id,
        state=found.state,
        lease_holder=found.holder,
        lease_expires_at=found.expires_at,
    )
    return unchanged.update(lease_expires_at=until, lease_holder="") == 1


def requeue_stalled(*, quiet_for: int) -> int:
    """Send again the task of every stalled version (see ``stalled``); returns how many.

    Each is reserved for ``quiet_for`` seconds first, so a copy still in the queue and the
    one sent now are not sent a third time by the next sweep; whichever starts first
    works, the other finds the version held or done.
    """
    sent = 0
    for found in stalled(quiet_for=quiet_for):
        if not reserve(found, seconds=quiet_for):
            continue
        task = "machine_translate_task" if found.state is State.PENDING else "retranslate_task"
        try:
            dispatch.send(task, found.variant_id)
        except dispatch.BROKER_ERRORS:
            # The reservation runs out after quiet_for seconds; a later sweep sends it then.
            log.warning("Could not send %s for variant %s again.", task, found.variant_id)
            break
        sent += 1
    return sent
