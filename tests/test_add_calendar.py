"""`ledger add finding|period AUDIT` and `ledger add version DOCUMENT`: one item added, every
other byte kept, nothing written when the result would not validate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from helpers import snapshot

AUDIT = """\
# the 2025 TLS BR audit  (a comment the command keeps)
kind: tls-br
periods:
  - start: 2024-12-15
    end: 2025-12-14      # ETSI, full audit
    statement: 2026-03-11
"""
DOCUMENT = """\
kind: cp-cps
title: Example CP/CPS
versions: [{version: "1.0", effective: 2024-08-29}]
"""
INCIDENT = """\
title: Audit finding
status: open
opened: 2026-03-12T09:00Z
owner: PKI team
summary: The auditor found one CRL published late.
timeline:
  - {at: 2026-03-12T09:00Z, event: Disclosed.}
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for rel, text in {"ledger/audits/tls-br.yaml": AUDIT, "ledger/documents/cps.yaml": DOCUMENT,
                      "incidents/crl.yaml": INCIDENT}.items():  # fmt: skip
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    return tmp_path


def run(root: Path, *args: str) -> int:
    return main([*args, "--root", str(root)])


def test_a_finding_linked_to_its_incident_meets_the_72_hours(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(root, "add", "finding", "tls-br", "--text", "One CRL: late", "--incident", "crl",
               "--severity", "minor") == 0  # fmt: skip
    text = (root / "ledger/audits/tls-br.yaml").read_text()
    assert text == AUDIT + (
        "    findings:\n      - id: f-1\n        text: \"One CRL: late\"\n"
        "        severity: \"minor\"\n        incident: crl\n"
    )
    capsys.readouterr()
    assert run(root, "due", "--as-of", "2026-03-20", "--format", "json") == 0
    states = {o["rule"]: o["state"] for o in json.loads(capsys.readouterr().out)}
    assert states["audit-finding-unreported"] == "met"


def test_the_next_period_follows_the_last_and_a_version_is_appended(root: Path) -> None:
    assert run(root, "add", "period", "tls-br", "--statement", "2027-03-01") == 0
    assert (root / "ledger/audits/tls-br.yaml").read_text().endswith(
        "  - start: 2025-12-15\n    end: 2026-12-14\n    statement: 2027-03-01\n")
    assert run(root, "add", "version", "cps", "--effective", "2025-08-20", "--version", "1.1") == 0
    assert (root / "ledger/documents/cps.yaml").read_text().endswith(
        'versions: [{version: "1.0", effective: 2024-08-29}, {effective: 2025-08-20, '
        'version: "1.1"}]\n')
    assert run(root, "validate") == 0


def test_nothing_is_written_for_a_dangling_incident_or_an_unknown_record(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(root)
    assert run(root, "add", "finding", "tls-br", "--text", "x", "--incident", "nope") == 1
    assert "LDG205" in capsys.readouterr().err
    assert run(root, "add", "finding", "nosuch", "--text", "x") == 2
    assert "no audit 'nosuch'" in capsys.readouterr().err
    assert run(root, "add", "finding", "tls-br", "--text", "x", "--period", "2024-01-01") == 2
    assert run(root, "add", "period", "tls-br", "--start", "2025-02-30") == 2
    assert snapshot(root) == before
