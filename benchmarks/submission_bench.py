"""Complete submissions per second, with documents, on SQLite and PostgreSQL; duplicates under retries.

    python -m benchmarks submission [--count 400] [--processes 2] [--database both|sqlite|postgresql]

A complete submission is what an applicant does, through the same services the portal's views
call: open the draft (sent twice, as a double click would), fill the four steps, upload every
document the checklist asks for (a real PDF, checked by content and stored), and submit (sent
twice more: a double click, then a retry after a lost answer). ``--processes`` workers, each its
own process and database connection, share the submissions between them.

After the run the database is counted: exactly one application, one reference, one SUBMIT event
and one acknowledgement letter per submission, or the benchmark says how many duplicates it found.

It also prints what bounds the rate on this machine, measured in the same run: the machine's CPU
per submission (the submitting processes, the database server and the kernel), the statements and
transactions one journey sends, and what a trivial statement and an empty transaction cost here,
so the least CPU this journey's round trips alone need, and the most submissions/s that allows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import servers
from benchmarks.loadgen import busy_cpu_seconds

GOALS = {"postgresql": 25.0, "sqlite": 25.0}  # issue 23: 50,000 a year is about 25 an office hour; floors to keep
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def mainland_id(born: dt.date, sequence: int) -> str:
    body = f"110105{born:%Y%m%d}{sequence % 1000:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def small_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def submit_one(user: Any, n: int, pdf: bytes, stages: dict[str, float]) -> None:
    """One applicant's whole journey through the services, with the retries a real one sends."""
    import uuid

    from asmtp.cases.documents import document_checklist, upload_document
    from asmtp.portal import services as svc

    key = uuid.uuid4().hex
    began = time.perf_counter()
    case = svc.start_application(user, idempotency_key=key, language="zh-hans", edition="direct")
    again = svc.start_application(user, idempotency_key=key, language="zh-hans", edition="direct")
    assert again.pk == case.pk, "a double click opened a second draft"
    born = dt.date(1985 + n % 15, 1 + n % 12, 1 + n % 28)
    svc.save_draft_step(case.pk, user, "personal", {
        "name_en": f"BENCH Applicant {n}", "name_zh": "测试", "sex": "F", "date_of_birth": born.isoformat(),
        "mainland_id_number": mainland_id(born, n), "travel_document": {"type": "EEP", "number": f"C{n:08d}"},
        "residence": "mainland", "hk_degree_graduate": False,
    })
    svc.save_draft_step(case.pk, user, "education", {
        "education_level": "master", "field_of_study": "Computer science", "professional_qualifications": [], "experience_years": 6,
    })
    svc.save_draft_step(case.pk, user, "employment", {})
    case = svc.save_draft_step(case.pk, user, "declarations", {"criminal_conviction_declared": False})
    drafted = time.perf_counter()
    for person in document_checklist(case):
        for item in person.missing:
            upload_document(case.pk, user, kind=item.kind, person=person.person, upload=io.BytesIO(pdf), original_name="scan.pdf")
    uploaded = time.perf_counter()
    first = svc.submit_application(case.pk, user, idempotency_key=key, declared=True)
    double_click = svc.submit_application(case.pk, user, idempotency_key=key, declared=True)
    retry = svc.submit_application(case.pk, user, idempotency_key=key, declared=True)
    assert first.reference and first.reference == double_click.reference == retry.reference, "a retry changed the reference"
    done = time.perf_counter()
    stages["draft"] += drafted - began
    stages["documents"] += uploaded - drafted
    stages["submit"] += done - uploaded


def child(first: int, last: int) -> None:
    """Submit applications first..last-1 in this process; print timings as JSON."""
    import django

    django.setup()
    from asmtp.accounts.models import User

    users = list(User.objects.filter(username__startswith="submit").order_by("id")[first:last])
    pdf = small_pdf()
    stages = {"draft": 0.0, "documents": 0.0, "submit": 0.0}
    began = time.time()
    for n, user in enumerate(users, start=first):
        submit_one(user, n, pdf, stages)
    print(json.dumps({"began": began, "ended": time.time(), "count": len(users), "stages": stages}))


