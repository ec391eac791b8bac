"""Architecture invariants of the ``budgetsite`` package, checked statically from the source (AST).

Layers that only point down
    The package is a stack, lowest first::

        0  values, errors, money                            plain values, money units, and the error type everything reports with
        1  model, limits, hygiene, routes, kinds            the record schema, input limits, refused characters, addresses,
                                                            the file-naming rule of record kinds
        1b evaluation_model                                 the self-evaluation schema (on model's field helpers)
        2  fieldpaths, tables, titles, load, synth, names,  about records: field paths, the table model, titles, YAML, file names,
           frozen_store, frozen_registry,                   frozen versions by hash, the registry of frozen years,
           evaluation_match                                 targets paired with results
        2b evaluation_load, synth_evaluation,               self-evaluation YAML read with load's machinery; synthetic ones;
           evaluation_tables                                its tables in the one table model
        3  collection                                       an archive of records and self-evaluations
        3b summaries                                        an archive cut down to what the pages over every year show, as JSON
        4  review, search, export, importer                 independent features over records and archives
        5  provenance                                       freezing and revisions (uses the export files)
        6  render                                           HTML for every page
        7  site, build, revise, sitedir, spare, shardplan, page_store   putting pages and files together; writing a correction; a sharded build's plan and the pages it keeps
        8  mkdocs_plugin                                    the MkDocs adapter (a front end)
        9  cli                                              the command line (runs MkDocs through the adapter)

    A module may import modules of its own unit (render.document -> render.tables) and of strictly lower
    layers; never sideways (search -> render) or up (review -> render). Arrows that only point down keep
    the core portable: the lower layers know nothing about pages, sites or MkDocs, so a new kind of
    document, a new output format or a new front end can reuse them without dragging the rest along,
    and no import cycle can form. ``budgetsite/__init__.py`` imports nothing from the package, and only
    ``budgetsite.mkdocs_plugin`` may import MkDocs or Material.

No module-level mutable state
    ``mkdocs serve`` rebuilds in one process, tests build many sites in one process and the exports run
    in forked workers: state kept in a module leaks between them. State belongs to objects that a caller
    creates and passes along, so ``global``, module-level ``ContextVar``/``threading.local``, memo caches
    (``functools.cache``) and functions that mutate their module's own names are all reported.
    Constants (module-level dicts and tuples that are never mutated) are fine.

The checks read files only: nothing of ``budgetsite`` is imported, so a module that fails to import, or
one imported lazily, is checked all the same. Every failure names the file, line and import or name.
"""

from __future__ import annotations

import ast
import importlib.util
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = "budgetsite"
ADAPTER = f"{ROOT}.mkdocs_plugin"
ADAPTED = frozenset({"mkdocs", "material"})  # top-level packages that only the adapter may import

# Lowest first. A package (render, review, ...) covers all its modules.
LAYER_ORDER: tuple[tuple[str, ...], ...] = (
    ("values", "errors", "money"),
    # routes and kinds import nothing of the package: they sit low so that names (which files are
    # records, of which kind, and the addresses each takes) can use them beside the loader.
    ("model", "limits", "hygiene", "routes", "kinds"),
    ("evaluation_model",),  # the self-evaluation schema, built on model's field helpers
    ("fieldpaths", "tables", "titles", "load", "synth", "names", "frozen_store", "frozen_registry", "evaluation_match"),
    ("evaluation_load", "synth_evaluation", "evaluation_tables"),  # self-evaluations: reader, synthetic ones, their tables
    ("collection",),
    ("summaries",),  # a year cut down to what the pages over every year show (a sharded build hands it on)
    ("review", "search", "export", "importer"),
    # Side by side, so neither may import the other: pages never reach into provenance checks.
    ("provenance", "render"),
    ("site", "build", "revise", "sitedir", "spare", "shardplan", "page_store"),
    ("mkdocs_plugin",),
    ("cli",),  # the command line; `budgetsite build` runs MkDocs through the adapter
)
# The package's __init__ sits below everything: it imports nothing from the package, so importing it is free.
LAYERS: dict[str, int] = {ROOT: -1} | {f"{ROOT}.{unit}": level for level, units in enumerate(LAYER_ORDER) for unit in units}

