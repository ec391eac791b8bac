"""The ``budgetsite`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .collection import load_archive
from .errors import RecordsInvalid

Command = Callable[[argparse.Namespace], int]


def cmd_check(args: argparse.Namespace) -> int:
    try:
        archive = load_archive(Path(args.data_dir))
    except RecordsInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    if _provenance_failed(archive, Path(args.data_dir)):
        return 1
    projects = sum(len(r.projects) for r in archive.records)
    print(f"检查通过：{len(archive.records)} 个文件，{len(archive.years())} 个年度，{projects} 个项目。")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from .synth import write

    out = Path(args.out)
    if out.exists() and any(out.rglob("*.yaml")) and not args.force:
        print(f"{out} 中已有记录文件；请换一个空文件夹，或加 --force 覆盖。", file=sys.stderr)
        return 1
    paths = write(out, args.docs, args.seed)
    years = sorted({p.parent.name for p in paths})
    span = f"{years[0]}–{years[-1]} 年" if years else "0 个年度"
    print(f"已生成 {len(paths)} 份合成记录（{span}，种子 {args.seed}）：{out}")
    return 0


def _provenance_failed(archive: object, data_dir: Path) -> bool:
    """Revision entries, metadata dates and frozen years (provenance.py); True when something is wrong."""
    from .provenance import check_all

    _, _, errors = check_all(archive, data_dir)  # type: ignore[arg-type]
    if errors:
        print(RecordsInvalid(errors).report(), file=sys.stderr)
    return bool(errors)


def cmd_freeze(args: argparse.Namespace) -> int:
    """Exit 0 with data/<year>/manifest.json written, 1 when the year cannot be frozen as it is."""
    import datetime

    from .provenance import freeze

    data_dir = Path(args.data)
    today = args.date or datetime.date.today().isoformat()
    try:
        archive = load_archive(data_dir)
        path = freeze(data_dir, archive, args.year, today)
    except RecordsInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    import json

    manifest = json.loads(path.read_text(encoding="utf-8"))
    print(f"已冻结 {args.year} 年（{manifest['frozen']} 冻结，{manifest['updated']} 更新）：{len(manifest['records'])} 个记录文件、"
          f"{len(manifest['files'])} 个下载文件的 SHA-256 写入 {path}。请把此文件提交到版本库；网站将发布为 /{args.year}/manifest.json。")
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
    print(f"# {len(changes)} 处修改；把下面几行加到 {args.new} 的 revisions: 之下，并填写修改原因 note。")
    print(revision_yaml(changes, args.date or datetime.date.today().isoformat()), end="")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="budgetsite", description="部门预算绩效文本公开网站工具")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    check = sub.add_parser("check", help="检查数据文件夹中的所有记录", description="检查数据文件夹中的所有记录，列出每一处错误。")
    check.add_argument("data_dir", metavar="DATA_DIR", help="数据文件夹，如 data")
    check.set_defaults(func=cmd_check)
    gen = sub.add_parser("generate", help="生成合成记录（测试、基准和演示用）",
                         description="生成 N 份合成的部门预算绩效文本记录（同一种子结果相同），写入 OUT/<年度>/<单位编码>.yaml。")
    gen.add_argument("--docs", type=int, required=True, metavar="N", help="记录份数")
    gen.add_argument("--seed", type=int, default=0, metavar="S", help="随机种子（默认 0）")
    gen.add_argument("--out", required=True, metavar="DIR", help="输出的数据文件夹")
    gen.add_argument("--force", action="store_true", help="输出文件夹已有记录时仍然写入")
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Command = args.func
    return func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
