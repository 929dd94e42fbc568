"""`ledger rules`: every rule with its code, default severity, options, start date and source."""

from __future__ import annotations

import json

import click

from generator.cli.options import emit
from generator.rules import all_rules, catalogue_markdown, describe_options, describe_severity


def _rows() -> list[dict[str, str]]:
    return [
        {
            "code": r.code,
            "name": r.name,
            "kind": r.kind,
            "severity": describe_severity(r),
            "options": describe_options(r),
            "applies_from": str(r.applies_from or "always"),
            "source": r.source,
        }
        for r in all_rules()
    ]


def _text(rows: list[dict[str, str]]) -> str:
    columns = ("code", "name", "severity", "options", "applies_from", "source")
    widths = {c: max(len(c), *(len(row[c]) for row in rows)) for c in columns[:-1]}
    lines = ["  ".join(c.replace("_", "-").ljust(widths.get(c, 0)) for c in columns).rstrip()]
    lines += ["  ".join(row[c].ljust(widths.get(c, 0)) for c in columns).rstrip() for row in rows]
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
