"""How fast live-session pages become interactive, and what one participant kernel costs.

    .venv/bin/python benchmarks/live_pages.py [--pages 30] [--pool 4] [--repeat 3]

Measures, against a real Voila serving workshops/ and headless Debian Chromium:
1. one participant page, from request to interactive widgets (the Send button is visible),
   with a preheated kernel and without (pool size 0: a kernel starts on request);
2. N participant pages opened at once (as a room does after the code goes on the projector):
   the time until the last one is interactive, with the configured pool;
3. the resident memory (RSS) of one participant kernel after its page loaded.

Prints a Markdown table to paste into benchmarks/README.md. Run it on an otherwise idle
machine: every number here is wall-clock time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("ALIGNED_STATE_DIR", tempfile.mkdtemp(prefix="aligned-bench-"))

from playwright.sync_api import sync_playwright  # noqa: E402 (after sys.path and ALIGNED_STATE_DIR)

from conftest import CHROMIUM, CHROMIUM_ARGS, start_voila  # noqa: E402 (needs tests/ on sys.path)
from widgets.core import sessions  # noqa: E402 (after ALIGNED_STATE_DIR is set)
from widgets.live.store import LiveStore  # noqa: E402 (after ALIGNED_STATE_DIR is set)

SEND = re.compile("Send my pulse answers")


def pools_arg(participant_pool: int) -> tuple[str, ...]:
    config = json.dumps({"default": {"pool_size": 0}, "live/participant.ipynb": {"pool_size": participant_pool}})
    return (f"--VoilaKernelManager.kernel_pools_config={config}",)


def kernel_rss_mib(voila_pid: int) -> list[float]:
    """RSS of every kernel process started by this Voila (children of its process)."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        parent = re.search(r"^PPid:\s+(\d+)", text, re.M)
        rss = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
        if parent and rss and int(parent.group(1)) == voila_pid:
            cmdline = (status.parent / "cmdline").read_bytes().replace(b"\0", b" ")
            if b"ipykernel" in cmdline:
                sizes.append(int(rss.group(1)) / 1024)
    return sizes


def time_pages(browser, url: str, count: int) -> list[float]:
    context = browser.new_context()
    pages = [context.new_page() for _ in range(count)]
    start = time.perf_counter()
    for page in pages:
        page.goto(url, wait_until="commit")
    done = []
    for page in pages:
        page.get_by_role("button", name=SEND).wait_for(timeout=600_000)
        done.append(time.perf_counter() - start)
    context.close()
    return done


def measure(args) -> dict:
    store = LiveStore()
    session, _ = store.create_session(["pulse"], "Benchmark")
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        for label, pool in (("preheated", args.pool), ("cold", 0)):
            server = start_voila(Path(tempfile.mkdtemp()), pools_arg(pool), pools=1 if pool else 0)
            try:
                url = f"{server.url}/voila/render/live/participant.ipynb?session={sessions.format_code(session.code)}"
                singles = []
                for _ in range(args.repeat):
                    singles += time_pages(browser, url, 1)
                    time.sleep(15 if pool else 1)  # let the pool refill
                results[f"single_{label}"] = singles
                if pool:
                    results["rss"] = kernel_rss_mib(server.process.pid)
                    time.sleep(20)
                    results["room"] = time_pages(browser, url, args.pages)
            finally:
                server.stop()
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--pool", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = measure(args)
    load = os.getloadavg()[0]
    print("| measure | result |\n|---|---|")
    print(f"| one page, preheated kernel (pool {args.pool}) "
          f"| median {statistics.median(results['single_preheated']):.1f} s over {args.repeat} |")
    print("| one page, kernel started on request "
          f"| median {statistics.median(results['single_cold']):.1f} s over {args.repeat} |")
    print(f"| {args.pages} pages at once, last interactive | {max(results['room']):.1f} s "
          f"(first {min(results['room']):.1f} s, median {statistics.median(results['room']):.1f} s) |")
    rss = results["rss"]
    print(f"| RSS of one participant kernel | median {statistics.median(rss):.0f} MiB over {len(rss)} kernels |")
    print(f"\n1-minute load average at the end: {load:.1f}; {os.cpu_count()} cores.")


if __name__ == "__main__":
    main()
