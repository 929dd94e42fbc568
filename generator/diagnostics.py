"""Diagnostic: one problem found in the ledger, with its position, code and rule name."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, NamedTuple

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


class Pos(NamedTuple):
    """A 1-based position in a file given relative to the ledger root (POSIX separators).

    A named tuple rather than a dataclass: the model keeps one for nearly every key of every
    record, and a tuple is several times cheaper to create.
    """

    path: str
    line: int = 1
    col: int = 1


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem in the ledger: a record that is invalid, or a deadline that was missed.

    `deadline` and `done` are set for deadline findings: `done` is when the late
    obligation was finally met (history), None while it is still open.
    """

    pos: Pos
    code: str
    name: str
    severity: Severity
    message: str
    hint: str = ""
    record: str = ""
    source: str = ""
    deadline: datetime | None = None
    done: datetime | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())

    @property
    def path(self) -> str:
        return self.pos.path

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.pos.path, self.pos.line, self.pos.col, self.code, self.message)


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=Diagnostic.sort_key)
