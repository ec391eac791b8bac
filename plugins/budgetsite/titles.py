"""What each page is called: shown by the pages, in the navigation and in search results."""

from __future__ import annotations

from .model import Record

DEPARTMENTS_TITLE = "部门"
YEARS_TITLE = "历年公开"
REFERENCE_TITLE = "数据格式说明"


def document_title(record: Record) -> str:
    # A record of standalone project tables (no cover) is not a 部门预算绩效文本: it is named for what it holds.
    kind = "部门预算绩效文本" if record.cover is not None else "项目支出绩效目标表"
    return f"{record.department} {record.year} 年{kind}"


def evaluation_title(department: str, year: int) -> str:
    return f"{department} {year} 年项目支出绩效自评表"


def year_title(year: int) -> str:
    return f"{year} 年部门预算绩效文本"


def projects_title(year: int) -> str:
    return f"{year} 年全部预算项目"
