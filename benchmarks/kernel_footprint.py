"""What each workshop notebook costs its kernel: execution time, resident memory, heavy modules.

    .venv/bin/python benchmarks/kernel_footprint.py [--repeat 2] [--json results.json] [NOTEBOOK ...]

For every notebook in workshops/ (or the ones named), and for an empty notebook (the
floor: what an IPython kernel costs before any lesson code runs):

1. starts a fresh IPython kernel with the notebook's folder as working directory (as Voila
   does), executes every code cell, and records the wall time of the execution (kernel
   start-up is reported separately), the kernel's resident memory afterwards (VmRSS of the
   kernel process, and its peak VmHWM), and which heavy modules are in its `sys.modules`;
2. runs the notebook's own import statements in a fresh `python -X importtime` process and
   records their wall time and the heaviest top-level imports.

Each notebook is measured `--repeat` times (median reported); the first run also warms the
operating system's file cache and compiles .pyc files, so use --repeat 2 or more for
"warm" numbers. The load average (/proc/loadavg, 1 minute) is recorded beside every row:
every number here is wall-clock time on a possibly shared machine.

Prints a Markdown table to paste into benchmarks/README.md; --json writes every measurement.
Needs no Voila server and no browser.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
WORKSHOPS = ROOT / "workshops"
EMPTY = "(empty notebook)"

HEAVY_MODULES = (
    "altair",
    "vl_convert",
    "pandas",
    "numpy",
    "jsonschema",
    "narwhals",
    "pyarrow",
    "anywidget",
    "ipywidgets",
    "sqlalchemy",
    "scipy",
    "voila",
)

# Runs in the kernel after the notebook: what is loaded, and how much memory it holds.
PROBE = """
import json as _json, sys as _sys
def _status():
    fields = {}
    with open("/proc/self/status") as handle:
        for line in handle:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0])
    return fields
print("FOOTPRINT" + _json.dumps({
    "status": _status(),
    "modules": sorted(name for name in HEAVY_MODULES if name in _sys.modules),
    "module_count": len(_sys.modules),
}))
""".replace("HEAVY_MODULES", repr(HEAVY_MODULES))

# A fresh interpreter: how long the notebook's own imports take, outside any kernel.
IMPORT_TIMER = """
import sys, time
_start = time.perf_counter()
exec(compile(sys.argv[1], "<notebook imports>", "exec"))
print("IMPORTSECONDS", time.perf_counter() - _start)
"""


def loadavg() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def notebooks(names: list[str]) -> list[Path]:
    if names:
        return [Path(name).resolve() for name in names]
    return sorted(p for p in WORKSHOPS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def label(path: Path | None) -> str:
    if path is None:
        return EMPTY
    try:
        return str(path.relative_to(WORKSHOPS))
    except ValueError:
        return str(path)


def import_source(notebook) -> str:
    """Every import statement of the notebook's code cells, in order, one per line."""
    statements = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(
            line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!"))
        )
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                statements.append(ast.unparse(node))
    return "\n".join(statements)


def measure_imports(source: str, cwd: Path) -> dict:
    """Wall time of the notebook's imports in a fresh interpreter, and the heaviest ones."""
    if not source:
        return {"import_s": 0.0, "heaviest": []}
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", IMPORT_TIMER, source],
        cwd=cwd, env=env, capture_output=True, text=True, check=True,
    )
    seconds = float(re.search(r"IMPORTSECONDS (\S+)", result.stdout).group(1))
    # "import time: self [us] | cumulative | name"; indentation of the name is the depth.
    # Top-level lines after the interpreter's own start-up (the first `encodings`, `site` ...)
    # are the notebook's imports and what they pull in first.
    top = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if match and not match.group(3):
            top.append((match.group(4), int(match.group(2))))
    startup = {"site", "encodings", "_io", "marshal", "posix", "_frozen_importlib_external",
               "time", "zipimport", "codecs", "io", "abc", "os", "stat", "_collections_abc",
               "genericpath", "posixpath", "_sitebuiltins", "_distutils_hack", "sitecustomize",
               "usercustomize", "encodings.utf_8", "_codecs", "_signal", "_abc", "_thread",
               "_warnings", "_weakref", "_stat", "winreg", "_imp"}
    heaviest = sorted(((name, us) for name, us in top if name not in startup and not name.startswith("_")),
                      key=lambda item: -item[1])[:4]
    return {"import_s": round(seconds, 3), "heaviest": [[name, round(us / 1e6, 3)] for name, us in heaviest]}


