"""The grading package's modules import one another without a cycle.

The graph counts every import of a ``grading`` module, at the top of a file AND inside a
function: an import moved into a function still closes a cycle, it only delays the failure
until that function runs. (config -> feedback -> report -> config was one such cycle.)
"""

from __future__ import annotations

import ast
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "grading"
# Modules allowed to import grading modules inside a function, each for a reason stated there:
# the command line (fast --help, and nbgrader's absence reported before anything imports it)
# and the kernel launcher (runs in the student's kernel and stays light).
LAZY_IMPORTS_ALLOWED = {"grading.__main__", "grading.sandbox"}


def module_name(path: Path, package: str) -> str:
    return package if path.stem == "__init__" else f"{package}.{path.stem}"


def _imported(node: ast.AST, current: str, package: str, modules: set[str]) -> set[str]:
    """The package's modules that one import statement loads (its parent package included)."""
    targets: set[str] = set()
    if isinstance(node, ast.Import):
        targets = {alias.name for alias in node.names}
    elif isinstance(node, ast.ImportFrom):
        if node.level:  # relative: resolve against the importing module's package
            base = current if current == package else current.rsplit(".", 1)[0]
            for _ in range(node.level - 1):
                base = base.rsplit(".", 1)[0]
            source = f"{base}.{node.module}" if node.module else base
        else:
            source = node.module or ""
        targets = {source} | {f"{source}.{alias.name}" for alias in node.names}
    found = set()
    for target in targets:
        if target == package or target.startswith(package + "."):
            # `from grading import status` names a module; `from grading.x import y` may not
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in modules:
                found.add(target)
                if target != package:
                    found.add(package)  # importing grading.x runs grading/__init__ first
    found.discard(current)
    return found


def _walk(node: ast.AST, in_function: bool = False):
    """(import statement, whether it is inside a function) for every import in ``node``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            yield child, in_function
        nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        yield from _walk(child, nested)


def import_graph(folder: Path, package: str) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """({module: modules it imports anywhere}, {module: modules it imports inside a function})."""
    files = sorted(folder.glob("*.py"))
    modules = {module_name(path, package) for path in files}
    graph: dict[str, set[str]] = {}
    lazy: dict[str, set[str]] = {}
    for path in files:
        current = module_name(path, package)
        graph[current] = set()
        lazy[current] = set()
        for node, in_function in _walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            found = _imported(node, current, package, modules)
            graph[current] |= found
            if in_function:
                lazy[current] |= found
    return graph, lazy


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path that ends where it starts, or None if it is acyclic."""
    state: dict[str, int] = {}  # absent: not seen; 1: on the current path; 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = visit(start)
            if cycle:
                return cycle
    return None


# -- the grading package -------------------------------------------------------------------

def test_grading_imports_have_no_cycle():
    graph, _ = import_graph(ROOT / PACKAGE, PACKAGE)
    assert {"grading.config", "grading.feedback", "grading.report"} <= set(graph)
    assert graph["grading.report"] >= {"grading.config", "grading.tracebacks"}  # the graph is read
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_grading_imports_sit_at_the_top_of_their_modules():
    _, lazy = import_graph(ROOT / PACKAGE, PACKAGE)
    inside_functions = {module for module, found in lazy.items() if found}
    assert inside_functions <= LAZY_IMPORTS_ALLOWED, (
        f"imports of grading modules inside functions: {sorted(inside_functions - LAZY_IMPORTS_ALLOWED)}"
        " (move them to the top, or state why and add the module to LAZY_IMPORTS_ALLOWED)"
    )


def test_the_tracebacks_module_is_a_leaf():
    graph, _ = import_graph(ROOT / PACKAGE, PACKAGE)
    assert graph["grading.tracebacks"] <= {"grading"}


# -- the checker itself ----------------------------------------------------------------------

def test_cycle_detector_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    cycle = find_cycle(graph)
    assert cycle is not None
    assert cycle[0] == cycle[-1]
    assert set(cycle) == {"a", "b", "c"}
    assert all(after in graph[before] for before, after in pairwise(cycle))


def test_cycle_detector_finds_a_self_import_and_passes_a_diamond():
    assert find_cycle({"a": {"a"}}) == ["a", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set()}) is None
    assert find_cycle({}) is None


def test_graph_counts_imports_inside_functions(tmp_path):
    # The shape of the old cycle: a top-level import one way, a function-level one back.
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "config.py").write_text("def build():\n    from pkg.feedback import Sanitizer\n")
    (package / "feedback.py").write_text("def scrub():\n    from pkg import report\n")
    (package / "report.py").write_text("from pkg.config import build\n")
    (package / "leaf.py").write_text("import json\n")
    graph, lazy = import_graph(package, "pkg")
    assert graph["pkg.config"] == {"pkg", "pkg.feedback"}
    assert graph["pkg.feedback"] == {"pkg", "pkg.report"}
    assert lazy["pkg.feedback"] == {"pkg", "pkg.report"} and lazy["pkg.report"] == set()
    assert graph["pkg.leaf"] == set()
    assert set(find_cycle(graph)) == {"pkg.config", "pkg.feedback", "pkg.report"}


def test_graph_resolves_relative_imports(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from .a import x\n")
    (package / "a.py").write_text("from . import b\nx = 1\n")
    (package / "b.py").write_text("def f():\n    from .a import x\n")
    graph, _ = import_graph(package, "pkg")
    assert graph["pkg"] == {"pkg.a"}
    assert graph["pkg.a"] == {"pkg", "pkg.b"}
    assert graph["pkg.b"] == {"pkg", "pkg.a"}
    assert find_cycle(graph) is not None
