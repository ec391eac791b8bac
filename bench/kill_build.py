"""Kill `mkdocs build` at random moments and check that site/ is always the complete old or the complete new site.

    .venv/bin/python bench/kill_build.py                          # 2,000 documents, 20 kills (the issue's figure)
    .venv/bin/python bench/kill_build.py --docs 200 --kills 20    # smaller, on a shared machine

Two data sets of N synthetic documents (seeds 1 and 2) are written once, each with its own
mkdocs.yml pointing at the same site/, and built once each to record their complete sites
(every file's SHA-256). Then a build of the other data set is started and killed (SIGKILL,
the whole process group) at a random moment between 0 and 100 % of a full build; site/ must
equal one of the two complete sites. Last, two builds are started at once: one must stop with
the lock message and site/ must be complete. Prints one line per kill and a summary
``docs=<n> kills=<k> old=<o> new=<n> broken=<b> concurrent_ok=<bool>``.

The builds' output goes to files, not pipes: a build of thousands of documents that filled a
pipe nobody reads would stall, and the kill would land in a stalled build, not a running one.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import random
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
    return {p.relative_to(site).as_posix(): hashlib.sha256(_content(p)).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def _content(path: Path) -> bytes:
    """A file's bytes; a .gz file's uncompressed bytes, since its header holds the time of the build (sitemap.xml.gz)."""
    data = path.read_bytes()
    if path.suffix != ".gz":
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError):  # a cut-off file: its bytes, which match no complete site's
        return data


def config(root: Path, data: Path, name: str) -> Path:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("data_dir: data", f"data_dir: {data.as_posix()}").replace("docs_dir: docs", f"docs_dir: {(REPO / 'docs').as_posix()}")
    text = text.replace("site_dir: site", f"site_dir: {(root / 'site').as_posix()}")
    path = root / name
    path.write_text(text, encoding="utf-8")
    return path


class Build:
    """`mkdocs build` in its own process group, its output in a file."""

    def __init__(self, cfg: Path, log: Path) -> None:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        self.log = log
        with open(log, "wb") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg)], cwd=cfg.parent, env=env,
                                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def wait(self) -> int:
        return self.process.wait()

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        site = root / "site"
        configs = {}
        for seed in (1, 2):
            write(root / f"data-{seed}", args.docs, seed)
            configs[seed] = config(root, root / f"data-{seed}", f"mkdocs-{seed}.yml")
        sites, took = {}, 0.0
        for seed in (2, 1):  # the site of seed 1 is left in place
            t = time.perf_counter()
            build = Build(configs[seed], root / f"build-{seed}.log")
            assert build.wait() == 0, build.output()
            took_now = time.perf_counter() - t
            took = max(took, took_now)
            sites[seed] = snapshot(site)
            print(f"complete build of seed {seed}: {took_now:.1f} s, {len(sites[seed]):,} files", flush=True)
        rng = random.Random(args.seed)
        current, counts = 1, {"old": 0, "new": 0, "broken": 0}
        for k in range(args.kills):
            other = 3 - current
            moment = rng.uniform(0, took)
            build = Build(configs[other], root / "kill.log")
            time.sleep(moment)
            build.kill()
            now = snapshot(site)
            state = "old" if now == sites[current] else "new" if now == sites[other] else "broken"
            counts[state] += 1
            print(f"kill {k + 1:2}: at {moment:6.1f} s ({100 * moment / took:3.0f} %): site/ is the complete {state} site ({len(now):,} files)", flush=True)
            current = other if state == "new" else current
        runs = [Build(configs[3 - current], root / f"concurrent-{i}.log") for i in range(2)]
        codes = sorted(r.wait() for r in runs)
        after = snapshot(site)
        complete = after == sites[3 - current]
        refused = any("另一个构建正在写" in r.output() for r in runs)
        print(f"two builds at once: exit codes {codes}, lock message: {refused}, site/ is the complete new site: {complete}")
        print(f"docs={args.docs} kills={args.kills} old={counts['old']} new={counts['new']} broken={counts['broken']} "
              f"concurrent_ok={complete and refused and codes == [0, 1]}")


if __name__ == "__main__":
    main()
