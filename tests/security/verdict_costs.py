"""Measure what screening each hostile file costs, in a process of its own (not a test).

    python -m tests.security.verdict_costs < [[file, upload name], ...]  (JSON on stdin)

Run apart from pytest on purpose: a program the screen starts (pdftoppm) is counted from its
fork, when its resident size is still this process's, so in a test process grown to hundreds of
megabytes its peak would say nothing about the program. This process stays small, and its
address space may grow by at most 256 MB once set up. It prints, as JSON, each file's verdict
and CPU seconds (its own and its programs') for the upload screen and the e-Visa verify page, and
the peaks: this process's growth and the largest program's resident size, both bounded by the
budget if every file was.
"""

from __future__ import annotations

import io
import json
import os
import resource
import sys
from pathlib import Path

HOSTILE = Path(__file__).resolve().parent / "hostile"
MEMORY_BYTES = 256 * 1024 * 1024


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _virtual_memory_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmSize")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asmtp.settings")
    os.environ.setdefault("ASMTP_ENV", "test")
    import django

    django.setup()
    from asmtp.cases.documents import DocumentRejected, checked_upload
    from asmtp.evisa.scanning import ScanError, tokens_in_file

    files = json.load(sys.stdin)
    resource.setrlimit(resource.RLIMIT_AS, (_virtual_memory_bytes() + MEMORY_BYTES, resource.RLIM_INFINITY))
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report: dict[str, dict[str, dict[str, object]]] = {}
    for fixture, name in files:
        data = (HOSTILE / fixture).read_bytes()
        report[fixture] = {}
        for path, work in (
            ("upload", lambda: checked_upload(io.BytesIO(data), name)),  # noqa: B023 — run at once
            ("verify", lambda: tokens_in_file(data)),  # noqa: B023
        ):
            before = _cpu()
            try:
                work()
                verdict = "accepted"
            except (DocumentRejected, ScanError) as refused:
                verdict = refused.code
            except BaseException as error:  # reported, and the test fails on it
                verdict = f"error: {error!r}"
            report[fixture][path] = {"verdict": verdict, "cpu": _cpu() - before}
    peaks = {
        "grown_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start_rss,
        "program_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }
    json.dump({"files": report, "peaks": peaks}, sys.stdout)


if __name__ == "__main__":
    main()