# Methods that change a list, dict, set or deque in place.
MUTATORS = frozenset({
    "append", "extend", "insert", "update", "setdefault", "pop", "popitem", "clear", "add", "discard", "remove",
    "__setitem__", "__delitem__", "sort", "reverse", "appendleft", "extendleft", "popleft", "move_to_end",
    "difference_update", "intersection_update", "symmetric_difference_update",
})
# Calls that, made at import time, create state shared by everything in the process.
STATEFUL_FACTORIES = {
    "contextvars.ContextVar": "module-level ContextVar",
    "threading.local": "module-level threading.local",
    "functools.cache": "module-level memo cache",
    "functools.lru_cache": "module-level memo cache",
}
MEMOS = frozenset({"functools.cache", "functools.lru_cache"})


@dataclass(frozen=True)
class Module:
    name: str  # budgetsite.render.tables
    path: str  # shown in messages: budgetsite/render/tables.py
    is_package: bool  # an __init__.py: its relative imports start at itself, not at its parent
    source: str

    def tree(self) -> ast.Module:
        return ast.parse(self.source, filename=self.path)

    def at(self, line: int) -> str:
        return f"{self.path}:{line} ({self.name})"


# --- finding the modules -------------------------------------------------------------------------------


def package_dir() -> Path:
    # find_spec on a top-level name locates the package without running its __init__.
    spec = importlib.util.find_spec(ROOT)
    assert spec is not None and spec.submodule_search_locations, f"cannot find the {ROOT} package"
    return Path(next(iter(spec.submodule_search_locations)))


def discover(top: Path) -> list[Module]:
    """Every module file of the package (directories without __init__.py, such as templates, are not packages)."""
    found = []
    for path in sorted(top.rglob("*.py")):
        rel = path.relative_to(top)
        if not all((top / Path(*rel.parts[:i]) / "__init__.py").is_file() for i in range(len(rel.parts))):
            continue
        parts = rel.with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join((ROOT, *(parts[:-1] if is_package else parts)))
        found.append(Module(name, f"{ROOT}/{rel.as_posix()}", is_package, path.read_text(encoding="utf-8")))
    return found


@pytest.fixture(scope="module")
def modules() -> list[Module]:
    found = discover(package_dir())
    # Guards against a discovery that silently finds nothing and so checks nothing.
    assert {f"{ROOT}", f"{ROOT}.model", f"{ROOT}.values"} <= {m.name for m in found}, [m.name for m in found]
    return found


# --- imports ---------------------------------------------------------------------------------------------


def in_package(name: str) -> bool:
    return name == ROOT or name.startswith(ROOT + ".")


def resolve_from(module: Module, node: ast.ImportFrom) -> str | None:
    """The absolute module a ``from … import`` reads from; None for a relative import above the top package."""
    if node.level == 0:
        return node.module
    base = (module.name if module.is_package else module.name.rpartition(".")[0]).split(".")
    if node.level - 1 >= len(base):
        return None
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports(module: Module, known: Iterable[str]) -> Iterator[tuple[int, str, str]]:
    """(line, absolute module, statement) for every import anywhere in the file: a lazy import is still a dependency.

    ``from pkg import name`` counts as importing ``pkg.name`` when that is a module, otherwise ``pkg``.
    """
    known = set(known)
    for node in ast.walk(module.tree()):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ast.unparse(node)
        elif isinstance(node, ast.ImportFrom) and (source := resolve_from(module, node)) is not None:
            for alias in node.names:
                yield node.lineno, sub if (sub := f"{source}.{alias.name}") in known else source, ast.unparse(node)


def unit_of(name: str) -> str | None:
    """The layer-map entry a module belongs to (itself, or its package); None when it has none."""
    if name == ROOT:
        return ROOT
    # The root is matched exactly: it must not adopt every unmapped module as part of itself.
    return next((unit for unit in LAYERS if unit != ROOT and (name == unit or name.startswith(unit + "."))), None)


def describe(unit: str) -> str:
    return f"layer {LAYERS[unit]} {unit}"


