"""The ``budgetsite`` command line."""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .errors import RecordsInvalid, terminal_safe

if TYPE_CHECKING:
    from .collection import Archive
    from .review import FrameworkChoice

Command = Callable[[argparse.Namespace], int]
OS_REASONS = {errno.EACCES: "没有权限", errno.EPERM: "不允许的操作", errno.EROFS: "文件系统是只读的", errno.ENOSPC: "磁盘已满",
              errno.ENOENT: "文件或文件夹不存在", errno.EISDIR: "这是文件夹，不是文件", errno.ENOTDIR: "路径中有一段不是文件夹"}
MAX_GENERATED = 100_000  # synthetic records: ten times the largest benchmark
MAX_IMPORT_BYTES = 50 * 1024 * 1024  # a department's .docx with scanned pages is a few MB


def cmd_check(args: argparse.Namespace) -> int:
    """Exit 1 when a record cannot be loaded; review findings are listed and exit 0, or 2 with --strict and any 错误."""
    from .build import PlanOptions, plan_build
    from .review import ERROR, FrameworkChoice, FrameworkError, summary

    try:
        choice = FrameworkChoice.build(args.framework, _year_frameworks(args.framework_year))
    except (FrameworkError, ValueError) as exc:
        print(f"参数错误：{exc}", file=sys.stderr)
        return 1
    if Path(args.data_dir).is_file():
        return _check_file(Path(args.data_dir), args, choice)
    if not _data_dir_exists(args.data_dir):
        return 1
    try:
        plan = plan_build(Path(args.data_dir), PlanOptions(review=None if args.no_review else choice))
    except RecordsInvalid as exc:
        print(exc.report(), file=sys.stderr)
        if not args.no_review:
            _review_what_loaded(exc, choice)
        return 1
    archive = plan.archive
    projects = sum(len(r.projects) for r in archive.records)
    print(f"检查通过：{len(archive.records)} 个文件，{len(archive.years())} 个年度，{projects} 个项目。")
    if archive.evaluations:
        print(_evaluation_summary(archive))
    if args.no_review:
        return 0
    findings = [f for fs in plan.findings.values() for f in fs]
    print(f"{summary(findings)}，指标框架：{choice.default.name}" + (
        "；" + "，".join(f"{y} 年用 {fw.name}" for y, fw in sorted(choice.by_year.items())) if choice.by_year else ""))
    for finding in findings:
        print(f"  {finding.format()}")
    if args.strict and any(f.severity == ERROR for f in findings):
        print("有“错误”级别的审核意见（--strict），请修改后再发布。", file=sys.stderr)
        return 2
    return 0


def _data_dir_exists(data_dir: str) -> bool:
    if Path(data_dir).is_dir():
        return True
    hint = "本项目的数据文件夹是 data，如 bin/budgetsite check data" if Path("data").is_dir() else "请写出数据文件夹的路径，如 bin/budgetsite check data"
    print(f"找不到数据文件夹“{data_dir}”（{Path(data_dir).resolve()}）；{hint}。", file=sys.stderr)
    return False


def _review_what_loaded(exc: RecordsInvalid, choice: object) -> None:
    """Review findings of everything that could be read, in the same run as the errors: one run, every problem."""
    from .load import salvage_projects
    from .review import INFO, FrameworkChoice, review_projects, review_record, summary

    assert isinstance(choice, FrameworkChoice)
    findings = [f for record in exc.loaded for f in review_record(record, choice.for_year(record.year))]
    for file in sorted({e.file for e in exc.errors}):
        path = Path(file)
        salvage = salvage_projects(path.read_bytes(), file) if path.is_file() and path.suffix in (".yaml", ".yml") else None
        if salvage is None:
            continue
        year = path.parent.name
        framework = choice.for_year(int(year)) if year.isdigit() else choice.default
        findings += review_projects(salvage.source, [(i, p, salvage.money_unit) for i, p in salvage.projects], framework)
    findings = [f for f in findings if f.severity != INFO]  # beside errors, how a value was read is noise
    if findings:
        print(f"另外，能读出的内容的{summary(findings)}（改正上面的错误后请再运行一次，确认全部通过）：", file=sys.stderr)
        for finding in sorted(findings):
            print(f"  {finding.format()}", file=sys.stderr)


