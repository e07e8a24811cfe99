"""Every page type of every role, with a large caseload in PostgreSQL: queries, latency and bytes.

    python -m benchmarks pages [--cases 1000000] [--seconds 5] [--users 20] [--keep]

One run, one server, one database: a fresh PostgreSQL database (asmtp_bench_pages) gets the
demo's people and cases (``asmtp.operations.demo``: every role, cases in every status, companies, offers,
bills, letters, e-Visas, all through the state machine), then ``--cases`` more cases loaded with
COPY (queue_bench's builder) and the analytics extract written from them all. Each role signs in
as a real session row (staff with a confirmed authenticator, as after their second factor).

For each page: the queries one request makes and its time asked one request at a time (in this
process through Django's test client with the same session, production settings: the median
of five, and this process's CPU per request), then gunicorn in production mode on
127.0.0.1 answers it alone to ``--users`` concurrent connections from wrk for ``--seconds``:
p50/p95 latency and req/s; and the bytes of its HTML. Then, in the same run, the peak throughput
of the applicant's status page, the case-status API and a trivial page (/api/v1/ping).
Goals (issue 23): no page over 12 queries or 100 ms p95 at 20 users; the status page at least
0.25 of ping's throughput; the case-status API at least 500 req/s. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import servers
from benchmarks.loadgen import Run, run_wrk, wrk_path

MAX_QUERIES, MAX_P95_MS, STATUS_VS_PING, API_FLOOR_RPS = 12, 100.0, 0.25, 500.0
LANGUAGE = "en"


@dataclass(frozen=True)
class Page:
    role: str
    name: str
    path: str
    cookie: str  # "" for anonymous


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, load average before: {load}"


def sign_in(user: Any) -> str:
    """A real session row for ``user``, as after signing in (and, for staff, the second factor)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from asmtp.accounts.models import STAFF_ROLES
    from asmtp.security.sessions import SEEN_KEY, STARTED_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    now = time.time()
    # The lifetime middleware's times are set, so a request reads the session but does not write it.
    session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                    HASH_SESSION_KEY: user.get_session_auth_hash(), STARTED_KEY: now, SEEN_KEY: now})
    if user.role in STAFF_ROLES:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="authenticator", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def populate(args: argparse.Namespace, url: str) -> None:
    """The demo's world, then the backdrop of ``args.cases`` cases, then the analytics extract."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from asmtp.accounts.models import Role, User
    from asmtp.analytics.extract import write_extract
    from asmtp.operations.demo import DEMO_ACCOUNTS, load_demo_data
    from benchmarks.queue_bench import load_cases

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    began = time.perf_counter()
    summary = load_demo_data(cases=args.demo_cases)
    print(f"demo world: {summary}, through the state machine in {time.perf_counter() - began:.1f} s")
    officer = User.objects.get(email=DEMO_ACCOUNTS[Role.OFFICER][0])
    backdrop = User.objects.create_user(username="backdrop@example.cn", email="backdrop@example.cn", role="applicant")
    others = [User.objects.create_user(username=f"o{n}@immd.example.hk", email=f"o{n}@immd.example.hk", role="officer")
              for n in range(19)]
    began = time.perf_counter()
    load_cases(url, args.cases, backdrop.pk, [officer.pk] + [o.pk for o in others])
    print(f"backdrop: {args.cases:,} cases loaded with COPY in {time.perf_counter() - began:.1f} s "
          f"(the demo officer holds about a twentieth of them)")
    began = time.perf_counter()
    _path, rows = write_extract(timezone.now())
    print(f"analytics extract: {rows:,} submitted cases in {time.perf_counter() - began:.1f} s")
    connections.close_all()


def pages() -> list[Page]:
    """One page of each type for each role, signed in as the demo's people."""
    from asmtp.accounts.models import Role, User
    from asmtp.cases.models import Application
    from asmtp.employers.models import JobOffer
    from asmtp.operations.demo import DEMO_ACCOUNTS
    from asmtp.workbench.selectors import QUEUES

    people = {role: User.objects.get(email=email) for role, (email, _password) in DEMO_ACCOUNTS.items()}
    cookies = {role: sign_in(user) for role, user in people.items()}
    demo = Application.objects.exclude(applicant__email="backdrop@example.cn")

    def case(status: str) -> Application:
        found = demo.filter(status=status).order_by("pk").first()
        if found is None:
            raise SystemExit(f"the demo world has no {status} case: raise --demo-cases")
        return found

    granted = demo.filter(applicant=people[Role.APPLICANT], status="evisa_issued").order_by("pk").first() or case("evisa_issued")
    draft = case("draft")
    drafter = sign_in(draft.applicant)
    assessing, recommended = case("assessing"), case("recommended")
    offer = JobOffer.objects.filter(company=people[Role.EMPLOYER].company).order_by("pk").first()
    if offer is None:
        raise SystemExit("the demo employer has no offer: raise --demo-cases")
    officer, senior, applicant = cookies[Role.OFFICER], cookies[Role.SENIOR_OFFICER], cookies[Role.APPLICANT]
    result = [
        Page("anonymous", "home", "/", ""),
        Page("anonymous", "self-check", "/portal/check/", ""),
        Page("anonymous", "statistics", "/analytics/statistics/", ""),
        Page("anonymous", "e-Visa verification", "/evisa/verify/", ""),
        Page("applicant", "dashboard", "/portal/", applicant),
        Page("applicant", "draft step", f"/portal/applications/{draft.pk}/step/personal/", drafter),
        Page("applicant", "status page", f"/portal/applications/{granted.pk}/", applicant),
        Page("applicant", "bills", f"/payments/case/{granted.pk}/", applicant),
        Page("applicant", "my e-Visas", "/evisa/", applicant),
        Page("employer", "dashboard", "/employer/", cookies[Role.EMPLOYER]),
        Page("employer", "offer", f"/employer/offers/{offer.pk}/", cookies[Role.EMPLOYER]),
    ]
    result += [Page("officer", f"queue: {name}", f"/workbench/?queue={name}", officer) for name in QUEUES]
    result += [
        Page("officer", "search", f"/workbench/?q={assessing.name_en.split()[0]}", officer),
        Page("officer", "case page", f"/workbench/cases/{assessing.pk}/", officer),
        Page("officer", "case page, e-Visa issued", f"/workbench/cases/{granted.pk}/", officer),
        Page("officer", "e-Visa page", f"/evisa/case/{granted.pk}/", officer),
        Page("officer", "statements", "/payments/statements/", officer),
        Page("senior officer", "queue: recommended", "/workbench/?queue=recommended", senior),
        Page("senior officer", "case page", f"/workbench/cases/{recommended.pk}/", senior),
        Page("analyst", "dashboard", "/analytics/", cookies[Role.ANALYST]),
    ]
    return [Page(p.role, p.name, f"/{LANGUAGE}{p.path}", p.cookie) for p in result]


