"""Population re-assessment benchmark: a million applications under two editions, measured.

    python -m benchmarks population                 # 10k, 100k, 1M (+ the per-application loop)
    python -m benchmarks population --with-10m      # also 10M (about a minute more to generate)
    python -m benchmarks population --loop-sample 5000 --sizes 10000,1000000

For each size a population file is generated once, then each timed run is a fresh process
(``--child``) that runs ``run_simulation(file, "direct", "immd")`` end to end (Parquet read,
columns, both editions, aggregation) and reports its wall and CPU time and its peak resident
memory (the kernel's high-water mark), so memory is measured per size. The per-application loop is the
single-case engine (``assess_applications``, explained results) and the bare rules on a batch of
one (``assess_batch``), each over the same applications one at a time, timed on a sample and
extrapolated. Every figure printed comes from this run; nothing is hard-coded.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS, STRETCH_SECONDS, GOAL_RATIO, GOAL_MEMORY_MB = 3.0, 1.0, 100.0, 2048.0


def _peak_mb() -> float:
    """Peak resident memory of this process, in MB.

    Linux carries ``ru_maxrss`` across ``exec`` (a child started by a big parent starts with
    the parent's peak), so the kernel's per-process high-water mark ``VmHWM`` is read instead
    where it exists; elsewhere ``resource.getrusage`` (kilobytes on Linux, bytes on macOS).
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def child(path: Path, engine_frames: bool) -> None:
    """One timed simulation in this process; prints its measurements as JSON."""
    from asmtp.population import run_simulation

    imported_mb = _peak_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    result = run_simulation(path, "direct", "immd", engine_frames=engine_frames)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({
        "applications": result.applications,
        "dependants": result.dependants,
        "wall": wall,
        "cpu": cpu,
        "peak_mb": _peak_mb(),
        "imported_mb": imported_mb,
        "stages": dict(result.seconds),
        "flipped": result.totals["flipped"],
    }))


def _timed_run(path: Path, *, engine_frames: bool = False) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks", "population", "--child", str(path)]
    if engine_frames:
        command.append("--engine-frames")
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{done.stderr}")
    measured: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured


def _generate(size: int, seed: int, directory: Path) -> tuple[Path, float]:
    from asmtp.population import generate_to_file

    path = directory / f"population-{size}.parquet"
    began = time.perf_counter()
    generate_to_file(size, seed, path)
    return path, time.perf_counter() - began


def per_application_loop(path: Path, sample: int) -> dict[str, float]:
    """Seconds per application, one application at a time, under both editions."""
    import numpy as np

    from asmtp.domain.eligibility import (
        assess_applications,
        assess_batch,
        dependant_columns,
        parse_for_policy,
        principal_columns,
    )
    from asmtp.policy import load_policy
    from asmtp.population.records import application_records
    from asmtp.population.storage import read_population

    frame = read_population(path)
    rows = frame.sample(n=min(sample, frame.height), seed=1) if frame.height > sample else frame
    records = list(application_records(rows))
    figures: dict[str, float] = {"sample": float(len(records))}
    for edition in ("direct", "immd"):
        policy = load_policy(edition)
        began = time.perf_counter()
        parsed = [parse_for_policy(r, policy, default_edition=edition, edition=edition) for r in records]
        figures[f"parse_{edition}"] = (time.perf_counter() - began) / len(records)
        began = time.perf_counter()
        for application in parsed:
            assess_applications([application], load_policy)
        figures[f"single_case_{edition}"] = (time.perf_counter() - began) / len(records)
        began = time.perf_counter()
        for application in parsed:
            as_of = np.array([application.as_of], dtype="datetime64[D]")
            assess_batch(principal_columns([application]), dependant_columns([application]), policy, as_of=as_of)
        figures[f"rules_only_{edition}"] = (time.perf_counter() - began) / len(records)
    return figures


def _machine() -> str:
    cpus = os.cpu_count()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{platform.processor() or platform.machine()}, {cpus} CPUs, Python {platform.python_version()}, load average {load}"


