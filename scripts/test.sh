#!/usr/bin/env bash
# Install budgetsite with its test dependencies into .venv (and Debian's Chromium for the
# browser tests when it is missing and we may install it), then lint and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install -y chromium' (browser tests need /usr/bin/chromium)." >&2
  fi
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
if [ -f package.json ]; then npm ci --silent --no-audit --no-fund; fi
export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check plugins tests bench
exec .venv/bin/python -m pytest "$@"
