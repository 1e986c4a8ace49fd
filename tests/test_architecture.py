"""The rules of the house (ARCHITECTURE.md) that code can check."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_MODULES = {"ipywidgets", "IPython", "voila", "altair", "anywidget"}


def imported_top_level_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_imports_no_ui_code():
    modules = sorted((ROOT / "widgets" / "core").rglob("*.py"))
    assert modules
    for module in modules:
        assert not imported_top_level_names(module) & UI_MODULES, module.name


def test_import_check_sees_ui_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import ipywidgets as w\nfrom IPython.display import HTML\n")
    assert imported_top_level_names(sample) >= {"ipywidgets", "IPython"}


# -- one activity shape (widgets/activity.py) --------------------------------------------------

WIDGETS = ROOT / "widgets"
# A failing refresh tick waits for the next one; a missing Voila falls back to the environment:
# neither is a handler, and neither shows the learner anything.
BROAD_EXCEPT_ALLOWED = {
    ("live/dashboard.py", "refresh"),
    ("live/participant.py", "page_query"),
}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text())


def _base_names(node: ast.ClassDef) -> set[str]:
    return {base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "") for base in node.bases}


def view_modules() -> list[Path]:
    """The modules that define an activity view: a class built on Activity."""
    return sorted(
        path for path in [*WIDGETS.glob("*.py"), *(WIDGETS / "live").glob("*.py")]
        if path.name != "activity.py"
        and any(isinstance(node, ast.ClassDef) and "Activity" in _base_names(node)
                for node in ast.walk(_tree(path)))
    )


def _functions(tree: ast.Module):
    """Every function with the name of the function it stands in (for nested ones)."""
    def walk(node, owner):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield child, child.name
                yield from walk(child, child.name)
            else:
                yield from walk(child, owner)
    yield from walk(tree, None)


def _broad(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(kind is None or getattr(kind, "id", "") in {"Exception", "BaseException"}
               for kind in kinds)


def test_every_view_is_an_activity():
    modules = {path.relative_to(WIDGETS).as_posix() for path in view_modules()}
    assert len(modules) >= 19
    assert {"archetype_quiz.py", "smart_goal.py", "live/participant.py", "live/dashboard.py"} <= modules


def test_views_leave_failing_handlers_to_activity_handler():
    """One place turns an error into what the learner sees: `widgets.activity.handler`."""
    for path in view_modules():
        name = path.relative_to(WIDGETS).as_posix()
        tree = _tree(path)
        for function, owner in _functions(tree):
            assert function.name not in {"_guard", "_safely"}, f"{name}: {function.name}"
            for node in ast.walk(function):
                if isinstance(node, ast.ExceptHandler) and _broad(node):
                    assert (name, owner) in BROAD_EXCEPT_ALLOWED, (
                        f"{name}:{node.lineno} catches every exception in {owner}(): "
                        "decorate the handler with @handler(...) instead"
                    )
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "failure_html":
                raise AssertionError(f"{name}:{node.lineno} calls failure_html: use @handler")
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert "Something went wrong" not in node.value, f"{name}:{node.lineno}"
        assert "chart_widget is None" not in path.read_text(), f"{name}: use Activity.show_chart"


def test_the_broad_except_check_sees_a_guard(tmp_path):
    sample = tmp_path / "view.py"
    sample.write_text("def on_click(self):\n    try:\n        go()\n    except Exception:\n        pass\n")
    handlers = [n for n in ast.walk(_tree(sample)) if isinstance(n, ast.ExceptHandler)]
    assert handlers and _broad(handlers[0])


def test_core_has_one_input_error_type():
    """Input a learner can fix raises InputProblems (or a subclass without a body of its own)."""
    from widgets.core.problems import InputProblems

    for path in sorted((WIDGETS / "core").rglob("*.py")):
        for node in ast.walk(_tree(path)):
            if not isinstance(node, ast.ClassDef):
                continue
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    arguments = {arg.arg for arg in item.args.args}
                    assert "problems" not in arguments or (path.name, node.name) == (
                        "problems.py", "InputProblems"), f"{path.name}: {node.name}.__init__(problems)"
    from widgets.core import (
        coding,
        components,
        cross_border,
        digital,
        dynamism,
        ethics,
        growth,
        implementation,
        live,
        mental_models,
        metrics,
        pitfalls,
        selfcheck,
        turnover,
    )

    errors = [coding.CodingInputError, components.InvalidResponse, cross_border.CrossBorderError,
              digital.InvalidRatings, dynamism.DynamismInputError, ethics.InvalidCanvas,
              growth.GrowthInputError, implementation.ReadinessInputError, live.LiveInputError,
              mental_models.RankingInputError, metrics.KPIFormError, metrics.ScorecardFileError,
              pitfalls.PitfallInputError, selfcheck.SelfCheckError, turnover.TurnoverInputError]
    for error in errors:
        assert issubclass(error, InputProblems), error.__name__
        assert "__init__" not in vars(error), error.__name__
        assert str(error(["One.", "Two."])) == "One. Two."


def test_small_text_helpers_live_once():
    """Lists in words, number checks and plurals come from widgets/core/text.py."""
    helpers = {"_join", "join_words", "and_join", "_is_number", "is_number", "_plural", "plural"}
    for path in sorted(WIDGETS.rglob("*.py")):
        if path == WIDGETS / "core" / "text.py":
            continue
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.FunctionDef) and node.col_offset == 0:
                assert node.name not in helpers, f"{path.relative_to(ROOT)}: def {node.name}"
