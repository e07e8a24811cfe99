"""`/metrics` for Prometheus: request latency by view, job latency and failures by task, and the
service's own figures (the collectors named in settings.ASMTP_METRICS_COLLECTORS).

Answered by `MetricsMiddleware`, placed like the health checks before the https redirect and
host validation (Prometheus scrapes each node over plain HTTP by address), but only to the
addresses in ASMTP_METRICS_ALLOWED_IPS or a request with `Authorization: Bearer
<ASMTP_METRICS_TOKEN>`; anyone else gets 404, as if there were nothing here.

Several processes serve one node (gunicorn's workers, the job workers), so request and job
figures use prometheus_client's multiprocess mode: each process writes its own file under
ASMTP_METRICS_DIR (PROMETHEUS_MULTIPROC_DIR, set in the settings) and a scrape adds them up.
The service's figures are counted from the database at each scrape instead.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.utils.crypto import constant_time_compare
from django.utils.module_loading import import_string
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest, multiprocess

METRICS_PATH = "/metrics"
# Where this process's figures go; made before the first figure is written.
Path(settings.ASMTP_METRICS_DIR).mkdir(parents=True, exist_ok=True)

REQUEST_SECONDS = Histogram(
    "asmtp_request_duration_seconds",
    "Time to answer a request, by view (its URL name) and status class",
    ["view", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


# Paths answered by middleware before URL resolution, labelled by their name.
_MIDDLEWARE_PATHS = {"/healthz": "healthz", "/readyz": "readyz", METRICS_PATH: "metrics"}


def observe_request(path: str, view: str | None, status: int, seconds: float) -> None:
    """Count one answered request. Other unresolved paths share one label, so a scan of random
    URLs cannot make a new series per path."""
    label = view or _MIDDLEWARE_PATHS.get(path, "unresolved")
    REQUEST_SECONDS.labels(view=label, status=f"{status // 100}xx").observe(seconds)


def start_metrics_run() -> Path:
    """Give the processes `asmtp serve`/`demo` is about to start a metrics folder of their own.

    prometheus_client's multiprocess mode needs a clean folder at each start, and emptying a
    shared one would pull files from under any process still writing there (another run, or the
    process that started this one): so each run gets `run-<pid>` under ASMTP_METRICS_DIR, passed
    on to its children through PROMETHEUS_MULTIPROC_DIR, and folders of runs that have ended go.
    """
    parent = Path(settings.ASMTP_METRICS_DIR)
    parent.mkdir(parents=True, exist_ok=True)
    for old in parent.glob("run-*"):
        if not _running(old.name.removeprefix("run-")):
            shutil.rmtree(old, ignore_errors=True)
    folder = parent / f"run-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    return folder


def _running(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def exposition() -> bytes:
    """Every figure in Prometheus' text format: all processes' files, then the database's counts."""
    registry = CollectorRegistry()
    folder = Path(settings.ASMTP_METRICS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    multiprocess.MultiProcessCollector(registry, path=str(folder))
    for collector in settings.ASMTP_METRICS_COLLECTORS:  # the service's own figures, read when scraped
        registry.register(import_string(collector)())
    return generate_latest(registry)


class MetricsMiddleware:
    """Answer /metrics to the allowed addresses or the token holder; 404 to everyone else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.networks = [ipaddress.ip_network(item, strict=False) for item in settings.ASMTP_METRICS_ALLOWED_IPS]
        self.token = settings.ASMTP_METRICS_TOKEN

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != METRICS_PATH:
            return self.get_response(request)
        if not self.allowed(request):
            return HttpResponseNotFound("Not Found", content_type="text/plain")
        if request.method not in ("GET", "HEAD"):
            return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
        response = HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
        response["Cache-Control"] = "no-store"
        return response

    def allowed(self, request: HttpRequest) -> bool:
        scheme, _, offered = request.headers.get("Authorization", "").partition(" ")
        if self.token and scheme.lower() == "bearer" and constant_time_compare(offered.strip(), self.token):
            return True
        try:
            address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return any(address in network for network in self.networks)
