"""The core stays a plain Python package; documentation stays in step with the schema."""

from __future__ import annotations

import dataclasses
import pkgutil
import subprocess
import sys
import types
import typing
from decimal import Decimal
from pathlib import Path

import budgetsite
from budgetsite.model import schema_fields
from budgetsite.render.reference import documented_classes, render_reference

CORE_MODULES = sorted(
    m.name for m in pkgutil.walk_packages(budgetsite.__path__, "budgetsite.") if not m.name.startswith("budgetsite.mkdocs_plugin")
)


def test_core_does_not_import_mkdocs() -> None:
    assert "budgetsite.load" in CORE_MODULES and "budgetsite.render.document" in CORE_MODULES
    code = "import sys\n" + "".join(f"import {m}\n" for m in CORE_MODULES) + "print(sorted(k for k in sys.modules if k.split('.')[0] in ('mkdocs', 'material')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_plugin_is_registered_as_an_entry_point() -> None:
    from importlib.metadata import entry_points

    (ep,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "budgetsite"]
    assert ep.load().__name__ == "BudgetSitePlugin"
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "budgetsite"]
    assert script.value == "budgetsite.cli:main"


def readable(tp: object, classes: typing.Collection[type]) -> bool:
    """A type YAML text can be read into: text, a whole number, an exact decimal, one of some words, a documented
    mapping, a list of these, or one of these left out (``None``)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp in (str, int, Decimal):
        return True
    if origin is typing.Literal:
        return bool(args) and all(isinstance(a, str) for a in args)
    if origin is list:
        return readable(args[0], classes)
    if origin in (types.UnionType, typing.Union):
        rest = [a for a in args if a is not type(None)]
        return len(rest) == 1 and len(args) == 2 and readable(rest[0], classes)
    return isinstance(tp, type) and dataclasses.is_dataclass(tp) and tp in classes


def test_readable_tells_record_types_from_others() -> None:
    classes = documented_classes()
    assert all(readable(t, classes) for t in (str, int, Decimal, list[str], str | None, typing.Literal["草案", "正式"], classes[0]))
    assert not any(readable(t, classes) for t in (float, dict[str, str], list[float], int | str, typing.Any, None, object))


def test_every_record_field_is_documented() -> None:
    page = render_reference("data/2021/711001.yaml", "year: 2021\n")
    for cls in documented_classes():
        hints = typing.get_type_hints(cls)
        for f in schema_fields(cls):
            assert f"<code>{f.name}</code>" in page, f"{cls.__name__}.{f.name} is not on the reference page"
            assert f.metadata["label"] and f.metadata["doc"], f"{cls.__name__}.{f.name} lacks a label or description"
            assert readable(hints[f.name], documented_classes()), f"{cls.__name__}.{f.name}: {hints[f.name]!r} is not a type a record can hold"
    assert {c.__name__ for c in documented_classes()} >= {"Record", "Project", "Indicator", "Budget", "SpendingPoint", "Cover", "Unit", "GoalItem"}
    assert "year: 2021" in page


def test_plugin_options_are_documented() -> None:
    from budgetsite.mkdocs_plugin.config import BudgetSiteConfig

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name, _option in BudgetSiteConfig._schema:
        assert f"`{name}`" in readme, f"plugin option {name} is not documented in README.md"
    assert dataclasses.is_dataclass(budgetsite.model.Record)
