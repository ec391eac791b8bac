#!/usr/bin/env bash
# Install budgetsite into .venv, build the site from data/ into site/, then serve it
# on http://127.0.0.1:8000/ with live reload. `bash scripts/site.sh build` only builds;
# `bash scripts/site.sh install` only installs (a CI job that runs bin/budgetsite build --shard YEAR).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
export NO_MKDOCS_2_WARNING=1
if [ "${1:-serve}" = "install" ]; then exit 0; fi
bin/budgetsite check data
bin/mkdocs build
# A new shell has no .venv on its PATH: the bin/ wrappers are the commands every document uses.
echo "安装完成。以后在新的终端中，进入 $(pwd) 后直接运行：bin/budgetsite check data、bin/mkdocs build、bin/mkdocs serve（员工手册见 manual/README.md）。"
if [ "${1:-serve}" != "build" ]; then
  exec bin/mkdocs serve -a "${ADDR:-127.0.0.1:8000}"
fi