def _evaluation_summary(archive: Archive) -> str:
    """One line per self-evaluation: its matched and unmatched rows and its 总分."""
    from .build import evaluation_counts

    matches = archive.matches()
    total = evaluation_counts(archive)
    lines = [f"绩效自评：{len(matches)} 个文件，{total.describe()}。"]
    for m in matches:
        e = m.evaluation
        scores = "、".join(f"{p.name} {p.total_score if p.total_score is not None else '（未填总分）'}" for p in e.projects)
        lines.append(f"  {e.source.file if e.source else e.key}：{m.counts().describe()}；总分：{scores}")
    return "\n".join(lines)


def _check_file(path: Path, args: argparse.Namespace, choice: FrameworkChoice) -> int:
    """One record file, as a clerk checks it before putting it in the data folder; its place is checked when it is in one."""
    from .evaluation_load import parse_evaluation
    from .kinds import EVALUATION, kind_of
    from .load import read_record
    from .review import ERROR, review_record, summary

    in_year_folder = path.parent.name.isdigit()
    kind, code = kind_of(path.stem)
    if kind is EVALUATION:
        evaluation, errors = parse_evaluation(path.read_bytes(), path.as_posix(), expect_year=int(path.parent.name) if in_year_folder else None,
                                              expect_code=code if in_year_folder else None)
        if evaluation is None:
            print(RecordsInvalid(errors).report(), file=sys.stderr)
            return 1
        print(f"检查通过：{path}（项目支出绩效自评表，{evaluation.year} 年，{len(evaluation.projects)} 个项目）。"
              "与绩效目标的对应和自评审核请检查整个数据文件夹。")
        return 0
    record, errors = read_record(path, expect_year=int(path.parent.name) if in_year_folder else None,
                                 expect_code=code if in_year_folder else None)
    if record is None:
        print(RecordsInvalid(errors).report(), file=sys.stderr)
        return 1
    print(f"检查通过：{path}（{record.department} {record.year} 年，{len(record.projects)} 个项目）。")
    if not in_year_folder:
        print(f"提示：记录文件应放在 <数据文件夹>/{record.year}/{record.unit.code}.yaml。")
    if args.no_review:
        return 0
    findings = review_record(record, choice.for_year(record.year))
    print(summary(findings))
    for finding in findings:
        print(f"  {finding.format()}")
    if args.strict and any(f.severity == ERROR for f in findings):
        print("有“错误”级别的审核意见（--strict），请修改后再发布。", file=sys.stderr)
        return 2
    return 0


def _year_frameworks(items: list[str]) -> dict[int, str]:
    out: dict[int, str] = {}
    for item in items:
        year, sep, spec = item.partition("=")
        if not sep or not year.strip().isdigit() or not spec.strip():
            raise ValueError(f"--framework-year 应写成 年度=框架，如 2019=A，实际为“{item}”")
        out[int(year)] = spec.strip()
    return out


def cmd_import(args: argparse.Namespace) -> int:
    """Exit 0 with the record written, 1 when the document cannot be imported (every reason listed)."""
    from .importer import ImportFailed, import_document
    from .importer.evaluation_record import is_evaluation
    from .review import FrameworkChoice, review_record, summary

    source = Path(args.file)
    if source.exists() and not source.is_file():
        print(f"无法导入 {args.file}：这不是普通文件（可能是文件夹）。", file=sys.stderr)
        return 1
    if source.is_file() and source.stat().st_size > MAX_IMPORT_BYTES:
        print(f"无法导入 {args.file}：文件有 {source.stat().st_size:,} 字节，超过上限 {MAX_IMPORT_BYTES:,} 字节；请确认选择了部门的绩效文本。", file=sys.stderr)
        return 1
    if is_evaluation(source):
        return _import_evaluation(args)
    try:
        result = import_document(source, year=args.year, unit=args.unit)
    except ImportFailed as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a clerk gets a sentence, never a traceback
        print(f"无法导入 {args.file}：导入程序未能处理这个文件（{type(exc).__name__}: {exc}）。请把文件发给网站维护人员。", file=sys.stderr)
        return 1
    out = Path(args.output) if args.output else result.default_path
    expected = f"{result.record.unit.code}.yaml"
    if out.name != expected or out.parent.name != str(result.record.year):
        print(f"提示：记录文件应放在 <数据文件夹>/{result.record.year}/{expected}，否则 check 和构建会报错；当前输出为 {out}", file=sys.stderr)
    if not _write_imported(out, result.yaml, args.force):
        return 1
    record = result.record
    indicators = sum(len(p.indicators) for p in record.projects)
    unplaced = sum(len(p.unplaced) for p in record.projects) + len(record.unplaced)
    forms = f"{len(record.department_tables)} 张部门整体绩效目标表，" if record.department_tables else ""
    print(f"已导入（{result.kind}）：{record.department} {record.year} 年，{forms}{len(record.projects)} 个项目，{indicators} 条绩效指标 → {out}")
    for note in result.notes:
        print(f"  {note}")
    if unplaced:
        print(f"  注意：{unplaced} 段原文无法归类，已写入 unplaced 字段并会在页面上公开，请核对：")
        for text in record.unplaced:
            print(f"    未能识别的内容：{text}")
        for i, p in enumerate(record.projects):
            for text in p.unplaced:
                print(f"    projects[{i}]（{p.name}）：{text}")
    findings = review_record(record, FrameworkChoice.build().for_year(record.year))
    if findings:
        print(f"  {summary(findings)}（运行 bin/budgetsite check data 查看行号）")
    return 0


