"""The README's first command serves the demo: home page in three languages and the admin login.

Runs the real `asmtp demo` (web server + job worker as child processes) on a free port
against a fresh data folder, then stops it with Ctrl-C (SIGINT) as a person would.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 — our own server on 127.0.0.1
        return response.read().decode()


def test_asmtp_demo_serves_the_home_page_in_three_languages_and_the_admin_login(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASMTP_", "PYTEST_", "DATABASE_URL", "DJANGO_"))}
    env.update(ASMTP_DATA_DIR=str(tmp_path), ASMTP_DEMO_CASES="60")
    process = subprocess.Popen([sys.executable, "-m", "asmtp", "demo", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    try:
        deadline = time.monotonic() + 240
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            output.append(line)
            if "Serving on" in line:
                break
        assert any("Serving on" in line for line in output), "".join(output)
        assert any("senior@demo.asmtp.example" in line for line in output), "demo accounts not printed"
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                fetch(f"{base}/healthz")
                break
            except OSError:
                time.sleep(0.2)
        assert "Admission Scheme for Mainland Talents and Professionals" in fetch(f"{base}/en/")
        assert "输入内地人才计划" in fetch(f"{base}/zh-hans/")
        assert "輸入內地人才計劃" in fetch(f"{base}/zh-hant/")
        assert 'name="username"' in fetch(f"{base}/en/admin/login/")
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=30)
    assert process.returncode == 0, "".join(output) + rest
    assert "Stopped." in rest
