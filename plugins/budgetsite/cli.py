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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="budgetsite", description="部门预算绩效文本公开网站工具")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    check = sub.add_parser("check", help="检查数据文件夹中的所有记录", description="检查数据文件夹中的所有记录，列出每一处错误。")
    check.add_argument("data_dir", metavar="DATA_DIR", help="数据文件夹，如 data")
    check.set_defaults(func=cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Command = args.func
    return func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
