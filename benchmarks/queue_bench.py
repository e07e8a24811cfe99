"""How fast the officer's queues answer with a million cases in PostgreSQL (not a test).

    .venv/bin/python benchmarks/queue_bench.py [--cases 1000000] [--runs 40] [--keep]

Creates a database (asmtp_bench by default) on the PostgreSQL server in BENCH_DATABASE_URL
(default postgres://postgres@127.0.0.1:5432), migrates it, loads the cases with COPY, and times
each queue two ways: the selector's query alone, and the whole page through Django's test
client (session, middleware, template). Prints p50/p95 in milliseconds; the goal is 200 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
STATUSES = [("submitted", 12), ("assessing", 18), ("awaiting_applicant", 8), ("recommended", 6),
            ("approved", 10), ("refused", 3), ("evisa_issued", 38), ("withdrawn", 3), ("lapsed", 2)]
INDUSTRIES = "CFGHIJKLMNP"


def create_database(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{SERVER}/{name}"


def load_cases(url: str, count: int, applicant_id: int, officer_ids: list[int]) -> None:
    import psycopg

    rng = random.Random(2026)
    statuses = [s for s, weight in STATUSES for _ in range(weight)]
    now = dt.datetime.now(dt.UTC)
    columns = ("reference", "kind", "applicant_id", "edition", "status", "status_changed_at", "language", "draft_step",
               "applicant_data", "name_en", "name_zh", "industry", "talent_list_profession", "province_code",
               "rules_outcome", "dependant_count", "created_at", "updated_at", "submitted_at", "pledge_due_on",
               "assigned_officer_id", "assessed", "recommendation", "recommended_by_id", "decision_reasons",
               "fee_paid", "version", "stream")
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        with cur.copy(f"COPY cases_application ({', '.join(columns)}) FROM STDIN") as copy:
            for n in range(1, count + 1):
                status = rng.choice(statuses)
                submitted = now - dt.timedelta(days=rng.randrange(0, 900), seconds=rng.randrange(86400))
                officer = rng.choice(officer_ids) if status != "submitted" or rng.random() < 0.2 else None
                recommended = status in {"recommended", "approved", "refused", "evisa_issued"}
                copy.write_row((
                    f"ASMTP-{submitted.year}-{n:07d}", "entry", applicant_id, rng.choice(["direct", "immd"]), status,
                    submitted, "zh-hans", "", "{}", f"CASE {n}", "", rng.choice(INDUSTRIES),
                    "tl-software-engineer" if rng.random() < 0.3 else "", "44",
                    rng.choice(["eligible", "eligible", "refer", "ineligible", ""]), rng.randrange(3), submitted,
                    submitted, submitted, (submitted + dt.timedelta(days=28)).date(), officer,
                    recommended, "approve" if recommended else "", officer if recommended else None, "", False, 1, "general",
                ))
        # Past every id in the table, cases already there before the load included.
        cur.execute("SELECT setval(pg_get_serial_sequence('cases_application', 'id'), (SELECT max(id) FROM cases_application))")
        conn.commit()
        cur.execute("ANALYZE cases_application")
        conn.commit()


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms"


def timed(function, runs: int) -> list[float]:
    function()  # warm the caches and the connection
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def database_holds(name: str, cases: int) -> bool:
    """Whether a kept benchmark database exists and already holds at least ``cases`` cases."""
    import psycopg

    try:
        with psycopg.connect(f"{SERVER}/{name}", connect_timeout=5) as conn:
            found = conn.execute("SELECT count(*) FROM cases_application").fetchone()
    except psycopg.Error:
        return False
    return bool(found and found[0] >= cases)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--database", default="asmtp_bench")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true",
                        help="measure again on a database kept by an earlier --keep run, without loading it again")
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    reuse = args.reuse and database_holds(args.database, args.cases)
    url = f"{SERVER}/{args.database}" if reuse else create_database(args.database)
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="asmtp.settings",
                      ASMTP_DATA_DIR=os.environ.get("ASMTP_DATA_DIR", str(Path(tempfile.gettempdir()) / "asmtp-bench-data")))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from asmtp.accounts.models import User
    from asmtp.workbench.selectors import QUEUES, QueueFilters, queue_page

    call_command("migrate", verbosity=0)
    if reuse:
        officers = list(User.objects.filter(role="officer", username__endswith="@immd.example.hk").order_by("id"))
        from django.db import connection

        with connection.cursor() as cursor:  # statistics a new migration created must be filled in
            cursor.execute("ANALYZE cases_application")
        print(f"reusing the {args.cases:,} cases already in {args.database}")
    else:
        applicant = User.objects.create_user(username="bench@example.cn", email="bench@example.cn", role="applicant")
        officers = [User.objects.create_user(username=f"o{i}@immd.example.hk", email=f"o{i}@immd.example.hk", role="officer")
                    for i in range(20)]
        start = time.perf_counter()
        load_cases(url, args.cases, applicant.pk, [o.pk for o in officers])
        print(f"loaded {args.cases:,} cases with COPY in {time.perf_counter() - start:.1f} s")
    print(f"machine: {os.cpu_count()} CPUs, load average before measuring: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")

    officer, today = officers[0], timezone.localdate()
    client = Client()
    client.force_login(officer)
    filtered = QueueFilters(industry="J", talent_list="yes", outcome="eligible")
    print(f"{'queue':<34} {'selector (query)':<34} full page (test client)")
    worst = 0.0
    for name in QUEUES:
        deep = queue_page(name, officer.pk, today=today, size=5000).next_before
        cases = [("first page", None, QueueFilters()), ("deep page", deep, QueueFilters()),
                 ("filtered", None, filtered)]
        for label, before, filters in cases:
            query = timed(lambda n=name, f=filters, b=before: queue_page(n, officer.pk, today=today, filters=f, before=b),
                          args.runs)
            params = f"?queue={name}" + (f"&before={before}" if before else "") + (
                "&industry=J&talent_list=yes&outcome=eligible" if filters != QueueFilters() else "")
            page = timed(lambda p=params: client.get(f"/en/workbench/{p}"), args.runs)
            worst = max(worst, sorted(page)[round(0.95 * (len(page) - 1))])
            print(f"{name + ' / ' + label:<34} {percentiles(query):<34} {percentiles(page)}")
    print(f"worst full-page p95: {worst:.1f} ms (goal: under 200 ms)")
    if not args.keep:
        from django.db import connections

        connections.close_all()
        import psycopg

        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{args.database}"')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
