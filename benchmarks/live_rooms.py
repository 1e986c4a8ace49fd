"""Live rooms: participant pages served without a kernel, side by side with the old Voila page.

    .venv/bin/python benchmarks/live_rooms.py [--pages 30 100] [--old-pages 30] [--participants 100] \
        [--old /tmp/old-live]

Against real servers on localhost and headless Debian Chromium:
1. participant pages opened at once in Chromium, one browser context per count in `--pages`
   (new page) and `--old-pages` (old page: one count); every navigation is started before any
   is waited for, and a static page gives the browser's own floor. The time until the last one
   is interactive (new page: `<html data-aligned-page="ready">`, set once its script has run;
   old page: its Send button drawn by the page's kernel), and how many became interactive at all
   before `--page-timeout` / `--old-timeout`;
2. `--participants` participants at once over HTTP, one keep-alive connection each (h11 on
   asyncio, `room_load.py`; at most `--concurrency` in flight): first each downloads the session
   page, its stylesheets and its script (the server's share of "interactive"); then each GETs the
   session page and POSTs a pulse answer (`room_load.py` in a process of its own). Submissions
   per second and p50/p99 send latency, on SQLite, and on PostgreSQL when `ALIGNED_TEST_PG_URL`
   is set (`.ci/postgres` starts one);
3. server memory per participant: the server's RSS (with its children) after the load, minus
   before, divided by the participants; for the old page, the same over its `--old-pages`
   pages (their kernels included), and the RSS of one participant kernel.

`--old` is a git worktree of the commit before the participant page moved to the server
(`git worktree add /tmp/old-live 40bc97e`). The old page runs as the old `make workshop ROOM=1`
ran it: plain Voila started in the worktree (its `voila.json`, its template from its
`share/jupyter`, its `widgets` package first on `PYTHONPATH`, this venv), the hub and 2
participant kernels warm (`--old-pool N` sets the participant pool instead), and its session
created by the old package's own store in a state folder of its own (the old store refuses the
newer schema). Without `--old` the old page is not measured.
Prints a Markdown table to paste into benchmarks/README.md. Run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import http.server
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("ALIGNED_STATE_DIR", tempfile.mkdtemp(prefix="aligned-bench-"))

import room_load  # noqa: E402 (benchmarks/ on sys.path)
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402 (after sys.path)
from playwright.sync_api import sync_playwright  # noqa: E402 (after sys.path and ALIGNED_STATE_DIR)

from conftest import CHROMIUM, CHROMIUM_ARGS, VoilaServer, free_port, start_voila, wait_for_answer  # noqa: E402 (tests/ on sys.path)
from widgets.core import sessions  # noqa: E402 (after ALIGNED_STATE_DIR is set)
from widgets.live.store import LiveStore  # noqa: E402 (after ALIGNED_STATE_DIR is set)

NO_POOLS = ('--VoilaKernelManager.kernel_pools_config={"default": {"pool_size": 0}}',)
# The floor: what the browser alone costs to open a page and run one script, N times at once.
STATIC_PAGE = (b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head>'
               b'<body><main><p>A static page.</p></main>'
               b"<script>document.documentElement.setAttribute('data-aligned-page', 'ready')</script>"
               b"</body></html>")
# Run by the old package (PYTHONPATH = the worktree): its store makes the session its page reads.
OLD_SESSION = """
import sys
import widgets
from widgets.core import sessions
from widgets.live.store import LiveStore
if not widgets.__file__.startswith(sys.argv[1]):
    raise SystemExit(f"imported {widgets.__file__}, not the package of {sys.argv[1]}")
session, _ = LiveStore().create_session(["pulse"], "Benchmark (old page)", 5)
print(sessions.format_code(session.code))
"""


def rss_mib(pid: int, children: bool = True) -> float:
    """Resident memory of a process and (with `children`) every process it started."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        own = int(status.parent.name) == pid
        parent = re.search(r"^PPid:\s+(\d+)", text, re.M)
        rss = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
        if rss and (own or (children and parent and int(parent.group(1)) == pid)):
            total += int(rss.group(1))
    return total / 1024


def kernel_rss_mib(pid: int) -> list[float]:
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            cmdline = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        parent = re.search(r"^PPid:\s+(\d+)", text, re.M)
        rss = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
        if parent and rss and int(parent.group(1)) == pid and b"ipykernel" in cmdline:
            sizes.append(int(rss.group(1)) / 1024)
    return sizes


