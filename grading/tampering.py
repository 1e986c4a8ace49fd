"""Code that changes how later cells run: found before grading, outside every sandbox.

A test cell runs in the same Python process as the student's code before it, so code that
rewires that process can make a failing test pass: an IPython input or AST transformer
(reached directly or through an alias), an event hook, a tracer, patched builtins, objects
whose ``__eq__`` says yes to anything, or code that reaches for the interpreter's own state
(frames, the garbage collector, ctypes) or builds code at run time (``exec``, ``eval``).
The kernel resets the machinery it can before each cell (``grading.sandbox``), but nothing
inside a process the student controls is a boundary. This check is: it reads the submitted
cells here, in the grader, as a syntax tree, and a submission that uses any of these has its
autograded points **withheld** (set to zero, flagged for a human), with a note naming what it
used. Honest answers to the kit's exercises need none of it; an instructor who finds one
honest enters its marks by hand (nbgrader's manual score wins over the autograded one).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from nbgrader import utils

from grading.gradebook import open_gradebook
from grading.inspection import Finding

# Attribute names that belong to the kernel's execution machinery.
MACHINERY_ATTRIBUTES = {
    "input_transformers_cleanup": "an IPython input transformer",
    "input_transformers_post": "an IPython input transformer",
    "input_transformer_manager": "an IPython input transformer",
    "ast_transformers": "an IPython AST transformer",
    "run_cell": "IPython's cell runner",
    "run_cell_async": "IPython's cell runner",
    "run_ast_nodes": "IPython's cell runner",
    "transform_cell": "IPython's cell runner",
    "should_run_async": "IPython's cell runner",
    "showtraceback": "IPython's error display",
    "displayhook": "the display hook",
    "excepthook": "the exception hook",
    "do_execute": "the kernel's executor",
    "shell_handlers": "the kernel's message handlers",
    "f_back": "the caller's frame",
    "f_locals": "a frame's variables",
    "f_globals": "a frame's globals",
    "f_code": "a frame's code",
    "tb_frame": "a traceback's frame",
    "co_consts": "a code object's constants",
    "currentframe": "the call stack",
    "stack": None,  # inspect.stack only: checked with its module below
    "get_objects": "the garbage collector",
    "get_referrers": "the garbage collector",
    "get_referents": "the garbage collector",
    "user_ns": "the shell's namespace",
    "__builtins__": "the builtins",
    "__code__": "a function's code",
    "__globals__": "a function's globals",
    "__subclasses__": "the class hierarchy",
}
# Attributes flagged only on the sys module (or a name it was imported as).
SYS_ATTRIBUTES = {
    "settrace": "a tracer (settrace)",
    "setprofile": "a profiler hook (setprofile)",
    "addaudithook": "an audit hook",
    "monitoring": "sys.monitoring",
    "_getframe": "the call stack",
    "displayhook": "the display hook",
    "excepthook": "the exception hook",
    "meta_path": "the import system",
    "path_hooks": "the import system",
}
MODULES = {
    "IPython": "the IPython shell",
    "ipykernel": "the kernel",
    "threading": None,  # only its settrace (below)
    "builtins": "the builtins",
    "ctypes": "ctypes",
    "gc": "the garbage collector",
    "inspect": "the call stack (inspect)",
    "linecache": "cached cell source (linecache)",
    "importlib": "the import system",
    "sys": None,  # only some of its attributes (above)
}
DYNAMIC_CALLS = {
    "exec": "code built at run time (exec)",
    "eval": "code built at run time (eval)",
    "compile": "code built at run time (compile)",
    "__import__": "the import system (__import__)",
    "get_ipython": "the IPython shell (get_ipython)",
    "globals": "the global namespace (globals())",
    "vars": "a namespace (vars())",
}
COMPARISON_METHODS = {"__eq__", "__ne__", "__bool__", "__lt__", "__le__", "__gt__", "__ge__", "__abs__",
                      "__float__", "__int__", "__index__", "__instancecheck__", "__getattr__",
                      "__getattribute__"}


@dataclass(frozen=True)
class Use:
    cell: str
    line: int
    what: str


def _transformed(source: str) -> str:
    """The cell as Python: IPython's magics and shell escapes become calls."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return TransformerManager().transform_cell(source)
    except Exception:  # noqa: BLE001 -- a cell IPython cannot read is parsed as it is
        return source


