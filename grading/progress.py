"""A progress bar: tqdm when it is installed, otherwise a plain text bar on stderr."""

from __future__ import annotations

import sys


def text_bar(done: int, total: int, width: int = 30) -> str:
    total = max(total, 1)
    filled = round(width * done / total)
    return "[" + "#" * filled + "-" * (width - filled) + f"] {done}/{total}"


class Progress:
    def __init__(self, total: int, label: str, stream=None):
        self.total = total
        self.done = 0
        self.label = label
        self.stream = stream or sys.stderr
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self._tqdm = None
        if self.interactive:
            try:
                from tqdm import tqdm  # only if already installed
            except ImportError:
                tqdm = None
            if tqdm is not None:
                self._tqdm = tqdm(total=total, desc=label, file=self.stream, unit="submission")

    def advance(self, message: str = "") -> None:
        self.done += 1
        if self._tqdm is not None:
            self._tqdm.update(1)
            if message:
                self._tqdm.set_postfix_str(message[:40])
            return
        line = f"{self.label} {text_bar(self.done, self.total)} {message}".rstrip()
        if self.interactive:
            self.stream.write("\r\x1b[K" + line)
            if self.done >= self.total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self._tqdm is not None:
            self._tqdm.close()
