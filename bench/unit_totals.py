"""Recompute every year's totals straight from the YAML and compare them with what the site publishes.

    .venv/bin/python bench/unit_totals.py                     # budgetsite generate --docs 1000 --seed 0, pages from the core
    .venv/bin/python bench/unit_totals.py --docs 200 --build  # also build the site with mkdocs and read its HTML
    .venv/bin/python bench/unit_totals.py --data data         # any data folder

The recomputation shares nothing with the site's code: each record is read with PyYAML's
BaseLoader (every scalar stays the text written in the file), amounts become ``Fraction``s,
元 are divided by 10,000 as fractions, and rounding to the cent is done here, half-up. The
published side is read back from what a reader gets: the year pages, the home page, the
all-projects pages and the department pages (their tables parsed from HTML), each table's own
CSV, the year's ``documents.csv`` and the API index. Every figure must agree to the cent (the
open-data files: exactly), and every amount caption must say 金额单位：万元.

Prints one line per year and ``checked=<figures> mismatches=<m>`` last; exits 1 on any mismatch.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
UNIT = "万元"
PER_UNIT = {"万元": Fraction(1), "元": Fraction(1, 10000)}  # this script's own table, not budgetsite.money
DASH = "—"
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


# -- the YAML, read independently ----------------------------------------------------------

@dataclass
class Doc:
    year: int
    code: str
    department: str
    unit_name: str
    unit: str
    total: Fraction = Fraction(0)
    fiscal: Fraction = Fraction(0)
    other: Fraction = Fraction(0)
    own_total: Fraction = Fraction(0)  # in the record's own unit (its published 合计)
    projects: list[tuple[str, Fraction, Fraction, Fraction]] = field(default_factory=list)  # code, total, fiscal, other in 万元
    project_units: set[str] = field(default_factory=set)


def read_docs(data: Path) -> list[Doc]:
    docs = []
    for path in sorted(data.glob("*/*.yaml")):
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        unit = raw.get("money_unit") or "万元"
        doc = Doc(int(raw["year"]), raw["unit"]["code"], raw["department"], raw["unit"]["name"], unit)
        for p in raw.get("projects") or []:
            own = p.get("money_unit") or unit
            doc.project_units.add(own)
            b = p["budget"]
            t, f, o = (Fraction(b[k]) * PER_UNIT[own] for k in ("total", "fiscal", "other"))
            doc.total, doc.fiscal, doc.other = doc.total + t, doc.fiscal + f, doc.other + o
            doc.own_total += Fraction(b["total"]) * PER_UNIT[own] / PER_UNIT[unit]
            doc.projects.append((p["code"], t, f, o))
        docs.append(doc)
    return docs


def cents(value: Fraction) -> str:
    """Half-up (ties away from zero) to two decimals, as text."""
    scaled = abs(value) * 100
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    sign = "-" if value < 0 and whole else ""
    return f"{sign}{whole // 100}.{whole % 100:02d}"


def exact_text(value: Fraction) -> str:
    """A total that is a whole number of 0.000001 万元 (every 元 amount has cents), written out exactly."""
    micro = value * 10**6
    assert micro.denominator == 1, value
    sign, n = ("-" if micro < 0 else ""), abs(micro.numerator)
    return f"{sign}{n // 10**6}.{n % 10**6:06d}"


def signed(value: Fraction) -> str:
    text = cents(value)
    return text if text.startswith("-") or text == "0.00" else f"+{text}"


def share(part: Fraction, whole: Fraction) -> str:
    return DASH if whole == 0 else cents(part / whole * 100) + "%"


def change_percent(now: Fraction, before: Fraction) -> str:
    if before == 0:
        return DASH
    text = cents((now - before) / before * 100)
    return (text if text.startswith("-") or text == "0.00" else f"+{text}") + "%"


# -- what the site publishes, read back -----------------------------------------------------

class _Tables(HTMLParser):
    """Every <table>: its caption, body rows and footer rows, as the text of each cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.part = ""
        self.cell: list[str] | None = None
        self.row: list[str] | None = None
        self.in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append({"caption": "", "body": [], "foot": []})
        elif tag == "caption":
            self.in_caption = True
        elif tag in ("thead", "tbody", "tfoot"):
            self.part = tag
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self.in_caption = False
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None and self.tables:
            if self.part == "tbody":
                self.tables[-1]["body"].append(self.row)
            elif self.part == "tfoot":
                self.tables[-1]["foot"].append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.in_caption and self.tables:
            self.tables[-1]["caption"] += data
        elif self.cell is not None:
            self.cell.append(data)


