"""What each page is called: shown by the pages, in the navigation and in search results."""

from __future__ import annotations

from .model import Record

DEPARTMENTS_TITLE = "部门"
REFERENCE_TITLE = "数据格式说明"


def document_title(record: Record) -> str:
    return f"{record.department} {record.year} 年部门预算绩效文本"


def evaluation_title(department: str, year: int) -> str:
    return f"{department} {year} 年项目支出绩效自评表"


def year_title(year: int) -> str:
    return f"{year} 年部门预算绩效文本"


def projects_title(year: int) -> str:
    return f"{year} 年全部预算项目"
