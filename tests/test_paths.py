"""The kit's one state folder: ALIGNED_STATE_DIR, then XDG_DATA_HOME/aligned, then ~/.local/share/aligned."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets.core import paths


@pytest.fixture
def env(monkeypatch, tmp_path):
    """No state variable set, and a home folder of the test's own."""
    monkeypatch.delenv("ALIGNED_STATE_DIR", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return monkeypatch


def test_aligned_state_dir_comes_first(env, tmp_path):
    env.setenv("ALIGNED_STATE_DIR", str(tmp_path / "state"))
    env.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.state_dir() == tmp_path / "state"


def test_then_xdg_data_home(env, tmp_path):
    env.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.state_dir() == tmp_path / "xdg" / "aligned"


def test_then_the_home_folder(env, tmp_path):
    assert paths.state_dir() == tmp_path / "home" / ".local" / "share" / "aligned"


@pytest.mark.parametrize("variable", ["ALIGNED_STATE_DIR", "XDG_DATA_HOME"])
def test_an_empty_variable_counts_as_unset(env, tmp_path, variable):
    env.setenv(variable, "")
    assert paths.state_dir() == tmp_path / "home" / ".local" / "share" / "aligned"


def test_a_relative_xdg_data_home_is_ignored(env, tmp_path):
    # The XDG Base Directory specification: a relative path is invalid and must be ignored.
    env.setenv("XDG_DATA_HOME", "relative/data")
    assert paths.state_dir() == tmp_path / "home" / ".local" / "share" / "aligned"


def test_the_state_dir_expands_the_home_folder_and_is_absolute(env, tmp_path):
    env.setenv("ALIGNED_STATE_DIR", "~/kit-state")
    assert paths.state_dir() == tmp_path / "home" / "kit-state"
    env.setenv("ALIGNED_STATE_DIR", "relative-state")
    env.chdir(tmp_path)
    assert paths.state_dir() == tmp_path / "relative-state"
    assert paths.state_dir().is_absolute()


def test_nothing_is_created(env, tmp_path):
    env.setenv("ALIGNED_STATE_DIR", str(tmp_path / "state"))
    paths.state_dir()
    assert not (tmp_path / "state").exists()


def test_the_live_store_and_the_grader_share_it(env, tmp_path):
    from grading import config as grading_config
    from widgets.live import store

    assert store.state_dir is paths.state_dir
    assert grading_config.state_dir is paths.state_dir
    env.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    env.delenv("ALIGNED_DB_URL", raising=False)
    assert store.default_url() == f"sqlite:///{tmp_path / 'xdg' / 'aligned' / 'live.sqlite'}"
    assert grading_config.default_course_dir() == tmp_path / "xdg" / "aligned" / "course"


def test_the_module_uses_the_standard_library_only():
    import ast

    tree = ast.parse(Path(paths.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {
        node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= {"__future__", "os", "pathlib"}