def prepare(count: int) -> None:
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connections

    from asmtp.accounts.models import User

    call_command("migrate", verbosity=0)
    password = make_password("not used to sign in")
    now = dt.datetime.now(dt.UTC)
    User.objects.bulk_create([
        User(username=f"submit{n:06d}@example.cn", email=f"submit{n:06d}@example.cn", role="applicant",
             password=password, email_verified_at=now)
        for n in range(count)
    ])
    connections.close_all()


def verify(count: int) -> dict[str, int]:
    """Count what the run left in the database; every figure should equal the submissions."""
    from django.db.models import Count

    from asmtp.cases.models import Application, CaseEvent, Document, Letter

    submitted = Application.objects.exclude(reference=None)
    return {
        "applications": Application.objects.count(),
        "with a reference": submitted.count(),
        "distinct references": submitted.values("reference").distinct().count(),
        "SUBMIT events": CaseEvent.objects.filter(action="submit").count(),
        "acknowledgement letters": Letter.objects.filter(kind="acknowledgement").count(),
        "applicants with 2+ applications": Application.objects.values("applicant").annotate(n=Count("id")).filter(n__gt=1).count(),
        "documents": Document.objects.count(),
    }


def journey_round_trips(count: int) -> tuple[int, int]:
    """Statements and transactions of one more complete journey, sent by this process and counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from asmtp.accounts.models import User

    user = User.objects.filter(username__startswith="submit").order_by("id")[count]
    stages = {"draft": 0.0, "documents": 0.0, "submit": 0.0}
    with CaptureQueriesContext(connection) as queries:
        submit_one(user, count, small_pdf(), stages)
    sent = [query["sql"] for query in queries.captured_queries]
    transactions = sum(sql.startswith("BEGIN") for sql in sent)
    statements = sum(not sql.startswith(("BEGIN", "COMMIT")) for sql in sent)
    return statements, transactions


def round_trip_costs(repeat: int = 5000) -> tuple[float, float]:
    """The machine's CPU (client, server, kernel) for a trivial statement, and for an empty
    transaction's BEGIN and COMMIT around it, in ms, through Django's cursor on this database."""
    from django.db import connection, transaction

    connection.ensure_connection()
    busy = busy_cpu_seconds()[0]
    with transaction.atomic():
        for _ in range(repeat):
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
    statement = 1000 * (busy_cpu_seconds()[0] - busy) / repeat
    busy = busy_cpu_seconds()[0]
    for _ in range(repeat // 5):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    per_transaction = 1000 * (busy_cpu_seconds()[0] - busy) / (repeat // 5) - statement
    return statement, per_transaction


def print_bounds(count: int, busy_ms: float, rate: float, goal: float) -> None:
    """What bounds the rate on this machine: its CPU per submission, and the journey's round trips."""
    cpus = os.cpu_count() or 1
    statements, transactions = journey_round_trips(count)
    per_statement, per_transaction = round_trip_costs()
    floor_ms = statements * per_statement + transactions * per_transaction
    print(f"  the machine's CPU per submission: {busy_ms:.1f} ms (all processes and the kernel; {cpus} CPUs allow "
          f"{1000 * cpus / busy_ms:.0f}/s at that cost, {rate / (1000 * cpus / busy_ms):.0%} of it reached)")
    print(f"  one journey sends {statements} statements in {transactions} transactions; here a trivial statement costs "
          f"{1000 * per_statement:.0f} µs of CPU and a transaction's BEGIN and COMMIT {1000 * per_transaction:.0f} µs")
    print(f"  so its round trips alone take {floor_ms:.1f} ms of CPU: at most {1000 * cpus / floor_ms:.0f}/s on {cpus} CPUs "
          f"(goal {goal:.0f}/s needs at most {1000 * cpus / goal:.1f} ms of CPU per submission, all work included)")


