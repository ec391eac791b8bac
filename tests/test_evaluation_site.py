"""A target year and its self-evaluation, end to end: imported from a text export, checked, built and on the site."""

from __future__ import annotations

import shutil
from pathlib import Path

from budgetsite.collection import load_archive
from budgetsite.site import SiteOptions, generate_pages
from conftest import SEED_EVALUATION_TEXT, run_cli
from htmltext import visible_text
from test_render import check_golden

TITLE_LINES = {"项目支出绩效自评表", "（2021年度）"}
LABELS = {"项目名称", "项目编码", "主管部门", "实施单位", "项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
          "年度总体目标", "预期目标", "实际完成情况", "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
          "偏差原因分析及改进措施", "总分", "评价结论", "存在问题", "改进措施"}


def cells() -> list[str]:
    """Every filled cell of the exported table: each label, figure and sentence."""
    rows = SEED_EVALUATION_TEXT.read_text(encoding="utf-8").splitlines()
    return [c.strip() for row in rows for c in row.split("\t") if c.strip() and c.strip() not in TITLE_LINES | {"—"}]


def page_text(site: Path, path: str) -> str:
    return visible_text((site / path / "index.html").read_text(encoding="utf-8"))


def test_every_figure_and_sentence_of_the_imported_table_is_on_the_site(evaluation_site: Path) -> None:
    site = evaluation_site / "site"
    document = (site / "2021" / "711001" / "index.html").read_text(encoding="utf-8")
    assert 'href="evaluation/"' in document or 'href="./evaluation/' in document or "evaluation/#result-130821212EHVWVXYA137X" in document
    evaluation = page_text(site, "2021/711001/evaluation")
    missing = [c for c in cells() if c not in evaluation]
    assert missing == []
    # On the targets' page itself: the money, each result beside its target, the score and the reasons.
    text = visible_text(document)
    for figure in ("全年执行数 4.80", "执行率 96.00%", "总分 98.20（满分 100）", "评价结论 良",
                   "95%", "92%", "96%", "4.80 万元", "基本达成", "达成预期指标", "9.60", "14",
                   "2 名劳模信息变更，0.20 万元津贴延后至次年 1 月发放；明年年初提前核对劳模信息。",
                   "部分乡镇未开展劳模事迹宣讲，宣传覆盖面不足；下年度增加宣讲场次。"):
        assert figure in text, figure
    assert "自评表中没有本项目（按项目编码 130821215ZG8SLNX0HFWL 和项目名称均未找到）" in text
    # The year page lists both kinds; the department page charts 执行率 and 总分.
    year = page_text(site, "2021")
    assert "已公开（1 个项目）" in year and "已公开（2 个项目）" in year
    department = (site / "departments" / "711001" / "index.html").read_text(encoding="utf-8")
    assert "各年度预算执行率" in department and "各年度自评平均总分" in department and "96.00%" in visible_text(department)
    log = (evaluation_site / "build.log").read_text(encoding="utf-8")
    assert "Traceback" not in log
    assert "budgetsite: 2 份绩效自评，项目匹配 2 个，仅有目标 1 个，仅有自评 1 个；指标匹配 14 行，仅有目标 0 行，仅有自评 1 行" in log


def test_check_reports_matched_and_unmatched_rows_and_scores(evaluation_site: Path) -> None:
    result = run_cli("check", "data", cwd=evaluation_site)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "绩效自评：2 个文件，项目匹配 2 个，仅有目标 1 个，仅有自评 1 个；指标匹配 14 行，仅有目标 0 行，仅有自评 1 行。" in out
    assert "data/2021/711001-evaluation.yaml：项目匹配 1 个，仅有目标 1 个，仅有自评 0 个；指标匹配 9 行，仅有目标 0 行，仅有自评 0 行；" \
           "总分：破产、改制企业退休劳动模范荣誉津贴 98.20" in out
    assert "总分：公共文化场馆免费开放补助 95.00、非遗展示活动经费 100" in out
    assert "[eval-unmatched-project] projects[1].name：项目“市级劳动模范春节慰问资金”（130821215ZG8SLNX0HFWL）在自评表 data/2021/711001-evaluation.yaml 中没有对应的项目" in out
    assert "[eval-total]" not in out


