"""How long one letter and one e-Visa PDF take to render, in one process (not a test).

    .venv/bin/python -m benchmarks pdf [--runs 5]

Renders with the real renderers (``asmtp.cases.letters.letter_pdf``, ``evisa.documents.
render_evisa_pdf``) from unsaved stand-ins, so no database is needed. The first document of a
process also parses the CJK faces (``asmtp.pdf.faces``); it is reported apart from the rest.
Each later document is a different one (another applicant, another text, other QR tokens), so
the figure includes glyphs and codes the process has not seen yet. Prints wall and CPU
milliseconds (CPU time is steadier on a shared machine) against the goals of issue 23.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time
from collections.abc import Callable
from types import SimpleNamespace


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asmtp.settings")
    import django

    django.setup()


# (language, subject, body) with {name}: texts in the words of the letters the service sends.
LETTERS = [
    ("zh-hant", "要求補交文件", "{name}先生／女士：\n\n請於十四日內補交僱主的商業登記證副本及最近三個月的強積金供款紀錄。"
     "如未能按時提交，入境事務處會按現有資料處理你的申請。\n\n入境事務處\n"),
    ("zh-hans", "申请获批准", "{name} 先生/女士：\n\n我们欣然通知您，您的申请已获批准。您获准逗留至 2029年12月5日，"
     "并须遵守逗留条件：您只可为获批准的雇主工作，转换雇主须事先获得批准。请通过您的账户缴付签发费用。\n\n入境事务处\n"),
    ("en", "Your application has been received", "Dear {name},\n\nWe have received your application under the Admission "
     "Scheme for Mainland Talents and Professionals. We will write to you if we need more information.\n\nImmigration Department\n"),
]
NAMES = ["李偉", "王芳", "張麗娟", "陈晓明", "劉德華", "黄嘉欣", "周子瑜", "吴振宇", "鄭秀文", "孙悦", "林峯", "何韻詩"]


def _letter() -> Callable[[int], bytes]:
    from django.utils import timezone

    from asmtp.cases.letters import letter_pdf

    def render(run: int) -> bytes:
        language, subject, body = LETTERS[run % len(LETTERS)]
        letter = SimpleNamespace(
            language=language,
            subject=subject,
            body=body.format(name=NAMES[run % len(NAMES)]) * 3,
            application=SimpleNamespace(reference=f"ASMTP-2025-{run:06d}"),
            created_at=timezone.now(),
        )
        return letter_pdf(letter)  # type: ignore[arg-type]

    return render


def _evisa() -> Callable[[int], bytes]:
    from asmtp.evisa.documents import render_evisa_pdf

    def render(run: int) -> bytes:
        tokens = random.Random(run)
        evisa = SimpleNamespace(
            number=f"EV2025{run:06d}",
            name_en="LI, Wei",
            name_zh=NAMES[run % len(NAMES)],
            date_of_birth=dt.date(1990, 5, 17),
            travel_document="C12345678",
            relationship="",
            condition="employer_only",
            employer_name="Lion Rock Robotics Limited 獅子山機械人有限公司",
            principal=None,
            limit_of_stay_on=dt.date(2028, 6, 30),
            issued_on=dt.date(2025, 7, 1),
            key_id="bench-key",
            # Signed tokens are about this long; new ones each run, as each e-Visa has its own.
            token_full="".join(tokens.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", k=300)),
            token_work="".join(tokens.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", k=260)),
        )
        return render_evisa_pdf(evisa)

    return render


# Goals of issue 23 ("Performance"): CPU milliseconds per document after the first.
GOALS = {"letter": 50, "e-Visa": 100}


def _time(render: Callable[[int], bytes], run: int) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    render(run)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="documents of each kind after the first")
    args = parser.parse_args(argv)
    _setup()
    print(f"{'document':9s} {'goal':>9s}   {'first: wall':>11s} {'CPU':>7s}   {'then median: wall':>17s} {'CPU':>7s}   runs")
    for name, make in (("letter", _letter), ("e-Visa", _evisa)):
        render = make()
        first = _time(render, 0)
        rest = [_time(render, run) for run in range(1, args.runs + 1)]
        wall, cpu = statistics.median(r[0] for r in rest), statistics.median(r[1] for r in rest)
        verdict = "met" if cpu < GOALS[name] else "NOT met"
        print(
            f"{name:9s} {'< ' + str(GOALS[name]) + ' ms':>9s}   {first[0]:8.0f} ms {first[1]:4.0f} ms"
            f"   {wall:14.0f} ms {cpu:4.0f} ms   {args.runs}  goal {verdict}"
        )
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
