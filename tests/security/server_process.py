"""A real gunicorn web process for the durability tests: start it, kill it, ask it things.

The server is production-shaped (gunicorn, DEBUG off, persistent database connections with
health checks) and started from a preloaded, warmed-up master (gunicorn_warm.py), so that a
worker killed with SIGKILL is replaced in a fraction of a second by a fork of the master
rather than by a cold start of Django. That is what lets a test kill it hundreds of times
within the suite's budget; a full stop of master and worker is available too.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WARM_CONFIG = Path(__file__).with_name("gunicorn_warm.py")
CSRF_SECRET = "durabilitytestcsrfsecret00000000"  # 32 characters, as Django's CSRF secrets are


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def request(
    port: int,
    method: str,
    path: str,
    *,
    session: str = "",
    form: str = "",
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> Answer:
    """One HTTP request on a fresh connection, as a browser or API client sends it (CSRF included)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        sent = {
            "Host": "127.0.0.1",
            "Connection": "close",
            "Cookie": f"sessionid={session}; csrftoken={CSRF_SECRET}",
            **(headers or {}),
        }
        if method == "POST":
            sent.update({"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": CSRF_SECRET})
        connection.request(method, path, body=form.encode() if form else None, headers=sent)
        response = connection.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


def service_environment(database_url: str, data_dir: Path) -> dict[str, str]:
    """The environment of a service process: this test's database, its own data folder, DEBUG off,
    and this process's secret key (sessions made here carry a hash signed with it)."""
    from django.conf import settings

    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ASMTP_", "PYTEST_", "DATABASE_URL", "DJANGO_"))
    }
    env.update(
        ASMTP_ENV="development",
        ASMTP_DEBUG="false",
        ASMTP_DATA_DIR=str(data_dir),
        ASMTP_LOG_LEVEL="WARNING",
        ASMTP_SECRET_KEY=settings.SECRET_KEY,
        DJANGO_SETTINGS_MODULE="asmtp.settings",
        DATABASE_URL=database_url,
    )
    return env


@dataclass
class WebServer:
    """gunicorn on 127.0.0.1:`port`, one master and `workers` worker processes."""

    env: dict[str, str]
    log_path: Path
    port: int = field(default_factory=free_port)
    workers: int = 1
    threads: int = 1
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "asmtp.wsgi:application",
            "--config",
            str(WARM_CONFIG),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--timeout",
            "60",
            "--graceful-timeout",
            "2",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(self.log_path),
            "--log-level",
            "warning",
        ]
        # A session of its own, so that the whole server (master and workers) can be killed at once.
        self.process = subprocess.Popen(
            command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.starts += 1
        self.wait_until_serving(timeout=120)

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:] if self.log_path.exists() else ""

    def wait_until_serving(self, timeout: float = 60) -> None:
        """Until /readyz answers 200 (a worker is up and reaches the database)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise AssertionError(f"the web server stopped: {self.log_tail()}")
            try:
                if request(self.port, "GET", "/readyz", timeout=10).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.01)
        raise AssertionError(f"the web server did not answer within {timeout} s: {self.log_tail()}")

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def wait_for_new_worker(self, killed: int, timeout: float = 60) -> None:
        """Until the master has forked a worker in place of `killed`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if [pid for pid in self.worker_pids() if pid != killed]:
                return
            time.sleep(0.005)
        raise AssertionError(f"no new worker within {timeout} s: {self.log_tail()}")

    def wait_for_answers(self, answers: Callable[[], float], more_than: int, timeout: float = 120) -> None:
        """Until the clients' count of answers passes `more_than` (the server is doing work)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if answers() > more_than:
                return
            time.sleep(0.005)
        raise AssertionError(f"the server answered nothing for {timeout} s: {self.log_tail()}")

    def kill_worker(self) -> int:
        """SIGKILL the web worker (the process running Django); the master forks a new one."""
        pids = self.worker_pids()
        assert pids, "no worker to kill"
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]

    def kill_everything(self) -> None:
        """SIGKILL master and workers together, as a power cut would, and reap the master."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)


def signed_in_session(user: Any) -> str:
    """A session cookie for `user`, made as the sign-in page would (through django.contrib.auth)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return str(client.cookies["sessionid"].value)
