"""Progress on stderr for long runs: on a terminal only, and only once a run has taken a few
seconds. CI logs stay quiet (stderr not a terminal, or `CI` set, or TERM=dumb).

Stages report with `tick(what, done, total)`, which does nothing unless the command line
turned reporting on (`reporting()` in generator.cli): library use and tests print nothing,
and an inactive tick costs one global lookup.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import TextIO

DELAY = 2.0  # seconds of silence before the first progress line
EVERY = 0.2  # seconds between two lines (a terminal redraw is not free)


class _Reporter:
    def __init__(self, stream: TextIO, clock: Callable[[], float]) -> None:
        self.stream, self.clock = stream, clock
        self.start = clock()
        self.last = -EVERY
        self.what = ""
        self.shown = False

    def tick(self, what: str, done: int, total: int | None) -> None:
        now = self.clock()
        if now - self.start < DELAY:
            return
        if what == self.what and now - self.last < EVERY and done != total:
            return  # a new stage is always shown; the same one at most every EVERY seconds
        self.last, self.what = now, what
        count = f"{done:,}/{total:,}" if total else f"{done:,}"
        self.stream.write(f"\r\x1b[K{what}: {count}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown, self.what = False, ""


_active: _Reporter | None = None


def tick(what: str, done: int, total: int | None = None) -> None:
    if _active is not None:
        _active.tick(what, done, total)


def end() -> None:
    """A stage is over: clear its line, so what the command prints next starts clean."""
    if _active is not None:
        _active.clear()


def wanted(stream: TextIO) -> bool:
    """A person is watching: a terminal, outside CI."""
    interactive = hasattr(stream, "isatty") and stream.isatty()
    return interactive and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


@contextlib.contextmanager
def reporting(
    stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic
) -> Iterator[None]:
    """Show the ticks of the stages run inside, on `stream` (stderr) if a person watches it."""
    global _active
    stream = stream or sys.stderr
    if _active is not None or not wanted(stream):
        yield
        return
    _active = _Reporter(stream, clock)
    try:
        yield
    finally:
        _active.clear()
        _active = None