def html_tables(html: str) -> dict[str, dict]:
    parser = _Tables()
    parser.feed(html)
    return {t["caption"].strip(): t for t in parser.tables}


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


class Published:
    """Pages and files of the site: from the core (Markdown with its HTML tables) or from a built site/."""

    def __init__(self, data: Path, site: Path | None) -> None:
        from budgetsite.collection import load_archive
        from budgetsite.export import build_downloads
        from budgetsite.site import SiteOptions, generate_pages

        self.site = site
        self.pages: dict[str, str] = {}
        self.files: dict[str, bytes] = {}
        if site is None:
            archive = load_archive(data)
            for page in generate_pages(archive, SiteOptions()):
                self.pages[page.src_uri] = page.markdown
                self.files.update(page.files)
            self.files.update((d.path, d.content) for d in build_downloads(archive))

    def page(self, src_uri: str) -> str:
        if self.site is None:
            return self.pages[src_uri]
        from budgetsite import routes

        url = routes.page_url(src_uri)
        return (self.site / (url + "index.html" if url.endswith("/") or not url else url)).read_text(encoding="utf-8")

    def file(self, path: str) -> bytes:
        return self.files[path] if self.site is None else (self.site / path).read_bytes()


# -- the comparison -------------------------------------------------------------------------

class Checker:
    def __init__(self) -> None:
        self.checked = 0
        self.mismatches: list[str] = []

    def same(self, where: str, published: str, expected: str) -> None:
        self.checked += 1
        if published != expected:
            self.mismatches.append(f"{where}: published {published!r}, recomputed from the YAML {expected!r}")

    def caption(self, where: str, tables: dict[str, dict], caption: str) -> dict:
        self.checked += 1
        if caption not in tables:
            self.mismatches.append(f"{where}: no table captioned {caption!r} (found {sorted(tables)})")
            return {"body": [], "foot": []}
        return tables[caption]

    def units(self, where: str, html: str) -> None:
        for label in re.findall(r"（金额单位：([^）]*)）", html):
            self.same(f"{where} caption unit", label, UNIT)


def labels(docs: list[Doc]) -> dict[str, str]:
    """The chart's label per unit code: the department, with the unit's name where a department has several."""
    count: dict[str, int] = defaultdict(int)
    for d in docs:
        count[d.department] += 1
    return {d.code: d.department if count[d.department] == 1 else f"{d.department}（{d.unit_name}）" for d in docs}


