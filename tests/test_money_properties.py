"""Property: on random archives mixing 元 and 万元, every aggregate figure equals the converted sum of its records.

Each example writes a small archive of fictional departments (records in 元 or 万元, some project
tables in the other unit, amounts with 分, zero budgets), builds its pages and open-data files with
the core, and recomputes every aggregate from the YAML alone: PyYAML's BaseLoader keeps each
amount as the text in the file, amounts are ``Fraction``s, 元 are divided by 10,000 here, and
rounding (half-up to the cent, "—" when there is nothing to compare) is done here too. Nothing of
``budgetsite.money`` or the renderers is used for the expected side.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetsite import routes
from budgetsite.collection import load_archive
from budgetsite.export import build_downloads
from budgetsite.site import SiteOptions, generate_pages
from htmltext import tables

YEARS = (2020, 2021, 2022)
PER_WAN = {"万元": Fraction(1), "元": Fraction(1, 10000)}


def cents(value: Fraction) -> str:
    scaled = abs(value) * 100
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    whole += 2 * rest >= scaled.denominator
    return f"{'-' if value < 0 and whole else ''}{whole // 100}.{whole % 100:02d}"


def signed(value: Fraction) -> str:
    text = cents(value)
    return text if text.startswith("-") or text == "0.00" else f"+{text}"


def percent(part: Fraction, whole: Fraction, sign: bool = False) -> str:
    if whole == 0:
        return "—"
    return (signed if sign else cents)(part / whole * 100) + "%"


# -- random archives ------------------------------------------------------------------------

def amount(unit: str) -> st.SearchStrategy[str]:
    top = 10**10 if unit == "元" else 10**6  # in 分 (or 0.01 万元)
    # n × 50 元 is n × 0.005 万元: a tie at the cent whenever n is odd, where half-up and half-even differ
    ties = [st.integers(0, 10**5).map(lambda n: n * 5000)] if unit == "元" else []
    return st.one_of(st.just(0), st.integers(0, 999), st.integers(0, top), *ties).map(lambda n: f"{n // 100}.{n % 100:02d}")


@st.composite
def project(draw: st.DrawFn, record_unit: str) -> dict:
    own = draw(st.sampled_from([None, None, "元", "万元"]))
    unit = own or record_unit
    fiscal, other = Decimal(draw(amount(unit))), Decimal(draw(amount(unit)))
    return {"own": own, "total": str(fiscal + other), "fiscal": str(fiscal), "other": str(other)}


@st.composite
def archive_spec(draw: st.DrawFn) -> list[dict]:
    records = []
    for d in range(draw(st.integers(1, 4))):
        for year in draw(st.lists(st.sampled_from(YEARS), min_size=1, max_size=3, unique=True)):
            unit = draw(st.sampled_from(["元", "万元"]))
            projects = draw(st.lists(project(unit), min_size=0, max_size=3))
            records.append({"year": year, "code": f"9{d:05d}", "department": f"示例县第{d + 1}局", "unit": unit, "projects": projects})
    return records


def write(data: Path, spec: list[dict]) -> None:
    for r in spec:
        lines = [
            "# 测试用虚构记录（不是真实文本）",
            f"year: {r['year']}", "status: 正式", f"department: {r['department']}",
            "unit:", f'  code: "{r["code"]}"', f"  name: {r['department']}本级",
            f"money_unit: {r['unit']}",
            "cover: {name_line: 示例部门, title: 部门预算绩效文本, prepared_by: 示例部门编制, reviewed_by: 示例县财政局审核}",
            "projects:" if r["projects"] else "projects: []",
        ]
        for i, p in enumerate(r["projects"]):
            lines += [f"  - code: P{r['code']}{i}", f"    name: 示例项目{i}"]
            if p["own"]:
                lines.append(f"    money_unit: {p['own']}")
            lines.append(f"    budget: {{total: {p['total']}, fiscal: {p['fiscal']}, other: {p['other']}}}")
        path = data / str(r["year"]) / f"{r['code']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- the expected side, from the YAML files -------------------------------------------------

def from_yaml(data: Path) -> dict[tuple[int, str], dict]:
    out = {}
    for path in sorted(data.glob("*/*.yaml")):
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        unit = raw["money_unit"]
        sums = {"total": Fraction(0), "fiscal": Fraction(0), "other": Fraction(0)}
        projects = {}
        for p in raw["projects"]:
            factor = PER_WAN[p.get("money_unit") or unit]
            converted = {k: Fraction(p["budget"][k]) * factor for k in sums}
            projects[p["code"]] = converted
            for k in sums:
                sums[k] += converted[k]
        out[(int(raw["year"]), raw["unit"]["code"])] = {"department": raw["department"], "projects": projects, **sums}
    return out


def grid(markdown: str, caption: str) -> list[list[str]]:
    found = [t["grid"] for t in tables(markdown) if t["caption"] == caption]
    assert len(found) == 1, (caption, [t["caption"] for t in tables(markdown)])
    return found[0]


def triple(d: dict) -> list[str]:
    return [cents(d["total"]), cents(d["fiscal"]), cents(d["other"])]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(archive_spec())
def test_every_aggregate_is_the_converted_sum_of_its_records(spec: list[dict]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        write(data, spec)
        expected = from_yaml(data)
        archive = load_archive(data)
        pages = {}
        files = {}
        for page in generate_pages(archive, SiteOptions()):
            pages[page.src_uri] = page.markdown
            files.update(page.files)
        files.update((d.path, d.content) for d in build_downloads(archive))

    years = sorted({y for y, _ in expected})
    by_year = {y: {code: r for (yy, code), r in expected.items() if yy == y} for y in years}
    year_sum = {y: {k: sum((r[k] for r in rs.values()), Fraction(0)) for k in ("total", "fiscal", "other")} for y, rs in by_year.items()}

    home = grid(pages[routes.HOME], "各年度公开情况（金额单位：万元）")
    assert {row[0]: row[3] for row in home[1:]} == {f"{y} 年": cents(year_sum[y]["total"]) for y in years}

    for y in years:
        md = pages[routes.year_page(y)]
        t = year_sum[y]
        assert f"预算数合计 <strong>{cents(t['total'])}</strong> 万元，其中财政资金 <strong>{cents(t['fiscal'])}</strong>、" \
               f"其他资金 <strong>{cents(t['other'])}</strong>。" in md
        caption = f"{y} 年各单位预算绩效文本（金额单位：万元）"
        rows = grid(md, caption)
        assert {row[1]: row[5:8] for row in rows[1:-1]} == {code: triple(r) for code, r in by_year[y].items()}
        assert rows[-1][5:8] == triple(t)
        page_csv = list(csv.reader(io.StringIO(files[routes.page_table_csv(routes.year_page(y), caption, ())].decode("utf-8-sig"))))
        assert page_csv[-1][5:8] == triple(t)
        # the chart's table: every department's total and its share of the year, "—" for a year of zeros
        chart = grid(md, f"{y} 年各单位预算数（金额单位：万元）")
        shown = sorted((row[1], row[2]) for row in chart[1:])
        assert shown == sorted((cents(r["total"]), percent(r["total"], t["total"])) for r in by_year[y].values())
        # every project of the year, converted
        projects = grid(pages[routes.projects_page(y)], f"{y} 年全部预算项目（金额单位：万元）")
        want = {(code, p): triple(v) for code, r in by_year[y].items() for p, v in r["projects"].items()}
        if want:
            assert {(row[1], row[2]): row[4:7] for row in projects[1:-1]} == want
            assert projects[-1][4:7] == triple(t)
        # the year's open data: the exact converted amounts, and the API's exact total
        documents = list(csv.DictReader(io.StringIO(files[routes.year_files(y).csv["documents"]].decode("utf-8-sig"))))
        assert {row["单位编码"]: Fraction(row["预算数（折合万元）"]) for row in documents} == {c: r["total"] for c, r in by_year[y].items()}
        api = next(e for e in json.loads(files[routes.API_INDEX])["years"] if e["year"] == y)["aggregate_totals"]
        assert api["money_unit"] == "万元"
        assert {k: Fraction(api[k]) for k in ("total", "fiscal", "other")} == t

    # The archive's rows are the years' own files, through its data package (no other copy is published).
    package = json.loads(files[routes.archive_files().package])
    documents_csv = [r["path"] for r in package["resources"] if r["name"].endswith("-documents")]
    assert sorted(documents_csv) == sorted(f"{y}/{y}.documents.csv" for y in by_year if by_year[y])
    everything = [row for path in documents_csv for row in csv.DictReader(io.StringIO(files[f"downloads/{path}"].decode("utf-8-sig")))]
    assert {(int(row["年度"]), row["单位编码"]): Fraction(row["预算数（折合万元）"]) for row in everything} == \
        {key: r["total"] for key, r in expected.items()}

    # each department's history: totals per year, change against the year before and its percentage
    departments = defaultdict(dict)
    for (y, code), r in expected.items():
        departments[code][y] = r
    for code, history in departments.items():
        name = history[max(history)]["department"]
        rows = {row[0]: row for row in grid(pages[routes.department_page(code)], f"{name} 各年度预算（金额单位：万元）")[1:]}
        for y, r in history.items():
            before = history.get(y - 1)
            change = "—" if before is None else signed(r["total"] - before["total"])
            pct = "—" if before is None else percent(r["total"] - before["total"], before["total"], sign=True)
            assert rows[f"{y} 年"][3:] == [*triple(r), change, pct], (code, y)
        years = sorted(history)
        codes = {p for y in years for p in history[y]["projects"]}
        by_project = grid(pages[routes.department_page(code)], f"{name} 各项目历年预算数（金额单位：万元）")
        if codes:  # without projects the table says （暂无数据）
            shown = {row[1]: row[2:2 + len(years)] for row in by_project[1:-1]}
            assert shown == {p: [cents(history[y]["projects"][p]["total"]) if p in history[y]["projects"] else "—" for y in years]
                             for p in codes}
        assert by_project[-1][2:2 + len(years)] == [cents(history[y]["total"]) for y in years]
