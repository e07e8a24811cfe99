"""`asmtp demo`, `asmtp serve` and `asmtp worker`: run the service in the foreground.

`demo` and `serve` apply migrations, then start the web server (gunicorn), the job workers
(django-tasks' db_worker) and the scheduler (`asmtp scheduler`) as child processes and stop
them all on Ctrl-C. `demo` also loads the demo data into an empty database and prints the
demo accounts.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from typing import Any


def register(sub: Any) -> None:
    for name, help_text in (
        ("demo", "migrate, load demo data if the database is empty, and serve with a job worker"),
        ("serve", "migrate and serve with job workers (production: set ASMTP_ENV=production)"),
    ):
        parser = sub.add_parser(name, help=help_text)
        parser.add_argument("--host", default=os.environ.get("ASMTP_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("ASMTP_PORT", "8000")))
        parser.add_argument("--web-workers", type=int, default=int(os.environ.get("ASMTP_WEB_WORKERS", "2")))
        parser.add_argument("--job-workers", type=int, default=int(os.environ.get("ASMTP_JOB_WORKERS", "1")))
        parser.add_argument("--no-scheduler", dest="scheduler", action="store_false",
                            default=os.environ.get("ASMTP_SCHEDULER", "1") != "0",
                            help="do not start `asmtp scheduler` (another node runs it; ASMTP_SCHEDULER=0)")
        parser.set_defaults(func=run_demo if name == "demo" else run_serve)
    worker = sub.add_parser("worker", help="run background job workers only (scale these out)")
    worker.add_argument("--processes", type=int, default=1)
    worker.set_defaults(func=run_worker)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asmtp.settings")
    import django

    django.setup()


def _prepare(*, load_demo: bool) -> None:
    from django.conf import settings
    from django.core.management import call_command

    print(f"ASMTP: {settings.ENVIRONMENT} mode, edition {settings.ASMTP_EDITION}, database {_describe_db()}", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    if settings.PRODUCTION:
        call_command("collectstatic", interactive=False, verbosity=0)
    if load_demo:
        from asmtp.operations.demo import DEMO_ACCOUNTS, demo_data_present, load_demo_data

        if demo_data_present():
            print("Demo data already loaded.", flush=True)
        else:
            print("Loading demo data (about a minute the first time)...", flush=True)
            summary = load_demo_data(cases=int(os.environ.get("ASMTP_DEMO_CASES", "400")))
            print(f"Loaded {summary}.", flush=True)
        print("\nDemo accounts (development only):", flush=True)
        for role, (email, password) in DEMO_ACCOUNTS.items():
            print(f"  {role:<15} {email:<38} password: {password}", flush=True)
        if not getattr(settings, "ASMTP_REQUIRE_STAFF_2FA", False):
            print("  (staff two-factor sign-in is off in development; set ASMTP_REQUIRE_STAFF_2FA=1 to try it)", flush=True)


def _describe_db() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite {db['NAME']}"
    return f"PostgreSQL {db.get('HOST') or 'local socket'}/{db['NAME']}"


def _children(args: argparse.Namespace) -> list[list[str]]:
    scheduler = [[sys.executable, "-m", "asmtp", "scheduler"]] if args.scheduler else []
    return [_web_command(args), *_worker_commands(args.job_workers), *scheduler]


def _web_command(args: argparse.Namespace) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "asmtp.wsgi:application",
        "--bind", f"{args.host}:{args.port}",
        "--workers", str(args.web_workers),
        "--threads", "4",
        "--graceful-timeout", "10",
        # The access log is the service's own request lines (asmtp.web.request_log) on stdout;
        # gunicorn's, in its combined format, only when ASMTP_ACCESS_LOG names a file or "-".
        "--access-logfile", os.environ.get("ASMTP_ACCESS_LOG") or "/dev/null",
        # gunicorn 24+ opens a control socket at ~/.gunicorn/gunicorn.ctl, one path for every
        # server the account starts: a second demo would take over the first one's. Nothing
        # here uses it (stop with Ctrl-C or TERM).
        "--no-control-socket",
    ]


def _worker_commands(count: int) -> list[list[str]]:
    """`count` django-tasks db_worker processes taking jobs from every queue."""
    return [
        [
            sys.executable, "-m", "django", "db_worker", "--queue-name", "*", "--interval", "0.5", "--no-reload",
            "--worker-id", f"{os.uname().nodename[:30]}-{os.getpid()}-{i}",
        ]
        for i in range(count)
    ]


def _supervise(commands: list[list[str]]) -> int:
    """Start the children; when one exits or Ctrl-C arrives, stop them all."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "asmtp.settings"}
    processes = [subprocess.Popen(command, env=env) for command in commands]
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(p.poll() is None for p in processes):
            time.sleep(0.3)
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 15
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
    failed = [p for p in processes if p.returncode not in (0, -signal.SIGTERM, -signal.SIGINT)]
    if failed and not stopping:
        print("A service process stopped unexpectedly; stopped the others.", file=sys.stderr)
        return 1
    print("Stopped.", flush=True)
    return 0


def run_demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("ASMTP_ENV", "development")
    # The demo behaves like the service: friendly error pages, never a traceback.
    os.environ.setdefault("ASMTP_DEBUG", "0")
    if os.environ["ASMTP_ENV"] == "production":
        print("`asmtp demo` loads demo accounts with published passwords; it will not run in production. Use `asmtp serve`.", file=sys.stderr)
        return 2
    _setup_django()
    _prepare(load_demo=True)
    return _start(args)


def run_serve(args: argparse.Namespace) -> int:
    _setup_django()
    _prepare(load_demo=False)
    return _start(args)


def _start(args: argparse.Namespace) -> int:
    from asmtp.web.metrics import start_metrics_run

    start_metrics_run()  # the processes' request and job figures start afresh (multiprocess mode)
    scheduler = " and the scheduler" if args.scheduler else ""
    print(f"\nServing on http://{args.host}:{args.port}/ with {args.job_workers} job worker(s){scheduler}. Press Ctrl-C to stop.\n", flush=True)
    return _supervise(_children(args))


def run_worker(args: argparse.Namespace) -> int:
    _setup_django()
    print(f"ASMTP: {args.processes} job worker(s), database {_describe_db()}. Press Ctrl-C to stop.", flush=True)
    return _supervise(_worker_commands(args.processes))
