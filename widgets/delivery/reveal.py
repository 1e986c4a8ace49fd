"""reveal.js for the decks: fetched once from the npm registry by npm itself, checked, kept.

The decks must open offline, so reveal.js is copied beside them, never linked from a CDN. The
version and the registry's sha512 of its tarball are pinned here: `npm pack` downloads the
tarball (or takes it from npm's cache), and a tarball whose digest differs is refused.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tarfile
from pathlib import Path

VERSION = "5.2.1"
INTEGRITY = "sha512-r7//6mIM5p34hFiDMvYfXgyjXqGRta+/psd9YtytsgRlrpRzFv4RbH76TXd2qD+7ZPZEbpBDhdRhJaFgfQ7zNQ=="
# What a deck needs: the core, the white theme and its font, the speaker-notes plugin, the licence.
FILES = ("dist/reveal.js", "dist/reveal.css", "dist/theme/white.css", "plugin/notes/notes.js", "LICENSE")
FOLDERS = ("dist/theme/fonts/source-sans-pro/",)


class RevealUnavailable(RuntimeError):
    """reveal.js could not be fetched (no npm, no registry) or its tarball is not the pinned one."""


def _digest(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def tarball(cache: Path) -> Path:
    """The pinned reveal.js tarball in `cache`, fetched with `npm pack` when it is not there yet."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"reveal.js-{VERSION}.tgz"
    if not path.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RevealUnavailable("npm is not installed: it fetches reveal.js once (Debian: apt-get install npm).")
        done = subprocess.run(
            [npm, "pack", f"reveal.js@{VERSION}", "--pack-destination", str(cache), "--silent"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or not path.exists():
            raise RevealUnavailable(f"npm could not fetch reveal.js {VERSION}: {done.stderr.strip()[-500:]}")
    if _digest(path) != INTEGRITY:
        path.unlink()
        raise RevealUnavailable(f"{path.name} is not the pinned reveal.js {VERSION} (its sha512 differs); removed.")
    return path


def install(target: Path, cache: Path) -> Path:
    """Copy the parts of reveal.js a deck uses into `target` (e.g. build/slides/reveal/)."""
    with tarfile.open(tarball(cache)) as archive:
        for member in archive.getmembers():
            name = member.name.removeprefix("package/")
            if not member.isfile() or not (name in FILES or name.startswith(FOLDERS)):
                continue
            destination = target / name.removeprefix("dist/")
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(archive.extractfile(member).read())
    return target
