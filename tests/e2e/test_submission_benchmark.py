"""The submission benchmark runs as docs/performance.md says, and its journeys leave no duplicates.

A few journeys only, on a scratch SQLite database: this checks that the benchmark still works and
counts what it should (nothing here is timed; its figures are read from its own runs).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def test_a_short_submission_benchmark_counts_every_journey_once_and_prints_its_bounds():
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "submission", "--count", "6", "--processes", "2", "--database", "sqlite"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "counted afterwards: applications 6, with a reference 6, distinct references 6, SUBMIT events 6, " \
           "acknowledgement letters 6, applicants with 2+ applications 0, documents 24" in out, out
    assert "duplicates under retries: 0" in out, out
    journey = re.search(r"one journey sends (\d+) statements in (\d+) transactions", out)
    assert journey is not None, out
    # Ten changes, each in its own transaction: opening the draft, four steps, four documents, submitting.
    assert int(journey.group(2)) == 10, out
    assert re.search(r"its round trips alone take [\d.]+ ms of CPU: at most \d+/s on \d+ CPUs", out), out
