"""`/healthz` (liveness) and `/readyz` (readiness) for load balancers and monitoring.

Both are answered by `HealthCheckMiddleware`, first in MIDDLEWARE, before Django's security
middleware and host validation: a load balancer probes each node over plain HTTP with the
node's own address as Host, so behind the middleware stack it would get a 301 to https
(SECURE_SSL_REDIRECT) or a 400 (ALLOWED_HOSTS lists the public names only). Answering these
two paths first keeps both protections for every other path, without widening ALLOWED_HOSTS
to private addresses. The answers build no URL from the Host header and set no cookie.

- `/healthz`: the process is up and serving. 200, no database, no file system.
- `/readyz`: this node can do its work. Each check below; 200 when all pass, 503 naming the
  failing ones (checks that need the database are not run without it, and not named failing).
  JSON either way: {"status": "ready"|"not ready", "failing": [...], "checks": {...}}.

Both answer GET and HEAD; other methods get 405.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils import timezone

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"


class CheckFailed(Exception):
    """A readiness check's failure, with what an operator should read."""


def check_database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return "reachable"


def check_migrations() -> str:
    """Every migration this code knows is applied (about 5 ms once the migration modules are loaded)."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        pending = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in plan[:5])
        raise CheckFailed(f"{len(plan)} migration(s) not applied: {pending}")
    return "all applied"


def check_jobs() -> str:
    """The oldest job ready to run has waited less than ASMTP_READY_MAX_JOB_AGE seconds (0: not
    checked). A queue that old means no worker is taking jobs: mail, letters and e-Visas wait."""
    from django.db.models import Case, F, Min, When
    from django_tasks_db.models import DBTaskResult, get_date_max

    limit = settings.ASMTP_READY_MAX_JOB_AGE
    oldest = (
        DBTaskResult.objects.ready()
        .annotate(due=Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after")))
        .aggregate(oldest=Min("due"))["oldest"]
    )
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    if limit and age > limit:
        raise CheckFailed(f"the oldest waiting job has waited {age:.0f} s (limit {limit} s): are the job workers running?")
    return f"oldest waiting job {age:.0f} s"


def check_storage() -> str:
    """The data folder and the documents folder take a new file."""
    for folder in dict.fromkeys([Path(settings.DATA_DIR), Path(settings.MEDIA_ROOT)]):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".readyz-"):
                pass
        except OSError as exc:
            raise CheckFailed(f"{folder} is not writable ({exc.strerror or exc.__class__.__name__})") from exc
    return "writable"


def check_signing_keys() -> str:
    """The e-Visa key ledger, if any, names a current key whose private and public files are
    there. No ledger yet is fine: the first key is made when the first e-Visa is signed."""
    folder = Path(settings.ASMTP_KEYS_DIR) / "evisa"  # where asmtp.evisa.signing_keys keeps them
    ledger_path = folder / "keys.json"
    if not ledger_path.exists():
        return "none yet (made when the first e-Visa is signed)"
    try:
        ledger = json.loads(ledger_path.read_text())
        current = ledger["current"]
        missing = [name for name in (f"{current}.key", f"{current}.pub") if not (folder / name).is_file()]
        missing += [f"{key['kid']}.pub" for key in ledger["keys"] if not (folder / f"{key['kid']}.pub").is_file()]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CheckFailed(f"the key ledger {ledger_path} cannot be read ({exc.__class__.__name__})") from exc
    if missing:
        raise CheckFailed(f"missing from {folder}: {', '.join(sorted(set(missing)))}")
    return f"current key {current}"


# In order; the ones after the database are not run when it cannot be reached.
READINESS_CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "migrations": check_migrations,
    "jobs": check_jobs,
    "storage": check_storage,
    "signing_keys": check_signing_keys,
}
NEEDS_DATABASE = frozenset({"migrations", "jobs"})


def readiness() -> tuple[bool, dict[str, dict[str, object]]]:
    """Run every readiness check; (all passed, each check's outcome: ok True, False, or None when
    not checked because the database it needs cannot be reached)."""
    results: dict[str, dict[str, object]] = {}
    database_down = False
    for name, check in READINESS_CHECKS.items():
        if database_down and name in NEEDS_DATABASE:
            results[name] = {"ok": None, "detail": "not checked: the database cannot be reached"}
            continue
        started = time.perf_counter()
        try:
            results[name] = {"ok": True, "detail": check()}
        except (CheckFailed, DatabaseError, OSError) as exc:
            results[name] = {"ok": False, "detail": str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__}
            if name == "database":
                database_down = True
                # A broken connection must not be reused by the next request on this thread.
                connections[DEFAULT_DB_ALIAS].close_if_unusable_or_obsolete()
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return all(result["ok"] is True for result in results.values()), results


def _json(body: dict[str, object], status: int) -> HttpResponse:
    response = HttpResponse(json.dumps(body), content_type="application/json", status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def liveness_view(request: HttpRequest) -> HttpResponse:
    return _json({"status": "ok", "edition": settings.ASMTP_EDITION}, 200)


def readiness_view(request: HttpRequest) -> HttpResponse:
    ready, results = readiness()
    failing = [name for name, result in results.items() if result["ok"] is False]
    body = {
        "status": "ready" if ready else "not ready",
        "failing": failing,
        "checks": results,
        "checked_at": timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
    }
    return _json(body, 200 if ready else 503)


VIEWS: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    LIVENESS_PATH: liveness_view,
    READINESS_PATH: readiness_view,
}


class HealthCheckMiddleware:
    """Answer /healthz and /readyz before any other middleware (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = VIEWS.get(request.path_info)
        if view is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request)
