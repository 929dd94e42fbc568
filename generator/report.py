"""Diagnostics → text, JSON or GitHub workflow commands. Output is deterministic."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from generator.diagnostics import Diagnostic
from generator.textsafe import visible

JSON_FIELDS = (
    "path",
    "line",
    "col",
    "code",
    "name",
    "severity",
    "message",
    "hint",
    "record",
    "source",
    "deadline",
    "done",
)


SEVERITIES = ("info", "warning", "error")  # least to most severe
ANNOTATIONS_PER_KIND = 10  # GitHub shows 10 annotations of each kind per step, drops the rest


def at_least(diagnostics: Sequence[Diagnostic], minimum: str) -> list[Diagnostic]:
    """The diagnostics of severity `minimum` or more severe."""
    rank = SEVERITIES.index(minimum)
    return [d for d in diagnostics if SEVERITIES.index(d.severity) >= rank]


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def text(diagnostics: Sequence[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        severity = "" if d.severity == "error" else f"{d.severity}: "
        lines.append(
            f"{visible(d.pos.path)}:{d.pos.line}:{d.pos.col}: {d.code} {severity}"
            f"{visible(d.message)} ({d.name})"
        )
        if d.hint:
            lines.append(f"    fix: {visible(d.hint)}")
    return "".join(line + "\n" for line in lines)


def as_dict(d: Diagnostic) -> dict[str, Any]:
    return {
        "path": d.pos.path,
        "line": d.pos.line,
        "col": d.pos.col,
        "code": d.code,
        "name": d.name,
        "severity": d.severity,
        "message": d.message,
        "hint": d.hint,
        "record": d.record,
        "source": d.source,
        "deadline": _iso(d.deadline),
        "done": _iso(d.done),
    }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def as_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A JSON list, one object per line: readable, diffable, and written by the C encoder
    (`indent=` would switch json to its pure-Python encoder, 4x slower on 10,000 findings)."""
    if not diagnostics:
        return "[]\n"
    rows = ",\n".join(json.dumps(as_dict(d), ensure_ascii=False) for d in diagnostics)
    return f"[\n{rows}\n]\n"


def github(diagnostics: Sequence[Diagnostic]) -> str:
    """Workflow commands, at most ANNOTATIONS_PER_KIND of each kind: when there are more, the
    last one says how many were left out and where the full list is."""
    lines = []
    shown = dict.fromkeys(("error", "warning", "notice"), 0)
    totals = {k: 0 for k in shown}
    for d in diagnostics:
        totals[_kind(d)] += 1
    for d in diagnostics:
        kind = _kind(d)
        room = ANNOTATIONS_PER_KIND - (1 if totals[kind] > ANNOTATIONS_PER_KIND else 0)
        if shown[kind] < room:
            shown[kind] += 1
            lines.append(_annotation(d, kind))
    for kind, total in totals.items():
        if total > shown[kind]:
            lines.append(_more(kind, total, shown[kind]))
    return "".join(line + "\n" for line in lines)


def _kind(d: Diagnostic) -> str:
    return {"error": "error", "warning": "warning"}.get(d.severity, "notice")


def _annotation(d: Diagnostic, kind: str) -> str:
    props = ",".join(
        f"{k}={_escape_property(str(v))}"
        for k, v in (
            ("file", d.pos.path),
            ("line", d.pos.line),
            ("col", d.pos.col),
            ("title", f"{d.code} {d.name}"),
        )
    )
    message = visible(d.message + (f" — fix: {d.hint}" if d.hint else ""))
    return f"::{kind} {props}::{_escape_data(message)}"


def _more(kind: str, total: int, shown: int) -> str:
    title = _escape_property(f"ledger: {total - shown:,} more {kind}s")
    message = (
        f"{shown:,} of {total:,} {kind}s are shown as annotations (GitHub shows "
        f"{ANNOTATIONS_PER_KIND} of each kind per step). The full list: the job summary, "
        "and the report written by `--report FILE` (or `--format json`)."
    )
    return f"::{kind} title={title}::{_escape_data(message)}"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _sarif(diagnostics: Sequence[Diagnostic]) -> str:
    from generator import report_ci  # imports the rule registry: only when asked for

    return report_ci.sarif(diagnostics)


def _junit(diagnostics: Sequence[Diagnostic]) -> str:
    from generator import report_ci

    return report_ci.junit(diagnostics)


# the one output-format registry: every command that prints diagnostics offers all of them
FORMATS: dict[str, Callable[[Sequence[Diagnostic]], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "sarif": _sarif,
    "junit": _junit,
}


def summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    counts = {
        s: sum(1 for d in diagnostics if d.severity == s) for s in ("error", "warning", "info")
    }
    parts = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    return f"{', '.join(parts) or 'no problems'} in {files} file{'s' if files != 1 else ''}"
