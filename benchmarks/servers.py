"""Start and stop the service's processes for a benchmark (gunicorn on 127.0.0.1), and the
environment they share: one database, one data folder, production settings."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")


def create_database(name: str) -> str:
    """A fresh, empty PostgreSQL database on the benchmark server; its URL."""
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{SERVER}/{name}"


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_environment(database_url: str, data_dir: Path) -> dict[str, str]:
    """What every process of the benchmark runs with: production mode (DEBUG off), plain HTTP on 127.0.0.1."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return {
        "ASMTP_ENV": "production",
        "ASMTP_SECRET_KEY": secrets.token_urlsafe(64),
        "ASMTP_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ASMTP_SSL_REDIRECT": "false",
        "ASMTP_DATA_DIR": str(data_dir),
        "ASMTP_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
    }


def start_gunicorn(port: int, env: dict[str, str], *, workers: int, threads: int) -> subprocess.Popen[bytes]:
    """gunicorn with ``workers`` processes (``threads`` each) on 127.0.0.1:port, ready to serve."""
    command = [
        sys.executable, "-m", "gunicorn", "asmtp.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--threads", str(threads), "--backlog", "2048",
        "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning",
        "--pythonpath", str(ROOT),
    ]
    process = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit {process.returncode})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
