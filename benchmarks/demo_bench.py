"""How long `asmtp demo` takes to load its demo data into an empty database (not a test).

    .venv/bin/python -m benchmarks demo [--cases 400]

Times what stands between `asmtp demo` and its first page: the migrations, then
``asmtp.operations.demo.load_demo_data`` with the demo's defaults, on the embedded SQLite in a fresh
temporary data folder (DATABASE_URL is ignored). Prints wall and CPU seconds (CPU time is
steadier on a shared machine; the wall figure is the one a newcomer waits) and the machine's
load average, so a figure taken on a busy machine reads as such.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks demo")
    parser.add_argument("--cases", type=int, default=int(os.environ.get("ASMTP_DEMO_CASES", "400")))
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="asmtp-demo-bench-") as folder:
        os.environ.pop("DATABASE_URL", None)
        os.environ.update(ASMTP_DATA_DIR=folder, ASMTP_ENV="development", ASMTP_DEBUG="0",
                          DJANGO_SETTINGS_MODULE="asmtp.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from asmtp.operations.demo import load_demo_data

        started, cpu = time.perf_counter(), time.process_time()
        call_command("migrate", interactive=False, verbosity=0)
        migrated, migrated_cpu = time.perf_counter(), time.process_time()
        summary = load_demo_data(cases=args.cases)
        done, done_cpu = time.perf_counter(), time.process_time()

    load = os.getloadavg()[0]
    print(f"migrate:   {migrated - started:6.1f} s wall {migrated_cpu - cpu:6.1f} s CPU")
    print(f"demo data: {done - migrated:6.1f} s wall {done_cpu - migrated_cpu:6.1f} s CPU  ({summary})")
    print(f"total:     {done - started:6.1f} s wall    (load average {load:.1f} on {os.cpu_count()} CPUs)")
    return 0
