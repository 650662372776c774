#!/usr/bin/env bash
# Set up and run 换届通 with demo data on the embedded default: SQLite + filesystem
# Celery broker, the web server on http://127.0.0.1:8000, one Celery worker with beat.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export DEBUG=${DEBUG:-1}
PY=.venv/bin/python
$PY manage.py migrate --noinput
$PY manage.py load_defaults
$PY manage.py seed_demo
VAR=${VAR_DIR:-var}
mkdir -p "$VAR/log"
echo "Starting Celery worker with beat (log: $VAR/log/celery.log)"
.venv/bin/celery -A election_admin worker -B -Q celery,imports --concurrency=2 --loglevel=INFO \
  --schedule "$VAR/celerybeat-schedule" >"$VAR/log/celery.log" 2>&1 &
CELERY_PID=$!
trap 'kill $CELERY_PID 2>/dev/null || true; wait $CELERY_PID 2>/dev/null || true' EXIT INT TERM
echo "Open http://${HOST:-127.0.0.1}:${PORT:-8000} and log in as office / huanjie2021"
$PY manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
