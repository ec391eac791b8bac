"""Build N synthetic documents with the plugin and, as the floor, the same pages with stock MkDocs.

    .venv/bin/python bench/build_scale.py                   # N = 100, 1,000, 10,000
    .venv/bin/python bench/build_scale.py --sizes 100,1000  # fewer
    .venv/bin/python bench/build_scale.py --sizes 1000 --evaluations 0.5  # with a self-evaluation for half
    .venv/bin/python bench/build_scale.py --sizes 10000 --no-floor       # the plugin alone: time and peak memory

For each N the script writes ``budgetsite generate``-style records, then builds:

* plugin — the shipped ``mkdocs.yml`` (whatever search it configures), pointed at the records;
* floor  — stock MkDocs + Material + its built-in ``search``, on the plugin's own generated
  Markdown written out as plain ``.md`` files (same titles, same navigation, same CSS/JS),
  so both render identical content and the difference is what the plugin costs.

Builds run in child processes, interleaved (plugin, floor, plugin, floor, …) because the
machine is shared; the fastest run of each is reported. Peak memory is the ``ru_maxrss`` that
``wait4`` reports for the build: the largest resident set of the build process and of the
processes it waited for (the plugin's open-data worker), whichever is larger; the largest over
the runs is reported. Site bytes count every file written; search bytes count the search index
files (``search/`` and anything else named ``*search*index*``).

After each N a line ``N=<n> plugin_s=<s> peak_mb=<m> build_mb=<b> worker_mb=<w>``: the plugin build's fastest
time and peak MB, then each process's own peak, sampled from ``/proc/<pid>/status`` (``VmHWM``) every
0.1 s while the build runs (Linux; a forked worker's figure includes the pages it shares with its parent).
The last line is ``N=<n> ratio=<r> kb_per_doc=<k> peak_mb=<m>`` for the largest N
(plugin build time ÷ floor build time; the plugin site's KB per document; the plugin's peak MB);
with ``--no-floor`` there is no floor build and no ratio (``ratio=-``).
Output goes to bench/out/scale/ (git-ignored) unless --out says otherwise.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from budgetsite import routes, synth
from budgetsite.collection import load_archive
from budgetsite.render.escape import h
from budgetsite.site import SiteOptions, generate_pages, navigation
from budgetsite.synth_evaluation import write_evaluations

REPO = Path(__file__).resolve().parents[1]
ASSETS = REPO / "plugins" / "budgetsite" / "assets"
ASSET_URIS = {"css": routes.asset("budgetsite.css"), "js": routes.asset("budgetsite.js")}


@dataclass
class Build:
    seconds: float
    peak_mb: float  # the larger of the build process's and its worker's
    own_mb: tuple[float, float]  # sampled peaks of the build process and of its children (the open-data worker); 0: unseen
    site_bytes: int
    search_bytes: int
    page_bytes: float  # mean size of a document page


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.width = 4096
    return y


def load_repo_config() -> object:
    return _yaml().load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))


def dump(config: object, path: Path) -> None:
    buf = io.StringIO()
    _yaml().dump(config, buf)
    path.write_text(buf.getvalue(), encoding="utf-8")


def plugin_config(root: Path, data: Path) -> Path:
    """The shipped mkdocs.yml, pointed at ``data`` (docs/ stays the repository's)."""
    config = load_repo_config()
    config["docs_dir"] = str(REPO / "docs")  # type: ignore[index]
    config["site_dir"] = str(root / "plugin-site")  # type: ignore[index]
    for entry in config["plugins"]:  # type: ignore[index]
        if isinstance(entry, dict) and "budgetsite" in entry:
            (entry["budgetsite"] if entry["budgetsite"] is not None else entry.setdefault("budgetsite", {}))["data_dir"] = str(data)
    path = root / "plugin.yml"
    dump(config, path)
    return path


def floor_config(root: Path, data: Path) -> Path:
    """Stock MkDocs + Material + search over the plugin's pages, written out as Markdown."""
    config = load_repo_config()
    docs = root / "floor-docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(REPO / "docs", docs)
    archive = load_archive(data)
    options = SiteOptions(site_name=str(config["site_name"]), directory_urls=bool(config.get("use_directory_urls", True)))  # type: ignore[index,union-attr]
    written = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    for page in generate_pages(archive, options):
        if page.src_uri in written:
            continue  # a hand-written page wins, as in the plugin
        target = docs / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        # The plugin sets the same escaped meta title.
        target.write_text(f"---\ntitle: {json.dumps(h(page.title), ensure_ascii=False)}\n---\n\n{page.markdown}", encoding="utf-8")
    for uri in ASSET_URIS.values():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ASSETS / Path(uri).name, docs / uri)
    handwritten = sorted(p.relative_to(REPO / "docs").as_posix() for p in (REPO / "docs").rglob("*.md"))
    config["docs_dir"] = str(docs)  # type: ignore[index]
    config["site_dir"] = str(root / "floor-site")  # type: ignore[index]
    config["plugins"] = [{"search": {"lang": "zh"}}]  # type: ignore[index]
    config["nav"] = navigation(archive, options) + [u for u in handwritten if u != "index.md"]  # type: ignore[index]
    config["not_in_nav"] = "/[0-9]*/*.md\n/departments/*.md\n"  # type: ignore[index]
    config["extra_css"] = [ASSET_URIS["css"]]  # type: ignore[index]
    config["extra_javascript"] = [ASSET_URIS["js"]]  # type: ignore[index]
    path = root / "floor.yml"
    dump(config, path)
    return path