def api_targets() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(path, cookie) of the case-status API and the status page for every signed-in demo applicant with a submitted case."""
    from asmtp.cases.models import Application

    cases = (Application.objects.exclude(applicant__email="backdrop@example.cn").exclude(reference="")
             .exclude(reference=None).select_related("applicant").order_by("pk")[:50])
    signed_in = [(case, sign_in(case.applicant)) for case in cases]
    return ([(f"/api/v1/cases/{case.reference}/status", cookie) for case, cookie in signed_in],
            [(f"/{LANGUAGE}/portal/applications/{case.pk}/", cookie) for case, cookie in signed_in])


@dataclass(frozen=True)
class Alone:
    """One page asked for one request at a time, in this process (no queueing behind other requests)."""

    status: int
    queries: int
    size: int
    wall_ms: float  # median of the timed requests
    cpu_ms: float  # this process's CPU per request (Python's share; the database's is not in it)


def alone(page: Page, runs: int = 5) -> Alone:
    """Queries and bytes of one request after a warm-up request, then ``runs`` timed requests."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    headers = {"HTTP_COOKIE": page.cookie} if page.cookie else {}
    client = Client(SERVER_NAME="127.0.0.1", **headers)
    client.get(page.path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.path)
    count = len(queries)  # now: the next request's start empties the connection's log of queries
    walls, cpu = [], time.process_time()
    for _ in range(runs):
        began = time.perf_counter()
        client.get(page.path)
        walls.append(1000 * (time.perf_counter() - began))
    cpu_ms = 1000 * (time.process_time() - cpu) / runs
    return Alone(response.status_code, count, len(response.content), statistics.median(walls), cpu_ms)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks pages", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000, help="backdrop cases loaded with COPY (default 1,000,000)")
    parser.add_argument("--demo-cases", type=int, default=60, help="demo cases built through the state machine (default 60)")
    parser.add_argument("--seconds", type=float, default=5, help="length of each load run, at most 30 (default 5)")
    parser.add_argument("--users", type=int, default=20, help="concurrent connections per page (default 20)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (default 2)")
    parser.add_argument("--port", type=int, default=8152)
    parser.add_argument("--database", default="asmtp_bench_pages")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    wrk_path()

    url = servers.create_database(args.database)
    env = servers.production_environment(url, Path(tempfile.mkdtemp(prefix="asmtp-bench-pages-")))
    os.environ.update(env)
    print("pages benchmark: gunicorn + PostgreSQL on this machine, wrk on 127.0.0.1")
    print(f"machine: {machine()}")
    try:
        populate(args, url)
        crawl = pages()
        status_api, status_pages = api_targets()
        counted = {page: alone(page) for page in crawl}
        for page, found in counted.items():
            if found.status != 200:
                raise SystemExit(f"{page.role} {page.name} ({page.path}) answered {found.status}: the benchmark would measure the wrong thing")
        from django.db import connections

        connections.close_all()
        server = servers.start_gunicorn(args.port, env, workers=args.workers, threads=args.threads)
        try:
            return measure(args, f"http://127.0.0.1:{args.port}", counted, status_api, status_pages)
        finally:
            servers.stop(server)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            servers.drop_database(args.database)


