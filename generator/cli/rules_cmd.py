"""`ledger rules`: every rule with its code, default severity, options, start date and source."""

from __future__ import annotations

import json
from typing import Any

import click

from generator.cli.options import emit
from generator.rules import (
    all_rules,
    catalogue_markdown,
    describe_options,
    describe_severity,
    describe_sources,
)


def _rows() -> list[dict[str, Any]]:
    return [
        {
            "code": r.code,
            "name": r.name,
            "kind": r.kind,
            "severity": describe_severity(r),
            "options": describe_options(r),
            "applies_from": str(r.applies_from or "always"),
            "programs": ", ".join(sorted(r.programs)) or "all (own commitment)",
            "source": r.source,
            "sources": describe_sources(r),
        }
        for r in all_rules()
    ]


def _text(rows: list[dict[str, Any]]) -> str:
    columns = ("code", "name", "severity", "options", "applies_from", "source")
    widths = {c: max(len(c), *(len(row[c]) for row in rows)) for c in columns[:-1]}
    lines = ["  ".join(c.replace("_", "-").ljust(widths.get(c, 0)) for c in columns).rstrip()]
    for row in rows:
        lines.append("  ".join(row[c].ljust(widths.get(c, 0)) for c in columns).rstrip())
        for s in row["sources"]:
            span = f"{s['effective']}.." if s["effective"] else ""
            span += s["until"] or ""
            who = ", ".join(s["programs"]) or "own"
            lines.append(f'    {s["cite"]} [{span}; {s["strength"]}; {who}]: "{s["words"]}"')
    return "\n".join(lines) + "\n"


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="A table, JSON, or the Markdown rules catalogue.",
)
def rules(fmt: str) -> int:
    """List every rule: code, name, default severity, options, applies-from, source."""
    rows = _rows()
    if fmt == "json":
        emit(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    elif fmt == "markdown":
        emit(catalogue_markdown())
    else:
        emit(_text(rows))
    return 0
