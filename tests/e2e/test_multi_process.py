"""Two web processes and two job workers against one PostgreSQL database, as on several machines.

Each process is real and separate (gunicorn on its own port; `python -m django db_worker`),
sharing only the database and the data folder, as web nodes and worker nodes would share
PostgreSQL and the document store. Checks: 200 e-mail jobs are each sent exactly once (the
sent messages are counted, not just the jobs' statuses) with both workers taking part; and a
session signed in on web process A works on web process B, and signing out on B ends it on A.
"""

from __future__ import annotations

import email
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from tests.personas import PASSWORD
from tests.processes import database_url_of, require_postgresql

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

JOBS = 200


@pytest.fixture(autouse=True)
def postgresql_only(settings):
    require_postgresql(settings.DATABASES["default"], "this test of two web processes and two workers")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def cluster(settings, tmp_path):
    """Web processes A and B and two job workers; yields their base URLs and the data folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASMTP_", "PYTEST_", "DATABASE_URL", "DJANGO_"))}
    env.update(
        ASMTP_ENV="development", ASMTP_DEBUG="false", ASMTP_DATA_DIR=str(tmp_path), ASMTP_LOG_LEVEL="WARNING",
        ASMTP_SECRET_KEY="multi-process-test-" + "k" * 40, DJANGO_SETTINGS_MODULE="asmtp.settings",
        DATABASE_URL=database_url_of(settings.DATABASES["default"]),
    )
    ports = [free_port(), free_port()]
    web = [
        [sys.executable, "-m", "gunicorn", "asmtp.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--threads", "2", "--access-logfile", "/dev/null", "--log-level", "warning"]
        for port in ports
    ]
    worker_logs = [tmp_path / f"worker-{n}.log" for n in (1, 2)]
    workers = [
        [sys.executable, "-m", "django", "db_worker", "--queue-name", "*", "--interval", "0.1", "--no-reload",
         "--no-startup-delay", "--worker-id", f"worker-{n}"]
        for n in (1, 2)
    ]
    processes = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for command in web]
    # The workers log at INFO, so that their "Starting worker" line says when each one polls.
    outputs = [log.open("w") for log in worker_logs]
    processes += [
        subprocess.Popen(command, env={**env, "ASMTP_LOG_LEVEL": "INFO"}, stdout=output, stderr=subprocess.PIPE)
        for command, output in zip(workers, outputs, strict=True)
    ]
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:
            wait_for(base + "/healthz", processes)
        for n, log in enumerate(worker_logs, start=1):  # both poll before any job is queued
            wait_for_line(log, f"Starting worker worker_id=worker-{n}", processes)
        yield bases, tmp_path
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        for output in outputs:
            output.close()


def wait_until(ready, what: str, processes: list[subprocess.Popen]) -> None:
    """Poll `ready()` for up to 30 s, failing at once if a service process has stopped."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                pytest.fail(f"a service process stopped at start: {process.stderr.read().decode()[-2000:]}")
        if ready():
            return
        time.sleep(0.2)
    pytest.fail(f"{what} within 30 s")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 — our own server on 127.0.0.1
            return True
    except OSError:
        return False


def wait_for(url: str, processes: list[subprocess.Popen]) -> None:
    wait_until(lambda: answers(url), f"{url} did not answer", processes)


def wait_for_line(log: Path, line: str, processes: list[subprocess.Popen]) -> None:
    wait_until(lambda: line in log.read_text(encoding="utf-8"), f"{log.name} did not say {line!r}", processes)


def sent_subjects(mail_dir: Path) -> Counter[str]:
    """Every message the file e-mail backend wrote, by subject (a file may hold several)."""
    subjects: Counter[str] = Counter()
    for path in mail_dir.glob("*.log") if mail_dir.exists() else []:
        for chunk in path.read_text(encoding="utf-8").split("-" * 79):
            if chunk.strip():
                subjects[str(email.message_from_string(chunk.strip())["Subject"])] += 1
    return subjects


def test_two_workers_send_each_of_200_queued_emails_exactly_once(cluster):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from asmtp.jobs.mail import queue_email

    _bases, data_dir = cluster
    with transaction.atomic():
        for n in range(JOBS):
            queue_email([f"person{n}@example.cn"], f"multi-process job {n:03d}", f"Body of job {n}.")
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline and DBTaskResult.objects.filter(status="SUCCESSFUL").count() < JOBS:
        time.sleep(0.3)
    time.sleep(1)  # a duplicate run would show up now, after every job is marked done
    results = list(DBTaskResult.objects.values_list("status", "worker_ids"))
    assert Counter(status for status, _ids in results) == {"SUCCESSFUL": JOBS}
    subjects = sent_subjects(data_dir / "mail")
    assert set(subjects) == {f"multi-process job {n:03d}" for n in range(JOBS)}
    assert set(subjects.values()) == {1}, {s: c for s, c in subjects.items() if c != 1}
    workers = Counter(ids[-1] for _status, ids in results)
    assert set(workers) == {"worker-1", "worker-2"}, workers


class Browser:
    """Cookies shared across ports, as a browser shares them for one host name; no redirects followed."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode()

    def post(self, url: str, form: dict[str, str], referer: str) -> int:
        data = urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(url, data=data, headers={"Referer": referer})  # noqa: S310 — 127.0.0.1
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as answer:
            return answer.code

    def csrf_token(self, page: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, "no CSRF token in the form"
        return found.group(1)


def test_a_session_signed_in_on_one_web_process_works_on_the_other_and_ends_on_both(cluster, applicant):
    (a, b), _data_dir = cluster
    browser = Browser()
    status, login_page = browser.get(f"{a}/en/accounts/login/")
    assert status == 200
    answer = browser.post(f"{a}/en/accounts/login/", {
        "csrfmiddlewaretoken": browser.csrf_token(login_page), "username": applicant.email, "password": PASSWORD,
    }, referer=f"{a}/en/accounts/login/")
    assert answer == 302, "signing in on A did not redirect"

    status, page = browser.get(f"{b}/en/portal/")
    assert status == 200, "the session from A was not recognised on B"
    assert 'action="/en/accounts/logout/"' in page or "logout" in page.lower()

    browser.post(f"{b}/en/accounts/logout/", {"csrfmiddlewaretoken": browser.csrf_token(page)}, referer=f"{b}/en/portal/")
    status, _page = browser.get(f"{a}/en/portal/")
    assert status == 302, "signing out on B left the session alive on A"