class _Finder(ast.NodeVisitor):
    def __init__(self, cell: str, sys_names: set[str]):
        self.cell = cell
        self.uses: list[Use] = []
        self.sys_names = sys_names  # names the sys and threading modules go by (shared across cells)

    def _add(self, node: ast.AST, what: str | None) -> None:
        if what:
            self.uses.append(Use(self.cell, getattr(node, "lineno", 0), what))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(node, MODULES.get(alias.name.split(".")[0]))
            if alias.name in {"sys", "threading"}:
                self.sys_names.add(alias.asname or alias.name)
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = (node.module or "").split(".")[0]
        self._add(node, MODULES.get(module))
        if module in {"sys", "threading", "IPython", "ipykernel"}:
            for alias in node.names:
                self._add(node, MACHINERY_ATTRIBUTES.get(alias.name) or SYS_ATTRIBUTES.get(alias.name))
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        what = MACHINERY_ATTRIBUTES.get(node.attr)
        on_name = node.value.id if isinstance(node.value, ast.Name) else None
        if node.attr == "stack":
            what = "the call stack (inspect)" if on_name == "inspect" else None
        if node.attr in SYS_ATTRIBUTES and on_name in self.sys_names:
            what = SYS_ATTRIBUTES[node.attr]
        if node.attr in {"register", "unregister", "callbacks"} and isinstance(node.value, ast.Attribute) \
                and node.value.attr == "events":
            what = "IPython's event hooks"
        self._add(node, what)
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id == "__builtins__":
            self._add(node, "the builtins")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name):
            self._add(node, DYNAMIC_CALLS.get(node.func.id))
            if node.func.id in {"getattr", "setattr", "delattr"} and len(node.args) >= 2:
                name = node.args[1]
                if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
                    self._add(node, f"an attribute named at run time ({node.func.id})")
                elif name.value in MACHINERY_ATTRIBUTES or name.value in COMPARISON_METHODS:
                    self._add(node, MACHINERY_ATTRIBUTES.get(name.value) or "comparison methods")
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for item in node.body:
            names = []
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [item.name]
            elif isinstance(item, ast.Assign):
                names = [t.id for t in item.targets if isinstance(t, ast.Name)]
            for name in names:
                if name in COMPARISON_METHODS:
                    self._add(item, f"an object that decides its own comparisons ({name})")
        self.generic_visit(node)


def find_uses(notebook) -> list[Use]:
    """Every use of the machinery in the cells a student wrote (test cells are restored anyway)."""
    uses: list[Use] = []
    sys_names = {"sys", "threading"}
    for index, cell in enumerate(notebook.cells):
        if cell.get("cell_type") != "code" or (utils.is_grade(cell) and not utils.is_solution(cell)):
            continue
        label = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"{index + 1}"
        try:
            tree = ast.parse(_transformed(cell.get("source", "")))
        except (SyntaxError, ValueError):
            continue  # it cannot run, so it cannot rewire anything
        finder = _Finder(str(label), sys_names)
        finder.visit(tree)
        uses.extend(finder.uses)
    return uses


def tampering_findings(notebook, name: str) -> list[Finding]:
    """One finding per notebook that uses the machinery, naming what (at most five kinds)."""
    uses = find_uses(notebook)
    if not uses:
        return []
    kinds: list[str] = []
    for use in uses:
        text = f"{use.what} (cell {use.cell}, line {use.line})"
        if use.what not in {k.split(" (cell ")[0] for k in kinds}:
            kinds.append(text)
    shown = "; ".join(kinds[:5]) + (f"; and {len(kinds) - 5} more" if len(kinds) > 5 else "")
    return [Finding(
        "tampering",
        f"{name}: autograded points withheld: the code reaches into how Python or the kernel runs later "
        f"cells: {shown}. Check it by hand; if it is honest, enter its marks as manual scores.",
        attention=True,
    )]


def withhold_autograded(course, assignment: str, student: str) -> None:
    """Zero the autograded points of a submission (a manual score, if any, still wins)."""
    with open_gradebook(course) as gb:
        submission = gb.find_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.auto_score is not None:
                    grade.auto_score = 0.0
            notebook.flagged = True
        gb.db.commit()
