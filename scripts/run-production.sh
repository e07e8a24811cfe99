#!/usr/bin/env bash
# Run ASMTP as in production on one machine, without systemd: gunicorn with several workers
# behind one port, and two background job workers, all against PostgreSQL. Ctrl-C or TERM stops
# them all (and so does any one of them stopping on its own).
#
#   DATABASE_URL=postgres://asmtp@db.internal:5432/asmtp \
#   ASMTP_SECRET_KEY_FILE=/etc/asmtp/secret_key ASMTP_ALLOWED_HOSTS=asmtp.example.gov.hk \
#   ASMTP_DATA_DIR=/srv/asmtp scripts/run-production.sh
#
# Settings (environment):  ASMTP_BIND (default 127.0.0.1:8000), ASMTP_WEB_WORKERS (default
# 2 x CPUs), ASMTP_WEB_THREADS (default 2), ASMTP_JOB_WORKERS (default 2), ASMTP_MAX_IN_FLIGHT
# (load shedding, default 8 per web worker), ASMTP_SCHEDULER (default 1: start `asmtp scheduler`;
# 0 on all machines but one), PYTHON (default .venv/bin/python). Everything else
# is the service's own configuration (docs/configuration.md); ASMTP_ENV is production here.
# Logs: JSON lines on stdout, one per request (docs/operations.md); ASMTP_ACCESS_LOG adds gunicorn's.
#
# Several machines: run this script on each web node with ASMTP_JOB_WORKERS=0, and on worker
# nodes `asmtp worker --processes N` (or this script with ASMTP_WEB_WORKERS=0). See README,
# "Running in production".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-$here/.venv/bin/python}"
cpus="$(nproc 2>/dev/null || echo 2)"
bind="${ASMTP_BIND:-127.0.0.1:8000}"
web_workers="${ASMTP_WEB_WORKERS:-$((2 * cpus))}"
web_threads="${ASMTP_WEB_THREADS:-2}"
job_workers="${ASMTP_JOB_WORKERS:-2}"
export ASMTP_ENV="${ASMTP_ENV:-production}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-asmtp.settings}"

case "${DATABASE_URL:-}" in
  postgres://*|postgresql://*) ;;
  *) echo "run-production.sh: set DATABASE_URL to the PostgreSQL database (postgres://user@host:5432/name)" >&2; exit 2 ;;
esac

# Migrations and static files once, before any worker starts (never from several nodes at once:
# run the first node alone, or set ASMTP_SKIP_MIGRATE=1 on the others).
if [[ "${ASMTP_SKIP_MIGRATE:-0}" != 1 ]]; then
  "$python" -m django migrate --noinput
  "$python" -m django collectstatic --noinput --verbosity 0
fi

pids=()
stop() {
  trap - INT TERM
  echo "Stopping ${#pids[@]} processes..." >&2
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # gunicorn finishes requests in flight (graceful timeout 20 s); workers finish their job.
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "Stopped." >&2
}
trap 'stop; exit 0' INT TERM

if (( web_workers > 0 )); then
  "$python" -m gunicorn asmtp.wsgi:application --bind "$bind" \
    --workers "$web_workers" --threads "$web_threads" --worker-class gthread \
    --backlog 2048 --graceful-timeout 20 --timeout 60 --max-requests 5000 --max-requests-jitter 500 \
    --access-logfile "${ASMTP_ACCESS_LOG:-/dev/null}" --error-logfile - \
    --no-control-socket &  # one shared ~/.gunicorn/gunicorn.ctl per account otherwise; unused here
  pids+=("$!")
fi
for i in $(seq 1 "$job_workers"); do
  "$python" -m django db_worker --queue-name '*' --interval 0.5 --no-reload \
    --worker-id "$(hostname | cut -c1-30)-$$-$i" &
  pids+=("$!")
done
# The scheduler enqueues the periodic jobs (docs/operations.md, "Scheduled jobs"). One per
# deployment is enough: set ASMTP_SCHEDULER=0 on the other machines (a second one is harmless).
if [[ "${ASMTP_SCHEDULER:-1}" != 0 ]]; then
  "$python" -m asmtp scheduler &
  pids+=("$!")
fi
echo "ASMTP: $web_workers web workers on $bind, $job_workers job workers, scheduler ${ASMTP_SCHEDULER:-1} (pids ${pids[*]}). Ctrl-C stops them all." >&2

# Any one process ending on its own is a failure: stop the rest rather than run half a service.
wait -n "${pids[@]}" || true
echo "run-production.sh: a process stopped unexpectedly; stopping the others." >&2
stop
exit 1
