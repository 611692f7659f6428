"""The code's shape as DESIGN.md states it: one direction of imports, small functions, one
place for each piece of knowledge."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from publisher import languages

from helpers import REPO_ROOT

PACKAGE = REPO_ROOT / "publisher"


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The publisher modules a module imports, at its top or inside its functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            base = node.module
            for alias in node.names:
                # `from publisher import batch` names a module; `from x import y` a name in x.
                target = f"{base}.{alias.name}"
                found.add(target if target in modules else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in modules}


def _graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(files)
    return {name: _imports(path, modules) - {name} for name, path in files.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_among_publisher_modules() -> None:
    graph = _graph()
    assert "publisher.batch" in graph["publisher.cli"]  # the walk sees real imports
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_imports_run_one_way() -> None:
    """cli -> batch -> pipeline -> readers/normalize/edition/renderers -> model."""
    graph = _graph()
    assert not graph["publisher.model"], "the model imports nothing of publisher's"
    lower = [m for m in graph if m.startswith(("publisher.readers", "publisher.renderers"))]
    lower += ["publisher.normalize", "publisher.edition", "publisher.pipeline"]
    for module in lower:
        assert not graph[module] & {"publisher.batch", "publisher.cli", "publisher.executors"}, (
            module
        )
    checks = {m for m in graph if m.startswith("publisher.checks")}
    for module in set(graph) - checks - {"publisher.cli"}:
        assert not graph[module] & checks, f"{module} reaches into checks/"


def test_no_function_is_over_sixty_lines() -> None:
    long = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60:
                    long.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno} {node.name}")
    assert not long


def test_no_import_order_exemptions() -> None:
    exempt = [str(p) for p in PACKAGE.rglob("*.py") if "noqa: E402" in p.read_text("utf-8")]
    assert not exempt


def test_stylesheet_names_the_arabic_script_languages_languages_py_knows() -> None:
    """base.css sets Naskh, upright captions and no capitals by language; every such rule
    must name exactly the languages.py list."""
    css = (REPO_ROOT / "styles" / "css" / "base.css").read_text(encoding="utf-8")
    selectors = [rule.split("{")[0] for rule in css.split("}") if ":lang(fa)" in rule]
    assert len(selectors) >= 4
    for selector in selectors:
        assert set(re.findall(r":lang\(([\w-]+)\)", selector)) == set(languages.ARABIC_SCRIPT)
