"""Packaging and configuration: the files a fresh machine relies on agree with each other."""

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parent.parent
# conda-forge's name for a package whose PyPI name it does not use (checked against the file below)
CONDA_NAMES = {"playwright": "playwright-python"}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_requirements() -> dict[str, SpecifierSet]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    found = {}
    for line in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        requirement = Requirement(line)
        found[normalise(requirement.name)] = requirement.specifier
    return found


def conda_requirements(text: str) -> dict[str, SpecifierSet]:
    environment = yaml.safe_load(text)
    assert "conda-forge" in environment["channels"]
    found = {}
    for entry in environment["dependencies"]:
        if not isinstance(entry, str):
            found.update(pip_requirements(entry.get("pip", [])))
            continue
        name, _, spec = entry.partition(" ")
        pypi_name = {conda: pypi for pypi, conda in CONDA_NAMES.items()}.get(normalise(name), normalise(name))
        found[pypi_name] = SpecifierSet(spec.replace(" ", ""))
    return found


def pip_requirements(lines: list[str]) -> dict[str, SpecifierSet]:
    """The pip section: packages not on conda-forge, plus `-e .`, which installs the kit itself."""
    found = {}
    for line in lines:
        if line.startswith("-"):
            continue  # pip options such as `-e .`
        requirement = Requirement(line)
        found[normalise(requirement.name)] = requirement.specifier
    return found


def disagreements(pip: dict, conda: dict) -> list[str]:
    problems = []
    for name, spec in pip.items():
        if name not in conda:
            problems.append(f"{name} is in pyproject.toml but not in environment.yml")
        elif conda[name] != spec:
            problems.append(f"{name}: pyproject says {spec}, environment.yml says {conda[name]}")
    extra = set(conda) - set(pip) - {"python", "pip"}
    problems.extend(f"{name} is in environment.yml but not in pyproject.toml" for name in extra)
    return problems


def test_environment_yml_matches_pyproject():
    conda = conda_requirements((ROOT / "environment.yml").read_text())
    assert disagreements(pyproject_requirements(), conda) == []


def test_conda_forge_names_are_used_where_they_differ_from_pypi():
    entries = [e.split(" ")[0] for e in yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
               if isinstance(e, str)]
    for pypi, conda in CONDA_NAMES.items():
        assert conda in entries and pypi not in entries, (pypi, conda)


def test_the_environment_installs_the_kit_without_re_resolving_its_dependencies():
    text = (ROOT / "environment.yml").read_text()
    pip_section = next(e["pip"] for e in yaml.safe_load(text)["dependencies"] if isinstance(e, dict))
    assert not [line for line in pip_section if line.startswith("-e")]  # pip would re-resolve everything
    assert "pip install --no-deps -e ." in text  # the documented last step


def test_postgresql_is_an_extra_not_a_requirement():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not [line for line in project["dependencies"] if line.startswith("psycopg")]
    assert [Requirement(line).name for line in project["optional-dependencies"]["postgres"]] == ["psycopg"]


