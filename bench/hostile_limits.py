"""How fast, and in how little memory, hostile record files are refused.

    .venv/bin/python bench/hostile_limits.py

Each case is a folder holding the real seed and one hostile file; ``budgetsite check`` runs on it in
a child process, and the script prints the wall time of the whole command (interpreter start
included), the time spent inside ``load_archive`` and the child's peak memory (``ru_maxrss``).
The issue's figures before the limits: a 16.9 KB alias bomb took 36 s and 1.66 GB; a 10 MB
project name built for 7 min 45 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "2021" / "711001.yaml"

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
start = time.perf_counter()
from budgetsite.collection import load_archive
from budgetsite.errors import RecordsInvalid
t0 = time.perf_counter()
try:
    load_archive(Path(sys.argv[1]))
    errors = []
except RecordsInvalid as exc:
    errors = [e.format() for e in exc.errors]
t1 = time.perf_counter()
print(json.dumps({"load_s": t1 - t0, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "errors": errors}))
"""


def bomb(target_bytes: int) -> str:
    """A "billion laughs" file of about ``target_bytes``: nine levels of nine aliases each, padded with long anchors."""
    lines = ["a: &a [" + ", ".join(["lol" * 40] * 9) + "]"]
    for i, name in enumerate("bcdefghij"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{'abcdefghij'[i]}"] * 9) + "]")
    text = "\n".join(lines) + "\n"
    pad = 0
    while len(text.encode()) < target_bytes:
        text += f"p{pad}: &p{pad} [" + ", ".join(["*j"] * 9) + "]\n"
        pad += 1
    return text


def cases() -> dict[str, str]:
    seed = SEED.read_text(encoding="utf-8")
    return {
        "alias bomb 16.9 KB": bomb(16_900),
        "10 MB field (file size limit)": seed.replace("department: 承德县总工会", "department: " + "长" * 3_500_000),
        "1.9 MB field (field limit)": seed.replace("department: 承德县总工会", "department: " + "x" * 1_900_000),
        "10,000-deep nesting": "a: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "4,400-digit year": seed.replace("year: 2021", "year: " + "9" * 4400),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    print(f"{'case':32} {'file KB':>9} {'command s':>10} {'load s':>8} {'peak MB':>8}  message")
    for name, text in cases().items():
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            (data / "2021").mkdir(parents=True)
            shutil.copy(SEED, data / "2021" / "711001.yaml")
            path = data / "2021" / "712001.yaml"
            path.write_text(text, encoding="utf-8")
            start = time.perf_counter()
            result = subprocess.run([sys.executable, "-c", CHILD, str(data)], capture_output=True, text=True, check=True)
            took = time.perf_counter() - start
            figures = json.loads(result.stdout)
            message = figures["errors"][0].split(": ", 1)[1][:60] if figures["errors"] else "(accepted!)"
            print(f"{name:32} {path.stat().st_size / 1000:9.1f} {took:10.2f} {figures['load_s']:8.3f} {figures['peak_mb']:8.1f}  {message}")


if __name__ == "__main__":
    main()