def _write_imported(out: Path, text: str, force: bool) -> bool:
    """Write an imported record, never over an existing file unless asked; False (said why) when it was not written."""
    if out.exists() and not force:
        print(f"无法导入：{out} 已存在。核对无误后加 --force 覆盖，或用 -o 指定另一个文件。", file=sys.stderr)
        return False
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"无法写入 {out}：{exc.strerror or exc}", file=sys.stderr)
        return False
    return True


def _import_evaluation(args: argparse.Namespace) -> int:
    """A 项目支出绩效自评表: written to data/<year>/<unit code>-evaluation.yaml, then matched against that year's targets."""
    from .importer import ImportFailed
    from .importer.evaluation_record import import_evaluation

    try:
        result = import_evaluation(Path(args.file), year=args.year, unit=args.unit, data_dir=Path(args.data))
    except ImportFailed as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a clerk gets a sentence, never a traceback
        print(f"无法导入 {args.file}：导入程序未能处理这个自评表（{type(exc).__name__}: {exc}）。请把文件发给网站维护人员。", file=sys.stderr)
        return 1
    out = Path(args.output) if args.output else Path(args.data) / str(result.evaluation.year) / result.default_path.name
    if not _write_imported(out, result.yaml, args.force):
        return 1
    e = result.evaluation
    rows = sum(len(p.indicators) for p in e.projects)
    print(f"已导入绩效自评（{result.kind}）：{e.department} {e.year} 年，{len(e.projects)} 个项目，{rows} 条绩效指标 → {out}")
    for note in result.notes:
        print(f"  {note}")
    print("  运行 bin/budgetsite check data 查看与绩效目标的匹配情况和审核意见。")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from .synth import write

    out = Path(args.out)
    if not 0 <= args.docs <= MAX_GENERATED:
        print(f"--docs 应在 0 到 {MAX_GENERATED:,} 之间，实际为 {args.docs}。", file=sys.stderr)
        return 1
    if out.exists() and not out.is_dir():
        print(f"{out} 已存在且不是文件夹；请换一个输出文件夹。", file=sys.stderr)
        return 1
    if out.exists() and any(out.rglob("*.yaml")) and not args.force:
        print(f"{out} 中已有记录文件；请换一个空文件夹，或加 --force 覆盖。", file=sys.stderr)
        return 1
    if not 0 <= args.evaluations <= 1:
        print(f"--evaluations 应为 0 到 1 之间的比例（如 0.5），实际为 {args.evaluations}。", file=sys.stderr)
        return 1
    paths = write(out, args.docs, args.seed)
    years = sorted({p.parent.name for p in paths})
    span = f"{years[0]}–{years[-1]} 年" if years else "0 个年度"
    print(f"已生成 {len(paths)} 份合成记录（{span}，种子 {args.seed}）：{out}")
    if args.evaluations:
        from .synth_evaluation import write_evaluations

        evaluations = write_evaluations(out, args.evaluations, args.seed)
        print(f"已为其中 {len(evaluations)} 份生成合成的项目支出绩效自评表（<单位编码>-evaluation.yaml）。")
    return 0


