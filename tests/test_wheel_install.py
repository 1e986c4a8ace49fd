"""Installed as a wheel, anywhere: the kit's Voila template, Voila's configuration and the
server extensions come with the package (`share/jupyter`, `etc/jupyter` under sys.prefix), so
a plain `voila`, JupyterLab's /voila/render/ and `jupyter server` show a lesson with the kit's
template, instructor notes hidden and nothing from outside, with no JUPYTER_PATH to set.

A fresh virtual environment gets a plain (non-editable) `pip install` of the built wheel, its
dependencies from the package index (pip's cache makes that about a minute).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import _STARTED, ROOT, VoilaServer, free_port

pytestmark = pytest.mark.notebooks

LESSON = ROOT / "workshops" / "fundamentals" / "what-is-alignment.ipynb"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the wheel installed, and a folder holding one lesson."""
    base = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(base / "dist"), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next((base / "dist").glob("aligned-*.whl"))
    venv = base / "venv"
    base_python = Path(sys.base_prefix) / "bin" / "python3"
    subprocess.run([str(base_python), "-m", "venv", str(venv)], check=True, timeout=300)
    install = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)],
                             capture_output=True, text=True, timeout=1200)
    assert install.returncode == 0, install.stderr[-3000:]
    work = base / "learner"
    work.mkdir()
    shutil.copyfile(LESSON, work / LESSON.name)
    home = base / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("JUPYTER", "VIRTUAL_ENV"))}
    env.update({"HOME": str(home), "PATH": f"{venv / 'bin'}{os.pathsep}/usr/bin:/bin",
                "ALIGNED_STATE_DIR": str(base / "state")})
    return {"venv": venv, "work": work, "env": env, "base": base}


def serve(installed, command: list[str]) -> VoilaServer:
    port = free_port()
    log_path = installed["base"] / f"server-{port}.log"
    root = ["--allow-root"] if os.geteuid() == 0 and command[0] != "voila" else []
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(installed["venv"] / "bin" / command[0]), *command[1:], "--no-browser", f"--port={port}", *root],
            cwd=installed["work"], env=installed["env"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    server = VoilaServer(process, port, log_path)
    _STARTED.append(server)
    return server


def fetch(server: VoilaServer, path: str, timeout: float = 240) -> str:
    """GET `path` once the server answers (it renders the lesson with a real kernel)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(server.url + path, timeout=120) as response:
                return response.read().decode("utf-8", errors="replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if server.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{path} never answered:\n{server.log()[-3000:]}") from None
            time.sleep(0.3)


def instructor_lines() -> list[str]:
    notebook = json.loads(LESSON.read_text(encoding="utf-8"))
    lines = []
    for cell in notebook["cells"]:
        if "instructor" in cell.get("metadata", {}).get("tags", []):
            text = "".join(cell["source"]).strip().splitlines()
            lines.extend(line.strip("#* ").strip() for line in text if len(line.strip("#* ").strip()) > 25)
    assert lines, "the lesson has instructor notes to hide"
    return lines


def assert_kit_page(page: str) -> None:
    assert "page_watchdog" in page or "data-aligned-page" in page, "not the kit's template"
    for line in instructor_lines():
        assert line not in page, f"an instructor note was shown: {line[:60]!r}"
    local = ("http://127.0.0.1", "http://localhost")
    loaded = re.findall(r"""\bsrc\s*=\s*["'](https?://[^"']+)""", page)  # scripts, images, frames
    loaded += re.findall(r"""<link[^>]*href\s*=\s*["'](https?://[^"']+)""", page)  # stylesheets
    assert [url for url in loaded if not url.startswith(local)] == []
    # and no library fetched by a script from a CDN (MathJax's URL sits in a script, not an attribute)
    assert re.findall(r"""https?://[^"'\s<>]*(?:cdn|unpkg|jsdelivr)[^"'\s<>]*""", page) == []


@pytest.mark.parametrize("how", ["voila", "jupyter lab", "jupyter server"])
def test_a_lesson_shows_with_the_kits_template_from_a_plain_wheel_install(installed, how):
    command = {"voila": ["voila", "."], "jupyter lab": ["jupyter", "lab", "--ServerApp.token="],
               "jupyter server": ["jupyter", "server", "--ServerApp.token="]}[how]
    server = serve(installed, command)
    try:
        assert_kit_page(fetch(server, f"/voila/render/{LESSON.name}"))
        if how != "voila":  # the participant pages come with the package in every Jupyter server
            assert "<h1>Join a live session</h1>" in fetch(server, "/aligned/join")
    finally:
        server.stop()


def test_the_installed_configuration_needs_no_environment_variable(installed):
    venv = installed["venv"]
    assert (venv / "share" / "jupyter" / "voila" / "templates" / "aligned" / "index.html.j2").is_file()
    assert json.loads((venv / "etc" / "jupyter" / "voila.json").read_text()) == json.loads(
        (ROOT / "voila.json").read_text())
    server_voila = json.loads((venv / "etc" / "jupyter" / "jupyter_server_config.d" / "aligned-voila.json").read_text())
    standalone = json.loads((ROOT / "voila.json").read_text())["VoilaConfiguration"]
    # Voila as a server extension gets the same page settings as the kit's own Voila
    assert server_voila["VoilaConfiguration"].items() <= standalone.items()
    assert not [key for key in installed["env"] if key.startswith("JUPYTER")]
