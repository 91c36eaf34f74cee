"""Digests run by a real Celery worker: two runs at once still send each person one email."""

from __future__ import annotations

import re
from email import message_from_bytes, policy

import pytest
from celery import current_app

from notifications import services
from notifications.models import Kind, Notification
from tests.factories import make_user
from tests.support.celery_worker import WorkerProcess

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def sent_mails(folder) -> list:
    """Every email the file backend wrote (one file per connection, mails split by dashes)."""
    mails = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                mails.append(message_from_bytes(chunk.strip(), policy=policy.default))
    return mails


def test_two_digest_tasks_at_once_on_a_worker_send_one_email_per_person(
    redis_server, tmp_path, wait_for
):
    people = [make_user(f"translator_{n}", roles=["translator"], languages=["bn"]) for n in "xyz"]
    for person in people:
        services.set_language(user=person, code="bn")
        services.set_preferences(user=person, choices={}, frequencies={Kind.NEW_WORK: "hourly"})
        for n in range(4):
            services.notify(
                users=[person], kind=Kind.NEW_WORK, key=str(n), subject=f"নতুন বিবৃতি {n}"
            )
    worker = WorkerProcess(
        concurrency=2,
        env={
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(tmp_path),
        },
    )
    current_app.conf.task_always_eager = False
    worker.start()
    try:
        for _ in range(2):  # beat firing twice, or a redelivered message, on two processes
            current_app.send_task("notifications.tasks.send_digests_task", args=("hourly",))
        wait_for(
            lambda: len(re.findall(r"send_digests_task\[[^]]+\] succeeded", worker.output())) == 2,
            what="both digest runs",
        )
    finally:
        worker.stop()
        current_app.conf.task_always_eager = True

    mails = sent_mails(tmp_path)
    assert sorted(m["To"] for m in mails) == sorted(p.email for p in people)
    for mail in mails:
        text = mail.get_body(preferencelist=("plain",)).get_content()
        assert sorted(re.findall(r"নতুন বিবৃতি \d", text)) == [f"নতুন বিবৃতি {n}" for n in range(4)]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    made = re.findall(r"send_digests_task\[[^]]+\] succeeded in [^:]+: (\d+)", worker.output())
    assert sorted(int(n) for n in made) in ([0, 3], [1, 2])
