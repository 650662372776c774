#!/usr/bin/env bash
# Create .venv and install requirements (skipped when unchanged), compile messages.
# Idempotent and quick on the second run.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON_BIN=${PYTHON_BIN:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "Creating virtual environment .venv with $($PYTHON_BIN --version)"
  "$PYTHON_BIN" -m venv .venv
fi
want=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
have=$(cat .venv/.requirements-hash 2>/dev/null || true)
if [ "$want" != "$have" ]; then
  echo "Installing Python packages (requirements-dev.txt)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt
  echo "$want" > .venv/.requirements-hash
fi
if command -v msgfmt >/dev/null 2>&1; then
  .venv/bin/python manage.py compilemessages -l zh_Hans -i .venv -i var >/dev/null
else
  echo "gettext (msgfmt) is not installed: using the committed .mo catalogues"
fi