def run_backend(backend: str, args: argparse.Namespace) -> float:
    scratch = Path(tempfile.mkdtemp(prefix=f"asmtp-bench-submit-{backend}-"))
    if backend == "postgresql":
        url = servers.create_database("asmtp_bench_submit")
    else:
        url = f"sqlite:///{scratch / 'bench.sqlite3'}"
    env = {**servers.production_environment(url, scratch), "DJANGO_SETTINGS_MODULE": "asmtp.settings"}
    os.environ.update(env)
    # One applicant more than the run needs: the journey whose statements are counted afterwards.
    subprocess.run([sys.executable, "-m", "benchmarks", "submission", "--prepare", str(args.count + 1)], env=os.environ, check=True)
    busy_before, _steal = busy_cpu_seconds()
    share = -(-args.count // args.processes)
    children = [
        subprocess.Popen([sys.executable, "-m", "benchmarks", "submission", "--child", str(i * share), str(min(args.count, (i + 1) * share))],
                         env=os.environ, stdout=subprocess.PIPE, text=True)
        for i in range(args.processes) if i * share < args.count
    ]
    results = []
    for process in children:
        out, _ = process.communicate(timeout=1800)
        if process.returncode != 0:
            raise SystemExit(f"a submitting process failed (exit {process.returncode})")
        results.append(json.loads(out.strip().splitlines()[-1]))
    busy_ms = 1000 * (busy_cpu_seconds()[0] - busy_before) / args.count
    wall = max(r["ended"] for r in results) - min(r["began"] for r in results)
    rate = args.count / wall
    import django
    from django.conf import settings

    django.setup()
    counts = verify(args.count)
    duplicates = sum(max(0, counts[k] - args.count) for k in ("applications", "with a reference", "SUBMIT events", "acknowledgement letters"))
    duplicates += counts["applicants with 2+ applications"]
    stage_totals = {k: sum(r["stages"][k] for r in results) for k in ("draft", "documents", "submit")}
    per = {k: 1000 * v / args.count for k, v in stage_totals.items()}
    docs = counts["documents"] / args.count
    print(f"\n{backend} ({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}), {args.processes} processes, {args.count} submissions "
          f"with {docs:.0f} documents each:")
    print(f"  {rate:7.1f} complete submissions/s  ({wall:.1f} s wall; goal {GOALS[backend]:.0f}/s: {'met' if rate >= GOALS[backend] else 'NOT met'})")
    print(f"  time per submission in one process: draft {per['draft']:.0f} ms, documents {per['documents']:.0f} ms, "
          f"submit x3 {per['submit']:.0f} ms")
    print("  counted afterwards: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print(f"  duplicates under retries: {duplicates}")
    print_bounds(args.count, busy_ms, rate, GOALS[backend])
    from django.db import connections

    connections.close_all()
    if backend == "postgresql" and not args.keep:
        servers.drop_database("asmtp_bench_submit")
    return rate


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks submission", description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=400, help="submissions per database (default 400)")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2, help="submitting processes (default: one per CPU)")
    parser.add_argument("--database", choices=["both", "sqlite", "postgresql"], default="both")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child", type=int, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare is not None:
        prepare(args.prepare)
        return 0
    if args.child:
        child(*args.child)
        return 0
    if args.database == "both":
        print(f"Submission benchmark: {os.cpu_count()} CPUs, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
        # Each backend in its own process: settings are read once per process.
        for backend in ("sqlite", "postgresql"):
            done = subprocess.run([sys.executable, "-m", "benchmarks", "submission", "--database", backend,
                                   "--count", str(args.count), "--processes", str(args.processes),
                                   *(["--keep"] if args.keep else [])], check=False)
            if done.returncode != 0:
                return done.returncode
        return 0
    run_backend(args.database, args)
    return 0
