"""`ledger new audit|document|certificate|request`: skeletons that validate as written and
put their deadlines on the calendar at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from helpers import snapshot


def run(root: Path, *args: str) -> int:
    return main([*args, "--root", str(root)])


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "ledger").mkdir()
    return tmp_path


def test_each_skeleton_validates_and_its_deadlines_are_due(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sha = "8ac552ad577e37ad2c6808d72aa331d6a96b4b3febff34ce9bc0578e08055ec3"
    assert run(root, "new", "certificate", "Example Issuing CA", "--sha256", sha,
               "--created", "2026-01-05") == 0  # fmt: skip
    assert run(root, "new", "audit", "tls-br", "--start", "2024-12-15") == 0
    assert run(root, "new", "document", "cp-cps", "Example CP/CPS", "--effective", "2025-03-01",
               "--version", "1.4") == 0  # fmt: skip
    assert run(root, "new", "request", "2026 survey", "--program", "mozilla",
               "--deadline", "2026-02-15", "--received", "2026-01-10") == 0  # fmt: skip
    assert "ledger/certificates/example-issuing-ca.yaml\n" in capsys.readouterr().out
    assert run(root, "validate") == 0
    cert = (root / "ledger/certificates/example-issuing-ca.yaml").read_text()
    assert f"sha256: {sha.upper()}\n" in cert and "type: intermediate\n" in cert
    assert "    end: 2025-12-14 " in (root / "ledger/audits/tls-br.yaml").read_text()
    capsys.readouterr()
    assert run(root, "due", "--as-of", "2026-01-20", "--format", "json") == 0
    dues = {(o["rule"], o["due"]) for o in json.loads(capsys.readouterr().out)}
    assert {
        ("ca-certificate-disclosure-overdue", "2026-01-12T23:59:59Z"),
        ("audit-statement-overdue", "2026-03-16T23:59:59Z"),
        ("cp-cps-review-overdue", "2026-03-01T23:59:59Z"),
        ("program-request-overdue", "2026-02-15T23:59:59Z"),
    } <= dues


def test_ids_are_never_reused_and_bad_input_is_refused(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(root, "new", "audit", "tls-br", "--start", "2024-12-15") == 0
    assert run(root, "new", "audit", "tls-br", "--start", "2024-12-15") == 0
    assert (root / "ledger/audits/tls-br-2.yaml").is_file()
    before = snapshot(root)
    assert run(root, "new", "audit", "tls-br", "--id", "tls-br") == 2
    assert "already used" in capsys.readouterr().err
    assert run(root, "new", "audit", "tls-br", "--start", "2024-02-30") == 2
    assert capsys.readouterr().err.startswith("error: --start '2024-02-30'")
    assert run(root, "new", "certificate", "X", "--sha256", "abc") == 1  # would not validate
    assert "nothing written" in capsys.readouterr().err
    assert snapshot(root) == before
