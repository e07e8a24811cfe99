"""``python -m benchmarks NAME [ARGS...]``: run ``benchmarks/NAME_bench.py``.

``python -m benchmarks`` (or ``all``) runs every benchmark in turn, each with its defaults,
and ends with one line per benchmark saying whether it finished; ``--list`` only lists them.

A benchmark's ``main`` may take the argument list or read ``sys.argv`` itself; both work.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path


def available() -> list[str]:
    return sorted(path.name.removesuffix("_bench.py") for path in Path(__file__).parent.glob("*_bench.py"))


def run_all(names: list[str]) -> int:
    """Each benchmark in its own process (each reads settings and environment once), one after another."""
    import subprocess

    finished: dict[str, int] = {}
    for name in names:
        print(f"\n===== {name} =====", flush=True)
        finished[name] = subprocess.run([sys.executable, "-m", "benchmarks", name], check=False).returncode
    print("\n===== summary =====")
    for name, code in finished.items():
        print(f"  {name:<12} {'finished' if code == 0 else f'FAILED (exit {code})'}")
    return 0 if not any(finished.values()) else 1


def main(argv: list[str]) -> int:
    names = available()
    if argv and argv[0] in {"-h", "--help", "--list"}:
        print("usage: python -m benchmarks [NAME [ARGS...]]   (no NAME, or 'all': run every one)\navailable: " + ", ".join(names))
        return 0
    if not argv or argv[0] == "all":
        return run_all(names)
    name, rest = argv[0], argv[1:]
    if name not in names:
        print(f"unknown benchmark {name!r}; available: {', '.join(names)}", file=sys.stderr)
        return 2
    module = importlib.import_module(f"benchmarks.{name}_bench")
    sys.argv = [f"benchmarks/{name}_bench.py", *rest]
    status = module.main(rest) if inspect.signature(module.main).parameters else module.main()
    return int(status or 0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
