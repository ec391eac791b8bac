"""Which years are frozen, recorded apart from the years themselves: ``data/frozen-years.json``.

A year's manifest and its store of frozen versions live in the year's folder, so deleting
that folder's two entries would turn a frozen year back into an unfrozen one, and a changed
record would publish with no revision. The registry lists every frozen year with the SHA-256
of its manifest; only ``budgetsite freeze`` writes it, in the same run that writes the
manifest, so a manifest that is missing, or whose bytes differ from the listed ones, was
deleted or edited by hand. A registry deleted as well is caught by the site it would
replace (:func:`check_replaced_site`): a year the published site shows as frozen
(``site/<year>/manifest.json``) cannot be published unfrozen.

Unfreezing is not an operation of the program: once published as frozen, a year stays frozen.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from . import routes
from .errors import RecordError, display_path

REGISTRY_FORMAT = "budgetsite-frozen-years/1"
SHA256_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class Registry:
    """The committed list of frozen years: year -> SHA-256 of its manifest, and the line that says so."""

    path: Path
    years: dict[int, str]
    lines: dict[int, int]

    def line(self, year: int) -> int:
        return self.lines.get(year, 1)


def registry_file(data_dir: Path) -> Path:
    return Path(data_dir) / routes.FROZEN_YEARS


def registry_bytes(years: dict[int, str]) -> bytes:
    """One year a line, in order: a re-freeze changes one line, and a merge of two branches that froze different years is a one-line conflict at most."""
    lines = [f'    "{year}": "{digest}"' for year, digest in sorted(years.items())]
    body = ",\n".join(lines)
    return (f'{{\n  "format": "{REGISTRY_FORMAT}",\n  "years": {{\n{body}\n  }}\n}}\n' if lines
            else f'{{\n  "format": "{REGISTRY_FORMAT}",\n  "years": {{}}\n}}\n').encode("utf-8")


def _restore(path: Path) -> str:
    return f"请从版本库恢复：git checkout -- {display_path(path)}"


def read_registry(data_dir: Path) -> tuple[Registry | None, list[RecordError]]:
    """The registry (None when there is none), and an error when it cannot be read."""
    path = registry_file(data_dir)
    shown = display_path(path)
    if not path.exists() and not path.is_symlink():
        return None, []
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [RecordError(shown, getattr(exc, "lineno", 1), getattr(exc, "colno", 1), "",
                                  f"冻结年度登记表无法读取（{exc}）；{_restore(path)}。")]
    years = data.get("years") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("format") != REGISTRY_FORMAT or not isinstance(years, dict) \
            or not all(routes.YEAR_FOLDER.fullmatch(k) and isinstance(v, str) and len(v) == 64 and set(v) <= SHA256_HEX
                       for k, v in years.items()):
        return None, [RecordError(shown, 1, 1, "", f"这不是 bin/budgetsite freeze 写出的冻结年度登记表（format 应为 {REGISTRY_FORMAT}，"
                                                   f"years 中每个年度对应其冻结清单的 SHA-256）；{_restore(path)}。")]
    numbered = text.splitlines()
    lines = {int(y): next((n for n, ln in enumerate(numbered, start=1) if f'"{y}"' in ln), 1) for y in years}
    return Registry(path, {int(y): v for y, v in years.items()}, lines), []


def check_registry(data_dir: Path, registry: Registry | None, manifests: dict[int, bytes], *, refreeze: int | None = None) -> list[RecordError]:
    """Every frozen year listed with its manifest, and every manifest listed with its bytes.

    ``manifests``: the bytes of every ``data/<year>/manifest.json`` there is. While a year is
    being frozen (``refreeze``), manifests missing from the registry are let pass: freezing adds
    its year, and a year frozen before the registry existed is registered by freezing it again,
    one year at a time (each of those freezes must not be stopped by the years still waiting).
    Freezing registers only the year it was asked to, so every other one is still reported by
    the next check.
    """
    errors: list[RecordError] = []
    listed = registry.years if registry is not None else {}
    shown = display_path(registry_file(data_dir))
    for year, digest in sorted(listed.items()):
        assert registry is not None
        manifest = routes.manifest_file(data_dir, year)
        where = f"{year} 年已冻结（{shown} 第 {registry.line(year)} 行登记了它的冻结清单的 SHA-256）"
        if year not in manifests:
            errors.append(RecordError(shown, registry.line(year), 1, "",
                                      f"{where}，但它的冻结清单不见了（{display_path(manifest)}）。已公开的年度不能悄悄失去清单，也不能解冻；"
                                      f"请从版本库恢复该年度：git checkout -- {display_path(manifest.parent)}"))
        elif _sha256(manifests[year]) != digest:
            errors.append(RecordError(shown, registry.line(year), 1, "",
                                      f"{where}，但 {display_path(manifest)} 的 SHA-256 与登记的不同：清单被手工改动或替换过"
                                      f"（bin/budgetsite freeze {year} 会同时更新清单和登记表）。{_restore(manifest)} {shown}"
                                      f"，然后如有修订，再运行 bin/budgetsite freeze {year}。"))
    for year in sorted(set(manifests) - set(listed)) if refreeze is None else []:
        manifest = routes.manifest_file(data_dir, year)
        errors.append(RecordError(display_path(manifest), 1, 1, "",
                                  f"{year} 年有冻结清单，但冻结年度登记表 {shown} 中没有它。登记表被删除或改动过时，{_restore(registry_file(data_dir))}；"
                                  f"如该年度是在有登记表之前冻结的，运行 bin/budgetsite freeze {year} 登记它（会照常核对全部记录）。"))
    return errors


def registered(registry: Registry | None, year: int, manifest: bytes) -> bytes:
    """The registry's bytes once ``year`` is (re)frozen with ``manifest``, every other year kept as it was."""
    years = dict(registry.years) if registry is not None else {}
    years[year] = _sha256(manifest)
    return registry_bytes(years)


def check_replaced_site(site_dir: Path, data_dir: Path) -> list[RecordError]:
    """A year the site about to be replaced published as frozen must still be frozen in the data.

    The last line of defence when the manifest, the store of frozen versions and the registry
    were all deleted: the published site still says the year was frozen.
    """
    errors: list[RecordError] = []
    site = Path(site_dir)
    if not site.is_dir():
        return errors
    for entry in sorted(site.iterdir()):
        if not (routes.YEAR_FOLDER.fullmatch(entry.name) and (entry / routes.MANIFEST_NAME).is_file()):
            continue
        year = int(entry.name)
        manifest = routes.manifest_file(data_dir, year)
        if manifest.is_file():
            continue
        errors.append(RecordError(
            display_path(entry / routes.MANIFEST_NAME), 1, 1, "",
            f"当前网站（{display_path(site)}）发布的 {year} 年是冻结的（有此清单），但数据中 {year} 年没有冻结清单 {display_path(manifest)}："
            f"这次构建会把已冻结的年度当作未冻结的发布，冻结后的修改不经核对就会公开。已公开的年度不能解冻；"
            f"请从版本库恢复：git checkout -- {display_path(manifest.parent)} {display_path(registry_file(data_dir))}。"
            f"如果这个网站文件夹发布的本来是另一份数据（如测试数据），请生成到另一个文件夹：bin/mkdocs build -d <文件夹>。"))
    return errors


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