def layer_violations(module: Module, known: Iterable[str]) -> list[tuple[int, str]]:
    own = unit_of(module.name)
    if own is None:
        return []  # reported by test_every_module_has_a_layer
    found = set()  # a set: `from ..x import a, b` is one violation, not two
    for line, target, statement in imports(module, known):
        unit = unit_of(target) if in_package(target) else own  # stdlib and third-party imports are not layered
        if unit == own:
            continue
        if unit is None:
            found.add((line, f"{module.at(line)} `{statement}`: {target} has no layer (add it to the layer map)"))
        elif LAYERS[unit] >= LAYERS[own]:
            way = "sideways" if LAYERS[unit] == LAYERS[own] else "upward"
            found.add((line, f"{module.at(line)} `{statement}`: {way} import of {target} [{describe(unit)}] from [{describe(own)}]"))
    return sorted(found)


def adapter_violations(module: Module, known: Iterable[str]) -> list[tuple[int, str]]:
    if module.name == ADAPTER or module.name.startswith(ADAPTER + "."):
        return []
    return sorted({(line, f"{module.at(line)} `{statement}`: only {ADAPTER} may import MkDocs or Material")
                   for line, target, statement in imports(module, known) if target.split(".")[0] in ADAPTED})


def unmapped(module: Module) -> list[tuple[int, str]]:
    if unit_of(module.name) is not None:
        return []
    return [(1, f"{module.at(1)} has no layer: add it to the layer map (LAYER_ORDER in tests/test_layers.py)")]


# --- module-level state ----------------------------------------------------------------------------------


SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def own_scope(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes of one scope: nested functions and classes are yielded but not entered.

    Comprehensions are entered, so their loop variables count as the function's own names: that can only
    hide a mutation written through a comprehension variable, never report a false one.
    """
    for child in ast.iter_child_nodes(node):
        yield child
        if not isinstance(child, SCOPES):
            yield from own_scope(child)


def bound_names(scope: ast.AST) -> set[str]:
    """Names a scope binds itself (assignments, loops, imports, defs, except/match captures)."""
    names = set()
    for node in own_scope(scope):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            names.add(node.rest)
        elif isinstance(node, ast.Nonlocal):
            names.update(node.names)  # an enclosing function's local, not the module's
    return names


@dataclass
class Scope:
    locals: set[str]
    declared_global: set[str]


def function_scope(fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> Scope:
    a = fn.args
    params = {p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg) if p is not None}
    declared = {n for node in own_scope(fn) if isinstance(node, ast.Global) for n in node.names}
    return Scope((params | bound_names(fn)) - declared, declared)


def import_aliases(tree: ast.Module) -> dict[str, str]:
    """Local name -> what it was imported as: ``from functools import cache as memo`` gives memo -> functools.cache."""
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
    return aliases


def dotted(expr: ast.expr, aliases: dict[str, str]) -> str | None:
    """``functools.lru_cache`` / ``lru_cache`` -> functools.lru_cache, through the module's imports."""
    if isinstance(expr, ast.Name):
        return aliases.get(expr.id)
    if isinstance(expr, ast.Attribute) and (base := dotted(expr.value, aliases)):
        return f"{base}.{expr.attr}"
    return None


def assigned(target: ast.expr) -> Iterator[ast.expr]:
    """The single targets of ``a, (b[k], *c) = …``."""
    if isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from assigned(element)
    elif isinstance(target, ast.Starred):
        yield from assigned(target.value)
    else:
        yield target


def root_name(expr: ast.expr) -> str | None:
    """NAME in NAME, NAME.a, NAME[k], NAME.a[k].b: writing through any of them changes NAME's object."""
    while isinstance(expr, ast.Attribute | ast.Subscript):
        expr = expr.value
    return expr.id if isinstance(expr, ast.Name) else None


class StateFinder(ast.NodeVisitor):
    """Walks one module, tracking function scopes, and collects (line, message) for each piece of module state."""

    def __init__(self, module: Module, tree: ast.Module) -> None:
        self.module = module
        # Assigned in the module's own scope, including under a module-level if/try: imports, defs and classes are not state.
        self.module_names = {n.id for n in own_scope(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        self.aliases = import_aliases(tree)
        self.scopes: list[Scope] = []  # enclosing functions, innermost last (class bodies do not scope methods)
        self.owner: list[str] = []  # Class.method, for messages
        self.binding = "in an expression"  # where an import-time call goes (assigned to X, decorating f), for messages
        self.found: list[tuple[int, str]] = []

    def report(self, node: ast.AST, text: str) -> None:
        self.found.append((node.lineno, f"{self.module.at(node.lineno)}: {text}"))

    def is_module_name(self, name: str | None) -> bool:
        if name is None:
            return False
        for scope in reversed(self.scopes):
            if name in scope.declared_global:
                return True
            if name in scope.locals:
                return False
        return name in self.module_names

    def where(self) -> str:
        return ".".join(self.owner) or "<module>"

    # scopes

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        # Decorators, defaults and annotations run in the enclosing scope (at import time for a top-level def).
        for decorator in node.decorator_list:
            if not self.scopes and not isinstance(decorator, ast.Call) and dotted(decorator, self.aliases) in MEMOS:
                self.report(decorator, f"module-level memo cache @{dotted(decorator, self.aliases)} decorating {self.where_of(node)}")
            self.with_binding(f"decorating {self.where_of(node)}", decorator)
        for part in (node.args, node.returns):
            if part is not None:
                self.visit(part)
        self.enter(node, node.name, node.body)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.visit(node.args)
        self.enter(node, "<lambda>", [node.body])

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for part in (*node.decorator_list, *node.bases, *node.keywords):
            self.visit(part)
        self.owner.append(node.name)
        for stmt in node.body:
            self.visit(stmt)
        self.owner.pop()

    def enter(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, name: str, body: list[ast.AST]) -> None:
        self.scopes.append(function_scope(node))
        self.owner.append(name)
        for stmt in body:
            self.visit(stmt)
        self.owner.pop()
        self.scopes.pop()

    def where_of(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
        return ".".join([*self.owner, node.name])

    def with_binding(self, binding: str, node: ast.AST) -> None:
        outer, self.binding = self.binding, binding
        self.visit(node)
        self.binding = outer

    # statements

    def visit_Global(self, node: ast.Global) -> None:
        # `nonlocal` needs no check: the compiler rejects one that would reach a module-level name.
        self.report(node, f"{self.where()} declares `global {', '.join(node.names)}`")

    def visit_Assign(self, node: ast.Assign | ast.AnnAssign | ast.AugAssign | ast.Delete) -> None:
        targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
        if self.scopes:
            for target in targets:
                for single in assigned(target):
                    self.check_write(node, single)
            self.generic_visit(node)
        else:  # import time: only factories of shared state matter here, named after what they are assigned to
            names = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
            for target in targets:
                self.visit(target)
            if getattr(node, "value", None) is not None:
                self.with_binding(f"assigned to {', '.join(names)}", node.value)

    visit_AnnAssign = visit_AugAssign = visit_Delete = visit_Assign

    def check_write(self, node: ast.AST, target: ast.expr) -> None:
        name = root_name(target)
        if not self.is_module_name(name):
            return
        if isinstance(node, ast.Delete):
            how = "deletes" if isinstance(target, ast.Name) else "deletes an item or attribute of"
        elif isinstance(target, ast.Name):
            how = "rebinds"
        else:
            how = "augments an item or attribute of" if isinstance(node, ast.AugAssign) else "assigns an item or attribute of"
        self.report(node, f"{self.where()} {how} module-level {name}")

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if not self.scopes and (kind := STATEFUL_FACTORIES.get(dotted(func, self.aliases) or "")):
            self.report(node, f"{kind} {dotted(func, self.aliases)}(…) {self.binding}")
        if self.scopes and isinstance(func, ast.Attribute) and func.attr in MUTATORS and self.is_module_name(root_name(func.value)):
            self.report(node, f"{self.where()} mutates module-level {root_name(func.value)} with .{func.attr}()")
        self.generic_visit(node)


def state_violations(module: Module) -> list[tuple[int, str]]:
    tree = module.tree()
    finder = StateFinder(module, tree)
    finder.visit(tree)
    return sorted(set(finder.found))


# --- reporting -------------------------------------------------------------------------------------------


def fail_with(problem: str, found: list[tuple[int, str]]) -> None:
    if found:
        pytest.fail(f"{len(found)} {problem}:\n" + "\n".join(text for _line, text in found), pytrace=False)


def collect(modules: list[Module], check) -> list[tuple[int, str]]:
    # One list across all modules, so a single run shows every violation, not just the first.
    return [v for m in modules for v in check(m)]


# --- the invariants ----------------------------------------------------------------------------------------


def test_every_module_has_a_layer(modules: list[Module]) -> None:
    fail_with("module(s) outside the layer map", collect(modules, unmapped))


def test_imports_only_point_down(modules: list[Module]) -> None:
    known = {m.name for m in modules}
    fail_with("import(s) that do not point down", collect(modules, lambda m: layer_violations(m, known)))


def test_only_the_adapter_imports_mkdocs(modules: list[Module]) -> None:
    known = {m.name for m in modules}
    fail_with("import(s) of MkDocs outside the adapter", collect(modules, lambda m: adapter_violations(m, known)))


def test_no_module_level_mutable_state(modules: list[Module]) -> None:
    fail_with("piece(s) of module-level mutable state", collect(modules, state_violations))


def test_layer_map_units_do_not_overlap() -> None:
    # unit_of takes the first matching entry: nested entries (render and render.tables) would make that ambiguous.
    nested = [(a, b) for a in LAYERS for b in LAYERS if a not in (b, ROOT) and b.startswith(a + ".")]
    assert not nested, f"layer map entries nested in one another: {nested}"


# --- the checkers catch what they should (so they cannot pass by checking nothing) ---------------------------


def synthetic(name: str, source: str, *, is_package: bool = False) -> Module:
    path = name.replace(".", "/") + ("/__init__.py" if is_package else ".py")
    return Module(name, path, is_package, textwrap.dedent(source))


KNOWN = {f"{ROOT}.{n}" for n in ("model", "render", "render.document", "review", "search", "search.tokens", "provenance", "urls")}


@pytest.mark.parametrize(("name", "is_package", "source", "expected"), [
    ("budgetsite.search.index", False, "from . import tokens", "budgetsite.search.tokens"),
    ("budgetsite.search.index", False, "from .tokens import fnv1a", "budgetsite.search.tokens"),
    ("budgetsite.search.index", False, "from ..render.document import h", "budgetsite.render.document"),
    ("budgetsite.search.index", False, "from .. import render", "budgetsite.render"),
    ("budgetsite.search", True, "from . import tokens", "budgetsite.search.tokens"),
    ("budgetsite.search", True, "from .index import x", "budgetsite.search.index"),
    ("budgetsite.search", True, "from .. import __version__", "budgetsite"),
    ("budgetsite.search", True, "import budgetsite.render.document as d", "budgetsite.render.document"),
])
def test_relative_imports_resolve_to_absolute_modules(name: str, is_package: bool, source: str, expected: str) -> None:
    assert [target for _line, target, _statement in imports(synthetic(name, source, is_package=is_package), KNOWN)] == [expected]


def test_layer_checker_reports_sideways_upward_lazy_and_unlayered_imports() -> None:
    module = synthetic("budgetsite.search.index", """\
        import json
        from ..model import Record
        from .tokens import fnv1a
        from ..render.document import document_title
        from ..urls import page_url, relative_url

        def lazy():
            from ..review import rules
            import budgetsite.provenance
    """)
    found = layer_violations(module, KNOWN)
    assert [line for line, _text in found] == [4, 5, 8, 9], found
    text = "\n".join(t for _line, t in found)
    render, search, review = (LAYERS[f"{ROOT}.{unit}"] for unit in ("render", "search", "review"))
    assert ("budgetsite/search/index.py:4 (budgetsite.search.index) `from ..render.document import document_title`: "
            f"upward import of budgetsite.render.document [layer {render} budgetsite.render] from [layer {search} budgetsite.search]") in text
    assert "`from ..urls import page_url, relative_url`: budgetsite.urls has no layer" in text
    assert f"`from ..review import rules`: sideways import of budgetsite.review [layer {review} budgetsite.review]" in text
    assert f"`import budgetsite.provenance`: upward import of budgetsite.provenance [layer {render} budgetsite.provenance]" in text


def test_package_root_may_import_nothing_from_the_package() -> None:
    found = layer_violations(synthetic(ROOT, "from .model import Record\n__version__ = '1'\n", is_package=True), KNOWN)
    assert [line for line, _text in found] == [1] and "budgetsite.model" in found[0][1]


def test_unmapped_modules_are_reported() -> None:
    assert unit_of("budgetsite.render.tables") == "budgetsite.render" and unit_of(ROOT) == ROOT
    assert unit_of("budgetsite.urls") is None and unit_of("budgetsite.valuesx") is None
    (found,) = unmapped(synthetic("budgetsite.urls", ""))
    assert "budgetsite/urls.py:1 (budgetsite.urls) has no layer" in found[1]


def test_adapter_checker_reports_mkdocs_outside_the_adapter_only() -> None:
    source = "import os\ndef f():\n    from mkdocs.plugins import BasePlugin\n    import material.extensions\n"
    found = adapter_violations(synthetic("budgetsite.render.page", source), KNOWN)
    assert [line for line, _text in found] == [3, 4] and "`from mkdocs.plugins import BasePlugin`" in found[0][1]
    assert adapter_violations(synthetic("budgetsite.mkdocs_plugin.plugin", source), KNOWN) == []


def test_state_checker_reports_every_kind_of_module_state() -> None:
    module = synthetic("budgetsite.sample", """\
        import functools
        from contextvars import ContextVar
        from functools import lru_cache as memo

        CACHE = {}
        SEEN = set()
        FLAGS = [False]
        LIMITS = {"a": 1}
        CURRENT = ContextVar("current", default=None)
        _JOB = None

        @functools.cache
        def cached(x): return x

        @memo(maxsize=8)
        def cached_too(x): return x

        def start(job):
            global _JOB
            _JOB = job

        def remember(key, value):
            CACHE[key] = value
            SEEN.add(key)
            CACHE.setdefault(key, []).append(value)
            LIMITS["a"] += 1

        class Plugin:
            def on_startup(self, command):
                FLAGS[0] = command == "serve"

        def fine(CACHE, items):
            CACHE[1] = 2
            local = {}
            local.update(LIMITS)
            SEEN = set()
            SEEN.add(1)
            total = LIMITS["a"] + len(FLAGS)

            def inner():
                local.clear()
            return total, inner
    """)
    found = state_violations(module)
    lines = [line for line, _text in found]
    assert lines == [9, 12, 15, 19, 20, 23, 24, 25, 26, 30], "\n".join(t for _line, t in found)
    text = "\n".join(t for _line, t in found)
    for expected in [
        "budgetsite/sample.py:9 (budgetsite.sample): module-level ContextVar contextvars.ContextVar(…) assigned to CURRENT",
        ":12 (budgetsite.sample): module-level memo cache @functools.cache decorating cached",
        ":15 (budgetsite.sample): module-level memo cache functools.lru_cache(…) decorating cached_too",
        ":19 (budgetsite.sample): start declares `global _JOB`",
        ":20 (budgetsite.sample): start rebinds module-level _JOB",
        ":23 (budgetsite.sample): remember assigns an item or attribute of module-level CACHE",
        ":24 (budgetsite.sample): remember mutates module-level SEEN with .add()",
        ":26 (budgetsite.sample): remember augments an item or attribute of module-level LIMITS",
        ":30 (budgetsite.sample): Plugin.on_startup assigns an item or attribute of module-level FLAGS",
    ]:
        assert expected in text, text


def test_state_checker_sees_unpacking_deletion_methods_and_lambdas_but_not_constants() -> None:
    module = synthetic("budgetsite.sample", """\
        import functools
        import threading

        TABLE = {"a": 1}
        LOCAL = threading.local()

        def write(value):
            first, (TABLE["b"], *rest) = value
            del TABLE["a"]
            return first, rest

        class Index:
            @functools.lru_cache
            def lookup(self, key):
                return TABLE.get(key)

        reset = lambda: TABLE.clear()

        def read(key):
            return TABLE[key], {**TABLE}, sorted(TABLE)
    """)
    found = state_violations(module)
    assert [line for line, _text in found] == [5, 8, 9, 13, 17], "\n".join(t for _line, t in found)
    text = "\n".join(t for _line, t in found)
    assert "module-level threading.local threading.local(…) assigned to LOCAL" in text
    assert ":9 (budgetsite.sample): write deletes an item or attribute of module-level TABLE" in text
    assert "@functools.lru_cache decorating Index.lookup" in text
    assert ":17 (budgetsite.sample): <lambda> mutates module-level TABLE with .clear()" in text