def check_year(year: int, docs: list[Doc], site: Published, c: Checker) -> tuple[Fraction, Fraction, Fraction]:
    from budgetsite import routes

    total, fiscal, other = sum(d.total for d in docs), sum(d.fiscal for d in docs), sum(d.other for d in docs)
    where = f"{year} year page"
    html = site.page(routes.year_page(year))
    c.units(where, html)
    m = re.search(r"预算数合计 <strong>([^<]+)</strong> ([^，]+)，其中财政资金 <strong>([^<]+)</strong>、其他资金 <strong>([^<]+)</strong>", html)
    if m is None:
        c.same(f"{where} summary", "(missing)", "预算数合计 … 万元")
    else:
        c.same(f"{where} summary 预算数合计", m.group(1), cents(total))
        c.same(f"{where} summary unit", m.group(2), UNIT)
        c.same(f"{where} summary 财政资金", m.group(3), cents(fiscal))
        c.same(f"{where} summary 其他资金", m.group(4), cents(other))
    tables = html_tables(html)
    caption = f"{year} 年各单位预算绩效文本（金额单位：{UNIT}）"
    records = c.caption(where, tables, caption)
    by_code = {d.code: d for d in docs}
    for row in records["body"]:
        d = by_code.get(row[1])
        if d is None:
            c.same(f"{where} row", row[1], "a unit code of the year")
            continue
        c.same(f"{where} {d.code} 预算数/财政资金/其他资金", " ".join(row[5:8]), f"{cents(d.total)} {cents(d.fiscal)} {cents(d.other)}")
    expected_footer = f"{cents(total)} {cents(fiscal)} {cents(other)}"
    for foot in records["foot"][:1] or [["(missing)"] * 8]:
        c.same(f"{where} 合计", " ".join(foot[5:8]), expected_footer)
    page_csv = csv_rows(site.file(routes.page_table_csv(routes.year_page(year), caption, ())))
    c.same(f"{where} table CSV 合计", " ".join(page_csv[-1][k] for k in ("预算数", "财政资金", "其他资金")), expected_footer)
    c.same(f"{where} table CSV rows", str(len(page_csv)), str(len(docs) + 1))

    # the chart's table: the ten largest, the rest summed, each share of the whole
    chart = c.caption(where, tables, f"{year} 年各单位预算数（金额单位：{UNIT}）")
    name = labels(docs)
    ranked = sorted(docs, key=lambda d: (-d.total, name[d.code]))
    bars = [(name[d.code], d.total) for d in ranked]
    if len(bars) > 11:
        bars = bars[:10] + [(f"其他 {len(bars) - 10} 个单位", sum(v for _, v in bars[10:]))]
    shown = [" ".join(r[:3]) for r in chart["body"]]
    c.same(f"{where} chart", " | ".join(shown), " | ".join(f"{label} {cents(v)} {share(v, total)}" for label, v in bars))

    # the year's open data: every document's exact amounts, published and converted
    files = routes.year_files(year)
    rows = csv_rows(site.file(files.csv["documents"]))
    c.same(f"{year} documents.csv rows", str(len(rows)), str(len(docs)))
    exact = Fraction(0)
    for row in rows:
        d = by_code[row["单位编码"]]
        c.same(f"{year} documents.csv {d.code} 金额单位", row["金额单位"], d.unit)
        c.same(f"{year} documents.csv {d.code} 预算数 as published", str(Fraction(row["预算数"])), str(d.own_total))
        c.same(f"{year} documents.csv {d.code} 预算数（折合万元）", str(Fraction(row[f"预算数（折合{UNIT}）"])), str(d.total))
        exact += Fraction(row[f"预算数（折合{UNIT}）"])
    c.same(f"{year} documents.csv column sum", str(exact), str(total))
    index = json.loads(site.file(files.index))
    entry = next((y for y in json.loads(site.file(routes.API_INDEX))["years"] if y["year"] == year), {})
    agg = entry.get("aggregate_totals", {})
    c.same(f"{year} api/index.json aggregate_totals", f"{agg.get('money_unit')} {Fraction(agg.get('total', '0'))}", f"{UNIT} {total}")
    c.same(f"{year} api index documents", str(len(index["documents"])), str(len(docs)))

    # every project of the year in one table
    where = f"{year} projects page"
    html = site.page(routes.projects_page(year))
    c.units(where, html)
    table = c.caption(where, html_tables(html), f"{year} 年全部预算项目（金额单位：{UNIT}）")
    expected_rows = {(d.code, code): f"{cents(t)} {cents(f)} {cents(o)}" for d in docs for code, t, f, o in d.projects}
    for row in table["body"]:
        c.same(f"{where} {row[1]}/{row[2]}", " ".join(row[4:7]), expected_rows.get((row[1], row[2]), "(not in the YAML)"))
    for foot in table["foot"][:1] or [["(missing)"] * 8]:
        c.same(f"{where} 合计", " ".join(foot[4:7]), expected_footer)
    return total, fiscal, other


