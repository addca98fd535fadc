"""The package's shape holds: no import cycles, data flows one way (read → parse →
resolve → check → report/export), formats read only the record types, and no module
outgrows what a newcomer can read (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

SRC = REPO / "src" / "asrefs"
MAX_LINES = 500


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Every asrefs module this file imports, at any depth (function-level too):
    ``from pkg import sub`` counts as importing the submodule ``pkg.sub``."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("asrefs"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.startswith("asrefs"):
                subs = {f"{base}.{a.name}" for a in node.names} & modules
                out.update(subs)
                if len(subs) < len(node.names):
                    out.add(base)
    return out


def _graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in SRC.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        if name == "asrefs":  # the lazy re-exports of the public API
            continue
        deps = _imports(path, set(files))
        # a submodule never depends on its own package's __init__ (it always runs first)
        graph[name] = {m for m in deps if m in files and not name.startswith(m + ".")} - {name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles() -> None:
    assert _cycle(_graph()) is None


# What each stage may import, besides its own package: the pipeline flows one way.
_BASE = {
    "asrefs.models",
    "asrefs.errors",
    "asrefs.text",
    "asrefs.tex",
    "asrefs.dates",
    "asrefs.journals",
}
ALLOWED = {
    "asrefs.read": _BASE,
    "asrefs.parse": _BASE,
    "asrefs.claims": _BASE,
    "asrefs.checks": _BASE | {"asrefs.codes"},
    "asrefs.formats": _BASE | {"asrefs.codes", "asrefs.i18n"},
    "asrefs.export": _BASE,
}


def _owner(module: str) -> str:
    return next((pkg for pkg in ALLOWED if module == pkg or module.startswith(pkg + ".")), module)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_stage_imports_only_what_comes_before_it(package: str) -> None:
    graph = _graph()
    wrong = {
        f"{module} imports {dep}"
        for module, deps in graph.items()
        if _owner(module) == package
        for dep in deps
        if _owner(dep) != package and dep not in ALLOWED[package]
    }
    assert not wrong, sorted(wrong)


def test_modules_stay_readable() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long
