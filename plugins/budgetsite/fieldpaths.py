"""Field paths such as ``projects[130821212EHVWVXYA137X].budget.total``: what they point to and what they are called.

Revisions name the fields they change by path; the revision history on a page
shows each path in words, and ``budgetsite check`` compares the value there.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from typing import Any

from .model import Project, Record, schema_fields

MISSING = object()  # resolve() found nothing at the path
STEP = re.compile(r"([A-Za-z_]+)(?:\[([^\]]+)\])?")


def value_text(value: Any) -> str:
    """A scalar field as the text a revision records ("" for blanks, mappings and lists)."""
    if value is None:
        return ""
    if isinstance(value, Decimal | int | str):
        return str(value)
    return ""


def resolve(record: Record, path: str) -> tuple[list[str], Any]:
    """The Chinese labels along a field path, and the value there (``MISSING`` if none).

    ``projects[130821212EHVWVXYA137X]`` picks a project by its code, ``goals[0]``
    a list item by position.
    """
    labels: list[str] = []
    value: Any = record
    for step in path.split("."):
        m = STEP.fullmatch(step)
        if not m or not dataclasses.is_dataclass(value):
            return labels, MISSING
        name, index = m.group(1), m.group(2)
        fields = {f.name: f for f in schema_fields(type(value))}
        if name not in fields:
            return labels, MISSING
        labels.append(fields[name].metadata["label"])
        value = getattr(value, name)
        if index is None:
            continue
        if not isinstance(value, list):
            return labels, MISSING
        if index.isdigit() and int(index) < len(value):
            value = value[int(index)]
            labels[-1] += f"第 {int(index) + 1} 项"
        else:
            match = [p for p in value if isinstance(p, Project) and p.code == index]
            if not match:
                return labels, MISSING
            value = match[0]
            labels[-1] = f"项目“{value.name}”"
    return labels, value


def describe(record: Record, path: str) -> str:
    """'项目“市级劳动模范春节慰问资金” 预算规模 预算数' for a change's path."""
    labels, _ = resolve(record, path)
    return " ".join(labels) if labels else path