def high_water_mb(pid: int) -> float:
    """A live process's peak resident MB so far (Linux ``VmHWM``); 0 once it is gone or elsewhere."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0.0)


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="utf-8").split()]
    except OSError:
        return []


class PeakWatch(threading.Thread):
    """Samples the peaks of a build process and of its children until ``done`` is set."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.done, self.own, self.children = pid, threading.Event(), 0.0, 0.0

    def run(self) -> None:
        while not self.done.wait(0.1):
            self.own = max(self.own, high_water_mb(self.pid))
            self.children = max([self.children, *(high_water_mb(c) for c in children(self.pid))])


def run_build(config: Path, log: Path) -> tuple[float, float, tuple[float, float]]:
    """Build in a child process; (wall seconds, peak resident MB of the child and of the processes it waited for,
    sampled peaks of the child and of its children)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="http://127.0.0.1:8000/")
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
                                 stdout=out, stderr=subprocess.STDOUT, env=env, cwd=config.parent)
        watch = PeakWatch(child.pid)
        watch.start()
        _, status, usage = os.wait4(child.pid, 0)  # ru_maxrss: the larger of the child's and its own children's
        seconds = time.perf_counter() - start
        watch.done.set()
        watch.join()
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"build failed ({config}); see {log}:\n" + log.read_text(encoding="utf-8")[-3000:])
    return seconds, usage.ru_maxrss / 1024, (watch.own, watch.children)  # KB on Linux


def is_search_file(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return rel.startswith("search/") or ("search" in name and "index" in name)


def measure(site: Path, n: int, seconds: float, peak: float, own: tuple[float, float]) -> Build:
    site_bytes = search_bytes = 0
    pages: list[int] = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        rel = path.relative_to(site).as_posix()
        site_bytes += size
        if is_search_file(rel):
            search_bytes += size
        parts = rel.split("/")
        if len(parts) == 3 and parts[0].isdigit() and parts[2] == "index.html":
            pages.append(size)
    return Build(seconds, peak, own, site_bytes, search_bytes, sum(pages) / max(1, len(pages)))


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_size(n: int, seed: int, out: Path, repeat: int, evaluations: float = 0.0, floor: bool = True) -> tuple[Build, Build | None]:
    root = out / (str(n) if not evaluations else f"{n}-eval{evaluations:g}")
    data = root / "data"
    if data.exists():
        shutil.rmtree(data)
    start = time.perf_counter()
    synth.write(data, n, seed)
    made = len(write_evaluations(data, evaluations, seed)) if evaluations else 0
    progress(f"[N={n}] generated {n} records and {made} self-evaluations in {time.perf_counter() - start:.1f} s")
    configs = {"plugin": plugin_config(root, data)}
    if floor:
        start = time.perf_counter()
        configs["floor"] = floor_config(root, data)
        progress(f"[N={n}] wrote the floor's Markdown in {time.perf_counter() - start:.1f} s")
    runs: dict[str, list[tuple[float, float, tuple[float, float]]]] = {kind: [] for kind in configs}
    for i in range(repeat):
        for kind, cfg in configs.items():
            seconds, peak, own = run_build(cfg, root / f"{kind}-{i}.log")
            runs[kind].append((seconds, peak, own))
            progress(f"[N={n}] {kind} build {i + 1}/{repeat}: {seconds:.1f} s, peak {peak:.0f} MB")
    results = {}
    for kind in configs:
        seconds = min(s for s, _, _ in runs[kind])
        peak = max(p for _, p, _ in runs[kind])
        own = (max(o[0] for _, _, o in runs[kind]), max(o[1] for _, _, o in runs[kind]))
        results[kind] = measure(root / f"{kind}-site", n, seconds, peak, own)
    return results["plugin"], results.get("floor")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated N (default 100,1000,10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=2, help="interleaved runs of each build per N (default 2)")
    parser.add_argument("--repeat-large", type=int, default=1, help="runs per build when N >= 10,000 (default 1)")
    parser.add_argument("--out", default=str(REPO / "bench" / "out" / "scale"))
    parser.add_argument("--evaluations", type=float, default=0.0, metavar="SHARE",
                        help="also write a self-evaluation beside this share of the records (0-1, e.g. 0.5); default 0")
    parser.add_argument("--no-floor", action="store_true", help="build only with the plugin (time and memory; no ratio)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print(f"cores={os.cpu_count()} python={sys.version.split()[0]} seed={args.seed} evaluations={args.evaluations:g} "
          "(timings on a shared machine are noisy)")
    header = f"{'N':>6} {'plugin s':>9} {'floor s':>8} {'ratio':>6} {'plugin MB':>9} {'floor MB':>8} " \
             f"{'site KB/doc':>11} {'floor KB/doc':>12} {'page KB':>7} {'search KB/doc':>13} {'floor search KB/doc':>19}"
    lines = []
    last = ""
    for n in sizes:
        plugin, floor = bench_size(n, args.seed, out, args.repeat if n < 10000 else args.repeat_large, args.evaluations,
                                   floor=not args.no_floor)
        kb = plugin.site_bytes / n / 1024
        if floor is not None:
            ratio = f"{plugin.seconds / floor.seconds:.2f}"
            floor_cols = (f"{floor.seconds:.1f}", f"{floor.peak_mb:.0f}", f"{floor.site_bytes / n / 1024:.1f}",
                          f"{floor.search_bytes / n / 1024:.2f}")
        else:
            ratio, floor_cols = "-", ("-", "-", "-", "-")
        lines.append(
            f"{n:>6} {plugin.seconds:>9.1f} {floor_cols[0]:>8} {ratio:>6} {plugin.peak_mb:>9.0f} {floor_cols[1]:>8} "
            f"{kb:>11.1f} {floor_cols[2]:>12} {plugin.page_bytes / 1024:>7.1f} "
            f"{plugin.search_bytes / n / 1024:>13.2f} {floor_cols[3]:>19}"
        )
        print(header if len(lines) == 1 else "", end="\n" if len(lines) == 1 else "")
        print(lines[-1], flush=True)
        print(f"N={n} plugin_s={plugin.seconds:.1f} peak_mb={plugin.peak_mb:.0f} build_mb={plugin.own_mb[0]:.0f} "
              f"worker_mb={plugin.own_mb[1]:.0f}", flush=True)
        last = f"N={n} ratio={ratio} kb_per_doc={kb:.1f} peak_mb={plugin.peak_mb:.0f}"
    print(last)
    return 0


if __name__ == "__main__":
    sys.exit(main())
