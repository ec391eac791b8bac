"""Search at scale: index size, bytes fetched and time to the first result, in a real browser.

    .venv/bin/python bench/search_scale.py               # 1,000 and 10,000 documents
    .venv/bin/python bench/search_scale.py 1000 50000    # other sizes
    .venv/bin/python bench/search_scale.py --site site   # an already built site folder

For each size the benchmark makes that many synthetic department-year records from the
seed (data/2021/711001.yaml): fictional departments over ten years, 2–8 projects each with
fresh 项目编码, names and texts recombined from the seed and from a budget vocabulary with
random variation, so the vocabulary grows as a real archive's does. It builds the search
index with budgetsite.search (the same code the MkDocs plugin runs), serves it with the
site's search.js from a loopback server, and in headless Chromium runs each query on a
fresh browser context (cold cache), timing ``budgetsiteSearch.search()`` until the first
page of results is ready and summing the bytes of every index file fetched for it.

With ``--site DIR`` the same queries run against the index of an already built site (its
``search/budgetsite/`` and ``assets/budgetsite/search.js``, served read-only, with the bench's
page added at an address of its own); the code, project and department queries take a document
from the middle of that index.

The queries: words, an abbreviation, part of a word, several terms, a phrase typed as two terms,
a word typed without the 、 the text has (改制破产企业 for 改制、破产企业), single characters, a
whole and a partial project code, a department. Targets at 10,000 documents: time to the first
result, median ≤ 150 ms; bytes fetched for the first page of results ≤ 400 KB.

Prints figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import copy
import functools
import http.server
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "plugins"))

from budgetsite.collection import load_archive  # noqa: E402
from budgetsite.model import GoalItem, Indicator, Record  # noqa: E402
from budgetsite.routes import page_url  # noqa: E402
from budgetsite.search import INDEX_DIR, archive_documents, build_index, index_stats, write_index  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SEARCH_JS = REPO / "plugins" / "budgetsite" / "assets" / "search.js"
MATERIAL_BYTES_PER_DOC = 28.7 * 1024  # measured: stock Material's search_index.json per seed-sized document

COUNTIES = ["承德县", "兴隆县", "平泉市", "滦平县", "隆化县", "丰宁满族自治县", "宽城满族自治县", "围场满族蒙古族自治县",
            "青龙满族自治县", "卢龙县", "昌黎县", "迁西县", "遵化市", "玉田县", "滦南县", "乐亭县", "涞水县", "阜平县",
            "易县", "曲阳县", "顺平县", "博野县", "蠡县", "安新县", "雄县", "容城县", "涿鹿县", "怀来县", "赤城县", "崇礼区"]
AGENCIES = ["总工会", "财政局", "教育局", "卫生健康局", "农业农村局", "水务局", "自然资源和规划局", "住房和城乡建设局", "交通运输局",
            "民政局", "人力资源和社会保障局", "文化广电和旅游局", "市场监督管理局", "应急管理局", "生态环境分局", "林业和草原局",
            "审计局", "统计局", "退役军人事务局", "医疗保障局", "妇女联合会", "共青团委员会", "科学技术协会", "残疾人联合会",
            "档案馆", "图书馆", "文化馆", "疾病预防控制中心", "人民医院", "中医院", "第一中学", "职业技术教育中心", "气象局", "供销合作社"]
WORDS = ["农村饮水安全", "乡村振兴", "高标准农田", "义务教育", "营养改善计划", "学前教育", "公共卫生服务", "家庭医生签约",
         "养老服务", "残疾人康复", "困难群众救助", "城乡低保", "特困人员供养", "森林防火", "草原生态保护", "河道治理", "水土保持",
         "道路养护", "农村公路", "安全生产", "食品安全抽检", "药品监管", "文物保护", "非遗传承", "全民健身", "图书借阅",
         "就业培训", "创业担保贷款", "退役军人优抚", "疫情防控", "污染防治", "垃圾处理", "污水处理", "秸秆综合利用", "耕地保护",
         "不动产登记", "信息化建设", "办公设备购置", "物业管理", "档案数字化", "统计调查", "审计监督", "普法宣传", "志愿服务",
         "劳动竞赛", "职工技能培训", "困难职工帮扶", "金秋助学", "送温暖", "法律援助", "社区矫正", "人民调解"]
KINDS = ["专项资金", "补助经费", "运行维护费", "工作经费", "项目资金", "慰问资金", "奖励资金", "建设资金", "购置经费", "津贴"]
CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
YEARS = list(range(2015, 2025))

QUERIES = ["劳动模范", "劳模", "劳动模范 春节", "模范", "示范引领", "满意度", "部门工作计划", "乡村振兴 补助",
           "改制破产企业", "劳动模范 荣誉津贴", "县", "局", "费", "{code}", "{part}", "{dept}"]
TARGET_MS = 150
TARGET_KB = 400


def _code(rng: random.Random, county: int) -> str:
    return f"13{county:04d}{rng.randint(200, 399)}" + "".join(rng.choice(CODE_CHARS) for _ in range(12))


def _vary(text: str, rng: random.Random) -> str:
    """The seed's sentences, some words swapped for others, so texts differ between documents."""
    parts = [p for p in text.replace("；", "。").split("。") if p]
    rng.shuffle(parts)
    out = []
    for p in parts[: max(1, len(parts) * 2 // 3)]:
        if rng.random() < 0.5:
            p = p.replace("劳动模范", rng.choice(WORDS)).replace("工会", rng.choice(AGENCIES)[:2])
        if rng.random() < 0.4:
            p += "，" + rng.choice(WORDS) + rng.choice(["覆盖率", "完成率", "达标率", "受益人数", "满意度"]) + f"达到{rng.randint(60, 100)}%"
        out.append(p)
    return "。".join(out) + "。"


def synthetic_records(n: int, seed_record: Record, rng_seed: int = 3) -> list[Record]:
    rng = random.Random(rng_seed)
    units_per_year = max(1, n // len(YEARS))
    records = []
    for i in range(n):
        year = YEARS[-1 - (i // units_per_year) % len(YEARS)]
        unit_no = i % units_per_year
        county = unit_no // len(AGENCIES) % len(COUNTIES)
        agency = AGENCIES[unit_no % len(AGENCIES)]
        suffix = f"第{unit_no // (len(AGENCIES) * len(COUNTIES)) + 1}分局" if unit_no >= len(AGENCIES) * len(COUNTIES) else ""
        department = COUNTIES[county] + agency + suffix
        r = copy.deepcopy(seed_record)
        r.year = year
        r.department = department
        r.unit.code = f"{700000 + unit_no:06d}"
        r.unit.name = department + "本级"
        r.cover.name_line = department + "部门"
        r.cover.title = f"{year} 年部门预算绩效文本"
        r.cover.prepared_by = department + "部门编制"
        r.overall_goals = [GoalItem(title=g.title, text=_vary(g.text, rng)) for g in seed_record.overall_goals]
        r.sub_goals = [GoalItem(title=g.title, text=_vary(g.text, rng)) for g in seed_record.sub_goals]
        r.safeguards = [_vary(s, rng) for s in seed_record.safeguards]
        projects = []
        for _ in range(rng.randint(2, 8)):
            p = copy.deepcopy(rng.choice(seed_record.projects))
            topic = rng.choice(WORDS)
            p.code = _code(rng, county)
            p.name = topic + rng.choice(KINDS)
            total = Decimal(rng.randint(100, 500_000)) / 100
            p.budget.total = p.budget.fiscal = total
            p.budget.other = Decimal("0.00")
            p.purpose = f"用于{topic}，" + _vary(p.purpose, rng)
            p.goals = [_vary(g, rng) for g in p.goals]
            p.indicators = [Indicator(level1=x.level1, level2=x.level2, name=x.name.replace("劳动模范", topic),
                                      description=x.description.replace("劳动模范", topic), value=x.value,
                                      basis=x.basis.replace("2021", str(year))) for x in p.indicators]
            projects.append(p)
        r.projects = projects
        records.append(r)
    records.sort(key=lambda r: (-r.year, r.unit.code))
    return records


HARNESS = """<!doctype html><meta charset="utf-8"><title>search bench</title>
<script src="assets/budgetsite/search.js"></script>"""
HARNESS_PATH = "/__search_bench__.html"  # never a file of a built site


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        if self.path != HARNESS_PATH:
            return super().do_GET()
        body = HARNESS.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

MEASURE = """async (q) => {
  performance.clearResourceTimings();
  let tFirst = null, filesFirst = null;
  const fetched = () => performance.getEntriesByType("resource").filter(e => e.name.includes("/search/budgetsite/"));
  const t0 = performance.now();
  const res = await window.budgetsiteSearch.search(q, "", 0, 10, () => {
    if (tFirst === null) { tFirst = performance.now(); filesFirst = fetched(); }
  });
  const t1 = performance.now();
  const files = fetched();
  // Bytes for the first result: everything fetched by then (the other documents of the page are already under way).
  return { ms: (tFirst === null ? t1 : tFirst) - t0, page_ms: t1 - t0, bytes: files.reduce((s, e) => s + e.encodedBodySize, 0),
           first_bytes: (filesFirst || files).reduce((s, e) => s + e.encodedBodySize, 0), files: files.length,
           results: res.results.length, total: res.total,
           first: res.results.length ? res.results[0].doc.url + "#" + res.results[0].sections[0].anchor : "" };
}"""


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{HARNESS_PATH}"


def print_stats(stats: dict[str, float], n: int) -> None:
    print(f"index: {stats['shards']} shards, postings {stats['postings_bytes'] / 2**20:.1f} MB "
          f"(median shard {stats['median_shard'] / 1024:.1f} KB, largest {stats['largest_shard'] / 1024:.1f} KB), "
          f"document store {stats['store_bytes'] / 2**20:.1f} MB")
    per_doc = stats["postings_per_doc"] + stats["store_per_doc"]
    print(f"index bytes per document: {stats['postings_per_doc'] / 1024:.2f} KB postings + "
          f"{stats['store_per_doc'] / 1024:.2f} KB stored text = {per_doc / 1024:.2f} KB on disk; "
          f"fetched on a page view: 0 (stock Material: {MATERIAL_BYTES_PER_DOC / 1024:.1f} KB per document, "
          f"all of it on every page view = {MATERIAL_BYTES_PER_DOC * n / 2**20:,.0f} MB)")


def run_queries(url: str, browser: object, queries: list[str]) -> None:
    print(f"{'query':<26}{'results':>8}{'matches':>8}{'files':>6}{'KB 1st':>8}{'KB page':>8}"
          f"{'ms 1st':>8}{'ms page':>8}{'ms warm':>8}  first result")
    all_bytes, first_bytes, all_ms = [], [], []
    for q in queries:
        context = browser.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(url)
        cold = page.evaluate(MEASURE, q)
        warm = page.evaluate(MEASURE, q)
        context.close()
        all_bytes.append(cold["bytes"])
        first_bytes.append(cold["first_bytes"])
        all_ms.append(cold["ms"])
        print(f"{q:<26}{cold['results']:>8}{cold['total']:>8}{cold['files']:>6}{cold['first_bytes'] / 1024:>8.0f}"
              f"{cold['bytes'] / 1024:>8.0f}{cold['ms']:>8.0f}{cold['page_ms']:>8.0f}{warm['page_ms']:>8.0f}  {cold['first']}")
    print(f"bytes fetched (cold, manifest included): to the first result median {statistics.median(first_bytes) / 1024:.0f} KB, "
          f"max {max(first_bytes) / 1024:.0f} KB; first page of 10 results median {statistics.median(all_bytes) / 1024:.0f} KB, "
          f"max {max(all_bytes) / 1024:.0f} KB (target {TARGET_KB} KB); time to first result (cold): median "
          f"{statistics.median(all_ms):.0f} ms (target {TARGET_MS} ms), max {max(all_ms):.0f} ms")


def measure(n: int, seed_record: Record, browser: object, queries: list[str]) -> None:
    t = time.perf_counter()
    records = synthetic_records(n, seed_record)
    t_gen = time.perf_counter() - t
    t = time.perf_counter()
    documents = archive_documents(records, lambda r: page_url(f"{r.year}/{r.unit.code}.md"))
    files = build_index(documents)
    t_index = time.perf_counter() - t
    stats = index_stats(files)
    root = Path(tempfile.mkdtemp(prefix=f"search-bench-{n}-"))
    try:
        write_index(files, root)
        (root / "assets" / "budgetsite").mkdir(parents=True)
        shutil.copy(SEARCH_JS, root / "assets" / "budgetsite" / "search.js")
        server, url = serve(root)
        probe = records[len(records) // 2]
        code = probe.projects[0].code
        substitutions = {"{code}": code, "{part}": code[9:], "{dept}": probe.department}
        print(f"\n== {n:,} synthetic documents ({sum(len(r.projects) for r in records):,} projects; "
              f"generated in {t_gen:.1f} s, index built in {t_index:.1f} s)")
        print_stats(stats, n)
        run_queries(url, browser, [substitutions.get(q, q) for q in queries])
        server.shutdown()
    finally:
        shutil.rmtree(root, ignore_errors=True)


class _Size(int):
    """A file's size where index_stats expects its content: it only takes len()."""

    def __len__(self) -> int:
        return int(self)


def measure_site(site: Path, browser: object, queries: list[str]) -> None:
    """The queries against a built site's own index and search.js."""
    index = site / INDEX_DIR
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    sizes = {str(p.relative_to(index)): _Size(p.stat().st_size) for p in index.rglob("*.json")}
    year, start, end = manifest["years"][len(manifest["years"]) // 2]  # a document of the middle year
    probe = json.loads((index / "d" / str(year) / f"{(end - start) // 2}.json").read_text(encoding="utf-8"))
    codes = [a for a, *_ in probe["s"] if a and a not in ("part-1", "department-tables", "unplaced")]
    code = codes[0] if codes else probe["u"]
    substitutions = {"{code}": code, "{part}": code[9:] or code, "{dept}": probe["dep"]}
    print(f"\n== {site}: {manifest['docs']:,} documents, index format {manifest['v']}, years "
          f"{', '.join(str(y) for y, *_ in manifest['years'])}")
    print_stats(index_stats(sizes), manifest["docs"])  # type: ignore[arg-type]
    server, url = serve(site)
    run_queries(url, browser, [substitutions.get(q, q) for q in queries])
    server.shutdown()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, help="numbers of synthetic documents (default: 1000 10000)")
    parser.add_argument("--site", type=Path, help="run the queries against this built site folder instead")
    args = parser.parse_args(argv)
    if args.site and not (args.site / INDEX_DIR / "manifest.json").is_file():
        parser.error(f"{args.site / INDEX_DIR / 'manifest.json'} not found: is {args.site} a built site?")
    seed = None
    if not args.site:
        seed = load_archive(REPO / "data").get(2021, "711001")
        assert seed is not None, "the seed record data/2021/711001.yaml is missing"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        if args.site:
            measure_site(args.site, browser, QUERIES)
        for n in [] if args.site else args.sizes or [1000, 10000]:
            measure(n, seed, browser, QUERIES)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
