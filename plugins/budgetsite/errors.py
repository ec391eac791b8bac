"""One shape for every problem found in a data file.

Finance staff read these messages, so each one names the file, the line and
column, the field path (with its Chinese label) and what to do, in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class RecordError:
    """A problem in one data file, located as precisely as the source allows."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        if self.field:
            return f"{where}: 字段 {self.field}：{self.message}"
        return f"{where}: {self.message}"

    __str__ = format


class RecordsInvalid(Exception):
    """Raised when one or more data files cannot be published as they are."""

    def __init__(self, errors: list[RecordError]):
        self.errors = sorted(errors)
        super().__init__(self.report())

    def report(self) -> str:
        files = {e.file for e in self.errors}
        head = f"数据文件有 {len(self.errors)} 处错误（涉及 {len(files)} 个文件），请逐条修改后重新构建："
        return "\n".join([head, *(f"  {e.format()}" for e in self.errors)])


def display_path(path: Path, base: Path | None = None) -> str:
    """The path as a clerk would type it: relative to the working folder when possible."""
    path = Path(path)
    for root in (base, Path.cwd()):
        if root is None:
            continue
        try:
            return path.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()
