"""Progress of long work on stderr: a label, a phase and a percentage, on a terminal only.

``showing`` opens a display for a block of work. Nothing is drawn during its first second
(``SAHEL_PROGRESS_AFTER`` seconds, for tests), so quick runs stay silent, and nothing at all
when stderr is not a terminal. The work reports through the module-level ``phase``,
``expect`` and ``advance``, which cost next to nothing when no display is open: the code that
reads or indexes a dataset does not need to know who is watching. The line is erased when the
block ends, before the answer is written.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from typing import TextIO

#: Seconds of work before the display appears.
DEFAULT_AFTER = 1.0
#: Seconds between redraws.
REDRAW = 0.1
BAR = 20


class Progress:
    """One line on a terminal, redrawn in place: ``label  phase [####......]  42%``."""

    def __init__(self, label: str, stream: TextIO, after: float) -> None:
        self.label = label
        self.stream = stream
        self.after = after
        self.started = time.monotonic()
        self.name = ""
        self.total = 0
        self.done = 0
        self.drawn = False
        self._last = 0.0

    def phase(self, name: str, total: int | None = None) -> None:
        self.name, self.total, self.done = name, total or 0, 0
        self.draw(force=True)

    def expect(self, count: int) -> None:
        self.total += count

    def advance(self, count: int) -> None:
        self.done += count
        self.draw()

    def line(self, width: int) -> str:
        text = f"{self.label}  {self.name}"
        if self.total:
            share = min(1.0, self.done / self.total)
            filled = int(share * BAR)
            text += f" [{'#' * filled}{'.' * (BAR - filled)}] {int(share * 100):3d}%"
        return text[: max(1, width - 1)]

    def draw(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if now - self.started < self.after or (not force and now - self._last < REDRAW):
            return
        self._last = now
        try:
            width = os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError):
            width = 80
        with contextlib.suppress(OSError, ValueError):
            self.stream.write("\r" + self.line(width) + "\x1b[K")
            self.stream.flush()
            self.drawn = True

    def close(self) -> None:
        if self.drawn:
            with contextlib.suppress(OSError, ValueError):
                self.stream.write("\r\x1b[K")
                self.stream.flush()


_active: Progress | None = None


def _after() -> float:
    try:
        return max(0.0, float(os.environ.get("SAHEL_PROGRESS_AFTER", DEFAULT_AFTER)))
    except ValueError:
        return DEFAULT_AFTER


@contextlib.contextmanager
def showing(label: str) -> Iterator[None]:
    """Show the progress of the block on stderr when it is a terminal (a display already
    open, e.g. an index build around a load, is kept: one line for the whole work)."""
    global _active
    stream = sys.stderr
    if _active is not None or not _is_terminal(stream):
        yield
        return
    _active = Progress(label, stream, _after())
    try:
        yield
    finally:
        _active.close()
        _active = None


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def phase(name: str, total: int | None = None) -> None:
    """A new phase of the work; ``total`` units when known (else ``expect`` adds them)."""
    if _active is not None:
        _active.phase(name, total)


def expect(count: int) -> None:
    """``count`` more units of work in this phase."""
    if _active is not None:
        _active.expect(count)


def advance(count: int = 1) -> None:
    """``count`` units of work done."""
    if _active is not None:
        _active.advance(count)
