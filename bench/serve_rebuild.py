"""Time a `mkdocs serve` rebuild after one record changes, at N documents.

    .venv/bin/python bench/serve_rebuild.py --docs 1000

Starts `mkdocs serve` on the shipped configuration pointed at N synthetic records, waits for
the first build, edits one record (a project name), and times until the served page shows
the new name. Prints the plugin's own log line for the rebuild, which says how many records
were parsed (it should be 1), and a last line ``N=<n> first_build_s=<s> rebuild_s=<s> parsed=<k>``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from budgetsite import synth  # noqa: E402
from build_scale import REPO, plugin_config  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, predicate, timeout: float) -> float:  # noqa: ANN001 - a str -> bool callable
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if predicate(response.read().decode("utf-8")):
                    return time.monotonic()
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"timed out waiting for {url}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--out", default=str(REPO / "bench" / "out" / "serve"))
    args = parser.parse_args(argv)
    root = Path(args.out) / str(args.docs)
    data = root / "data"
    if data.exists():
        shutil.rmtree(data)
    records = list(synth.write(data, args.docs, args.seed))
    config = plugin_config(root, data)
    target = records[len(records) // 2]
    year, code = target.parent.name, target.stem
    port = free_port()
    url = f"http://127.0.0.1:{port}/{year}/{code}/"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=f"http://127.0.0.1:{port}/")
    lines: list[str] = []
    start = time.monotonic()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                              cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert server.stdout is not None
    reader = threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    try:
        text = target.read_text(encoding="utf-8")
        old = re.search(r"^    name: (.+)$", text, re.MULTILINE)
        assert old is not None
        new_name = old.group(1) + "（已修订）"
        first = wait_for(url, lambda html: old.group(1) in html, args.timeout) - start
        print(f"first build served after {first:.1f} s", file=sys.stderr)
        time.sleep(2)  # let the watcher settle
        target.write_text(text.replace(old.group(0), f"    name: {new_name}", 1), encoding="utf-8")
        edited = time.monotonic()
        rebuild = wait_for(url, lambda html: new_name in html, args.timeout) - edited
    finally:
        server.terminate()
        server.wait(timeout=60)
        reader.join(timeout=10)
    parsed = [int(m.group(1)) for line in lines if (m := re.search(r"\((\d+) parsed", line))]
    for line in lines:
        if "parsed" in line:
            print(line.rstrip())
    print(f"N={args.docs} first_build_s={first:.1f} rebuild_s={rebuild:.1f} parsed={parsed[-1] if parsed else '?'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