def _row(size: int, runs: list[dict[str, Any]], previous: dict[str, Any] | None) -> tuple[list[str], dict[str, Any]]:
    walls = [r["wall"] for r in runs]
    best = min(runs, key=lambda r: r["wall"])
    summary = {"size": size, "wall": min(walls), "median": statistics.median(walls), "cpu": best["cpu"], "peak_mb": max(r["peak_mb"] for r in runs)}
    growth = ""
    if previous:
        factor = size / previous["size"]
        growth = f"x{summary['wall'] / previous['wall']:.1f} time, x{summary['peak_mb'] / previous['peak_mb']:.1f} memory for x{factor:.0f} rows"
    cells = [
        f"{size:>12,}",
        f"{summary['wall']:7.2f}",
        f"{summary['median']:7.2f}",
        f"{summary['cpu']:7.2f}",
        f"{summary['wall'] / size * 1e6:8.2f}",
        f"{summary['peak_mb']:8.0f}",
        growth,
    ]
    return cells, summary


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks population", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated population sizes")
    parser.add_argument("--with-10m", action="store_true", help="also run 10,000,000 applications")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per size up to 1M (best and median shown)")
    parser.add_argument("--loop-sample", type=int, default=20_000, help="applications in the per-application loop sample")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workdir", type=Path, default=None, help="where population files go (default: a temporary folder)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--engine-frames", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.engine_frames)
        return 0

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.with_10m and 10_000_000 not in sizes:
        sizes.append(10_000_000)
    with tempfile.TemporaryDirectory(prefix="asmtp-bench-") as scratch:
        directory = args.workdir or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        return _run(sizes, args, directory)


def _run(sizes: list[int], args: argparse.Namespace, directory: Path) -> int:
    print("Population re-assessment benchmark: run_simulation(file, 'direct', 'immd'), Parquet to tables")
    print(f"machine: {_machine()}\n")
    print(f"{'applications':>12}  {'wall s':>7}  {'median':>7}  {'CPU s':>7}  {'us/app':>8}  {'peak MB':>8}  growth")
    summaries: dict[int, dict[str, Any]] = {}
    files: dict[int, Path] = {}
    generation: dict[int, float] = {}
    previous = None
    for size in sorted(sizes):
        files[size], generation[size] = _generate(size, args.seed, directory)
        repeats = args.repeat if size <= 1_000_000 else 1
        runs = [_timed_run(files[size]) for _ in range(repeats)]
        cells, summaries[size] = _row(size, runs, previous)
        summaries[size]["stages"] = min(runs, key=lambda r: r["wall"])["stages"]
        summaries[size]["imported_mb"] = runs[0]["imported_mb"]
        print("  ".join(cells), flush=True)
        previous = summaries[size]
    print("\nGeneration (asmtp population generate): " + ", ".join(f"{s:,} in {t:.1f} s" for s, t in sorted(generation.items())))

    reference = 1_000_000 if 1_000_000 in summaries else max(summaries)
    ref = summaries[reference]
    stages = ", ".join(f"{k} {v:.2f} s" for k, v in ref["stages"].items() if k != "total")
    print(f"Stages at {reference:,} (best run; reading overlaps assessing): {stages}")
    print(f"Peak memory at {reference:,}: {ref['peak_mb']:.0f} MB (of which {ref['imported_mb']:.0f} MB after imports, before reading)")
    engine_frames = _timed_run(files[reference], engine_frames=True)
    print(f"Same run with the engine's own frame reader (columns_from_polars): {engine_frames['wall']:.2f} s wall, "
          f"{engine_frames['cpu']:.2f} s CPU (adapter: {ref['wall']:.2f} s, {ref['cpu']:.2f} s)")

    if args.loop_sample > 0:
        print(f"\nPer-application loop over {min(args.loop_sample, reference):,} of the same applications, both editions ...", flush=True)
        loop = per_application_loop(files[reference], args.loop_sample)
        single = loop["single_case_direct"] + loop["single_case_immd"]
        rules = loop["rules_only_direct"] + loop["rules_only_immd"]
        for name, per_app in (("single-case engine (assess_applications, explained)", single), ("rules only (assess_batch on a batch of one)", rules)):
            projected = per_app * reference
            print(f"  {name}: {per_app * 1e3:.2f} ms per application for two editions -> "
                  f"{projected:,.0f} s for {reference:,}; vectorised {ref['wall']:.2f} s: x{projected / ref['wall']:,.0f}")
        parse = loop["parse_direct"] + loop["parse_immd"]
        print(f"  (parsing the JSON records, not counted above: {parse * 1e3:.2f} ms per application for two editions)")
        ratio = rules * reference / ref["wall"]
    else:
        ratio = float("nan")

    print("\nAgainst the goals (1M applications, two editions, aggregated):")
    print(f"  wall {ref['wall']:.2f} s: goal <= {GOAL_SECONDS:.0f} s {'met' if ref['wall'] <= GOAL_SECONDS else 'NOT met'}, "
          f"stretch <= {STRETCH_SECONDS:.0f} s {'met' if ref['wall'] <= STRETCH_SECONDS else 'not met'}")
    print(f"  vs the bare rules one application at a time: x{ratio:,.0f} (goal >= x{GOAL_RATIO:.0f}) {'met' if ratio >= GOAL_RATIO else 'NOT met'}")
    print(f"  peak memory {ref['peak_mb']:.0f} MB: goal < {GOAL_MEMORY_MB:.0f} MB {'met' if ref['peak_mb'] < GOAL_MEMORY_MB else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
