"""Kill `mkdocs build` at random moments and check that site/ is always the complete old or the complete new site.

    .venv/bin/python bench/kill_build.py                          # 2,000 documents, 20 kills (the issue's figure)
    .venv/bin/python bench/kill_build.py --docs 200 --kills 20    # smaller, on a shared machine

Two data sets of N synthetic documents (seeds 1 and 2) are built once each to record their
complete sites (every file's SHA-256). Then, in the same folder, a build of the other data set is
started and killed (SIGKILL, the whole process group) at a random moment between 0 and 100 % of a
full build; site/ must equal one of the two complete sites. Last, two builds are started at once:
one must stop with the lock message and site/ must be complete. Prints one line per kill and a
summary ``kills=<k> old=<o> new=<n> broken=<b>``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from budgetsite.synth import write  # noqa: E402


def snapshot(site: Path) -> dict[str, str]:
    if not site.is_dir():
        return {}
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def config(root: Path, data: Path) -> Path:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("data_dir: data", f"data_dir: {data.as_posix()}").replace("docs_dir: docs", f"docs_dir: {(REPO / 'docs').as_posix()}")
    text = text.replace("site_dir: site", f"site_dir: {(root / 'site').as_posix()}")
    path = root / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def start(cfg: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg)], cwd=cfg.parent, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def use(data: Path, docs: int, seed: int) -> None:
    shutil.rmtree(data, ignore_errors=True)
    write(data, docs, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data, site = root / "data", root / "site"
        cfg = config(root, data)
        sites, took = {}, 0.0
        for seed in (2, 1):
            use(data, args.docs, seed)
            t = time.perf_counter()
            build = start(cfg)
            _, err = build.communicate()
            assert build.returncode == 0, err
            took = max(took, time.perf_counter() - t)
            sites[seed] = snapshot(site)
            print(f"complete build of seed {seed}: {took:.1f} s, {len(sites[seed]):,} files", flush=True)
        rng = random.Random(args.seed)
        current, counts = 1, {"old": 0, "new": 0, "broken": 0}
        for k in range(args.kills):
            other = 3 - current
            use(data, args.docs, other)
            moment = rng.uniform(0, took)
            build = start(cfg)
            time.sleep(moment)
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()
            now = snapshot(site)
            state = "old" if now == sites[current] else "new" if now == sites[other] else "broken"
            counts[state] += 1
            print(f"kill {k + 1:2}: at {moment:6.1f} s ({100 * moment / took:3.0f} %): site/ is the complete {state} site ({len(now):,} files)", flush=True)
            current = other if state == "new" else current
        runs = [start(cfg) for _ in range(2)]
        codes = sorted(r.wait() for r in runs)
        after = snapshot(site)
        complete = after in sites.values()
        print(f"two builds at once: exit codes {codes}, site/ complete: {complete}")
        print(f"docs={args.docs} kills={args.kills} old={counts['old']} new={counts['new']} broken={counts['broken']} "
              f"concurrent_ok={complete and codes == [0, 1]}")


if __name__ == "__main__":
    main()
