"""The house rules of DESIGN.md that code can check."""

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
