"""Requests/s and p50/p95/p99 of the case-status API and the status page, beside /api/v1/ping.

    python -m benchmarks http [--workers 4] [--threads 2] [--seconds 5] [--cases 100000] [--keep]

One run, one server, one database: a fresh PostgreSQL database (asmtp_bench_http) with
``--applicants`` applicants, each signed in (a real session row) with a submitted case, over a
backdrop of ``--cases`` other cases loaded with COPY; gunicorn in production mode on
127.0.0.1; wrk as the load generator (bounded: a few seconds per step, 512 connections at most).

For each endpoint: a sweep of concurrency to find the peak and the knee; then a run paced at
70% of that peak, where the latency goals are read. Past the knee, one run far over the
limit shows what the service does there: quick 503s with Retry-After, not timeouts.
Every figure and ratio printed is measured in this run.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import tempfile
import time
from pathlib import Path

from benchmarks import servers
from benchmarks.loadgen import Cost, Run, measure_cost, paced, run_wrk, wrk_path

# Issue 23: the API keeps a floor of 500 req/s; the status page should reach a quarter of ping.
GOAL_RPS, GOAL_P99_MS, GOAL_PAGE_RATIO = 500.0, 100.0, 0.25


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, load average before: {load}"


def populate(args: argparse.Namespace, url: str) -> list[tuple[str, str, str]]:
    """Applicants with sessions and submitted cases: (session key, API path, page path) each."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from asmtp.accounts.models import User
    from asmtp.cases.models import Application
    from asmtp.cases.services import perform_action
    from asmtp.domain.lifecycle import Action
    from asmtp.security.session_store import SessionStore
    from asmtp.security.sessions import SEEN_KEY, STARTED_KEY

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    officer = User.objects.create_user(username="bench.officer@immd.example.hk", email="bench.officer@immd.example.hk", role="officer")
    if args.cases:
        from benchmarks.queue_bench import load_cases

        began = time.perf_counter()
        load_cases(url, args.cases, officer.pk, [officer.pk])
        print(f"backdrop: {args.cases:,} cases loaded with COPY in {time.perf_counter() - began:.1f} s")
    password = make_password("bench password not used to sign in")  # hashed once: Argon2 is slow on purpose
    users = User.objects.bulk_create([
        User(username=f"bench{n}@example.cn", email=f"bench{n}@example.cn", role="applicant", password=password)
        for n in range(args.applicants)
    ])
    targets = []
    for n, user in enumerate(users):
        case = Application.objects.create(applicant=user, language="en", applicant_data={"name_en": f"BENCH {n}"})
        case = perform_action(case.pk, Action.SUBMIT, user)
        if n % 2:
            case = perform_action(case.pk, Action.CLAIM, officer)
        session = SessionStore()
        # As after a real sign-in: the lifetime middleware's times are set, so a request reads the session but does not write it.
        session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                        HASH_SESSION_KEY: user.get_session_auth_hash(), STARTED_KEY: time.time(), SEEN_KEY: time.time()})
        session.create()
        targets.append((f"sessionid={session.session_key}", f"/api/v1/cases/{case.reference}/status",
                        f"/en/portal/applications/{case.pk}/"))
    from django.db import connections

    connections.close_all()
    return targets


def check_answers(base: str, targets: list[tuple[str, str, str]]) -> None:
    """Before timing anything: each endpoint answers 200 with what it should (not a 302 or a 404)."""
    import urllib.request

    cookie, api, page = targets[0]
    for path, expect in ((api, b'"status"'), (page, b"<html"), ("/api/v1/ping", b'"ok"')):
        request = urllib.request.Request(base + path, headers={"Cookie": cookie})  # noqa: S310 — http://127.0.0.1 only
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 — our own server on 127.0.0.1
            body = response.read()
            if response.status != 200 or expect not in body:
                raise SystemExit(f"{path} answered {response.status} without {expect!r}: the benchmark would measure the wrong thing")


def sweep(base: str, name: str, targets: list[tuple[str, str]], levels: list[int], seconds: float) -> tuple[Run, list[Run]]:
    print(f"\n{name}: concurrency sweep ({seconds:.0f} s each)")
    runs = []
    for level in levels:
        run = run_wrk(base, targets, connections=level, seconds=seconds)
        runs.append(run)
        print("  " + run.line(), flush=True)
    peak = max(runs, key=lambda r: r.ok_rps)
    return peak, runs


def knee(runs: list[Run]) -> Run:
    """The last level that still added at least 10% throughput over the one before it."""
    best = runs[0]
    for before, after in itertools.pairwise(runs):
        if after.ok_rps < before.ok_rps * 1.10:
            break
        best = after
    return best


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks http", description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (default 2)")
    parser.add_argument("--seconds", type=float, default=5, help="length of each load step, at most 30 (default 5)")
    parser.add_argument("--levels", default="1,2,4,8,16,32,64", help="connection counts of the sweep")
    parser.add_argument("--applicants", type=int, default=200, help="signed-in applicants with a case each (default 200)")
    parser.add_argument("--cases", type=int, default=100_000, help="other cases in the table (default 100,000)")
    parser.add_argument("--port", type=int, default=8151)
    parser.add_argument("--database", default="asmtp_bench_http")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    wrk_path()
    levels = sorted({max(1, int(x)) for x in args.levels.split(",") if x.strip()})

    url = servers.create_database(args.database)
    env = servers.production_environment(url, Path(tempfile.mkdtemp(prefix="asmtp-bench-http-")))
    os.environ.update(env)
    print("HTTP benchmark: gunicorn + PostgreSQL on this machine, wrk on 127.0.0.1")
    print(f"machine: {machine()}")
    targets = populate(args, url)
    server = servers.start_gunicorn(args.port, env, workers=args.workers, threads=args.threads)
    try:
        return measure(args, f"http://127.0.0.1:{args.port}", targets, levels)
    finally:
        servers.stop(server)
        if not args.keep:
            servers.drop_database(args.database)


