"""Download links on pages: what each open-data file is called, and the provenance note of a year.

The addresses come from :mod:`budgetsite.routes`; the labels (``Excel（XLSX）``,
``CSV：项目``) exist only here.
"""

from __future__ import annotations

import json
import posixpath

from .. import routes
from .escape import h
from .page import PageContext

TABLE_LABELS = {"documents": "文本", "projects": "项目", "spending": "资金支出计划", "indicators": "绩效指标", "goals": "整体绩效目标"}
DOWNLOAD_NOTE = (
    "CSV 为 UTF-8（带 BOM）编码，可直接用 Excel / WPS 打开；金额与原文小数位一致。"
    "格式说明见 <a href=\"{api}\">开放数据接口</a>，校验方法见 <a href=\"{verify}\">下载文件校验</a>。"
)


def _csv(files: dict[str, str]) -> list[tuple[str, str]]:
    return [(f"CSV：{TABLE_LABELS[key]}", path) for key, path in files.items()]


def _block(page: PageContext, title: str, files: list[tuple[str, str]]) -> str:
    items = "".join(f"<li>{page.file_link(path, label)}</li>" for label, path in files)
    note = DOWNLOAD_NOTE.format(api=h(page.link(routes.API_HELP)), verify=h(page.link(routes.VERIFY_HELP)))
    return (f'<div class="bs-downloads" role="group" aria-label="{h(title)}"><p class="bs-downloads__title">{h(title)}</p>'
            f'<ul>{items}</ul><p class="bs-hint">{note}</p></div>')


def _year(files: routes.YearFiles) -> list[tuple[str, str]]:
    return [("Excel（XLSX）", files.xlsx), *_csv(files.csv), ("JSON 目录", files.index), ("数据包描述（datapackage.json）", files.package)]


_MEDIA_TYPES = {".json": "application/json", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ".csv": "text/csv"}


def dataset_json_ld(page: PageContext, name: str, description: str, coverage: str, files: list[tuple[str, str]]) -> str:
    """schema.org ``Dataset`` markup for search engines and data portals, the downloads as ``DataDownload`` (for the page's head)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": name,
        "description": description,
        "inLanguage": "zh-CN",
        "isAccessibleForFree": True,
        "temporalCoverage": coverage,
        "distribution": [
            {"@type": "DataDownload", "name": label, "encodingFormat": _MEDIA_TYPES[posixpath.splitext(path)[1]],
             "contentUrl": page.href(path)}
            for label, path in files
        ],
    }
    # "<" as \u003c: no text in the data can close the script element.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def document_downloads(page: PageContext, year: int, code: str) -> str:
    files = routes.document_files(year, code)
    return _block(page, "下载本文本数据", [("JSON", files.json), ("Excel（XLSX）", files.xlsx), *_csv(files.csv), ("原始记录（YAML）", files.yaml)])


def year_downloads(page: PageContext, year: int, frozen: tuple[str, str, str] | None) -> str:
    """The year page's data section: files, and the manifest when the year is frozen."""
    files = _year(routes.year_files(year))
    page.head.append(dataset_json_ld(page, f"{year} 年部门预算绩效文本", f"{year} 年各部门预算绩效文本的项目、资金支出计划、绩效指标和整体绩效目标",
                                     str(year), files))
    parts = ["## 数据下载与校验 {#downloads}", _block(page, f"下载 {year} 年全部文本数据", files)]
    if frozen is None:
        parts.append(f'<p class="bs-provenance">{year} 年尚未冻结，数据仍可能更新。</p>')
    else:
        first, updated, digest = frozen
        again = f"，{h(updated)} 更新" if updated and updated != first else ""
        parts.append(
            f'<p class="bs-provenance">{year} 年已于 {h(first)} 冻结{again}：本年度每个记录文件和下载文件的 SHA-256 '
            f'列在 <a href="{h(page.href(routes.manifest(year)))}" download>校验清单 manifest.json</a> 中'
            f'（清单本身的 SHA-256：<code class="bs-hash">{h(digest)}</code>）。'
            f'<a href="{h(page.link(routes.VERIFY_HELP))}">如何校验下载的文件</a>。</p>'
        )
    return "\n\n".join(parts)


def archive_downloads(page: PageContext) -> str:
    """The archive keeps no copy of the years' rows: its data package loads every year's files in one go (docs/api.md)."""
    files = routes.archive_files()
    return "## 开放数据 {#open-data}\n\n" + _block(page, "全部年度数据", [("JSON 目录（全部年度、全部文本）", files.index),
                                                                     ("数据包描述（datapackage.json，指向各年度 CSV）", files.package)])
