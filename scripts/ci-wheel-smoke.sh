#!/usr/bin/env bash
# The operator's first steps, as CI runs them (a step of .ci/run; runs alone too):
#   build the wheel, install it into a fresh virtual environment with no extras, run
#   `asmtp demo` from an empty folder, fetch the home page in English, Simplified and
#   Traditional Chinese, and stop it with Ctrl-C.
# Fails (exit 1) on any problem, printing the demo's output. Needs the project's .venv (./dev)
# only for its Python; everything the wheel needs comes from its own dependencies.
#
#   scripts/ci-wheel-smoke.sh          (ASMTP_SMOKE_DEMO_CASES=N for a bigger or smaller demo)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${ASMTP_SMOKE_PYTHON:-$repo/.venv/bin/python}
cases=${ASMTP_SMOKE_DEMO_CASES:-100}
work=$(mktemp -d -t asmtp-wheel-smoke-XXXXXX)
demo_pid=""

finish() {
  local status=$?
  if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then
    kill -INT "$demo_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$demo_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$demo_pid" 2>/dev/null || kill -KILL "$demo_pid" 2>/dev/null || true
  fi
  if [ $status -ne 0 ] && [ -f "$work/demo.log" ]; then
    echo "--- asmtp demo output ---" >&2; tail -n 80 "$work/demo.log" >&2
  fi
  rm -rf "$work"
  [ $status -eq 0 ] && echo "wheel smoke test passed" || echo "wheel smoke test FAILED" >&2
  exit $status
}
trap finish EXIT

echo "--> building the wheel"
"$python" -m pip wheel "$repo" --no-deps -q -w "$work/dist" 2>&1 | { grep -v "^WARNING: Location" || true; }
wheel=$(ls "$work"/dist/asmtp-*.whl)
echo "    $(basename "$wheel") (${SECONDS} s)"

echo "--> installing it into a fresh virtual environment (no extras)"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check "$wheel" 2>&1 | { grep -v "^WARNING: Location" || true; }
echo "    installed (${SECONDS} s)"

port=$("$work/venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir "$work/empty"
echo "--> asmtp demo on port $port from an empty folder ($cases cases)"
# A clean environment: nothing of the developer's or CI's ASMTP_*, DJANGO_* or DATABASE_URL.
# setsid: the demo and its children in their own process group, so a stuck one can be ended.
(cd "$work/empty" && exec setsid env -i PATH="$work/venv/bin:/usr/bin:/bin" HOME="$work" LANG=C.UTF-8 \
  ASMTP_DATA_DIR="$work/data" ASMTP_DEMO_CASES="$cases" PYTHONUNBUFFERED=1 \
  "$work/venv/bin/asmtp" demo --port "$port" --web-workers 1) >"$work/demo.log" 2>&1 &
demo_pid=$!

"$work/venv/bin/python" - "$port" "$demo_pid" <<'PY'
import os
import sys
import time
import urllib.error
import urllib.request

port, pid = sys.argv[1], int(sys.argv[2])
base = f"http://127.0.0.1:{port}"
deadline = time.monotonic() + 300
while True:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as answer:  # noqa: S310 — our own server
            if answer.status == 200:
                break
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit("asmtp demo stopped before serving")
    if time.monotonic() > deadline:
        sys.exit("asmtp demo did not answer /healthz within 300 s")
    time.sleep(1)
print(f"    serving after {300 - (deadline - time.monotonic()):.0f} s")

NAMES = {
    "/en/": "Admission Scheme for Mainland Talents and Professionals",
    "/zh-hans/": "输入内地人才计划",
    "/zh-hant/": "輸入內地人才計劃",
}
failed = False
for path, name in NAMES.items():
    try:
        with urllib.request.urlopen(base + path, timeout=30) as answer:  # noqa: S310
            status, body = answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, ""
    ok = status == 200 and name in body
    failed |= not ok
    print(f"    {path:<10} {status}  {'names the scheme' if name in body else 'does NOT name the scheme: ' + name}")
sys.exit(1 if failed else 0)
PY

echo "--> stopping it (Ctrl-C)"
kill -INT "$demo_pid"
for _ in $(seq 1 60); do kill -0 "$demo_pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$demo_pid" 2>/dev/null; then echo "asmtp demo did not stop within 30 s of Ctrl-C" >&2; exit 1; fi
wait "$demo_pid" || { echo "asmtp demo exited with status $? after Ctrl-C" >&2; exit 1; }
grep -q "Stopped." "$work/demo.log" || { echo "asmtp demo did not say it stopped" >&2; exit 1; }
demo_pid=""
echo "    stopped (${SECONDS} s in all)"