def time_pages(browser, url: str, count: int, ready, timeout_s: float, on_loaded=None) -> dict:
    """Open `count` pages at once; the seconds until each is interactive (None: not within
    `timeout_s`), and the `data-aligned-page` state of those that never were."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        pages = [context.new_page() for _ in range(count)]
        start = time.perf_counter()
        for page in pages:
            # Start the navigation without waiting for an answer (`goto` waits at least for the
            # response's headers): every page is requested before any is waited for.
            page.evaluate("url => { window.location.href = url; }", url)
        deadline = start + timeout_s
        times: list[float | None] = []
        for page in pages:
            try:
                ready(page, max(deadline - time.perf_counter(), 0.001) * 1000)
                times.append(time.perf_counter() - start)
            except PlaywrightTimeout:
                times.append(None)
        if on_loaded:
            on_loaded()
        stuck = collections.Counter(page_state(page) for page, seconds in zip(pages, times) if seconds is None)
        return {"times": times, "stuck": dict(stuck)}
    finally:
        context.close()


def page_state(page) -> str:
    try:
        return page.evaluate("document.documentElement.getAttribute('data-aligned-page')") or "no state"
    except Exception as error:  # a page that is still navigating has no document to ask
        return f"unreadable ({type(error).__name__})"


def new_ready(page, timeout_ms: float) -> None:
    page.locator("html[data-aligned-page=ready]").wait_for(state="attached", timeout=timeout_ms)


def old_ready(page, timeout_ms: float) -> None:
    page.get_by_role("button", name=re.compile("Send my pulse answers")).wait_for(timeout=timeout_ms)


async def http_pages(base: str, code: str, participants: int, concurrency: int) -> dict:
    """Every participant downloads what a browser needs to draw the page, all at once: the
    session page, then its stylesheets and script over the same keep-alive connection (the
    server's share of "interactive": the script then runs on the participant's own device).
    The client is `room_load.Connection` (h11 on asyncio), as lean as the sends' load generator."""
    parts = urlsplit(base)
    limit = asyncio.Semaphore(concurrency)
    took: list[float] = []
    failures = 0

    async def one() -> None:
        nonlocal failures
        async with limit:
            connection = room_load.Connection(parts.hostname, parts.port)
            try:
                start = time.perf_counter()
                await connection.open()
                status, page = await connection.request("GET", f"/aligned/join/{code}")
                assets = re.findall(r'(?:href|src)="(/[^"]+\.(?:css|js))"', page.decode())
                loaded = [(await connection.request("GET", asset))[0] for asset in assets]
                took.append(time.perf_counter() - start)
                if status != 200 or not assets or any(got != 200 for got in loaded):
                    failures += 1
            except (OSError, room_load.h11.ProtocolError):
                failures += 1
            finally:
                if hasattr(connection, "writer"):
                    connection.close()

    start = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(participants)))
    wall = time.perf_counter() - start
    return {"download_last": wall, "download_p50": statistics.median(took) if took else float("nan"),
            "download_failures": failures}


def http_room(base: str, code: str, participants: int, concurrency: int) -> dict:
    """Every participant GETs the session page and POSTs a pulse answer, all at once:
    `room_load.py` in a process of its own (its own CPU, apart from this one's browser driving)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "room_load.py"), base, code,
         f"--participants={participants}", f"--concurrency={concurrency}"],
        check=True, capture_output=True, text=True, timeout=600)
    result = json.loads(done.stdout)
    if result["failures"]:
        print(f"Failed sends, for example: {result['failure_examples']}", file=sys.stderr)
    return result


def measure_new(browser, args, db_url: str | None) -> dict:
    env = {"ALIGNED_DB_URL": db_url} if db_url else {}
    if db_url:
        os.environ["ALIGNED_DB_URL"] = db_url
    try:
        store = LiveStore(db_url)
        session, _ = store.create_session(["pulse"], "Benchmark", 5)
        store.close()
        server = start_voila(Path(tempfile.mkdtemp()), NO_POOLS, pools=0, env_extra=env)
        try:
            url = f"{server.url}/aligned/join/{sessions.format_code(session.code)}"
            time_pages(browser, url, 1, new_ready, 60)  # the first request loads the store and templates
            before = rss_mib(server.process.pid)
            result = {"pages": {count: time_pages(browser, url, count, new_ready, args.page_timeout)
                                for count in args.pages}}
            # a thread of its own: Playwright's sync API holds an event loop in this one
            with ThreadPoolExecutor(1) as thread:
                result.update(thread.submit(asyncio.run, http_pages(server.url, session.code, args.participants,
                                                                    args.concurrency)).result())
            result.update(http_room(server.url, session.code, args.participants, args.concurrency))
            result["mib_per_participant"] = max(rss_mib(server.process.pid) - before, 0) / args.participants
            result["server_mib"] = rss_mib(server.process.pid)
        finally:
            server.stop()
        return result
    finally:
        os.environ.pop("ALIGNED_DB_URL", None)


class _StaticPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(STATIC_PAGE)))
        self.end_headers()
        self.wfile.write(STATIC_PAGE)

    def log_message(self, *args) -> None:
        pass


def measure_floor(browser, args) -> dict:
    """The same page counts for a static page with one inline script, from a threaded server."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _StaticPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        time_pages(browser, url, 1, new_ready, 60)  # as for the server page: one page first
        return {"pages": {count: time_pages(browser, url, count, new_ready, args.page_timeout)
                          for count in args.pages}}
    finally:
        server.shutdown()
        server.server_close()


