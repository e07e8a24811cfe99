"""Benchmarks: scripts that print measured figures, run by name (``python -m benchmarks NAME``).

Each benchmark is a module ``benchmarks/<name>_bench.py`` with ``main(argv) -> int``. They are
not timed tests: they print what they measure on the machine they run on.
"""
