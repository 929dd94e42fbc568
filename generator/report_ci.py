"""Diagnostics → SARIF 2.1.0 (code scanning), JUnit XML (CI dashboards) and a Markdown step
summary (GitHub Actions). Plain dicts and xml.etree; deterministic (no clock, no paths).
"""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from generator import __version__, codes
from generator.diagnostics import Diagnostic
from generator.report import SEVERITIES, as_dict, at_least
from generator.rules import REGISTRY, describe_options, describe_severity
from generator.rules.base import Rule
from generator.textsafe import visible, xml_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _problem_names() -> dict[str, str]:
    """Codes of the loader and validator (not rules) → their names."""
    return {p.code: p.name for p in vars(codes).values() if isinstance(p, codes.Problem)}


def _descriptor(code: str, rules: dict[str, Rule], problems: dict[str, str]) -> dict[str, Any]:
    rule = rules.get(code)
    if rule is None:
        name = problems.get(code, code)
        text = f"The record breaks the ledger format ({name}): see docs/format.md."
        return {
            "id": code,
            "name": name,
            "shortDescription": {"text": text},
            "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["format"]},
        }
    summary = " ".join(rule.doc.strip().partition("\n\n")[0].split())
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": rule.doc.strip(), "markdown": rule.doc.strip()},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {
            "tags": [rule.kind],
            "source": rule.source,
            "severity": describe_severity(rule),
            "options": describe_options(rule),
            "appliesFrom": str(rule.applies_from or "always"),
        },
    }


def _fingerprint(d: Diagnostic) -> str:
    """Stable across days: the delay in the message changes, the deadline does not."""
    key = "\0".join(
        (d.code, d.pos.path, d.record, str(d.deadline), d.message if d.deadline is None else "")
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _result(d: Diagnostic, index: int) -> dict[str, Any]:
    props = {
        k: v
        for k, v in as_dict(d).items()
        if k in ("record", "source", "deadline", "done", "hint") and v
    }
    return {
        "ruleId": d.code,
        "ruleIndex": index,
        "level": _LEVELS.get(d.severity, "note"),
        "message": {"text": visible(d.message + (f" — fix: {d.hint}" if d.hint else ""))},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": d.pos.path, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": d.pos.line, "startColumn": d.pos.col},
                }
            }
        ],
        "partialFingerprints": {"ledgerFinding/v1": _fingerprint(d)},
        "properties": props,
    }


def sarif(diagnostics: Sequence[Diagnostic]) -> str:
    rules = {m.RULE.code: m.RULE for m in REGISTRY.values()}
    problems = _problem_names()
    ids = sorted(set(rules) | {d.code for d in diagnostics})
    index = {code: i for i, code in enumerate(ids)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ledger",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_descriptor(code, rules, problems) for code in ids],
                    }
                },
                "originalUriBaseIds": {
                    "%SRCROOT%": {"description": {"text": "The ledger repository root."}}
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index[d.code]) for d in diagnostics],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def junit(diagnostics: Sequence[Diagnostic]) -> str:
    """One testcase per finding (a failure when it is an error), and one passing testcase for
    every rule without findings, so a clean run still shows what was checked."""
    suite = ET.Element("testsuite", name="ledger check")
    failures = 0
    for d in diagnostics:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=xml_text(d.pos.path),
            name=xml_text(f"{d.code} {d.name} at line {d.pos.line}: {d.record or d.pos.path}"),
        )
        text = xml_text(
            f"{d.pos.path}:{d.pos.line}:{d.pos.col}: {d.message}"
            + (f"\nfix: {d.hint}" if d.hint else "")
        )
        if d.severity == "error":
            failures += 1
            ET.SubElement(case, "failure", message=xml_text(d.message), type=d.code).text = text
        else:
            ET.SubElement(case, "system-out").text = f"{d.severity}: {text}"
    fired = {d.code for d in diagnostics}
    for module in REGISTRY.values():
        rule = module.RULE
        if rule.code not in fired:
            ET.SubElement(
                suite, "testcase", classname="ledger.rules", name=f"{rule.code} {rule.name}"
            )
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    root = ET.Element(
        "testsuites",
        name="ledger",
        tests=suite.get("tests", "0"),
        failures=str(failures),
        errors="0",
    )
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


SUMMARY_LIMIT = 1024 * 1024  # GitHub drops a step summary over 1 MiB, whole


def step_summary(
    diagnostics: Sequence[Diagnostic], title: str, *, minimum: str = "warning", budget: int = 0
) -> str:
    """Markdown for the job summary: totals of every finding by rule and severity, then one
    row per finding of `minimum` severity or more, cut to stay within `budget` bytes (default:
    just under GitHub's 1 MiB) with a note saying how many rows were left out."""
    budget = budget or SUMMARY_LIMIT - 4096
    listed = at_least(diagnostics, minimum)
    head = [f"### {title}", ""]
    if not diagnostics:
        return "\n".join([*head, "No findings.", ""]) + "\n"
    head += [*_totals(diagnostics), ""]
    if not listed:
        return "\n".join([*head, f"No findings of severity {minimum} or above.", ""]) + "\n"
    head += ["| severity | code | rule | where | record | message |", "|---|---|---|---|---|---|"]
    text = "\n".join(head) + "\n"
    size, reserve = len(text.encode()), 512  # room for the closing note
    rows = []
    for d in listed:
        cells = (d.severity, d.code, d.name, f"{d.pos.path}:{d.pos.line}", d.record, d.message)
        row = "| " + " | ".join(_cell(c) for c in cells) + " |\n"
        size += len(row.encode())
        if size > budget - reserve:
            break
        rows.append(row)
    tail = ""
    if len(rows) < len(listed):
        tail = (
            f"\n{len(listed) - len(rows):,} more findings are not listed: a job summary must "
            "stay under 1 MiB. The full list is in the report written by `ledger check "
            "--report FILE` (the workflow keeps it as the `ledger-findings` artifact).\n"
        )
    return text + "".join(rows) + tail + "\n"


def _totals(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """A table of every finding, by rule, with one column per severity and a total row."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for d in diagnostics:
        row = counts.setdefault((d.code, d.name), dict.fromkeys(SEVERITIES[::-1], 0))
        row[d.severity] += 1
    overall = {s: sum(c[s] for c in counts.values()) for s in SEVERITIES[::-1]}
    lines = ["| code | rule | errors | warnings | info |", "|---|---|---:|---:|---:|"]
    for (code, name), row in sorted(counts.items()):
        lines.append(
            f"| {code} | {_cell(name)} | " + " | ".join(f"{n:,}" for n in row.values()) + " |"
        )
    lines.append("| **total** | | " + " | ".join(f"**{n:,}**" for n in overall.values()) + " |")
    return lines


def _cell(text: str) -> str:
    # GitHub renders the summary as Markdown with some HTML: record text stays text
    cell = visible(text).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
    return cell
