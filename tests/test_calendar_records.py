"""The compliance calendar's record kinds through `ledger validate`: every problem at its
file:line:col, with its code, and a fix; stray files; the typed model."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.validate import validate

CERT = """\
name: Example Root
sha256: 8ac552ad577e37ad2c6808d72aa331d6a96b4b3febff34ce9bc0578e08055ec3
type: root
audits: [tls-br]
"""
AUDIT = """\
kind: tls-br
certificates: [root]
periods:
  - {start: 2024-12-15, end: 2025-12-14, statement: 2026-03-11}
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def problems(root: Path) -> list[tuple[str, int, int, str]]:
    return [(d.pos.path, d.pos.line, d.pos.col, d.code) for d in validate(root).diagnostics]


def test_valid_records_build_the_typed_model(tmp_path: Path) -> None:
    write(tmp_path, {"ledger/certificates/root.yaml": CERT, "ledger/audits/tls-br.yaml": AUDIT})
    result = validate(tmp_path)
    assert result.diagnostics == []
    cert = result.ledger.certificates["root"]
    assert cert.sha256 == CERT.split()[4].upper() and cert.audits == ("tls-br",)
    period = result.ledger.audits["tls-br"].periods[0]
    assert (str(period.end), str(period.statement), period.pos.line) == (
        "2025-12-14", "2026-03-11", 4)


@pytest.mark.parametrize(
    ("rel", "text", "expected"),
    [
        pytest.param("ledger/certificates/root.yaml", CERT.replace("8ac5", "zz"),
                     [("ledger/certificates/root.yaml", 2, 9, "LDG025")], id="bad-sha256"),
        pytest.param("ledger/certificates/root.yaml", CERT + "parent: nobody\n",
                     [("ledger/certificates/root.yaml", 5, 9, "LDG205")], id="dangling-parent"),
        pytest.param("ledger/audits/tls-br.yaml", AUDIT.replace("2025-12-14", "2025-02-30"),
                     [("ledger/audits/tls-br.yaml", 4, 30, "LDG031")], id="impossible-date"),
        pytest.param("ledger/audits/tls-br.yaml", AUDIT.replace("tls-br\n", "tls-bx\n"),
                     [("ledger/audits/tls-br.yaml", 1, 7, "LDG024")], id="unknown-kind"),
        pytest.param("ledger/audits/tls-br.yaml", AUDIT + "auditr: A-SIT\n",
                     [("ledger/audits/tls-br.yaml", 5, 1, "LDG021")], id="unknown-key"),
        pytest.param(
            "ledger/audits/tls-br.yaml",
            AUDIT.replace("}", ", findings: [{id: f1, text: x, incident: nope}, {id: F1, text: y}]}"),
            [("ledger/audits/tls-br.yaml", 4, 104, "LDG205"),
             ("ledger/audits/tls-br.yaml", 4, 116, "LDG041")],
            id="finding-refs",
        ),
        pytest.param("ledger/requests/r.yaml", "program: mozilla\nkind: survey\ntitle: S\n"
                     "received: 2026-01-01\n",
                     [("ledger/requests/r.yaml", 1, 1, "LDG022")], id="request-no-deadline"),
        pytest.param("ledger/documents/d.yaml", "kind: cps\ntitle: CPS\nversions: []\n",
                     [("ledger/documents/d.yaml", 3, 11, "LDG026")], id="document-no-version"),
        pytest.param("ledger/audits/notes.txt", "x", [("ledger/audits/notes.txt", 1, 1, "LDG010")],
                     id="stray-file"),
    ],
)  # fmt: skip
def test_each_problem_is_reported_at_its_position(
    tmp_path: Path, rel: str, text: str, expected: list[tuple[str, int, int, str]]
) -> None:
    files = {"ledger/certificates/root.yaml": CERT, "ledger/audits/tls-br.yaml": AUDIT}
    write(tmp_path, {**files, rel: text})
    assert problems(tmp_path) == expected


def test_the_cli_prints_position_and_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {"ledger/certificates/root.yaml": CERT.replace("[tls-br]", "[tls-bx]")})
    assert main(["validate", "--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "ledger/certificates/root.yaml:4:10: LDG205 audit line 'tls-bx' is not in " in out
    assert "fix: " in out
