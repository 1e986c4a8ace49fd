"""How fast the workshop's pages become usable, and what the server holds in memory.

    .venv/bin/python benchmarks/page_speed.py [--repeat 3] [--json out.json]

In one run, side by side, against real servers and headless Debian Chromium:

1. **server start to hub interactive**: `make workshop` as a trainer starts it (the kit's
   configuration: hub warm, lessons on request), from process start to the hub page ready;
2. **lesson interactive, cold**: a lesson whose kernel starts on request (plain `make workshop`);
3. **lesson interactive, warm**: the same lesson under `make workshop LEVEL=fundamentals`, once
   the level is warm;
4. **baseline, stock Voila**: the same lesson with no project configuration (Voila's own
   template, no preheating, a kernel started on request, TCP kernels), as `voila` runs it;
5. **floor**: a static HTML page with one labelled input, in the same browser;
6. **memory**: resident memory (RSS) of the server and each kernel after start, and after the
   hub and one lesson are open (with the refilled warm hub kernel).

"Interactive" is the same signal for every variant: the lesson's first input is visible (the
hub's first lesson link). Ratios are computed within the run; absolute times are printed with
the load average beside them.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("ALIGNED_STATE_DIR", tempfile.mkdtemp(prefix="aligned-bench-"))

from playwright.sync_api import sync_playwright  # noqa: E402 (after sys.path and ALIGNED_STATE_DIR)

from conftest import CHROMIUM, CHROMIUM_ARGS, VoilaServer, free_port  # noqa: E402 (needs tests/ on sys.path)

LESSON = "fundamentals/smart-goals.ipynb"
LESSON_INPUT = "What will be done (start with a verb)"
HUB_LINK = re.compile("^What alignment is")


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def rss_mib(pid: int) -> float:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
    return int(found.group(1)) / 1024 if found else 0.0


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def memory(server_pid: int) -> dict:
    kernels = [rss_mib(pid) for pid in descendants(server_pid)]
    kernels = [size for size in kernels if size > 0]
    server = rss_mib(server_pid)
    return {"server_mib": round(server), "kernels_mib": sorted(round(k) for k in kernels),
            "total_mib": round(server + sum(kernels))}


class Server(VoilaServer):
    """A Voila for the benchmark: the tests' `VoilaServer` (log, readiness, stop), started as the
    kit (`make workshop`, with `preheat` as LEVEL) or as stock Voila (`kind="stock"`)."""

    def __init__(self, kind: str, preheat: str = ""):
        self.kind = kind
        port = free_port()
        log_path = Path(tempfile.mkstemp(prefix=f"bench-{kind}-", suffix=".log")[1])
        env = dict(os.environ)
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        env["ALIGNED_PREHEAT"] = preheat
        if kind == "stock":
            # No voila.json (another working directory), no kit template, Voila's defaults.
            env.pop("JUPYTER_PATH", None)
            cwd = tempfile.mkdtemp(prefix="bench-stock-")
            args = [str(ROOT / "workshops")]
        else:
            env["JUPYTER_PATH"] = str(ROOT / "share" / "jupyter")
            cwd = str(ROOT)
            args = ["workshops/"]
        self.started = time.monotonic()
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "voila", *args, "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}"],
                cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        super().__init__(process, port, log_path)

    def wait_for_log(self, pattern: str, count: int = 1, timeout: float = 600) -> list[str]:
        return super().wait_for_log(pattern, timeout=timeout, count=count)

    def wait_until_quiet(self, seconds: float = 3.0, timeout: float = 600) -> None:
        """Until the log has not grown for `seconds` (warm-ups and refills done)."""
        deadline, size, since = time.monotonic() + timeout, -1, time.monotonic()
        while time.monotonic() < deadline:
            now = self.log_path.stat().st_size
            if now != size:
                size, since = now, time.monotonic()
            elif time.monotonic() - since >= seconds:
                return
            time.sleep(0.2)


def find_target(page, label, role: str | None = None):
    return page.get_by_role(role, name=label) if role else page.get_by_label(label, exact=True)


def time_to_input(browser, url: str, label, role: str | None = None) -> float:
    context = browser.new_context()
    page = context.new_page()
    try:
        started = time.monotonic()
        page.goto(url, wait_until="commit", timeout=600_000)
        find_target(page, label, role).first.wait_for(timeout=600_000)
        return time.monotonic() - started
    finally:
        context.close()


def memory_with_pages_open(browser, kit: Server, hub: str) -> dict:
    """RSS after start, then with the hub and one lesson open in the browser (as a trainer has
    them), once the used warm hub kernel has been replaced."""
    kit.wait_until_quiet()
    found = {"memory_after_start": memory(kit.process.pid)}
    context = browser.new_context()
    try:
        for url, label, role in ((hub, HUB_LINK, "link"), (f"{kit.url}/voila/render/{LESSON}", LESSON_INPUT, None)):
            page = context.new_page()
            page.goto(url, wait_until="commit")
            find_target(page, label, role).first.wait_for(timeout=600_000)
        kit.wait_until_quiet()
        found["memory_hub_and_lesson_open"] = memory(kit.process.pid)
    finally:
        context.close()
    return found


def static_floor(browser, repeat: int) -> list[float]:
    folder = Path(tempfile.mkdtemp(prefix="bench-static-"))
    (folder / "index.html").write_text(
        "<!doctype html><html lang='en'><title>floor</title>"
        f"<label>{LESSON_INPUT}<input></label></html>"
    )
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(folder), **k)  # noqa: E731 (a one-line factory)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.RequestHandlerClass.log_message = lambda *a: None
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
        return [time_to_input(browser, url, LESSON_INPUT) for _ in range(repeat)]
    finally:
        httpd.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


def measure(repeat: int) -> dict:
    results: dict = {"lesson": LESSON, "cores": os.cpu_count(), "runs": repeat}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            # 6: memory on a fresh server, as a trainer starts the day.
            kit = Server("kit")
            try:
                kit.wait_for_log(r"Kernel pool of index.ipynb is filled")
                results.update(memory_with_pages_open(browser, kit, f"{kit.url}/voila/render/index.ipynb"))
            finally:
                kit.stop()

            # 1, 2: the kit as `make workshop` starts it.
            starts, colds = [], []
            for _ in range(repeat):
                kit = Server("kit")
                try:
                    kit.wait_for_log(r"Voil\S* is running at")
                    hub = f"{kit.url}/voila/render/index.ipynb"
                    results["load_before_start"] = load()
                    time_to_input(browser, hub, HUB_LINK, "link")
                    starts.append(time.monotonic() - kit.started)
                    kit.wait_until_quiet()
                    colds.append(time_to_input(browser, f"{kit.url}/voila/render/{LESSON}", LESSON_INPUT))
                    results["load_after_cold"] = load()
                finally:
                    kit.stop()
            results["start_to_hub_s"] = starts
            results["lesson_cold_s"] = colds

            # 3: warm, under LEVEL=fundamentals.
            level = Server("level", preheat="fundamentals")
            try:
                level.wait_for_log(r"Kernel pool of \S+ is filled", count=6)
                level.wait_until_quiet()
                results["memory_level_warm"] = memory(level.process.pid)
                warms = []
                for _ in range(repeat):
                    warms.append(time_to_input(browser, f"{level.url}/voila/render/{LESSON}", LESSON_INPUT))
                    level.wait_until_quiet()  # the used kernel is replaced before the next try
                results["lesson_warm_s"] = warms
                results["load_after_warm"] = load()
            finally:
                level.stop()

            # 4: stock Voila, kernel on request.
            stock_starts, stock_lessons = [], []
            for _ in range(repeat):
                stock = Server("stock")
                try:
                    stock.wait_for_log(r"Voil\S* is running at")
                    time_to_input(browser, f"{stock.url}/voila/render/index.ipynb", HUB_LINK, "link")
                    stock_starts.append(time.monotonic() - stock.started)
                    stock_lessons.append(time_to_input(browser, f"{stock.url}/voila/render/{LESSON}", LESSON_INPUT))
                    results["load_after_stock"] = load()
                finally:
                    stock.stop()
            results["stock_start_to_hub_s"] = stock_starts
            results["lesson_stock_s"] = stock_lessons

            # 5: the floor.
            results["static_html_s"] = static_floor(browser, repeat)
        finally:
            browser.close()
    return results


def table(results: dict) -> str:
    med = {key: statistics.median(value) for key, value in results.items() if key.endswith("_s")}
    stock = med["lesson_stock_s"]
    rows = [
        ("Server start to hub interactive (`make workshop`)", med["start_to_hub_s"], results["load_before_start"]),
        ("Baseline: stock Voila, server start to hub interactive", med["stock_start_to_hub_s"],
         results["load_after_stock"]),
        ("Lesson interactive, warm (`LEVEL=fundamentals`)", med["lesson_warm_s"], results["load_after_warm"]),
        ("Lesson interactive, cold (kernel on request)", med["lesson_cold_s"], results["load_after_cold"]),
        ("Baseline: stock Voila, kernel on request", stock, results["load_after_stock"]),
        ("Floor: static HTML page, same browser", med["static_html_s"], "-"),
    ]
    lines = [
        f"Lesson: `{results['lesson']}`; median of {results['runs']} runs; {results['cores']} cores.",
        "",
        "| measure | median (s) | × stock Voila (same measure) | load average (1, 5, 15 min) |",
        "|---|---:|---:|---|",
    ]
    for name, value, load_text in rows:
        base = med["stock_start_to_hub_s"] if "start to hub" in name else stock
        lines.append(f"| {name} | {value:.2f} | {value / base:.2f} | {load_text} |")
    lines += ["", "| memory (RSS, MiB) | server | kernels | total |", "|---|---:|---|---:|"]
    for key, name in (
        ("memory_after_start", "after start (`make workshop`)"),
        ("memory_hub_and_lesson_open", "hub and one lesson open"),
        ("memory_level_warm", "`LEVEL=fundamentals`, all warm"),
    ):
        data = results[key]
        lines.append(f"| {name} | {data['server_mib']} | {', '.join(map(str, data['kernels_mib']))} "
                     f"| {data['total_mib']} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args()
    results = measure(args.repeat)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(table(results))


if __name__ == "__main__":
    main()