def test_the_same_file_with_a_wrong_total_gives_a_finding_with_file_line_and_both_numbers(evaluation_site: Path, tmp_path: Path) -> None:
    shutil.copytree(evaluation_site / "data", tmp_path / "data")
    wrong = tmp_path / "wrong.txt"
    text = SEED_EVALUATION_TEXT.read_text(encoding="utf-8")
    assert text.count("\t100\t98.20\t") == 1
    wrong.write_text(text.replace("\t100\t98.20\t", "\t100\t99.20\t"), encoding="utf-8")
    imported = run_cli("import", str(wrong), "--year", "2021", "--force", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "已导入绩效自评（文本）：承德县总工会 2021 年，1 个项目，9 条绩效指标 → data/2021/711001-evaluation.yaml" in imported.stdout
    yaml_lines = (tmp_path / "data" / "2021" / "711001-evaluation.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, t in enumerate(yaml_lines, start=1) if t.strip() == "total_score: 99.20")
    result = run_cli("check", "data", cwd=tmp_path)
    assert (f"data/2021/711001-evaluation.yaml:{line}:18: 错误 [eval-total] projects[0].total_score："
            "总分为 99.20，但各行得分之和为 98.20（预算执行 9.60 + 9 个指标）；相差 1.00") in result.stdout
    strict = run_cli("check", "data", "--strict", cwd=tmp_path)
    assert strict.returncode == 2


def test_pages_are_golden(evaluation_site: Path) -> None:
    archive = load_archive(evaluation_site / "data")
    pages = {p.src_uri: p for p in generate_pages(archive, SiteOptions(site_name="承德县部门预算绩效公开"))}
    assert pages["2021/712001/evaluation.md"].kind == "evaluation" and not pages["2021/712001/evaluation.md"].in_nav
    check_golden("evaluation-2021-712001.md", pages["2021/712001/evaluation.md"].markdown)
    check_golden("evaluation-2021-712001-targets.md", pages["2021/712001.md"].markdown)
    check_golden("evaluation-2021-index.md", pages["2021/index.md"].markdown)
    check_golden("evaluation-departments-712001.md", pages["departments/712001.md"].markdown)


def test_search_index_holds_each_result_under_its_anchor(evaluation_site: Path) -> None:
    import json

    root = evaluation_site / "site" / "search" / "budgetsite"
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    docs = [json.loads((root / "d" / str(year) / f"{i}.json").read_text(encoding="utf-8"))
            for year, start, end in manifest["years"] for i in range(end - start)]
    assert [(d["y"], d["url"]) for d in docs] == [
        (2022, "2022/711001/"), (2021, "2021/711001/"), (2021, "2021/712001/"),
        (2021, "2021/711001/evaluation/"), (2021, "2021/712001/evaluation/")]
    sections = {s[0]: s[2] for s in docs[3]["s"]}
    assert "部分乡镇未开展劳模事迹宣讲，宣传覆盖面不足；下年度增加宣讲场次。" in sections["result-130821212EHVWVXYA137X"]
    assert "总分 98.20" in sections["result-130821212EHVWVXYA137X"]
    assert [s[0] for s in docs[4]["s"]] == ["", "result-130821300WHG0000000A1", "result-2"]


def test_open_data_holds_every_result_with_a_schema(evaluation_site: Path) -> None:
    import csv
    import io
    import json

    import jsonschema
    import openpyxl

    site = evaluation_site / "site"
    schema = json.loads((site / "api" / "schema" / "evaluation.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for code in ("711001", "712001"):
        data = json.loads((site / "api" / "2021" / f"{code}.evaluation.json").read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)
    seed = json.loads((site / "api" / "2021" / "711001.evaluation.json").read_text(encoding="utf-8"))
    assert seed["projects"][0]["total_score"] == "98.20" and seed["projects"][0]["funds"][0]["spent"] == "4.80"
    assert seed["counts"]["indicators_matched"] == 9 and seed["matches"][0]["target_project"] == "130821212EHVWVXYA137X"
    assert seed["source"] == {"file": "2021/711001-evaluation.yaml",
                              "sha256": __import__("hashlib").sha256((evaluation_site / "data" / "2021" / "711001-evaluation.yaml").read_bytes()).hexdigest()}
    rows = list(csv.DictReader(io.StringIO((site / "downloads" / "2021" / "711001.evaluation.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 9 + 9  # every matched row, and every row of the project the self-evaluation lacks
    first = rows[0]
    assert (first["三级指标"], first["绩效目标指标值"], first["实际完成值"], first["得分"], first["对应情况"]) == ("核实劳动模范人数", "≥90 百分比", "95%", "10", "已对应")
    assert {r["对应情况"] for r in rows[9:]} == {"仅绩效目标有"} and rows[9]["项目编码"] == "130821215ZG8SLNX0HFWL"
    every = (site / "downloads" / "all.evaluations.csv").read_text(encoding="utf-8-sig")
    assert "活动宣传覆盖率" in every and "仅自评表有" in every
    sheet = openpyxl.load_workbook(site / "downloads" / "2021" / "711001.evaluation.xlsx").active
    assert [c.value for c in sheet[1]][:4] == ["年度", "单位编码", "项目编码", "项目名称"]
    index = json.loads((site / "api" / "evaluations.json").read_text(encoding="utf-8"))
    assert [(e["year"], e["unit"]["code"], e["counts"]["projects_matched"]) for e in index["evaluations"]] == [(2021, "711001", 1), (2021, "712001", 1)]
    page = (site / "2021" / "711001" / "evaluation" / "index.html").read_text(encoding="utf-8")
    assert "../../../downloads/2021/711001.evaluation.csv" in page and "../../../api/2021/711001.evaluation.json" in page


def test_a_self_evaluation_without_targets_and_the_review_notice(tmp_path: Path) -> None:
    from budgetsite.review import review_archive
    from test_evaluation import TEXT, make_evaluation_data

    data = make_evaluation_data(tmp_path)
    (data / "2022" / "712001-evaluation.yaml").write_text(TEXT.replace("year: 2021", "year: 2022").replace("total_score: 95.00", "total_score: 97.00"),
                                                         encoding="utf-8")
    archive = load_archive(data)
    findings = review_archive(archive)
    options = SiteOptions(review_notice=True)
    pages = {p.src_uri: p for p in generate_pages(archive, options, findings)}
    alone = pages["2022/712001/evaluation.md"].markdown
    assert "2022 年没有本单位的部门预算绩效文本，各项目无法与绩效目标对照。" in alone
    assert alone.count("绩效目标中没有与本项目编码或名称相同的项目") == 2
    assert "总分为 97.00，但各行得分之和为 95.00" in alone  # the review notice on the self-evaluation's own page
    year = pages["2022/index.md"].markdown
    assert "<td>712001</td><td>尚未公开</td>" in year and "已公开（2 个项目）" in year
    assert "2022/712001.md" not in pages
