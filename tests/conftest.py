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
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent

# Property tests check what is true, not how fast: on a busy 2-core machine (CI, several servers
# and browsers at once) hypothesis's default 200 ms deadline per example fails tests at random.
settings.register_profile("aligned", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("aligned")
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


# Every Voila a test starts, so that none outlives the run even when its test fails badly.
_STARTED: list[VoilaServer] = []


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

    def wait_for_log(self, pattern: str, timeout: float = 120, count: int = 1) -> list[str]:
        """Wait until the server's log matches `pattern` `count` times (a readiness signal)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.findall(pattern, self.log())
            if len(found) >= count:
                return found
            if self.process.poll() is not None:
                raise RuntimeError(f"Voila exited while waiting for {pattern!r}:\n{self.log()[-4000:]}")
            time.sleep(0.2)
        raise RuntimeError(f"Voila's log never showed {pattern!r} within {timeout:.0f} s:\n{self.log()[-4000:]}")


def start_voila(
    log_dir: Path,
    extra_args: tuple[str, ...] = (),
    pools: int | None = None,
    preheat: str = "",
    env_extra: dict[str, str] | None = None,
) -> VoilaServer:
    """Start Voila on `workshops/` as `make workshop` does (with the participant pages of
    `widgets.live.server`), and wait until it is ready.

    Ready means: it answers HTTP and its first warm kernels are heated. `preheat` is
    `ALIGNED_PREHEAT` (make's LEVEL; empty: only the hub is warm). `pools` is how many pools to
    wait for (default: just the hub's, the first to heat; 0: none).
    """
    port = free_port()
    env = dict(os.environ)
    env["JUPYTER_PATH"] = str(ROOT / "share" / "jupyter")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["ALIGNED_PREHEAT"] = preheat
    env.update(env_extra or {})
    log_path = log_dir / f"voila-{port}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                # the kit's Voila, as `make workshop` runs it: Voila plus the participant pages
                sys.executable, "-m", "widgets.serving", "serve", "workshops/", "--no-browser",
                "--Voila.ip=127.0.0.1", f"--port={port}", *extra_args,
            ],
            cwd=ROOT,  # voila.json is read from the working directory
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = VoilaServer(process, port, log_path)
    _STARTED.append(server)
    try:
        server.wait_for_log(r"Voil\S* is running at", timeout=120)
        wait_for_answer(server)
        if pools is None or pools > 0:
            server.wait_for_log(r"Kernel pool of \S+ is filled", timeout=180, count=pools or 1)
    except BaseException:
        server.stop()
        raise
    return server


def wait_for_answer(server: VoilaServer, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{server.url}/voila/tree", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def pytest_sessionfinish(session, exitstatus):
    for server in _STARTED:
        server.stop()


class PageLost(AssertionError):
    """The page's watchdog says its kernel is gone: fail now instead of waiting out a timeout."""


def open_page(page, url: str, timeout: float = 240_000, server: VoilaServer | None = None):
    """Open a Voila page and wait for its readiness signal: its kernel answered.

    The kit's template marks <html data-aligned-page="ready"> once the page's kernel answers, or
    "lost" (with a message to the reader) when it died or never started. Waiting for that signal
    instead of a widget means a broken page fails in seconds, with the server's log, instead of
    after the widget's timeout.
    """
    # Not the load event: a page whose kernel never starts may never finish loading.
    page.goto(url, timeout=timeout, wait_until="commit")
    return wait_until_ready(page, timeout, server)


def wait_until_ready(page, timeout: float = 240_000, server: VoilaServer | None = None):
    """Wait for a Voila page's readiness signal (see `open_page`), e.g. in a tab a link opened."""
    url = page.url
    settled = page.locator("html[data-aligned-page=ready], html[data-aligned-page=lost]")
    settled.wait_for(state="attached", timeout=timeout)
    if page.locator("html").get_attribute("data-aligned-page") == "lost":
        reason = page.evaluate("window.alignedPage && window.alignedPage.reason")
        log = server.log()[-3000:] if server else ""
        raise PageLost(f"{url}: the page lost its kernel ({reason}).\n{log}")
    return page


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory):
    # As `make workshop` runs it: the hub is warm and a lesson starts its kernel when opened.
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


def watched_context(browser):
    """A browser context whose every page (tabs it opens too) has `page.watch`: requests leaving
    localhost (aborted) and console errors. The caller closes it."""
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
    return context


@pytest.fixture
def page(browser):
    context = watched_context(browser)
    page = context.new_page()
    yield page
    context.close()