def cmd_freeze(args: argparse.Namespace) -> int:
    """Exit 0 with data/<year>/manifest.json written, 1 when the year cannot be frozen as it is."""
    from .build import freeze_year

    if not _data_dir_exists(args.data):
        return 1
    try:
        path = freeze_year(Path(args.data), args.year, args.date)
    except RecordsInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    import json

    from .errors import display_path
    from .frozen_registry import registry_file
    from .frozen_store import store_dir

    manifest = json.loads(path.read_text(encoding="utf-8"))
    written = f"{display_path(path)}、{display_path(store_dir(Path(args.data), args.year))}/ 和 {display_path(registry_file(Path(args.data)))}"
    drafts = [e["file"] for e in manifest["records"] if e.get("status") == "草案"]
    if drafts:
        # Freezing publishes for good: a 草案 frozen by mistake can only be changed with a revision,
        # unless this freeze is undone before it is committed (the registry then forgets it too).
        print(f"注意：{args.year} 年有 {len(drafts)} 份记录的状态（status）是“草案”：{'、'.join(drafts)}。"
              "冻结后网站仍显示“草案”，以后改为“正式”也要写修订记录。如不是有意冻结草案，请在提交之前撤销这次冻结："
              f"这次冻结写的是 {written}，其中新建的文件删除，原有的文件用 git checkout -- <文件> 恢复；"
              "然后把 status 改为 正式 后再冻结。已提交或已发布的冻结不能撤销。", file=sys.stderr)
    print(f"已冻结 {args.year} 年（{manifest['frozen']} 冻结，{manifest['updated']} 更新）：{len(manifest['records'])} 个记录文件、"
          f"{len(manifest['files'])} 个下载文件的 SHA-256 写入 {path}。请把 {written} 一起提交到版本库；"
          f"网站将发布为 /{args.year}/manifest.json。")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """Print a ``revisions`` entry listing the field-level changes from OLD to NEW."""
    import datetime

    from .load import read_record
    from .provenance import diff_records, revision_yaml

    old, old_errors = read_record(Path(args.old))
    new, new_errors = read_record(Path(args.new))
    if old is None or new is None:
        print(RecordsInvalid(old_errors + new_errors).report(), file=sys.stderr)
        return 1
    changes = diff_records(old, new)
    entry = revision_yaml(changes, args.date or datetime.date.today().isoformat())
    if new.revisions:
        print(f"# {len(changes)} 处修改；把下面几行加到 {args.new} 已有的 revisions: 列表末尾，并在 note 的引号中填写修改原因。")
    else:
        print(f"# {len(changes)} 处修改；把下面几行加到 {args.new} 的末尾，并在 note 的引号中填写修改原因。")
        entry = "revisions:\n" + entry
    print("# 更省事的做法：bin/budgetsite revise 文件 --reason \"修改原因\"（见 manual/corrections.md）。")
    print(entry, end="")
    return 0


def cmd_revise(args: argparse.Namespace) -> int:
    """Exit 0 with the revision entry written into FILE, 1 when it cannot be (nothing written)."""
    import datetime

    from .revise import ReviseFailed, committed_version, revise

    path = Path(args.file)
    if not path.is_file():
        print(f"找不到记录文件“{args.file}”；请写出文件路径，如 data/2021/711001.yaml。", file=sys.stderr)
        return 1
    try:
        old = Path(args.old).read_bytes() if args.old else committed_version(path)
        result = revise(path, old, args.reason, args.date or datetime.date.today().isoformat())
    except ReviseFailed as exc:
        print(f"未写入修订记录：{exc}", file=sys.stderr)
        return 1
    except RecordsInvalid as exc:
        print("未写入修订记录：" + exc.report(), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"未写入修订记录：无法读写文件（{exc.strerror or exc}）。", file=sys.stderr)
        return 1
    print(f"已在 {args.file} 的 revisions 中写入一条修订记录（{len(result.changes)} 处修改）：")
    for change in result.changes:
        print(f"  {change.path}：“{change.before}” → “{change.after}”")
    year = path.resolve().parent.name
    print(f"下一步：bin/budgetsite freeze {year}" + (f" --data {path.parent.parent}" if path.parent.parent != Path("data") else "")
          + "（更新冻结清单），然后 bin/mkdocs build 发布。")
    return 0