def old_environment(worktree: Path, state_dir: Path, pool: int | None) -> dict[str, str]:
    """The old kit's environment: its package, template and state folder; as `make workshop
    ROOM=1` set it (the hub and the participant page warm), unless `pool` is given."""
    env = dict(os.environ)
    env.pop("ALIGNED_DB_URL", None)
    env.update(
        PYTHONPATH=str(worktree),  # before the venv's editable install of the new package
        JUPYTER_PATH=str(worktree / "share" / "jupyter"),
        ALIGNED_STATE_DIR=str(state_dir),
        ALIGNED_PREHEAT="",
        ALIGNED_ROOM="1" if pool is None else "",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    return env


def start_old_voila(worktree: Path, env: dict[str, str], pool: int | None) -> VoilaServer:
    port = free_port()
    extra = []
    if pool is not None:
        config = {"default": {"pool_size": 0}, "live/participant.ipynb": {"pool_size": pool}}
        extra.append(f"--VoilaKernelManager.kernel_pools_config={json.dumps(config)}")
    log_path = Path(tempfile.mkdtemp(prefix="aligned-old-voila-")) / "old-voila.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            # the old `make workshop`: plain Voila, reading voila.json from the worktree
            [sys.executable, "-m", "voila", "workshops/", "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
             *extra],
            cwd=worktree, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = VoilaServer(process, port, log_path)
    try:
        server.wait_for_log(r"Voil\S* is running at", timeout=120)
        wait_for_answer(server)
        if pool != 0:
            server.wait_for_log(r"Kernel pool of \S*participant\.ipynb is filled", timeout=300)
    except BaseException:
        server.stop()
        raise
    return server


def measure_old(browser, args) -> dict:
    worktree = Path(args.old).resolve()
    if not (worktree / "workshops" / "live" / "participant.ipynb").is_file():
        raise SystemExit(f"{worktree} has no workshops/live/participant.ipynb: not a checkout of the old page")
    env = old_environment(worktree, Path(tempfile.mkdtemp(prefix="aligned-old-state-")), args.old_pool)
    code = subprocess.run([sys.executable, "-c", OLD_SESSION, str(worktree)], cwd=worktree, env=env,
                          check=True, capture_output=True, text=True).stdout.strip()
    server = start_old_voila(worktree, env, args.old_pool)
    memory: dict = {}

    def loaded() -> None:  # while the pages (and so their kernels) are still open
        memory["after"] = rss_mib(server.process.pid)
        memory["kernels"] = kernel_rss_mib(server.process.pid)

    try:
        before = rss_mib(server.process.pid)
        url = f"{server.url}/voila/render/live/participant.ipynb?session={code}"
        pages = {args.old_pages: time_pages(browser, url, args.old_pages, old_ready, args.old_timeout,
                                            on_loaded=loaded)}
        log = server.log()
    finally:
        server.stop()
    kernels = memory["kernels"]
    errors = len(re.findall(r"^\[E ", log, re.M))
    print(f"Old Voila's log: {server.log_path} ({log.count('Traceback')} tracebacks, {errors} error lines)",
          file=sys.stderr)
    return {"pages": pages, "kernel_mib": statistics.median(kernels) if kernels else float("nan"),
            "kernels": len(kernels), "mib_per_participant": max(memory["after"] - before, 0) / args.old_pages}


def measured(what, *args) -> dict:
    """`what(*args)`, with the 1-minute load average before and after."""
    before = os.getloadavg()[0]
    result = what(*args)
    result["load"] = (before, os.getloadavg()[0])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[30, 100],
                        help="how many new pages to open at once; one measure per count (default: 30 100)")
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--page-timeout", type=float, default=120, help="seconds the new pages may take")
    parser.add_argument("--old", help="a git worktree of the commit before the change (the old Voila page)")
    parser.add_argument("--old-pool", type=int, help="warm participant kernels (default: the old ROOM=1's 2)")
    parser.add_argument("--old-pages", type=int, default=30, help="how many old pages to open at once")
    parser.add_argument("--old-timeout", type=float, default=600, help="seconds the old pages may take")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            rows = {"floor": measured(measure_floor, browser, args),
                    "SQLite": measured(measure_new, browser, args, None)}
            if os.environ.get("ALIGNED_TEST_PG_URL"):
                rows["PostgreSQL"] = measured(measure_new, browser, args, os.environ["ALIGNED_TEST_PG_URL"])
            if args.old:
                rows["old"] = measured(measure_old, browser, args)
        finally:
            browser.close()
    print(table(args, rows))


