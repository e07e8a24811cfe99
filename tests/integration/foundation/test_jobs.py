"""Background jobs run in a worker, after the transaction that queued them commits."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from asmtp.services.mail import queue_email
from tests.processes import database_url_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_mail_queued_in_a_transaction_is_sent_by_the_worker_not_the_request(mailoutbox, run_jobs):
    with transaction.atomic():
        queue_email(["li.wei@example.cn"], "申请已收到", "Your application was received.")
        # Queued in the same transaction (the job table is the outbox): it commits with the change.
        assert DBTaskResult.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    assert mailoutbox == []  # the request returned without sending
    run_jobs()
    assert [m.subject for m in mailoutbox] == ["申请已收到"]


def test_mail_is_not_queued_when_the_change_rolls_back(mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(["li.wei@example.cn"], "never", "never")
        raise RuntimeError("the submission failed")
    assert DBTaskResult.objects.count() == 0


def test_a_separate_worker_process_runs_queued_jobs(tmp_path, settings):
    """`asmtp worker` in its own process picks up a job from the shared database."""
    with transaction.atomic():
        queue_email(["ops@example.hk"], "worker check", "body")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "asmtp.settings", "ASMTP_DATA_DIR": str(tmp_path),
           "DATABASE_URL": database_url_of(settings.DATABASES["default"])}
    worker = subprocess.Popen([sys.executable, "-m", "django", "db_worker", "--batch", "--no-startup-delay", "--queue-name", "*"], env=env)
    try:
        worker.wait(timeout=60)
    finally:
        worker.kill()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 0:
        time.sleep(0.2)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
