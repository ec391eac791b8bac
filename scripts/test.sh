#!/usr/bin/env bash
# Install budgetsite with its test dependencies into .venv (and Debian's Chromium for the
# browser tests when it is missing and we may install it), then lint and run every test.
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
.venv/bin/ruff check plugins tests bench
exec .venv/bin/python -m pytest "$@"
