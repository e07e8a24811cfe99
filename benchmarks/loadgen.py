"""Drive wrk (Debian package ``wrk``) against 127.0.0.1 and read its figures back as numbers.

wrk is a closed-loop generator written in C: it costs a fraction of a core, which matters on a
2-core machine where the load generator and the server share the CPU (a Python generator such
as locust would take a whole core of its own). A small Lua script rotates through a list of
(path, cookie) targets, optionally waits between requests on each connection (pacing, for a
load below peak), and prints latency percentiles as JSON when the run ends.

Every run is bounded: a fixed duration, a fixed number of connections, 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

MAX_CONNECTIONS = 512
MAX_SECONDS = 30

LUA = r"""
local targets = TARGETS
local pause_ms = PAUSE
local i = 0
setup = function(thread) end
init = function(args) i = math.random(#targets) end
request = function()
  i = i % #targets + 1
  local t = targets[i]
  if t[2] ~= "" then return wrk.format("GET", t[1], {["Cookie"] = t[2]}) end
  return wrk.format("GET", t[1])
end
if pause_ms > 0 then delay = function() return pause_ms end end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nRESULT {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
    '"mean_us": %f, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


@dataclass(frozen=True)
class Run:
    """What one bounded wrk run measured."""

    connections: int
    requests: int
    seconds: float
    errors: int  # connection/read/write errors and timeouts
    non_2xx: int  # answers with a status of 400 or more (503s when shedding)
    mean_ms: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def ok_rps(self) -> float:
        return (self.requests - self.non_2xx) / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        shed = f"  non-2xx {self.non_2xx / max(1, self.requests):6.1%}" if self.non_2xx else ""
        errors = f"  errors {self.errors}" if self.errors else ""
        return (f"{self.connections:>5} conn  {self.rps:8.0f} req/s  p50 {self.p50_ms:7.1f}  p95 {self.p95_ms:7.1f}  "
                f"p99 {self.p99_ms:7.1f}  max {self.max_ms:7.1f} ms{shed}{errors}")


def wrk_path() -> str:
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian package 'wrk')")
    return found


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run_wrk(base_url: str, targets: list[tuple[str, str]], *, connections: int, seconds: float,
            pause_ms: float = 0.0, threads: int = 2, timeout_s: int = 5) -> Run:
    """One bounded run of wrk against ``base_url`` (127.0.0.1 only) over the (path, cookie) targets."""
    if not base_url.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise ValueError(f"the load generator only runs against this machine, not {base_url}")
    connections = max(1, min(connections, MAX_CONNECTIONS))
    seconds = max(1.0, min(seconds, MAX_SECONDS))
    threads = max(1, min(threads, connections))
    table = "{" + ", ".join(f"{{{_lua_string(p)}, {_lua_string(c)}}}" for p, c in targets) + "}"
    script = LUA.replace("TARGETS", table).replace("PAUSE", f"{max(0.0, pause_ms):.3f}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        done = subprocess.run(
            [wrk_path(), "-t", str(threads), "-c", str(connections), "-d", f"{seconds:.0f}s", "--timeout", f"{timeout_s}s",
             "-s", handle.name, base_url],
            capture_output=True, text=True, timeout=seconds + 30, check=False,
        )
    finally:
        Path(handle.name).unlink(missing_ok=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    data = json.loads(lines[-1].removeprefix("RESULT "))
    return Run(
        connections=connections,
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
        non_2xx=data["status"],
        mean_ms=data["mean_us"] / 1000,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
    )


def busy_cpu_seconds() -> tuple[float, float]:
    """CPU seconds this machine has spent busy (every process and the kernel, all CPUs) and
    stolen by the hypervisor so far, from /proc/stat: differences between two readings."""
    ticks = float(os.sysconf("SC_CLK_TCK"))
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal (guest time is already counted in user)
    busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6]
    return busy / ticks, fields[7] / ticks


@dataclass(frozen=True)
class Cost:
    """The machine's CPU per answered request over one run (server, database, wrk and kernel)."""

    run: Run
    busy_s: float
    steal_s: float

    @property
    def cpu_ms(self) -> float:
        answered = self.run.requests - self.run.non_2xx
        return 1000 * self.busy_s / answered if answered else float("inf")


def measure_cost(base_url: str, targets: list[tuple[str, str]], *, connections: int, seconds: float) -> Cost:
    """A run of wrk with the whole machine's busy CPU time read before and after it.

    Unlike requests/s, CPU per request does not move when the hypervisor takes time away from
    this machine (steal) or when the run is too short to reach a steady state: on a machine whose
    two cores are shared by the server, the database and wrk, the ratio of two endpoints' CPU per
    request is the ratio their throughputs tend to once the CPUs are the limit."""
    busy, steal = busy_cpu_seconds()
    run = run_wrk(base_url, targets, connections=connections, seconds=seconds)
    busy_after, steal_after = busy_cpu_seconds()
    return Cost(run, busy_after - busy, steal_after - steal)


def paced(base_url: str, targets: list[tuple[str, str]], *, rate: float, connections: int, seconds: float,
          idle_latency_ms: float) -> Run:
    """A run held near ``rate`` requests/s: each connection pauses between requests.

    The pause is set from the rate and the latency at low load, then corrected once from the
    rate the first run reached, so the run lands within a few per cent of the target.
    """
    interval_ms = connections / rate * 1000
    pause = max(0.0, interval_ms - idle_latency_ms)
    run = run_wrk(base_url, targets, connections=connections, seconds=seconds, pause_ms=pause)
    if run.rps and abs(run.rps / rate - 1) > 0.05:
        pause = max(0.0, pause + connections * 1000 * (1 / rate - 1 / run.rps))
        run = run_wrk(base_url, targets, connections=connections, seconds=seconds, pause_ms=pause)
    return run
