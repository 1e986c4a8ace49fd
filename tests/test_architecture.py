"""The house rules of ARCHITECTURE.md that code can check."""

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
    assert {"culture.py", "smart.py", "live/dashboard.py"} <= modules


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
        mental_models,
        metrics,
        pitfalls,
        selfcheck,
        sessions,
        turnover,
    )

    errors = [coding.CodingInputError, components.InvalidResponse, cross_border.CrossBorderError,
              digital.InvalidRatings, dynamism.DynamismInputError, ethics.InvalidCanvas,
              growth.GrowthInputError, implementation.ReadinessInputError, sessions.LiveInputError,
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


# -- names that match --------------------------------------------------------------------------

# A view's logic is widgets/core/<the view's stem>.py. The live pages are the one exception: the
# live feature is a package (widgets/live/: store, pages, command line), and its pages share the
# live-session rules, widgets/core/sessions.py.
VIEW_LOGIC_EXCEPTIONS = {
    "live/dashboard.py": ("sessions", "a page of the live-session package; its rules are core/sessions.py"),
}


def _imported_widgets_modules(tree: ast.Module) -> set[str]:
    """Dotted names of the widgets modules a module imports (`from widgets.core import x` gives
    widgets.core.x when x is a module)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("widgets.")}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("widgets"):
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_every_view_shares_its_stem_with_its_logic():
    """widgets/culture.py draws on widgets/core/culture.py (and widgets/charts/culture.py)."""
    views = {path.relative_to(WIDGETS).as_posix(): path for path in view_modules()}
    assert set(VIEW_LOGIC_EXCEPTIONS) <= set(views), "an exception names a view that is gone"
    for name, path in views.items():
        stem = VIEW_LOGIC_EXCEPTIONS.get(name, (path.stem,))[0]
        logic = WIDGETS / "core" / f"{stem}.py"
        assert logic.exists(), f"{name} has no core module widgets/core/{stem}.py: rename one of them"
        assert f"widgets.core.{stem}" in _imported_widgets_modules(_tree(path)), (
            f"{name} does not import its logic, widgets.core.{stem}")


def test_live_is_one_package():
    """'live' names the feature package only; its rules are widgets/core/sessions.py."""
    assert (WIDGETS / "live" / "__init__.py").exists()
    assert not (WIDGETS / "core" / "live.py").exists()
    assert not (WIDGETS / "charts" / "live.py").exists()


def private_imports(path: Path) -> list[str]:
    """Private names (`_x`) a module takes from another widgets module, by import or attribute."""
    tree = _tree(path)
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    found, module_aliases = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] == "widgets"):
            package = WIDGETS.parent.joinpath(*(node.module or "").split("."))
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{where}:{node.lineno} imports {alias.name}")
                if (package / f"{alias.name}.py").exists() or (package / alias.name).is_dir():
                    module_aliases.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "widgets":
                    if alias.asname:
                        module_aliases.add(alias.asname)
                    else:
                        found.extend(f"{where}:{node.lineno} imports {part}"
                                     for part in alias.name.split(".") if part.startswith("_")
                                     and not part.startswith("__"))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in module_aliases
                and node.attr.startswith("_") and not node.attr.startswith("__")):
            found.append(f"{where}:{node.lineno} uses {node.value.id}.{node.attr}")
    return found


def test_no_module_takes_another_modules_private_names():
    """What one module shares with another is public; `_x` stays inside its module."""
    found = []
    for path in sorted([*WIDGETS.rglob("*.py"), *(ROOT / "grading").rglob("*.py")]):
        found += private_imports(path)
    assert found == []


def test_the_private_import_check_sees_both_forms(tmp_path):
    sample = tmp_path / "view.py"
    sample.write_text("from widgets.core.smart import Goal, _text\nfrom widgets.core import smart as core\n"
                      "core._measurable(Goal())\n")
    assert [line.split(" ", 1)[1] for line in private_imports(sample)] == [
        "imports _text", "uses core._measurable"]


# -- one stylesheet, one table (widgets/templates/aligned.css, widgets/templating.py) ---------

# The kit's stylesheet is read from aligned.css into one "<style>" string, here and nowhere else.
STYLE_STRING_ALLOWED = {"ui.py"}
# Tables built by hand in Python instead of widgets.templating.table (the macro in
# widgets/templates/table.html.j2 has classes per cell and row, row headings anywhere and cells
# spanning columns). None is left; a table the macro cannot express yet extends the macro.
HAND_BUILT_TABLES_AT_MOST = 0


def _ui_sources() -> list[Path]:
    """Every module above widgets/core: views, live pages, helpers (not the logic)."""
    return sorted(p for p in WIDGETS.rglob("*.py") if "core" not in p.relative_to(WIDGETS).parts)


def _style_strings(path: Path) -> list[int]:
    return [node.lineno for node in ast.walk(_tree(path))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "<style" in node.value]


def test_views_have_no_stylesheet_of_their_own():
    found = {
        f"{path.relative_to(WIDGETS)}:{line}"
        for path in _ui_sources() if str(path.relative_to(WIDGETS)) not in STYLE_STRING_ALLOWED
        for line in _style_strings(path)
    }
    assert not found, f"put these rules in widgets/templates/aligned.css, scoped under the view's class: {found}"


def test_the_style_check_sees_a_style_string(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('EXTRA = """<style>.x { color: red; }</style>"""\n')
    assert _style_strings(sample) == [1]


def test_hand_built_tables_do_not_grow():
    count = sum(path.read_text().count("<table") for path in _ui_sources()
                if path.name != "templating.py")
    assert count <= HAND_BUILT_TABLES_AT_MOST, "build new tables with widgets.templating.table"