def test_a_postgresql_url_without_the_driver_says_what_to_install(monkeypatch):
    from grading.config import normalise_db_url
    from grading.errors import GradingError
    from widgets.live.store import StoreError, make_engine

    for name in [m for m in sys.modules if m == "psycopg" or m.startswith("psycopg.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the postgres extra were not installed
    with pytest.raises(StoreError, match=r"pip install 'aligned\[postgres\]'"):
        make_engine("postgresql://u:p@127.0.0.1/db")
    with pytest.raises(GradingError, match=r"pip install 'aligned\[postgres\]'"):
        normalise_db_url("postgresql://u:p@127.0.0.1/db")


def test_pip_section_is_checked_too():
    text = (ROOT / "environment.yml").read_text()
    assert "axe-playwright-python>=0.1.8,<0.2" in text
    text = text.replace("axe-playwright-python>=0.1.8,<0.2", "axe-playwright-python>=0.1,<0.1.5")
    problems = disagreements(pyproject_requirements(), conda_requirements(text))
    assert problems == [
        "axe-playwright-python: pyproject says <0.2,>=0.1.8, environment.yml says <0.1.5,>=0.1"
    ]


def test_disagreement_is_detected():
    text = (ROOT / "environment.yml").read_text().replace("altair >=6,<7", "altair >=5,<6")
    problems = disagreements(pyproject_requirements(), conda_requirements(text))
    assert problems == ["altair: pyproject says <7,>=6, environment.yml says <6,>=5"]


def test_required_stack_and_python_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    pip = pyproject_requirements()
    for name in ("jupyterlab", "voila", "nbgrader", "ipywidgets", "altair", "vl-convert-python", "pandas"):
        assert name in pip
    assert pip["jupyterlab"].contains("4.6.0") and not pip["jupyterlab"].contains("4.7.0")
    assert pip["voila"].contains("0.5.6") and not pip["voila"].contains("0.5.5")
    assert pip["nbgrader"].contains("0.9.0")
    assert pip["altair"].contains("6.0.0")


def test_installed_versions_satisfy_pyproject():
    from importlib.metadata import version

    for name, spec in pyproject_requirements().items():
        assert spec.contains(version(name), prereleases=True), name


def test_packages_are_importable():
    import grading
    import widgets
    import widgets.core

    assert widgets.__doc__ and grading.__doc__ and widgets.core.__doc__


def test_makefile_puts_venv_on_path_and_handles_root():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^export PATH := \$\(CURDIR\)/\$\(VENV\)/bin:\$\(PATH\)$", makefile, re.M)
    assert "--allow-root" in makefile
    assert "workshop: install" in makefile and "widgets.serving serve workshops/" in makefile
    assert "$(PORT)" in makefile and re.search(r"^PORT \?= 8866$", makefile, re.M)
    assert re.search(r"^HOST \?= 127\.0\.0\.1$", makefile, re.M)


def test_ci_installs_chromium_then_runs_make_test():
    script = (ROOT / ".ci" / "run").read_text()
    assert "apt-get install" in script and "chromium" in script
    assert script.rstrip().endswith("make test")


def test_voila_config_in_one_place():
    config = json.loads((ROOT / "voila.json").read_text())
    voila = config["VoilaConfiguration"]
    assert voila["template"] == "aligned"
    assert voila["preheat_kernel"] is True
    assert "@jupyter/nbgrader" in voila["extension_denylist"]
    assert voila["show_tracebacks"] is False and voila["strip_sources"] is True
    assert voila["multi_kernel_manager_class"] == "widgets.serving.PacedKernelManager"
    assert config["KernelManager"]["transport"] == "ipc"
    # The pools follow the day's plan (widgets.serving), not a fixed list.
    assert "kernel_pools_config" not in config["VoilaKernelManager"]
    culling = config["MappingKernelManager"]
    assert culling["cull_idle_timeout"] > 0 and culling["cull_interval"] > 0


def test_plain_workshop_keeps_only_the_hub_warm():
    from widgets.serving import plan_from_environment, pool_config

    plan = plan_from_environment({})
    assert plan == ["index.ipynb"]
    assert pool_config(plan) == {"default": {"pool_size": 0}, "index.ipynb": {"pool_size": 1}}


def test_a_level_keeps_its_lessons_warm_in_teaching_order():
    from widgets.serving import plan_from_environment

    plan = plan_from_environment({"ALIGNED_PREHEAT": "fundamentals", "ALIGNED_ROOM": "1"})
    assert plan[0] == "index.ipynb"
    lessons = plan[1:]
    assert len(lessons) == 5 and all(path.startswith("fundamentals/") for path in lessons)
    assert lessons[0] == "fundamentals/what-is-alignment.ipynb"


def test_an_unknown_level_is_refused_with_a_clear_message():
    result = subprocess.run(
        ["make", "--no-print-directory", "workshop", "LEVEL=fundamentalz", "PORT=1"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode != 0
    assert "LEVEL='fundamentalz' is not a level" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "voila workshops/" not in result.stdout  # refused before the server starts


def test_readme_covers_every_user_and_both_setup_commands():
    readme = (ROOT / "README.md").read_text()
    for heading in ("Trainer", "Self-study", "Cohort", "Instructor", "offline"):
        assert heading.lower() in readme.lower(), heading
    assert "make workshop" in readme and "make test" in readme and "make lab" in readme


@pytest.mark.parametrize("folder", ["workshops", "exercises", "datasets", "widgets", "solutions", "grading", "tests"])
def test_top_level_layout(folder):
    assert (ROOT / folder).is_dir()


def make_dry_run(target: str) -> str:
    import subprocess

    result = subprocess.run(
        ["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout


def test_make_lab_passes_allow_root_only_as_root():

    output = make_dry_run("lab")
    assert "jupyter lab" in output
    assert ("--allow-root" in output) == (os.geteuid() == 0)
    assert "--LabApp.default_url=/lab/tree/workshops/index.ipynb" in output


def test_make_workshop_serves_workshops_on_localhost():
    output = make_dry_run("workshop")
    assert "python -m widgets.serving serve workshops/ --no-browser --Voila.ip=127.0.0.1 --port=8866" in output


def test_make_workshop_room_binds_the_network_with_a_token():
    output = make_dry_run("workshop-room")
    assert "widgets.serving serve workshops/ --no-browser --Voila.ip=0.0.0.0 --port=8866 --token=" in output
    token = output.split("--token=")[1].split()[0]
    assert len(token) >= 12
    assert f"?token={token}" in output
    assert f"/aligned/join?token={token}" in output  # the participant page, served without a kernel


def test_jupyterlab_kernels_use_unix_sockets():
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("jupyter_server_config.py", path=str(ROOT)).load_config()
    assert config.KernelManager.transport == "ipc"
    makefile = (ROOT / "Makefile").read_text()
    assert "jupyter lab --config=$(CURDIR)/jupyter_server_config.py" in makefile


# --- Lint -------------------------------------------------------------------------------------

# A noqa marker: the codes it silences, then (required here) why.
NOQA = re.compile(r"#\s*noqa(?::\s*[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)?(?P<reason>.*)", re.IGNORECASE)
NOT_THE_PROJECTS = {".venv", "exercises", ".git", "build", "dist", "node_modules", "__pycache__"}


def project_python_files() -> list[Path]:
    return sorted(
        path for path in ROOT.rglob("*.py")
        if not NOT_THE_PROJECTS.intersection(path.relative_to(ROOT).parts)
    )


def noqa_markers(path: Path) -> list[tuple[int, str]]:
    """(line, reason) for each noqa comment; only comments count, not strings that mention one."""
    import tokenize

    with path.open("rb") as source:
        comments = [t for t in tokenize.tokenize(source.readline) if t.type == tokenize.COMMENT]
    return [
        (token.start[0], match["reason"].strip())
        for token in comments
        if (match := NOQA.search(token.string))
    ]


def test_ruff_finds_nothing():
    """`make test` lints first; this makes a plain `pytest` fail on a lint error too, with the list."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", ".", "--output-format", "concise"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_noqa_marker_says_why():
    markers = {
        f"{path.relative_to(ROOT)}:{line}": reason
        for path in project_python_files()
        for line, reason in noqa_markers(path)
    }
    assert markers, "no noqa markers found: is the scan looking in the right place?"
    bare = [where for where, reason in markers.items() if not re.search(r"\w", reason)]
    assert bare == [], "add the reason after the codes, e.g. `# noqa: E402 (after sys.path)`"


def test_noqa_reason_is_read_after_the_codes():
    def reason(comment: str) -> str:
        return NOQA.search(comment)["reason"].strip()

    assert reason("# noqa") == reason("# noqa: E402") == reason("# noqa: BLE001, S112") == ""
    assert reason("# noqa: E402 (after sys.path)") == "(after sys.path)"
    assert reason("# noqa: BLE001, S112 -- a damaged file is left out") == "-- a damaged file is left out"


def test_make_test_lints_before_the_suite():
    output = make_dry_run("test")
    assert "ruff check ." in output and "python -m pytest" in output
    assert output.index("ruff check .") < output.index("python -m pytest")
    assert "ruff check ." in make_dry_run("lint")
    assert "make lint" in (ROOT / "Makefile").read_text()
