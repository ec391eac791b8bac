#!/usr/bin/env bash
# Install budgetsite with its test dependencies into .venv (and Debian's Chromium for the
# browser tests when it is missing and we may install it), then lint and run every test under
# coverage, and fail below the coverage floor. Arguments go to pytest (a subset: no floor).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
# Browser tests need Chromium, and a Chinese font: printed PDFs are read back as text.
if [ ! -x /usr/bin/chromium ] || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else
    echo "Missing Chromium or a Chinese font: run 'sudo apt-get install -y chromium fonts-noto-cjk'." >&2
  fi
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
if [ -f package.json ]; then npm ci --silent --no-audit --no-fund; fi
export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check plugins tests bench scripts
# The suite runs under coverage; the CLI and `mkdocs build` run in subprocesses and the open-data
# worker in a forked process, all measured too ([tool.coverage.run] in pyproject.toml).
rm -f .coverage .coverage.*
set +e
.venv/bin/python -m coverage run -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "No test was collected (pytest exit code 5): check the arguments or the test paths." >&2
  exit 5
fi
if ! .venv/bin/python -m coverage combine --quiet; then
  echo "No coverage data was recorded." >&2
  exit $(( status ? status : 1 ))
fi
if [ "$#" -gt 0 ]; then
  # A chosen subset of the tests: report, but the floor applies to the whole suite only.
  .venv/bin/python -m coverage report --fail-under=0
  exit "$status"
fi
# The whole suite: the report, and a failure below the floor ([tool.coverage.report] fail_under).
set +e
.venv/bin/python -m coverage report
coverage_status=$?
set -e
if [ "$status" -ne 0 ]; then exit "$status"; fi
exit "$coverage_status"
