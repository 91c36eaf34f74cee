"""Celery tasks for notices: beat sends the hourly and daily digests."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_digests_task(frequency: str) -> int:
    # Safe to run twice or side by side: each notice is marked sent with its email.
    from . import digests

    return digests.digests_send(frequency=frequency)
