"""What student code may touch while it is graded: a policy, and an audit hook enforcing it.

The grader runs each kernel with a Python audit hook (PEP 578; hooks cannot be removed once
installed) that refuses, with PermissionError:

- reading, listing, changing or deleting anything in the course directory, the repository
  (solutions, the git history) or the grading work area, except the submission's own folder
  and the packages and data sets the notebooks import (``allow``);
- reading any notebook file, including the one being graded (it holds the restored tests);
- opening a gradebook database with sqlite3;
- starting processes (subprocess, os.system, fork, exec), which would escape the hook;
- signalling another process (the grader itself, say);
- looking up libc's file and process functions through ctypes.

Every refusal is logged (JSON lines) for the grading status, so the instructor sees that a
submission tried. This is defence in depth inside one process, not a security boundary: for
a cohort you do not trust at all, also run ``aligned-grade`` in a container or VM that holds
no solutions.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass, field

PATH_EVENTS = {
    "open": 0,
    "os.listdir": 0,
    "os.scandir": 0,
    "os.remove": 0,
    "os.rmdir": 0,
    "os.mkdir": 0,
    "os.chmod": 0,
    "os.chown": 0,
    "os.truncate": 0,
    "os.utime": 0,
    "os.chdir": 0,
    "shutil.rmtree": 0,
    "shutil.copyfile": 0,
    "sqlite3.connect": 0,
}
TWO_PATH_EVENTS = {"os.rename", "os.link", "os.symlink", "shutil.move", "shutil.copytree"}
PROCESS_EVENTS = {
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
    "os.forkpty", "pty.spawn", "os.startfile",
}
SIGNAL_EVENTS = {"os.kill", "os.killpg"}
NETWORK_EVENTS = {"socket.connect", "socket.sendto", "socket.getaddrinfo"}
CTYPES_DENIED_SYMBOLS = {
    "open", "open64", "openat", "openat64", "fopen", "fopen64", "creat", "opendir", "syscall",
    "system", "popen", "execv", "execve", "execvp", "execl", "execlp", "fork", "vfork",
    "posix_spawn", "posix_spawnp", "kill", "unlink", "rename", "chdir", "readlink",
}


@dataclass(frozen=True)
class Policy:
    own_dir: str
    deny: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    log_path: str = ""
    log_fd: int = -1  # inside an OS sandbox: the grader's report pipe (a file there could be rewritten)
    enforce: bool = True  # False inside an OS sandbox: the sandbox is the boundary, this only logs

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Policy:
        data = json.loads(text)
        return cls(
            own_dir=data["own_dir"],
            deny=tuple(data.get("deny", ())),
            allow=tuple(data.get("allow", ())),
            log_path=data.get("log_path", ""),
            log_fd=int(data.get("log_fd", -1)),
            enforce=bool(data.get("enforce", True)),
        )


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _real(path: str, cwd: str | None = None) -> str:
    if not os.path.isabs(path):
        path = os.path.join(cwd or os.getcwd(), path)
    return os.path.realpath(path)


def path_refusal(policy: Policy, path, cwd: str | None = None) -> str | None:
    """Why ``path`` may not be touched, or None. Pure apart from resolving symlinks."""
    if path is None:
        path = "."
    if isinstance(path, int):
        return None  # an already open file descriptor
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    path = os.fspath(path)
    if path in {":memory:", ""} or path.startswith("file::memory:"):
        return None
    real = _real(path, cwd)
    own = os.path.realpath(policy.own_dir)
    name = os.path.basename(real)
    if real.endswith(".ipynb"):
        return f"reading notebook files is not allowed while grading ({path})"
    if name.startswith("gradebook.db") or name == "aligned-course.json":
        return f"the gradebook is off limits ({path})"
    if _under(real, own):
        return None
    # The most specific root decides: /tmp may be allowed while a checkout under /tmp is not.
    allowed = max((len(root) for root in map(os.path.realpath, policy.allow) if _under(real, root)), default=-1)
    denied = max((len(root) for root in map(os.path.realpath, policy.deny) if _under(real, root)), default=-1)
    if denied > allowed:
        return f"files outside the submission's folder are off limits ({path})"
    return None


@dataclass
class Guard:
    policy: Policy
    refusals: list[dict] = field(default_factory=list)
    _log_fd: int | None = None
    _busy: bool = False

    def refuse(self, event: str, detail: str) -> None:
        record = {"event": event, "detail": detail}
        self.refusals.append(record)
        if self._log_fd is not None:
            try:
                os.write(self._log_fd, (json.dumps(record) + "\n").encode())
            except OSError:
                pass
        if self.policy.enforce:
            raise PermissionError(f"Not allowed while grading: {detail}")

    def __call__(self, event: str, args: tuple) -> None:
        if self._busy:
            return
        if event in PATH_EVENTS:
            self._check(event, args[PATH_EVENTS[event]] if args else None)
        elif event in TWO_PATH_EVENTS:
            for path in args[:2]:
                self._check(event, path)
        elif event in PROCESS_EVENTS:
            self.refuse(event, f"starting another process ({event})")
        elif event in NETWORK_EVENTS:
            address = args[1] if len(args) > 1 else ""
            if not isinstance(address, str | bytes):  # a path is a Unix socket; tuples are the network
                self.refuse(event, f"a network connection ({str(address)[:60]})")
        elif event in SIGNAL_EVENTS:
            pid = args[0] if args else None
            if event == "os.killpg" or pid not in (os.getpid(), 0):
                self.refuse(event, f"signalling another process ({pid})")
        elif event == "ctypes.dlsym":
            name = args[1] if len(args) > 1 else ""
            if isinstance(name, bytes):
                name = name.decode(errors="replace")
            if isinstance(name, str) and name in CTYPES_DENIED_SYMBOLS:
                self.refuse(event, f"calling libc's {name} through ctypes")

    def _check(self, event: str, path) -> None:
        self._busy = True
        try:
            reason = path_refusal(self.policy, path)
        except (TypeError, ValueError, OSError):
            reason = None
        finally:
            self._busy = False
        if reason:
            self.refuse(event, reason)


def install(policy: Policy) -> Guard:
    guard = Guard(policy)
    if policy.log_fd >= 0:
        guard._log_fd = policy.log_fd
    elif policy.log_path:
        guard._log_fd = os.open(policy.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    sys.addaudithook(guard)
    return guard


def read_refusals(log_path: str) -> list[dict]:
    try:
        with open(log_path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except FileNotFoundError:
        return []
    found = []
    for line in lines:
        try:
            found.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return found


def summarize(refusals: list[dict], per_area: int = 3, limit: int = 40) -> list[str]:
    """What a submission tried, for its notes: each detail once, at most ``per_area`` from one
    top-level folder (a walk over /proc tries hundreds of paths), then one line counting the
    rest, so that a flood of one kind never hides the other kinds."""
    shown: list[str] = []
    hidden: dict[str, int] = {}
    counts: dict[str, int] = {}
    for refusal in refusals:
        detail = str(refusal.get("detail", ""))[:200]
        if not detail or detail in shown:
            continue
        path = detail.rsplit("(", 1)[-1].rstrip(")") if "(" in detail else ""
        parts = [part for part in path.split("/") if part]
        if path.startswith("/") and parts:
            # /proc/<pid>/... and the like count as one area; elsewhere two levels (/tmp/<checkout>)
            area = "/" + ("/".join(parts[:1]) if parts[0] in {"proc", "sys", "dev"} else "/".join(parts[:2]))
        else:
            area = detail.split("(")[0].strip()
        counts[area] = counts.get(area, 0) + 1
        if counts[area] > per_area or len(shown) >= limit:
            hidden[area] = hidden.get(area, 0) + 1
            continue
        shown.append(detail)
    shown.extend(f"and {n} more like these ({area})" for area, n in hidden.items())
    return shown