def measure(args: argparse.Namespace, base: str, counted: dict[Page, Alone],
            status_api: list[tuple[str, str]], status_pages: list[tuple[str, str]]) -> int:
    print(f"server: gunicorn, {args.workers} workers x {args.threads} threads, production settings; "
          f"{args.users} concurrent connections per page for {args.seconds:.0f} s; {args.cases:,} backdrop cases\n")
    for page in counted:  # warm every worker's connection, templates and caches
        run_wrk(base, [(page.path, page.cookie)], connections=args.workers * args.threads, seconds=1)
    print(f"{'':<42} {'one at a time':>15}  {'at ' + str(args.users) + ' users (gunicorn)':>25}")
    print(f"{'role':<15} {'page':<26} {'queries':>7} {'ms':>6} {'CPU ms':>7} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} "
          f"{'bytes':>8}  goal")
    missed = []
    for page, found in counted.items():
        queries, size = found.queries, found.size
        run = run_wrk(base, [(page.path, page.cookie)], connections=args.users, seconds=args.seconds)
        ok = queries <= MAX_QUERIES and run.p95_ms <= MAX_P95_MS and not run.non_2xx and not run.errors
        if not ok:
            missed.append(page)
        failures = f"  ({run.non_2xx} non-2xx, {run.errors} errors)" if run.non_2xx or run.errors else ""
        print(f"{page.role:<15} {page.name:<26} {queries:>7} {found.wall_ms:6.1f} {found.cpu_ms:7.1f} "
              f"{run.p50_ms:8.1f} {run.p95_ms:8.1f} {run.ok_rps:7.0f} "
              f"{size:>8,}  {'met' if ok else 'NOT met'}{failures}", flush=True)
        # Requests wrk left queued in the server are still being answered: let them drain, or the
        # next page would be measured behind them.
        time.sleep(min(10.0, max(1.0, 2 * run.p95_ms / 1000)))
    levels = sorted({4, 8, args.users})
    print(f"\npeak throughput, best of {', '.join(map(str, levels))} connections ({args.seconds:.0f} s each), in this run:")
    peaks = {name: peak(base, targets, levels, args.seconds) for name, targets in (
        ("ping (trivial page)", [("/api/v1/ping", "")]),
        ("status page (HTML)", status_pages),
        ("case-status API", status_api),
    )}
    ping = peaks["ping (trivial page)"].ok_rps or 1.0
    for name, run in peaks.items():
        print(f"  {name:<20} {run.ok_rps:7.0f} req/s at {run.connections:>2} connections  ({run.ok_rps / ping:.2f} of ping)")
    ratio = peaks["status page (HTML)"].ok_rps / ping
    api = peaks["case-status API"].ok_rps
    print("against the goals:")
    print(f"  pages within {MAX_QUERIES} queries and {MAX_P95_MS:.0f} ms p95 at {args.users} users: "
          f"{len(counted) - len(missed)} of {len(counted)}" + (f"; not: {', '.join(p.role + ' ' + p.name for p in missed)}" if missed else ""))
    print(f"  status page / ping {ratio:.2f} (goal >= {STATUS_VS_PING}): {'met' if ratio >= STATUS_VS_PING else 'NOT met'}")
    print(f"  case-status API {api:.0f} req/s (floor {API_FLOOR_RPS:.0f}): {'met' if api >= API_FLOOR_RPS else 'NOT met'}")
    return 0


def peak(base: str, targets: list[tuple[str, str]], levels: list[int], seconds: float) -> Run:
    return max((run_wrk(base, targets, connections=level, seconds=seconds) for level in levels), key=lambda run: run.ok_rps)
