"""Live rooms: participant pages served without a kernel, side by side with the old Voila page.

    .venv/bin/python benchmarks/live_rooms.py [--pages 30] [--participants 100] [--old /tmp/old-live]

Against real servers on localhost and headless Debian Chromium:
1. `--pages` participant pages opened at once in Chromium: the time until the last one is
   interactive (new page: `<html data-aligned-page="ready">`, set once its script has run;
   old page: its Send button drawn by the page's kernel);
2. `--participants` participants joining and sending at once over HTTP (asyncio + httpx, at most
   `--concurrency` requests in flight): each GETs the session page, then POSTs a pulse answer.
   Submissions per second and p50/p99 send latency, on SQLite, and on PostgreSQL when
   `ALIGNED_TEST_PG_URL` is set (`.ci/postgres` starts one);
3. server memory per participant: the server's RSS (with its children) after the load, minus
   before, divided by the participants; for the old page, the RSS of one participant kernel.

`--old` is a git worktree of the commit before the participant page moved to the server
(`git worktree add /tmp/old-live <commit>`); without it the old page is not measured.
Prints a Markdown table to paste into benchmarks/README.md. Run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("ALIGNED_STATE_DIR", tempfile.mkdtemp(prefix="aligned-bench-"))

import httpx  # noqa: E402 (after sys.path and ALIGNED_STATE_DIR)
from playwright.sync_api import sync_playwright  # noqa: E402 (after sys.path and ALIGNED_STATE_DIR)

from conftest import CHROMIUM, CHROMIUM_ARGS, VoilaServer, free_port, start_voila, wait_for_answer  # noqa: E402 (tests/ on sys.path)
from widgets.core import sessions  # noqa: E402 (after ALIGNED_STATE_DIR is set)
from widgets.live.store import LiveStore  # noqa: E402 (after ALIGNED_STATE_DIR is set)

NO_POOLS = ('--VoilaKernelManager.kernel_pools_config={"default": {"pool_size": 0}}',)
HEADERS = {"Content-Type": "application/json", "X-Aligned-Request": "1"}


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


def time_pages(browser, url: str, count: int, ready) -> list[float]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        pages = [context.new_page() for _ in range(count)]
        start = time.perf_counter()
        for page in pages:
            page.goto(url, wait_until="commit", timeout=600_000)
        done = []
        for page in pages:
            ready(page)
            done.append(time.perf_counter() - start)
        return done
    finally:
        context.close()


def new_ready(page) -> None:
    page.locator("html[data-aligned-page=ready]").wait_for(state="attached", timeout=600_000)


def old_ready(page) -> None:
    page.get_by_role("button", name=re.compile("Send my pulse answers")).wait_for(timeout=600_000)


async def http_room(base: str, code: str, participants: int, concurrency: int) -> dict:
    """Every participant GETs the session page and POSTs a pulse answer, all at once."""
    limit = asyncio.Semaphore(concurrency)
    sends: list[float] = []
    joins: list[float] = []
    failures = 0

    async def one(client: httpx.AsyncClient, number: int) -> None:
        nonlocal failures
        async with limit:
            start = time.perf_counter()
            page = await client.get(f"{base}/aligned/join/{code}")
            joins.append(time.perf_counter() - start)
            body = {"key": sessions.new_key(),
                    "answers": {"direction": 1 + number % 5, "connection": 3, "voice": 4}}
            start = time.perf_counter()
            sent = await client.post(f"{base}/aligned/api/join/{code}/pulse", content=json.dumps(body),
                                     headers=HEADERS)
            sends.append(time.perf_counter() - start)
            if page.status_code != 200 or sent.status_code != 200:
                failures += 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        start = time.perf_counter()
        await asyncio.gather(*(one(client, n) for n in range(participants)))
        wall = time.perf_counter() - start
    ordered = sorted(sends)
    return {
        "wall": wall,
        "rate": participants / wall,
        "p50": statistics.median(ordered),
        "p99": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "join_p99": sorted(joins)[min(len(joins) - 1, int(0.99 * len(joins)))],
        "failures": failures,
    }


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
            time_pages(browser, url, 1, new_ready)  # the first request loads the store and templates
            before = rss_mib(server.process.pid)
            result = {"pages": time_pages(browser, url, args.pages, new_ready)} if browser else {}
            # a thread of its own: Playwright's sync API holds an event loop in this one
            with ThreadPoolExecutor(1) as thread:
                result.update(thread.submit(asyncio.run, http_room(server.url, session.code, args.participants,
                                                                   args.concurrency)).result())
            result["mib_per_participant"] = max(rss_mib(server.process.pid) - before, 0) / args.participants
            result["server_mib"] = rss_mib(server.process.pid)
        finally:
            server.stop()
        return result
    finally:
        os.environ.pop("ALIGNED_DB_URL", None)


def start_old_voila(worktree: Path, pool: int) -> VoilaServer:
    port = free_port()
    config = json.dumps({"default": {"pool_size": 0}, "live/participant.ipynb": {"pool_size": pool}})
    env = dict(os.environ, JUPYTER_PATH=str(worktree / "share" / "jupyter"), PYTHONPATH=str(worktree),
               ALIGNED_PREHEAT="")
    log_path = Path(tempfile.mkdtemp()) / "old-voila.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "voila", "workshops/", "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
             f"--VoilaKernelManager.kernel_pools_config={config}"],
            cwd=worktree, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = VoilaServer(process, port, log_path)
    try:
        server.wait_for_log(r"Voil\S* is running at", timeout=120)
        wait_for_answer(server)
        if pool:
            server.wait_for_log(r"Kernel pool of \S+ is filled", timeout=300)
    except BaseException:
        server.stop()
        raise
    return server


def measure_old(browser, args) -> dict:
    store = LiveStore()
    session, _ = store.create_session(["pulse"], "Benchmark (old page)", 5)
    store.close()
    server = start_old_voila(Path(args.old), args.old_pool)
    try:
        url = f"{server.url}/voila/render/live/participant.ipynb?session={sessions.format_code(session.code)}"
        pages = time_pages(browser, url, args.pages, old_ready)
        kernels = kernel_rss_mib(server.process.pid)
    finally:
        server.stop()
    return {"pages": pages, "kernel_mib": statistics.median(kernels) if kernels else float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--old", help="a git worktree of the commit before the change (the old Voila page)")
    parser.add_argument("--old-pool", type=int, default=4)
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            rows = {"SQLite": measure_new(browser, args, None)}
            if os.environ.get("ALIGNED_TEST_PG_URL"):
                rows["PostgreSQL"] = measure_new(browser, args, os.environ["ALIGNED_TEST_PG_URL"])
            old = measure_old(browser, args) if args.old else None
        finally:
            browser.close()
    print(table(args, rows.get("SQLite"), rows.get("PostgreSQL"), old))


def _fmt(row: dict | None, key: str, form: str, scale: float = 1.0) -> str:
    if row is None or key not in row:
        return "not measured"
    value = max(row[key]) if isinstance(row[key], list) else row[key]
    return form.format(value * scale)


def table(args, sqlite: dict, pg: dict | None, old: dict | None) -> str:
    lines = ["| measure | old Voila page (a kernel each) | server page, SQLite | server page, PostgreSQL |",
             "|---|---|---|---|",
             f"| {args.pages} pages opened at once (360-px), last interactive | {_fmt(old, 'pages', '{:.1f} s')} | "
             f"{_fmt(sqlite, 'pages', '{:.2f} s')} | {_fmt(pg, 'pages', '{:.2f} s')} |"]
    for name, key, form, scale in (("submissions per second", "rate", "{:.0f}/s", 1),
                                   ("send latency p50", "p50", "{:.0f} ms", 1000),
                                   ("send latency p99", "p99", "{:.0f} ms", 1000),
                                   ("session page latency p99", "join_p99", "{:.0f} ms", 1000),
                                   ("failed requests", "failures", "{:.0f}", 1)):
        lines.append(f"| {args.participants} participants at once: {name} | n/a | "
                     f"{_fmt(sqlite, key, form, scale)} | {_fmt(pg, key, form, scale)} |")
    lines.append(f"| server memory per participant | {_fmt(old, 'kernel_mib', '{:.0f} MiB (its kernel)')} | "
                 f"{_fmt(sqlite, 'mib_per_participant', '{:.0f} KiB', 1024)} | "
                 f"{_fmt(pg, 'mib_per_participant', '{:.0f} KiB', 1024)} |")
    lines.append(f"\nServer RSS after the load (SQLite): {_fmt(sqlite, 'server_mib', '{:.0f} MiB')}. "
                 f"1-minute load average at the end: {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores.")
    return "\n".join(lines)

if __name__ == "__main__":
    main()
