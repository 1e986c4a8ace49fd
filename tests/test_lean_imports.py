"""Lesson kernels load only what the page uses: heavy libraries arrive with their first use.

Each check runs in a fresh interpreter, because this test process has long since imported
pandas and Altair. They assert which modules are loaded, never how long anything takes.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("altair", "vl_convert", "pandas", "numpy", "jsonschema", "anywidget", "sqlalchemy")


def loaded_after(code: str, cache_home: Path | None = None) -> dict:
    """Run `code` in a fresh interpreter; return which HEAVY modules it loaded, and `result`."""
    probe = (
        "import json, sys\n"
        "result = None\n"
        f"{code}\n"
        f"print(json.dumps({{'loaded': [m for m in {HEAVY!r} if m in sys.modules], 'result': result}}))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if cache_home is not None:
        env["XDG_CACHE_HOME"] = str(cache_home)
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=180, check=False)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_the_package_imports_nothing_heavy():
    assert loaded_after("import widgets")["loaded"] == []


def test_the_hub_needs_neither_pandas_nor_altair():
    found = loaded_after("from widgets.hub import hub\nresult = len(hub().children[0].value)")
    assert found["loaded"] == []
    assert found["result"] > 1000  # the hub was built, with every level


def test_a_lesson_set_up_without_a_chart_loads_no_chart_library():
    # Every lesson's first cell; steps-and-pitfalls then shows only tables and an activity.
    found = loaded_after("from widgets.charts import enable_offline\nenable_offline()")
    assert not {"altair", "vl_convert", "pandas", "jsonschema"} & set(found["loaded"])


def test_an_activity_draws_its_chart_only_after_the_learner_acts(tmp_path):
    code = (
        "from widgets.charts import enable_offline\n"
        "from widgets.culture import ArchetypeQuiz\n"
        "enable_offline()\n"
        "quiz = ArchetypeQuiz()\n"
        "before = [m for m in ('altair', 'vl_convert', 'pandas') if m in sys.modules]\n"
        "for boxes in quiz.inputs['Now'].values():\n"
        "    for culture_type, value in zip(('clan', 'adhocracy', 'market', 'hierarchy'), (40, 20, 15, 25)):\n"
        "        boxes[culture_type].value = value\n"
        "quiz.show_button.click()\n"
        "result = {'before': before, 'chart': type(quiz.chart_widget).__name__,\n"
        "          'offline': 'cdn.jsdelivr' not in quiz.chart_widget._esm}\n"
    )
    found = loaded_after(code, cache_home=tmp_path)
    assert found["result"]["before"] == []
    assert found["result"]["chart"] == "JupyterChart"
    assert found["result"]["offline"] is True
    assert "altair" in found["loaded"]


def test_the_live_pages_load_no_chart_library_until_a_result_is_shown():
    for module in ("widgets.live.server", "widgets.live.dashboard"):
        found = loaded_after(f"import {module}")
        assert not {"altair", "vl_convert", "pandas"} & set(found["loaded"]), module


def test_the_session_report_imports_vl_convert_only_when_it_draws():
    assert "vl_convert" not in loaded_after("import widgets.live.report")["loaded"]


def test_the_offline_bundle_is_built_once_then_read_from_the_cache(tmp_path):
    code = (
        "from widgets import charts\n"
        "charts.enable_offline()\n"
        "widget = charts.as_widget(charts.kite_chart({'clan': 40, 'adhocracy': 20, 'market': 15, 'hierarchy': 25}))\n"
        "import hashlib\n"
        "result = hashlib.sha256(widget._esm.encode()).hexdigest()\n"
    )
    first = loaded_after(code, cache_home=tmp_path)
    assert "vl_convert" in first["loaded"]  # built by vl-convert the first time
    assert len(list((tmp_path / "aligned").glob("jupyterchart-offline-*.js"))) == 1
    second = loaded_after(code, cache_home=tmp_path)
    assert "vl_convert" not in second["loaded"]
    assert second["result"] == first["result"]  # the very same JavaScript


def test_an_unreadable_cache_falls_back_to_building_the_bundle(tmp_path):
    (tmp_path / "aligned").write_text("a file where the cache folder should be")
    code = (
        "from widgets import charts\n"
        "widget = charts.as_widget(charts.kite_chart({'clan': 40, 'adhocracy': 20, 'market': 15, 'hierarchy': 25}))\n"
        "result = 'vega' in widget._esm and 'cdn.jsdelivr' not in widget._esm\n"
    )
    assert loaded_after(code, cache_home=tmp_path)["result"] is True


@pytest.mark.parametrize("module", ["widgets.core.survey", "widgets.core.components", "widgets.data"])
def test_core_modules_load_pandas_on_first_use(module):
    assert "pandas" not in loaded_after(f"import {module}")["loaded"]
