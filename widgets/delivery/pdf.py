"""HTML to A4 PDF with headless Chromium's own print engine, driven by Playwright.

Chromium lays out the kit's HTML and CSS exactly as a browser shows it, writes real, selectable
text, and is already on every machine that runs the browser tests (Debian's `chromium`; set
ALIGNED_CHROMIUM to use another). WeasyPrint would add Pango and its fonts as system packages.
A document that must fit on one page (a card, the feedback form, the certificate) is printed
again at a smaller scale until it does. Pages load nothing: every request is refused, so a
printable cannot depend on the network.
"""

from __future__ import annotations

import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]
SMALLEST_SCALE = 0.5
NO_PLAYWRIGHT = ("The PDF needs the kit's delivery extra (pip install 'aligned[delivery]'), which is not "
                 "installed here: download the Markdown instead.")
NO_CHROMIUM = ("The PDF needs the Chromium browser, which is not installed on this machine: download the "
               "Markdown instead, or ask whoever set up the kit to install chromium.")


class PrinterUnavailable(RuntimeError):
    """Playwright or Chromium is missing; the message is one friendly sentence for the reader."""


def executable() -> str | None:
    chosen = os.environ.get("ALIGNED_CHROMIUM")
    if chosen:
        return chosen
    return str(CHROMIUM) if CHROMIUM.exists() else None  # None: Playwright's own Chromium


def page_count(pdf: bytes) -> int:
    """Pages of a PDF Chromium wrote (its page objects are plain dictionaries)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def print_all(items, out: Path) -> list[Path]:
    """Print (`path`, `html`, `one_page`, `landscape`) items to `out/<path>.pdf`, with one browser,
    on a thread of its own: Playwright's sync API refuses to run where an asyncio loop is running
    (a Jupyter kernel, or a process that ran notebooks or servers before)."""
    with ThreadPoolExecutor(1, thread_name_prefix="aligned-pdf") as pool:
        return pool.submit(_print_all, list(items), out).result()


def _print_all(items, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable(), headless=True, args=ARGS)
        try:
            context = browser.new_context()
            context.route(
                "**/*",
                lambda route: route.continue_() if route.request.url.startswith(("data:", "about:")) else route.abort(),
            )
            page = context.new_page()
            for path, html, one_page, landscape in items:
                page.set_content(html, wait_until="load")
                scale = 1.0
                while True:
                    pdf = page.pdf(
                        format="A4", landscape=landscape, print_background=True, scale=scale, prefer_css_page_size=False
                    )
                    if not one_page or page_count(pdf) <= 1 or scale <= SMALLEST_SCALE:
                        break
                    scale = round(scale - 0.05, 2)
                target = out / f"{path}.pdf"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(pdf)
                written.append(target)
        finally:
            browser.close()
    return written


def pdf_bytes(html: str, name: str = "document", *, one_page: bool = False, landscape: bool = False) -> bytes:
    """One HTML document as an A4 PDF (`one_page`: scaled down until it fits one page, as the
    certificate), printed on a thread of its own: Playwright's sync API refuses to run where an
    asyncio loop is running (a Jupyter kernel's handlers). Raises PrinterUnavailable when
    Playwright or Chromium is missing."""
    try:
        from playwright.sync_api import Error as PlaywrightError
    except ImportError:
        raise PrinterUnavailable(NO_PLAYWRIGHT) from None
    with tempfile.TemporaryDirectory(prefix="aligned-pdf-") as folder, ThreadPoolExecutor(1) as pool:
        try:
            [path] = pool.submit(print_all, [(name, html, one_page, landscape)], Path(folder)).result()
        except PlaywrightError as error:
            text = str(error).lower()
            if "executable" in text or "doesn't exist" in text or "no such file" in text:
                raise PrinterUnavailable(NO_CHROMIUM) from None
            raise
        return path.read_bytes()
