#!/usr/bin/env bash
# Install budgetsite into .venv, build the site from data/ into site/, then serve it
# on http://127.0.0.1:8000/ with live reload. `bash scripts/site.sh build` only builds.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
export NO_MKDOCS_2_WARNING=1
.venv/bin/budgetsite check data
.venv/bin/mkdocs build
if [ "${1:-serve}" != "build" ]; then
  exec .venv/bin/mkdocs serve -a "${ADDR:-127.0.0.1:8000}"
fi
