"""End to end: build sites with `mkdocs build` and read the HTML back."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from conftest import SEED_RECORD, SITE_URL, make_data_dir, run_build, run_cli, write_site_config
from fidelity import assert_paragraphs_in_order, assert_rows_in_table, assert_table_in_page, page_tables
from htmltext import main_content, squash, visible_text
from seedtext import seed_indicator_grid, seed_lines, seed_page_grids, seed_paragraphs, seed_tables

pytestmark = pytest.mark.slow


def read(site: Path, url_path: str) -> str:
    return (site / url_path / "index.html").read_text(encoding="utf-8")


def test_the_seed_tables_are_on_its_page_cell_by_cell_in_order(built_site: Path) -> None:
    html = main_content(read(built_site, "2021/711001"))
    seed = seed_tables()
    expected = seed_page_grids()
    assert [g[0][0] for g in expected] == ["项目编码", "一级指标", "项目编码", "一级指标"]
    for grid in expected:
        assert_table_in_page(html, grid)
    grids = page_tables(html)
    assert [grids.index(g) for g in expected] == sorted(grids.index(g) for g in expected)  # in the seed's order
    # Every cell of the seed's tables is in the expected grids (the derivation above drops nothing).
    cells = {c for g in expected for row in g for c in row}
    assert [c for t in seed for row in t for c in row if c and c not in cells] == []


def test_project_1_header_block_cell_by_cell(built_site: Path) -> None:
    html = main_content(read(built_site, "2021/711001"))
    name = "破产、改制企业退休劳动模范荣誉津贴"
    purpose = "为我县改制、破产企业退休劳动模范发放劳动模范荣誉津贴"
    goals = "1. 对承德县改制、破产企业单位退休的劳动模范发放荣誉津贴 2. 及时发放荣誉津贴"
    assert_table_in_page(html, [
        ["项目编码", "130821212EHVWVXYA137X", "130821212EHVWVXYA137X", "项目名称", name, name, name],
        ["预算规模及资金用途", "预算数", "5.00", "其中：财政资金", "5.00", "其他资金", "0"],
        ["预算规模及资金用途", *[purpose] * 6],
        ["资金支出计划（%）", "3月底", "6月底", "10月底", "12月底", "12月底", "12月底"],
        ["资金支出计划（%）", "", "", "", "100.00%", "100.00%", "100.00%"],
        ["绩效目标", *[goals] * 6],
    ])


def test_the_seed_paragraphs_are_on_its_page_whole_and_in_order(built_site: Path) -> None:
    html = main_content(read(built_site, "2021/711001"))
    paragraphs = seed_paragraphs()
    assert len(paragraphs) == 28  # 5 cover lines, 2 part headings, 3 sub-headings, 6 + 5 goals, 1 safeguard, 2 × (title, unit, 单位)
    # Page-break artifacts are joined back: the sentences read whole.
    assert any(p.startswith("5、职工事业发展：") and "创新活动以及劳动竞赛、岗位练兵" in p for p in paragraphs)
    assert_paragraphs_in_order(html, paragraphs)
    # Every line of the seed's prose is in one of these paragraphs.
    lines = [ln.strip() for ln in seed_lines() if ln.strip() and "\t" not in ln]
    assert [ln for ln in lines if not any(ln in p for p in paragraphs)] == []


def test_the_fidelity_helpers_fail_on_a_cell_out_of_place(built_site: Path) -> None:
    html = main_content(read(built_site, "2021/711001"))
    grid = seed_indicator_grid(seed_tables()[1])
    swapped = [*grid[:1], grid[2], grid[1], *grid[3:]]  # two rows in the wrong order
    with pytest.raises(AssertionError, match="no table of the page has exactly these 10 rows"):
        assert_table_in_page(html, swapped)
    moved = [row[:] for row in grid]
    moved[6][4], moved[6][5] = moved[6][5], moved[6][4]  # ≤5 万元 and its basis swapped
    with pytest.raises(AssertionError, match="no table"):
        assert_table_in_page(html, moved)
    assert_rows_in_table(html, [grid[1], grid[3]])  # rows of one table, in order, others between them
    with pytest.raises(AssertionError, match="not found in order"):
        assert_rows_in_table(html, [grid[3], grid[1]])
    with pytest.raises(AssertionError, match="not found in order"):
        assert_rows_in_table(html, [moved[6]])
    paragraphs = seed_paragraphs()
    with pytest.raises(AssertionError, match="comes before"):
        assert_paragraphs_in_order(html, [paragraphs[8], paragraphs[7]])
    with pytest.raises(AssertionError, match="is not a paragraph of the page"):
        assert_paragraphs_in_order(html, [paragraphs[7][:-1]])  # a part of a paragraph is not the paragraph


def test_document_order_and_anchors(built_site: Path) -> None:
    html = read(built_site, "2021/711001")
    text = visible_text(main_content(html))
    order = ["承德县总工会部门", "(草案)", "第一部分 部门整体绩效目标", "一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施",
             "第二部分 预算项目绩效目标", "1. 破产、改制企业退休劳动模范荣誉津贴绩效目标表", "2. 市级劳动模范春节慰问资金绩效目标表"]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)
    assert 'id="130821212EHVWVXYA137X"' in html and 'id="130821215ZG8SLNX0HFWL"' in html
    assert '<html lang="zh"' in html


def test_generated_pages_exist_and_link_together(built_site: Path) -> None:
    home = read(built_site, ".")
    assert 'href="2022/"' in home and 'href="2021/"' in home
    year = main_content(read(built_site, "2021"))
    assert 'href="711001/"' in year and 'href="712001/"' in year
    assert "合计" in visible_text(year) and "37.50" in visible_text(year)  # 25.00 + 12.50
    dept = visible_text(main_content(read(built_site, "departments/711001")))
    assert "2021 年" in dept and "2022 年" in dept and "6.00" in dept
    assert (built_site / "data-format" / "index.html").exists()
    assert not (Path(__file__).resolve().parents[1] / "docs" / "2021").exists()  # nothing written into docs/


def test_documents_and_years_are_not_in_the_navigation_but_one_page_of_years_is(built_site: Path) -> None:
    html = read(built_site, "2021")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("</nav>", html.index('<nav class="md-nav md-nav--primary"'))]
    # The same navigation whatever years exist: a sharded build reuses an old year's pages as they are.
    assert 'href="../years/"' in nav and "历年公开" in nav
    assert "2022/" not in nav and "711001" not in nav
    years = main_content(read(built_site, "years"))
    assert 'href="../2021/"' in years and 'href="../2022/"' in years and "各年度公开情况" in years


RESOURCE = re.compile(r"<(script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?\b(src|href|data)=\"([^\"]+)\"", re.I)


def test_no_resource_is_loaded_from_another_host(built_site: Path) -> None:
    offenders = []
    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for tag, _attr, url in RESOURCE.findall(html):
            if tag.lower() == "link" and re.search(r'rel="(canonical|alternate)"', html[html.rfind("<", 0, html.find(url)):html.find(url)]):
                continue
            if re.match(r"(https?:)?//", url) and not url.startswith(SITE_URL):
                offenders.append((path.name, url))
    for path in list(built_site.rglob("*.css")):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", path.read_text(encoding="utf-8")):
            offenders.append((path.name, url))
    for path in (built_site / "assets" / "budgetsite").glob("*.js"):
        offenders += [(path.name, u) for u in re.findall(r"https?://[^\s'\"]+", path.read_text(encoding="utf-8"))]
    assert offenders == []
    assert "fonts.googleapis.com" not in read(built_site, ".")


HOSTILE = {
    "department": "承德县</title><script>alert('dept')</script>&lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt;局",
    "purpose": "<img src=x onerror=alert(1)> 资金|用途|*粗体* [点我](javascript:alert(2)) {{ config.site_name }} {% raw %}",
    "indicator": "≥90 | <b>百分比</b>",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data" / "2021"
    data.mkdir(parents=True)
    text = SEED_RECORD.read_text(encoding="utf-8")
    text = text.replace("department: 承德县总工会", f'department: "{HOSTILE["department"]}"')
    text = text.replace("purpose: 为我县改制、破产企业退休劳动模范发放劳动模范荣誉津贴", f"purpose: '{HOSTILE['purpose']}'")
    text = text.replace("value: ≥90 百分比, basis: 工作活动部门职责", f'value: "{HOSTILE["indicator"]}", basis: 工作活动部门职责', 1)
    text = text.replace("  - title: 维护职工合法权益\n", "  - title: '*维护* [职工](javascript:alert(3)) | 权益'\n", 1)
    (data / "711001.yaml").write_text(text, encoding="utf-8")
    result = run_build(write_site_config(root, root / "data"))
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_hostile_text_is_literal_text(hostile_site: Path) -> None:
    html = read(hostile_site, "2021/711001")
    article = main_content(html)
    assert "<script>alert" not in html and "<img src=x" not in article and "<b>百分比" not in article
    assert "javascript:" not in re.sub(r"&#58;|:", ":", " ".join(re.findall(r'href="([^"]*)"', html)))
    text = visible_text(article)
    for value in HOSTILE.values():
        assert squash(value) in text
    assert "1、*维护* [职工](javascript:alert(3)) | 权益：" in text
    for page in hostile_site.rglob("*.html"):
        body = page.read_text(encoding="utf-8")
        assert "<script>alert(" not in body and "onerror=alert" not in body.replace("&lt;img src=x onerror=alert", "")


def file_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_bad_record_fails_the_build_and_keeps_the_previous_site(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path)
    config = write_site_config(tmp_path, data)
    assert run_build(config).returncode == 0
    before = file_hashes(tmp_path / "site")
    bad = data / "2021" / "712001.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("total: 12.50", "total: 十二点五").replace("status: 正式", "status: 定稿"), encoding="utf-8")
    (data / "2022" / "711001.yaml").write_bytes("year: 2022\nstatus: 草案\n".encode("gbk"))
    result = run_build(config)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "2021/712001.yaml:3:9: 字段 status：状态（status）应为 草案 或 正式，实际为“定稿”" in output
    assert "字段 projects[0].budget.total（第 1 个项目“公共文化场馆免费开放补助”）：预算数（total）应为金额" in output
    assert "2022/711001.yaml:2:1: 文件不是 UTF-8 编码（看起来是 GBK" in output
    assert file_hashes(tmp_path / "site") == before


def test_check_command(tmp_path: Path, fixture_data: Path) -> None:
    ok = run_cli("check", str(fixture_data))
    assert ok.returncode == 0 and "检查通过：3 个文件，2 个年度，5 个项目" in ok.stdout
    data = make_data_dir(tmp_path)
    (data / "2021" / "711001.yaml").write_text("year: 2021\nyear: 2022\n", encoding="utf-8")
    bad = run_cli("check", str(data))
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "2021/711001.yaml:2:1: 字段 year：字段重复：第 1 行已经写过“year”" in bad.stderr
    assert "缺少必填字段“department”" in bad.stderr


def test_the_theme_files_no_page_loads_are_not_published(built_site: Path) -> None:
    # Source maps and other languages' search splitters were 2.2 MB, a sixth of a 100-document site.
    assert not list(built_site.rglob("*.map"))
    lunr = sorted(p.relative_to(built_site / "assets/javascripts/lunr").as_posix() for p in (built_site / "assets/javascripts/lunr").rglob("*.js"))
    assert lunr == ["min/lunr.multi.min.js", "min/lunr.stemmer.support.min.js", "min/lunr.zh.min.js"]
    worker = next((built_site / "assets/javascripts/workers").glob("search.*.min.js")).read_text("utf-8")
    assert "min/lunr.stemmer.support.min.js" in worker and "lunr.${n}.min.js" in worker  # what it loads, and only that