def run_kernel(path: Path | None, timeout: int) -> dict:
    """Execute the notebook in a fresh kernel; time it and probe the kernel afterwards."""
    if path is None:
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
        cwd = WORKSHOPS
    else:
        notebook = nbformat.read(path, as_version=4)
        cwd = path.parent
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}})
    load_before = loadavg()
    started = time.perf_counter()
    with client.setup_kernel():
        kernel_up = time.perf_counter()
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        executed = time.perf_counter()
        probe = nbformat.v4.new_code_cell(PROBE)
        notebook.cells.append(probe)
        client.execute_cell(probe, len(notebook.cells) - 1)
    text = "".join(o.get("text", "") for o in probe.outputs if o.output_type == "stream")
    found = json.loads(text.split("FOOTPRINT", 1)[1])
    errors = [o.get("ename") for cell in notebook.cells[:-1] if cell.cell_type == "code"
              for o in cell.outputs if o.output_type == "error"]
    return {
        "kernel_start_s": round(kernel_up - started, 3),
        "execute_s": round(executed - kernel_up, 3),
        "rss_mib": round(found["status"]["VmRSS"] / 1024, 1),
        "peak_rss_mib": round(found["status"]["VmHWM"] / 1024, 1),
        "modules": found["modules"],
        "module_count": found["module_count"],
        "errors": errors,
        "loadavg_before": load_before,
        "loadavg_after": loadavg(),
    }


def measure(path: Path | None, repeat: int, timeout: int) -> dict:
    runs = [run_kernel(path, timeout) for _ in range(repeat)]
    source = "" if path is None else import_source(nbformat.read(path, as_version=4))
    cwd = WORKSHOPS if path is None else path.parent
    imports = [measure_imports(source, cwd) for _ in range(repeat)]

    def median(key, items=runs):
        return round(statistics.median(item[key] for item in items), 3)

    return {
        "notebook": label(path),
        "kernel_start_s": median("kernel_start_s"),
        "execute_s": median("execute_s"),
        "rss_mib": round(median("rss_mib"), 1),
        "peak_rss_mib": round(median("peak_rss_mib"), 1),
        "modules": runs[-1]["modules"],
        "module_count": runs[-1]["module_count"],
        "errors": sorted({e for run in runs for e in run["errors"]}),
        "import_s": median("import_s", imports),
        "heaviest_imports": imports[-1]["heaviest"],
        "loadavg": [runs[0]["loadavg_before"], runs[-1]["loadavg_after"]],
        "runs": runs,
    }


def table(results: list[dict]) -> str:
    short = {"vl_convert": "vl-convert", "ipywidgets": "ipyw", "jsonschema": "jsonschema"}
    lines = [
        "| notebook | execute all cells (s) | imports alone (s) | kernel RSS after (MiB) "
        "| heavy modules loaded | load avg (1 min) |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in results:
        modules = ", ".join(short.get(m, m) for m in row["modules"]) or "none"
        error = " **(errors: " + ", ".join(row["errors"]) + ")**" if row["errors"] else ""
        lines.append(
            f"| {row['notebook']}{error} | {row['execute_s']:.2f} | {row['import_s']:.2f} | "
            f"{row['rss_mib']:.0f} | {modules} | {row['loadavg'][0]:.1f} -> {row['loadavg'][1]:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to measure (default: all of workshops/)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per notebook; the median is reported")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell")
    parser.add_argument("--no-empty", action="store_true", help="skip the empty-notebook floor")
    parser.add_argument("--json", type=Path, help="write every measurement to this file")
    args = parser.parse_args()

    # Live pages write their session store here, never into the user's own state folder.
    os.environ.setdefault("ALIGNED_STATE_DIR", tempfile.mkdtemp(prefix="aligned-footprint-"))
    paths: list[Path | None] = ([] if args.no_empty else [None]) + notebooks(args.notebooks)
    results = []
    for path in paths:
        results.append(measure(path, args.repeat, args.timeout))
        row = results[-1]
        print(f"{row['notebook']}: {row['execute_s']:.2f} s, {row['rss_mib']:.0f} MiB, "
              f"{', '.join(row['modules'])}", file=sys.stderr)
    header = (f"{date.today().isoformat()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"median of {args.repeat} run(s) per notebook, fresh kernel per run")
    print(header + "\n\n" + table(results))
    if args.json:
        args.json.write_text(json.dumps({"header": header, "results": results}, indent=1) + "\n")


if __name__ == "__main__":
    main()