def cmd_reference(args: argparse.Namespace) -> int:
    """Write the field reference as plain Markdown (the staff manual's copy), from the schema and the oldest record."""
    from .collection import load_archive
    from .render.reference import render_reference_manual

    if not _data_dir_exists(args.data):
        return 1
    try:
        archive = load_archive(Path(args.data))
    except RecordsInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    oldest = min(archive.records, key=lambda r: (r.year, r.unit.code), default=None)
    source = oldest.source if oldest is not None else None
    text = render_reference_manual(source.file if source else None, source.text if source else None)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"已写出 {args.out}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """A sharded build: each year its own MkDocs build, reused while its inputs are unchanged, then the assembly."""
    from .mkdocs_plugin.shards import command

    return command(Path(args.config_file), shard=args.shard, assemble_only=args.assemble,
                   shard_dir=Path(args.shard_dir) if args.shard_dir else None, jobs=args.jobs)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="budgetsite", description="部门预算绩效文本公开网站工具")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    check = sub.add_parser("check", help="检查数据文件夹中的所有记录，或一个记录文件",
                           description="检查数据文件夹中的所有记录（或指定的一个记录文件），列出每一处错误。")
    check.add_argument("data_dir", metavar="DATA_DIR", help="数据文件夹，如 data；或一个记录文件，如 data/2021/711001.yaml")
    check.add_argument("--strict", action="store_true", help="有“错误”级别的审核意见时以退出码 2 结束（用于发布前把关）")
    check.add_argument("--no-review", action="store_true", help="只检查数据格式，不做审核检查")
    check.add_argument("--framework", default="B", metavar="框架", help="指标框架：A、B（默认）、C，或框架 YAML 文件路径")
    check.add_argument("--framework-year", action="append", default=[], metavar="年度=框架", help="某一年度改用另一框架，如 2019=A；可重复")
    check.set_defaults(func=cmd_check)
    imp = sub.add_parser("import", help="把部门的绩效文本、项目支出绩效目标表或绩效自评表（文本、Word、Excel、PDF）转成记录文件",
                         description="读取部门预算绩效文本或单独公开的项目支出绩效目标表（.txt 文本导出或网页复制的文本、Word .docx、"
                                     "Excel .xlsx/.xls、带文字层的 PDF），写出 data/<年度>/<单位编码>.yaml；"
                                     "读取项目支出绩效自评表，写出 data/<年度>/<单位编码>-evaluation.yaml（年度为被评价的预算年度）。")
    imp.add_argument("file", metavar="FILE", help="要导入的文件（.txt、.docx、.xlsx、.xls 或 .pdf）")
    imp.add_argument("--year", type=int, help="预算年度；省略时取封面标题或表题中的年度")
    imp.add_argument("--unit", metavar="CODE", help="单位编码；文档中没有单位编码（如单独公开的项目表）时必须指定，如 --unit 015001；"
                                                    "自评表省略时取实施单位一栏，或按项目在数据文件夹中查找")
    imp.add_argument("-o", "--output", metavar="OUT", help="输出文件，默认 data/<年度>/<单位编码>.yaml")
    imp.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    imp.add_argument("--data", default="data", metavar="DATA_DIR", help="项目支出绩效自评表：数据文件夹（默认 data），自评表写入 <数据文件夹>/<年度>/<单位编码>-evaluation.yaml")
    imp.set_defaults(func=cmd_import)
    gen = sub.add_parser("generate", help="生成合成记录（测试、基准和演示用）",
                         description="生成 N 份合成的部门预算绩效文本记录（同一种子结果相同），写入 OUT/<年度>/<单位编码>.yaml。")
    gen.add_argument("--docs", type=int, required=True, metavar="N", help="记录份数")
    gen.add_argument("--seed", type=int, default=0, metavar="S", help="随机种子（默认 0）")
    gen.add_argument("--out", required=True, metavar="DIR", help="输出的数据文件夹")
    gen.add_argument("--force", action="store_true", help="输出文件夹已有记录时仍然写入")
    gen.add_argument("--evaluations", type=float, default=0.0, metavar="SHARE",
                     help="为这一比例的记录（0 到 1，如 0.5）同时生成合成的项目支出绩效自评表（默认 0）")
    gen.set_defaults(func=cmd_generate)
    frz = sub.add_parser("freeze", help="冻结一个已公开的年度：写出该年度所有记录和下载文件的 SHA-256 清单",
                         description="写出 <数据文件夹>/<年度>/manifest.json。冻结后，记录的任何修改都必须附带修订记录（revisions），"
                                     "否则 check 和构建都会失败。已冻结的年度有修订后，再运行一次以更新清单。")
    frz.add_argument("year", type=int, metavar="YEAR", help="年度，如 2021")
    frz.add_argument("--data", default="data", metavar="DATA_DIR", help="数据文件夹（默认 data）")
    frz.add_argument("--date", metavar="YYYY-MM-DD", help="冻结日期（默认今天）")
    frz.set_defaults(func=cmd_freeze)
    dif = sub.add_parser("diff", help="列出一个记录两个版本之间逐字段的修改，生成 revisions 条目",
                         description="比较同一记录的旧版本和新版本（如 git show HEAD:data/2021/711001.yaml > old.yaml），"
                                     "打印可粘贴到 revisions 下的修订条目。")
    dif.add_argument("old", metavar="OLD", help="修改前的记录文件")
    dif.add_argument("new", metavar="NEW", help="修改后的记录文件")
    dif.add_argument("--date", metavar="YYYY-MM-DD", help="修订日期（默认今天）")
    dif.set_defaults(func=cmd_diff)
    ref = sub.add_parser("reference", help="写出字段参考（员工手册 manual/field-reference.md）",
                         description="根据数据结构生成字段参考（纯 Markdown，不用构建网站即可阅读），以最早的记录为完整示例。")
    ref.add_argument("out", metavar="OUT", help="输出文件，如 manual/field-reference.md")
    ref.add_argument("--data", default="data", metavar="DATA_DIR", help="数据文件夹（默认 data），完整示例取其中最早的记录")
    ref.set_defaults(func=cmd_reference)
    rev = sub.add_parser("revise", help="已冻结年度的更正：把修改前后的差异和修改原因写入记录的 revisions",
                         description="比较记录文件与修改前的版本（默认取版本库 git 中最近一次提交的版本），"
                                     "把逐字段的修改和修改原因作为一条修订记录写入该文件。见 manual/corrections.md。")
    rev.add_argument("file", metavar="FILE", help="已修改的记录文件，如 data/2021/711001.yaml")
    rev.add_argument("--reason", required=True, metavar="原因", help="修改原因（公开显示），如 \"根据县财政局批复调整预算数\"")
    rev.add_argument("--from", dest="old", metavar="OLD", help="修改前的文件（默认取 git 中最近一次提交的版本）")
    rev.add_argument("--date", metavar="YYYY-MM-DD", help="修订日期（默认今天）")
    rev.set_defaults(func=cmd_revise)
    bld = sub.add_parser("build", help="分年度构建网站（分片），只重建有变化的年度，再组装成完整网站",
                         description="每个年度单独构建一次（分片，保存在 .budgetsite/shards/<年度>/），输入没有变化的年度直接沿用；"
                                     "再由各年度的摘要组装首页、历年、部门、全站搜索和全部年度的开放数据，写入 site/。"
                                     "结果与 bin/mkdocs build 相同。CI 中可每个年度一个任务（--shard），最后一个任务组装（--assemble）。")
    mode = bld.add_mutually_exclusive_group(required=True)
    mode.add_argument("--shards", action="store_true", help="构建所有有变化的分片（并行），然后组装")
    mode.add_argument("--shard", type=int, metavar="YEAR", help="只构建一个年度的分片（CI 任务矩阵中的一个任务）")
    mode.add_argument("--assemble", action="store_true", help="只组装：各年度的分片必须已按当前数据构建好")
    bld.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="MKDOCS_YML", help="网站配置文件（默认 mkdocs.yml）")
    bld.add_argument("--shard-dir", metavar="DIR", help="分片文件夹（默认 mkdocs.yml 旁的 .budgetsite/shards）")
    bld.add_argument("--jobs", type=int, default=0, metavar="N", help="同时构建的分片数（默认为处理器核数）")
    bld.set_defaults(func=cmd_build)
    return parser


class TerminalSafe:
    """A text stream that shows control characters as escapes: record text echoed in a message cannot drive the terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(terminal_safe(text))

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Command = args.func
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafe(out), TerminalSafe(err)  # type: ignore[assignment]
    try:
        return _run(func, args)
    finally:
        sys.stdout, sys.stderr = out, err


def _run(func: Command, args: argparse.Namespace) -> int:
    """Every failure as a sentence in Chinese and an exit code, never a traceback."""
    try:
        return func(args)
    except KeyboardInterrupt:
        print("已中断，没有写出不完整的文件。", file=sys.stderr)
        return 130
    except RecordsInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        reason = OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))
        print(f"无法读写{where}：{reason}。请检查文件和文件夹是否存在、是否有读写权限、磁盘是否已满。", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a clerk gets a sentence, never a traceback
        print(f"程序内部错误（{type(exc).__name__}: {str(exc)[:200]}）。这不是数据的问题；请把这条信息和所用的文件发给网站维护人员。", file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
