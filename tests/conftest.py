"""Fixtures for tests that need a real Voila server and a real headless Chromium."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
# Live sessions, gradebooks and exports go to a throwaway folder, never to the user's own
# state folder; Voila servers started by the tests inherit it.
os.environ["ALIGNED_STATE_DIR"] = tempfile.mkdtemp(prefix="aligned-test-state-")
os.environ.pop("ALIGNED_DB_URL", None)
# The flags that keep Chromium from calling home on this machine's closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


def require_tool(available: bool, what: str) -> None:
    """Skip on a developer's machine, fail in CI: CI must run every test."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI (CI=true); .ci/run installs it.")
    pytest.skip(f"{what} is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class VoilaServer:
    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        """Stop Voila by its PID, then make sure no kernel it started outlives it."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # kernels are in Voila's group
        except ProcessLookupError:
            pass


def start_voila(log_dir: Path, extra_args: tuple[str, ...] = (), pools: int | None = None) -> VoilaServer:
    """Start Voila on `workshops/` and wait until it answers and its kernel pools are filled.

    `pools` is how many pools to wait for when `extra_args` change the pool configuration
    (default: one per notebook, as voila.json sets it).
    """
    port = free_port()
    env = dict(os.environ)
    env["JUPYTER_PATH"] = str(ROOT / "share" / "jupyter")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    log_path = log_dir / f"voila-{port}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "voila", "workshops/", "--no-browser",
                "--Voila.ip=127.0.0.1", f"--port={port}", *extra_args,
            ],
            cwd=ROOT,  # voila.json is read from the working directory
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = VoilaServer(process, port, log_path)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Voila exited early:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.url}/voila/tree", timeout=5) as response:
                if response.status == 200:
                    wait_for_kernel_pools(server, pools=pools)
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"Voila did not answer within 120 s:\n{server.log()}")


def wait_for_kernel_pools(server: VoilaServer, timeout: float = 300, pools: int | None = None) -> None:
    """Wait until Voila has pre-heated a kernel for every notebook.

    While the pools fill, both cores are busy and anywidget's 2-second start-up limit for a
    chart can pass, which logs a console error in a page opened too early. A trainer starts
    the server before the room arrives; the tests do the same.
    """
    notebooks = [p for p in (ROOT / "workshops").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        filled = set(re.findall(r"Kernel pool of (\S+) is filled", server.log()))
        if len(filled) >= (len(notebooks) if pools is None else pools) or server.process.poll() is not None:
            return
        time.sleep(1)


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory):
    # As a trainer runs it: a preheated kernel per notebook (~200 MB each, ~5 GB in all). A
    # page whose kernel starts on request competes with it for the CPU while its charts load,
    # and anywidget gives a chart 2 seconds to initialise.
    server = start_voila(tmp_path_factory.mktemp("voila"))
    yield server
    server.stop()
    assert server.process.poll() is not None, "Voila is still running after stop()"


@pytest.fixture(scope="session")
def browser():
    require_tool(CHROMIUM.exists(), "Debian's chromium (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@dataclass
class PageWatch:
    """What a page did that it should not: requests leaving localhost, console errors."""

    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch = PageWatch()

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            watch.external_requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)

    def watch_console(new_page):
        new_page.watch = watch
        new_page.set_default_timeout(90_000)
        new_page.on(
            "console",
            lambda message: watch.console_errors.append(message.text)
            if message.type == "error"
            else None,
        )
        new_page.on("pageerror", lambda error: watch.console_errors.append(str(error)))

    context.on("page", watch_console)  # also tabs the page opens itself
    page = context.new_page()
    yield page
    context.close()
