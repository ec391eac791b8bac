"""The sharded build at province scale: years × documents, a new year, one corrected record.

    .venv/bin/python bench/shard_scale.py                              # 10 years × 1,000 documents
    .venv/bin/python bench/shard_scale.py --years 2 --per-year 100     # a quick look
    .venv/bin/python bench/shard_scale.py --no-single                  # skip the single 10,000-document build

Steps, each a child process of the command a maintainer types (timed, with its peak memory from
``os.wait4``: the largest resident size of the process or any process it waited for):

1. ``bin/budgetsite build --shards`` on ``--years`` × ``--per-year`` synthetic documents (every shard built);
2. (unless ``--no-single``) ``bin/mkdocs build`` of the same documents as one site, for comparison;
3. ``--repeat`` rounds of: the newest year's shard alone (``build --shard YEAR``, forced, into a folder of its own:
   "the time of building that one year alone"); an 11th year added (the newest year's records copied to the next
   year), then ``build --shards`` (from the second round on, after taking the year and its shard away again and rebuilding,
   untimed); the oldest year's shard alone; one record of the oldest year corrected (its status changed back and
   forth), then ``build --shards``. Each step sits next to its denominator: the machine's speed drifts;
4. the assembly alone (``build --assemble``), with no department page kept from an earlier assembly.

Printed: each step's seconds and peak MB; the assembled site's KB per document; whether the
assembled and the single site have the same files. Last line:
``N=<n> shards=<s> full_s=<t> add_year_ratio=<r> edit_ratio=<e> peak_mb=<m> kb_per_doc=<k>``
(ratios: the step's median time ÷ the median time of building that year's shard alone; peak_mb: the largest of any shard and the assembly).
Between steps the script waits until the folders a build deletes in the background are gone.
Output goes to bench/out/shards/ (git-ignored) unless --out says otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from budgetsite import synth

REPO = Path(__file__).resolve().parents[1]


def settle(root: Path, limit: float = 600.0) -> None:
    """Wait until the replaced sites and shards a build deletes in the background are gone (a maintainer does not publish
    twice a minute; timing the next step while 100,000 files are being deleted would time the disk)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and any(next(folder.glob(".*.trash-*"), None) for folder in (root, root / ".budgetsite" / "shards", root / "alone")):
        time.sleep(0.5)