def measure(args: argparse.Namespace, base: str, targets: list[tuple[str, str, str]], levels: list[int]) -> int:
    check_answers(base, targets)
    print(f"server: gunicorn, {args.workers} workers x {args.threads} threads, production settings, load shedding on "
          f"(ASMTP_MAX_IN_FLIGHT={os.environ.get('ASMTP_MAX_IN_FLIGHT', 'default 8')}); "
          f"{args.applicants} signed-in applicants, {args.cases:,} other cases")
    endpoints = {
        "ping (floor)": [("/api/v1/ping", "")],
        "case-status API": [(api, cookie) for cookie, api, _page in targets],
        "status page (HTML)": [(page, cookie) for cookie, _api, page in targets],
    }
    run_wrk(base, endpoints["case-status API"], connections=8, seconds=2)  # warm every worker's connection and caches
    peaks: dict[str, Run] = {}
    at70: dict[str, Run] = {}
    for name, paths in endpoints.items():
        peak, runs = sweep(base, name, paths, levels, args.seconds)
        peaks[name] = peak
        bend = knee(runs)
        print(f"  peak {peak.ok_rps:.0f} req/s at {peak.connections} connections; knee at {bend.connections} connections "
              f"({bend.ok_rps:.0f} req/s, p99 {bend.p99_ms:.1f} ms)")
        if peak.ok_rps <= 0:
            raise SystemExit(f"{name} answered nothing successfully; see the server's log above")
        at70[name] = paced(base, paths, rate=0.7 * peak.ok_rps, connections=max(16, 2 * peak.connections),
                           seconds=args.seconds, idle_latency_ms=runs[0].p50_ms)
        print(f"  at 70% of peak (target {0.7 * peak.ok_rps:.0f} req/s): " + at70[name].line())
    overload = run_wrk(base, endpoints["case-status API"], connections=max(levels) * 4, seconds=args.seconds)
    print(f"\npast the knee, case-status API with {overload.connections} connections:\n  " + overload.line())
    print(f"  answered {overload.ok_rps:.0f} req/s with 200 and {overload.non_2xx / overload.seconds:.0f} "
          f"req/s with 503 + Retry-After; {overload.errors} connection errors or timeouts")
    costs = {name: measure_cost(base, endpoints[name], connections=4, seconds=args.seconds) for name in ("ping (floor)", "case-status API")}
    report(peaks, at70, costs)
    return 0


def report(peaks: dict[str, Run], at70: dict[str, Run], costs: dict[str, Cost]) -> None:
    ping, api, page = (peaks[k] for k in ("ping (floor)", "case-status API", "status page (HTML)"))
    api70 = at70["case-status API"]
    print("\nsummary (this run)")
    print(f"  {'endpoint':<20} {'peak req/s':>10} {'vs ping':>8} {'@70%: req/s':>12} {'p50':>7} {'p95':>7} {'p99 ms':>7}")
    for name, run in peaks.items():
        low = at70[name]
        print(f"  {name:<20} {run.ok_rps:10.0f} {run.ok_rps / ping.ok_rps:8.2f} {low.rps:12.0f} "
              f"{low.p50_ms:7.1f} {low.p95_ms:7.1f} {low.p99_ms:7.1f}")
    ratio = api.ok_rps / ping.ok_rps
    print("against the goals:")
    print(f"  case-status API peak {api.ok_rps:.0f} req/s (goal >= {GOAL_RPS:.0f}): {'met' if api.ok_rps >= GOAL_RPS else 'NOT met'}")
    print(f"  p99 at 70% of peak {api70.p99_ms:.1f} ms (goal < {GOAL_P99_MS:.0f}): {'met' if api70.p99_ms < GOAL_P99_MS else 'NOT met'}")
    print(f"  (API / ping throughput {ratio:.2f})")
    page_ratio = page.ok_rps / ping.ok_rps
    print(f"  status page / ping {page_ratio:.2f} (goal >= {GOAL_PAGE_RATIO}): {'met' if page_ratio >= GOAL_PAGE_RATIO else 'NOT met'}")
    ping_cost, api_cost = costs["ping (floor)"], costs["case-status API"]
    print("the machine's CPU per answered request at 4 connections (server, PostgreSQL, wrk and kernel; "
          "unlike req/s, not moved by time the hypervisor takes away):")
    for name, cost in costs.items():
        print(f"  {name:<20} {cost.cpu_ms:6.3f} ms  ({cost.run.rps:.0f} req/s, {cost.steal_s:.2f} s stolen)")
    print(f"  ping / API CPU per request {ping_cost.cpu_ms / api_cost.cpu_ms:.2f}: the throughput ratio once both are CPU-bound")
