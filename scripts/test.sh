#!/usr/bin/env bash
# Run the whole test suite: SQLite by default, PostgreSQL when DATABASE_URL points at it.
# Tests needing PostgreSQL, Redis or Chromium are skipped with a reason when those are
# missing; HJT_STRICT=1 (set by .ci/run) turns such skips into failures.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
