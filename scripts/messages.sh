#!/usr/bin/env bash
# Extract translatable strings into every catalogue (project locale/ and each app's
# locale/), then compile them. Run after changing user-facing text.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
"$PY" manage.py makemessages -l zh_Hans --no-obsolete \
  -i ".venv/*" -i "var/*" -i "static/*" -i "bench/*" -i "*/tests/*" -i "tests/*" -i "conftest.py"
"$PY" manage.py compilemessages -l zh_Hans -i ".venv" -i "var" >/dev/null
"$PY" scripts/check_messages.py
