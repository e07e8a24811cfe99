"""How long one letter and one e-Visa PDF take to render, in one process (not a test).

    .venv/bin/python -m benchmarks pdf [--runs 5]

Renders with the real renderers (``services.letters.letter_pdf``, ``evisa.documents.
render_evisa_pdf``) from unsaved stand-ins, so no database is needed. The first document of a
process also parses the CJK faces (``asmtp.pdf.faces``); it is reported apart from the rest.
Prints wall and CPU milliseconds (CPU time is steadier on a shared machine).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from types import SimpleNamespace


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asmtp.settings")
    import django

    django.setup()


def _letter() -> Callable[[], bytes]:
    from django.utils import timezone

    from asmtp.services.letters import letter_pdf

    letter = SimpleNamespace(
        language="zh-hant",
        subject="要求補交文件",
        body="李偉先生：\n\n請於十四日內補交僱主的商業登記證副本及最近三個月的強積金供款紀錄。" * 4,
        application=SimpleNamespace(reference="ASMTP-2025-000123"),
        created_at=timezone.now(),
    )
    return lambda: letter_pdf(letter)  # type: ignore[arg-type]


def _evisa() -> Callable[[], bytes]:
    from asmtp.evisa.documents import render_evisa_pdf

    evisa = SimpleNamespace(
        number="EV2025000123",
        name_en="LI, Wei",
        name_zh="李伟",
        date_of_birth=dt.date(1990, 5, 17),
        travel_document="C12345678",
        relationship="",
        condition="employer_only",
        employer_name="Lion Rock Robotics Limited 獅子山機械人有限公司",
        principal=None,
        limit_of_stay_on=dt.date(2028, 6, 30),
        issued_on=dt.date(2025, 7, 1),
        key_id="bench-key",
        token_full="X" * 300,
        token_work="Y" * 260,
    )
    return lambda: render_evisa_pdf(evisa)


def _time(render: Callable[[], bytes]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    render()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="documents of each kind after the first")
    args = parser.parse_args(argv)
    _setup()
    for name, make in (("letter", _letter), ("e-Visa", _evisa)):
        render = make()
        first = _time(render)
        rest = [_time(render) for _ in range(args.runs)]
        wall, cpu = statistics.median(r[0] for r in rest), statistics.median(r[1] for r in rest)
        print(
            f"{name:7s} first {first[0]:7.0f} ms wall {first[1]:7.0f} ms CPU;  then median {wall:7.0f} ms wall {cpu:7.0f} ms CPU ({args.runs} runs)"
        )
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