def run(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak MB of one command; its output goes to a log file beside the site."""
    settle(cwd)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="http://127.0.0.1:8000/")
    log = open(cwd / "bench.log", "ab")  # noqa: SIM115 - closed below, after the child ends
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=log)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    log.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)} (see {cwd / 'bench.log'})")
    return seconds, usage.ru_maxrss / 1024


def _runs(runs: list[tuple[float, float]]) -> str:
    return " / ".join(f"{seconds:.1f}" for seconds, _ in runs)


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def same_files(a: Path, b: Path) -> bool:
    import gzip

    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): (gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes())
                for p in root.rglob("*") if p.is_file()}
    return tree(a) == tree(b)


def add_year(data: Path, year: int) -> int:
    """The records of ``year`` copied as those of ``year + 1`` (a new year published); how many."""
    target = data / str(year + 1)
    target.mkdir()
    n = 0
    for path in sorted((data / str(year)).glob("*.yaml")):
        text = path.read_text("utf-8").replace(f"year: {year}\n", f"year: {year + 1}\n").replace(f"{year} 年", f"{year + 1} 年")
        (target / path.name).write_text(text, "utf-8")
        n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--per-year", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timed step after the full build (the median counts)")
    parser.add_argument("--no-single", action="store_true", help="skip the single build of every document")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "shards")
    args = parser.parse_args()
    if not 1 <= args.years <= synth.MAX_YEARS:
        raise SystemExit(f"--years must be 1..{synth.MAX_YEARS}")
    n = args.years * args.per_year
    root = args.out / f"{args.years}x{args.per_year}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    data = root / "data"
    paths = synth.write(data, n, seed=0, years=args.years)
    years = sorted({int(p.parent.name) for p in paths})
    config = (REPO / "mkdocs.yml").read_text("utf-8").replace("docs_dir: docs", f"docs_dir: {(REPO / 'docs').as_posix()}")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    budgetsite = [sys.executable, "-m", "budgetsite.cli", "build", "-f", "mkdocs.yml"]
    print(f"{n} documents in {len(years)} years ({years[0]}–{years[-1]}), {args.jobs} shards at a time", flush=True)

    full_s, full_mb = run([*budgetsite, "--shards", "--jobs", str(args.jobs)], root)
    kb_per_doc = site_bytes(root / "site") / 1024 / n
    print(f"full sharded build: {full_s:.1f} s, peak {full_mb:.0f} MB, site {kb_per_doc:.1f} KB per document", flush=True)
    if not args.no_single:  # the same documents as one site: the full sharded build is to be no slower
        single_s, single_mb = run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", "single"], root)
        print(f"single build of the same {n} documents: {single_s:.1f} s, peak {single_mb:.0f} MB; "
              f"the same files as the assembled site: {same_files(root / 'site', root / 'single')}", flush=True)
        shutil.rmtree(root / "single")

    # Each step is timed next to its denominator, "building that one year alone" (``--shard YEAR``, forced), and
    # repeated (the medians count): on a shared machine one run of 30 s varies by several seconds, and the machine's
    # speed drifts over minutes. The newest year's shard is the denominator of adding a year (the added year is its
    # copy); the oldest year's, of correcting one of its records (synth's older years have fewer projects).
    new_year = years[-1] + 1
    record = sorted((data / str(years[0])).glob("*.yaml"))[0]
    alone: dict[int, list[tuple[float, float]]] = {years[-1]: [], years[0]: []}
    # The shards alone are built into a folder of their own: the site's shards stay as a maintainer's would be.
    apart = ["--shard-dir", str(root / "alone")]
    adds, edits = [], []
    for i in range(args.repeat):
        alone[years[-1]].append(run([*budgetsite, "--shard", str(years[-1]), *apart], root))
        if i:  # the added year taken away again, its shard too, and the site built without it (not timed)
            shutil.rmtree(data / str(new_year))
            shutil.rmtree(root / ".budgetsite" / "shards" / str(new_year))
            run([*budgetsite, "--shards", "--jobs", str(args.jobs)], root)
        added = add_year(data, years[-1])
        adds.append(run([*budgetsite, "--shards", "--jobs", str(args.jobs)], root))
        alone[years[0]].append(run([*budgetsite, "--shard", str(years[0]), *apart], root))
        text = record.read_text("utf-8")  # the record's status changed back and forth
        record.write_text(text.replace("status: 正式", "status: 草案") if "status: 正式" in text else text.replace("status: 草案", "status: 正式"),
                          "utf-8")
        edits.append(run([*budgetsite, "--shards", "--jobs", str(args.jobs)], root))
    for year in sorted(alone, reverse=True):
        print(f"one shard alone ({year}, {args.per_year} documents): {_runs(alone[year])} s, "
              f"median {statistics.median(s for s, _ in alone[year]):.1f} s, peak {max(m for _, m in alone[year]):.0f} MB", flush=True)
    shard_s = statistics.median(s for s, _ in alone[years[-1]])
    oldest_s = statistics.median(s for s, _ in alone[years[0]])
    shard_mb = max(m for runs in alone.values() for _, m in runs)
    add_s, add_mb = statistics.median(s for s, _ in adds), max(m for _, m in adds)
    print(f"add year {new_year} ({added} documents): {_runs(adds)} s, median {add_s:.1f} s ({add_s / shard_s:.2f}× one shard), "
          f"peak {add_mb:.0f} MB", flush=True)
    edit_s, edit_mb = statistics.median(s for s, _ in edits), max(m for _, m in edits)
    print(f"edit one record of {years[0]}: {_runs(edits)} s, median {edit_s:.1f} s ({edit_s / oldest_s:.2f}× its shard alone), "
          f"peak {edit_mb:.0f} MB", flush=True)
    # The assembly alone, every department page made (none kept from an earlier assembly: page_store.py).
    shutil.rmtree(root / ".budgetsite" / "shards" / ".pages", ignore_errors=True)
    assemble_s, assemble_mb = run([*budgetsite, "--assemble"], root)
    print(f"assembly alone: {assemble_s:.1f} s, peak {assemble_mb:.0f} MB", flush=True)
    total = n + added
    kb_after = site_bytes(root / "site") / 1024 / total

    peak = max(shard_mb, assemble_mb)
    print(f"N={total} shards={len(years) + 1} full_s={full_s:.1f} add_year_ratio={add_s / shard_s:.2f} "
          f"edit_ratio={edit_s / oldest_s:.2f} peak_mb={peak:.0f} kb_per_doc={kb_after:.1f}")


if __name__ == "__main__":
    main()
