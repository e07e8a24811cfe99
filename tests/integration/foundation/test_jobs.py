"""Background jobs run in a worker, after the transaction that queued them commits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from asmtp.jobs.mail import queue_email
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


def test_asmtp_worker_with_several_processes_runs_a_queued_job(tmp_path, settings):
    """`asmtp worker --processes 2`, the README's way to add job workers on another machine,
    starts (it once crashed on arguments only `serve` has) and a job queued here is done by it."""
    with transaction.atomic():
        queue_email(["ops@example.hk"], "worker check", "body")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "asmtp.settings", "ASMTP_DATA_DIR": str(tmp_path),
           "DATABASE_URL": database_url_of(settings.DATABASES["default"])}
    asmtp = Path(sys.executable).with_name("asmtp")
    worker = subprocess.Popen([str(asmtp), "worker", "--processes", "2"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and worker.poll() is None:
            if DBTaskResult.objects.filter(status="SUCCESSFUL").exists():
                break
            time.sleep(0.2)
        assert worker.poll() is None, f"asmtp worker stopped on its own:\n{worker.communicate()[0]}"
        job = DBTaskResult.objects.get()
        assert job.status == "SUCCESSFUL"
        # Claimed by one of the worker processes `asmtp worker` started (their ids carry its pid).
        assert job.worker_ids[0].startswith(f"{os.uname().nodename[:30]}-{worker.pid}-")
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            output = worker.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            worker.kill()
            output = worker.communicate()[0]
    assert worker.returncode == 0, output
    assert "Stopped." in output