def check_home(years: dict[int, Fraction], counts: dict[int, int], site: Published, c: Checker) -> None:
    from budgetsite import routes

    html = site.page(routes.HOME)
    c.units("home page", html)
    table = c.caption("home page", html_tables(html), f"各年度公开情况（金额单位：{UNIT}）")
    got = {row[0]: row for row in table["body"]}
    for year, total in years.items():
        row = got.get(f"{year} 年", ["", "", "", "(missing)"])
        c.same(f"home page {year} 预算数", row[3], cents(total))
        c.same(f"home page {year} 单位数", row[1], str(counts[year]))


def check_departments(docs: list[Doc], site: Published, c: Checker) -> int:
    """Each department's years: totals, change against the calendar year before, and its percentage."""
    from budgetsite import routes

    by_code: dict[str, dict[int, Doc]] = defaultdict(dict)
    for d in docs:
        by_code[d.code][d.year] = d
    for code, years in by_code.items():
        where = f"department {code}"
        html = site.page(routes.department_page(code))
        c.units(where, html)
        newest = years[max(years)]
        table = c.caption(where, html_tables(html), f"{newest.department} 各年度预算（金额单位：{UNIT}）")
        rows = {row[0]: row for row in table["body"]}
        for year, d in sorted(years.items()):
            before = years.get(year - 1)
            amount = DASH if before is None else signed(d.total - before.total)
            pct = DASH if before is None else change_percent(d.total, before.total)
            row = rows.get(f"{year} 年", [])
            c.same(f"{where} {year}", " ".join(row[3:6] + row[-2:]), f"{cents(d.total)} {cents(d.fiscal)} {cents(d.other)} {amount} {pct}")
    return len(by_code)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="synthetic documents to generate (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, help="check this data folder instead of generating one")
    parser.add_argument("--build", action="store_true", help="build the site with mkdocs and read its HTML (slower)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="unit-totals-") as tmp:
        data = args.data
        if data is None:
            from budgetsite import synth

            data = Path(tmp) / "data"
            synth.write(data, args.docs, args.seed)
        site_dir = None
        if args.build:
            config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
            config = config.replace("data_dir: data", f"data_dir: {data.resolve().as_posix()}")
            config = config.replace("docs_dir: docs", f"docs_dir: {(REPO / 'docs').as_posix()}")
            site_dir = Path(tmp) / "site"
            config = config.replace("site_dir: site", f"site_dir: {site_dir.as_posix()}")
            (Path(tmp) / "mkdocs.yml").write_text(config, encoding="utf-8")
            result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(Path(tmp) / "mkdocs.yml")],
                                    capture_output=True, text=True)
            if result.returncode:
                print(result.stderr[-3000:], file=sys.stderr)
                return 2
        docs = read_docs(data)
        site = Published(data, site_dir)
        c = Checker()
        by_year: dict[int, list[Doc]] = defaultdict(list)
        for d in docs:
            by_year[d.year].append(d)
        totals = {}
        for year in sorted(by_year):
            year_docs = by_year[year]
            total, fiscal, other = check_year(year, year_docs, site, c)
            totals[year] = total
            in_yuan = sum(1 for d in year_docs if d.unit == "元")
            mixed = sum(1 for d in year_docs if len(d.project_units) > 1)
            print(f"{year}: {len(year_docs)} documents ({in_yuan} in 元, {mixed} with tables in both units): "
                  f"预算数合计 {cents(total)} 万元 (exact {exact_text(total)}), 财政资金 {cents(fiscal)}, 其他资金 {cents(other)}")
        check_home(totals, {y: len(v) for y, v in by_year.items()}, site, c)
        departments = check_departments(docs, site, c)
        source = f"built site ({site_dir})" if site_dir else "pages and files from the core (what the plugin writes)"
        print(f"read back: {len(by_year)} year pages, the home page, {len(by_year)} project pages, {departments} department pages, "
              f"their tables' CSVs, {len(by_year)} documents.csv, the API index; {source}")
        for line in c.mismatches[:50]:
            print("MISMATCH", line)
        print(f"checked={c.checked} mismatches={len(c.mismatches)}")
        return 1 if c.mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