def _fmt(row: dict | None, key: str, form: str, scale: float = 1.0) -> str:
    if row is None or key not in row:
        return "not measured"
    return form.format(row[key] * scale)


def _pages(row: dict | None, count: int, form: str) -> str:
    """The last page's time, or how many were interactive when some never were."""
    if row is None or count not in row["pages"]:
        return "not measured"
    times = row["pages"][count]["times"]
    ready = [seconds for seconds in times if seconds is not None]
    if len(ready) == len(times):
        return form.format(max(ready))
    stuck = ", ".join(f"{n} {state}" for state, n in sorted(row["pages"][count]["stuck"].items()))
    return (f"only {len(ready)} of {len(times)} interactive within {row['timeout']:.0f} s"
            + (f" (last at {form.format(max(ready))})" if ready else "") + f"; the others: {stuck}")


def table(args, rows: dict[str, dict]) -> str:
    old, sqlite, pg, floor = (rows.get(name) for name in ("old", "SQLite", "PostgreSQL", "floor"))
    for row, timeout in ((sqlite, args.page_timeout), (pg, args.page_timeout), (old, args.old_timeout),
                         (floor, args.page_timeout)):
        if row is not None:
            row["timeout"] = timeout
    lines = ["| measure | old Voila page (a kernel each) | server page, SQLite | server page, PostgreSQL |",
             "|---|---|---|---|"]
    for count in sorted({*args.pages, *([args.old_pages] if old else [])}):
        lines.append(f"| {count} pages opened at once in one Chromium (360-px), last interactive | "
                     f"{_pages(old, count, '{:.1f} s')} | {_pages(sqlite, count, '{:.2f} s')} | "
                     f"{_pages(pg, count, '{:.2f} s')} |")
    http = "not measured (a browser each)"
    for name, key, form, scale in (("page, stylesheets and script downloaded, last", "download_last", "{:.2f} s", 1),
                                   ("page, stylesheets and script downloaded, p50", "download_p50", "{:.0f} ms", 1000),
                                   ("submissions per second", "rate", "{:.0f}/s", 1),
                                   ("send latency p50", "p50", "{:.0f} ms", 1000),
                                   ("send latency p99", "p99", "{:.0f} ms", 1000),
                                   ("session page latency p99 (during the sends)", "join_p99", "{:.0f} ms", 1000),
                                   ("the load generator's own CPU for the sends", "client_cpu", "{:.2f} s", 1),
                                   ("failed requests (downloads, sends)", None, "", 1)):
        if key is None:
            values = [f"{row['download_failures']}, {row['failures']}" if row else "not measured"
                      for row in (sqlite, pg)]
        else:
            values = [_fmt(row, key, form, scale) for row in (sqlite, pg)]
        lines.append(f"| {args.participants} participants at once over HTTP: {name} | {http} | {' | '.join(values)} |")
    old_memory = (f"{old['mib_per_participant']:.0f} MiB (one kernel: {old['kernel_mib']:.0f} MiB, median of "
                  f"{old['kernels']})" if old else "not measured")
    lines.append(f"| server memory per participant | {old_memory} | "
                 f"{_fmt(sqlite, 'mib_per_participant', '{:.0f} KiB', 1024)} | "
                 f"{_fmt(pg, 'mib_per_participant', '{:.0f} KiB', 1024)} |")
    if floor:
        shown = ", ".join(f"{count} pages {_pages(floor, count, '{:.2f} s')}" for count in sorted(floor["pages"]))
        lines.append(f"\nFloor, the browser alone (a static page with one inline script, same browser): {shown}.")
    lines.append(f"Server RSS after the load (SQLite): {_fmt(sqlite, 'server_mib', '{:.0f} MiB')}. "
                 f"{os.cpu_count()} cores; 1-minute load average before -> after each part: "
                 + "; ".join(f"{name} {row['load'][0]:.1f} -> {row['load'][1]:.1f}" for name, row in rows.items())
                 + ".")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
