"""The pages benchmark runs as docs/performance.md says and prints a line for every page type of every role.

A tiny caseload and one-second load runs on a scratch PostgreSQL database: this checks that the
benchmark still signs every role in, finds every page answering 200 and reports it (nothing here
is timed; its figures are read from its own runs).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    ("anonymous", "home"), ("anonymous", "self-check"), ("anonymous", "statistics"), ("anonymous", "e-Visa verification"),
    ("applicant", "dashboard"), ("applicant", "draft step"), ("applicant", "status page"), ("applicant", "bills"),
    ("applicant", "my e-Visas"), ("employer", "dashboard"), ("employer", "offer"),
    *[("officer", f"queue: {name}") for name in
      ("new", "mine", "awaiting", "due_soon", "overdue", "recommended", "awaiting_fee", "ready_to_issue")],
    ("officer", "search"), ("officer", "case page"), ("officer", "case page, e-Visa issued"), ("officer", "e-Visa page"),
    ("officer", "statements"), ("senior officer", "queue: recommended"), ("senior officer", "case page"), ("analyst", "dashboard"),
]


def _postgresql_answers() -> bool:
    try:
        import psycopg

        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=3):
            return True
    except Exception:  # any failure means there is no server to run against
        return False


def test_a_short_pages_benchmark_prints_every_page_of_every_role_and_the_goals():
    # The README's test command installs wrk and CI starts PostgreSQL: a missing one fails here.
    assert shutil.which("wrk"), "the benchmark's load generator (wrk) is missing: run ./dev test, which installs it"
    assert _postgresql_answers(), "the pages benchmark needs PostgreSQL on 127.0.0.1:5432"
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "pages", "--cases", "200", "--seconds", "1", "--port", "8153",
         "--database", f"asmtp_bench_pages_test_{os.getpid()}"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=900, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    number = r"\s+\d+" + r"\s+[\d.]+" * 4 + r"\s+\d+\s+[\d,]+\s+(met|NOT met)"
    missing = [page for page in PAGES if not re.search(rf"^{re.escape(page[0])}\s+{re.escape(page[1])}{number}", out, re.M)]
    assert missing == [], out
    for name in ("ping (trivial page)", "status page (HTML)", "case-status API"):
        assert re.search(rf"^  {re.escape(name)}\s+\d+ req/s", out, re.M), out
    assert re.search(r"status page / ping [\d.]+ \(goal >= 0.25\)", out), out
    assert re.search(r"case-status API \d+ req/s \(floor 500\)", out), out
