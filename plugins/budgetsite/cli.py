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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Command = args.func
    return func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
