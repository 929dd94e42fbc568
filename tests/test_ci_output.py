"""CI output that fits what GitHub accepts: --min-severity, annotations capped per kind with a
pointer to the full list, a job summary under 1 MiB that keeps the totals, SARIF without
information-level findings unless asked, and --report with everything."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from test_check_cmd import run

from generator import report, report_ci
from generator.diagnostics import Diagnostic, Pos

REPO = Path(__file__).resolve().parent.parent
HISTORY = ["--as-of", "2024-05-01", "--history"]  # errors, plus deadlines met late (info)


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    for folder in ("incidents", "ledger"):
        shutil.copytree(REPO / folder, tmp_path / "repo" / folder)
    return tmp_path / "repo"


def findings(n: int, severity: str = "error", code: str = "LDG101") -> list[Diagnostic]:
    return [
        Diagnostic(
            Pos(f"incidents/i{i:05}.yaml", i + 1, 3),
            code,
            "action-item-overdue",
            severity,
            f"action item a{i} is {i} days overdue | pipe",
            "set a new due date",
            f"i{i:05}",
        )  # type: ignore[arg-type]
        for i in range(n)
    ]


def test_annotations_are_capped_per_kind_with_a_pointer() -> None:
    out = report.github([*findings(25), *findings(3, "warning"), *findings(40, "info")])
    lines = out.splitlines()
    kinds = [line.split(" ", 1)[0].split("::")[1] for line in lines]
    assert kinds.count("error") == kinds.count("notice") == report.ANNOTATIONS_PER_KIND
    assert kinds.count("warning") == 3
    errors = [line for line in lines if line.startswith("::error")]
    assert "title=ledger%3A 16 more errors::9 of 25 errors are shown" in errors[-1]
    assert "--report FILE" in errors[-1]
    assert not any("more warnings" in line for line in lines)


def test_ten_of_a_kind_need_no_pointer() -> None:
    lines = report.github(findings(10)).splitlines()
    assert len(lines) == 10 and all("file=" in line for line in lines)


def test_github_and_sarif_leave_out_info_unless_asked(
    ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["check", "--root", str(ledger), *HISTORY]
    everything = json.loads(run(capsys, *base, "--format", "json")[1])
    assert {d["severity"] for d in everything} == {"error", "warning", "info"}
    errors = sum(1 for d in everything if d["severity"] == "error")
    warnings = sum(1 for d in everything if d["severity"] == "warning")
    sarif = json.loads(run(capsys, *base, "--format", "sarif")[1])["runs"][0]["results"]
    assert {r["level"] for r in sarif} == {"error", "warning"}
    assert len(sarif) == errors + warnings
    asked = json.loads(run(capsys, *base, "--format", "sarif", "--min-severity", "info")[1])
    assert len(asked["runs"][0]["results"]) == len(everything)
    code, out, _ = run(capsys, *base, "--format", "github")
    assert code == 1 and "::notice" not in out and out.count("::error") == errors
    assert "::notice" in run(capsys, *base, "--format", "github", "--min-severity", "info")[1]
    # the exit code does not depend on what is shown
    assert run(capsys, *base, "--format", "text", "--min-severity", "error")[0] == 1


def test_report_has_every_finding_whatever_is_shown(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["check", "--root", str(ledger), *HISTORY]
    everything = run(capsys, *base, "--format", "json")[1]
    target = tmp_path / "findings.json"
    run(capsys, *base, "--format", "github", "--report", str(target))
    assert target.read_text("utf-8") == everything
    code, _, err = run(capsys, *base, "--report", str(tmp_path))
    assert code == 2 and "Traceback" not in err


def test_step_summary_stays_under_the_budget_and_keeps_the_totals() -> None:
    many = [*findings(30_000), *findings(20_000, "warning", "LDG102"), *findings(5, "info")]
    text = report_ci.step_summary(many, "ledger check")
    size = len(text.encode())
    assert 900_000 < size < report_ci.SUMMARY_LIMIT
    assert "| LDG101 | action-item-overdue | 30,000 | 0 | 5 |" in text
    assert "| **total** | | **30,000** | **20,000** | **5** |" in text
    rows = [line for line in text.splitlines() if line.startswith(("| error", "| warning"))]
    shown = re.search(r"^([\d,]+) more findings are not listed", text, re.M)
    assert shown and len(rows) + int(shown[1].replace(",", "")) == 50_000
    assert not any(line.startswith("| info") for line in text.splitlines())
    assert r"\| pipe" in rows[0]


def test_a_small_summary_is_whole() -> None:
    text = report_ci.step_summary(findings(3), "t")
    assert "more findings" not in text and text.count("\n| error |") == 3


def test_step_summary_leaves_room_for_what_the_step_wrote(
    ledger: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("x" * (report_ci.SUMMARY_LIMIT - 20_000), encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run(capsys, "check", "--root", str(ledger), *HISTORY, "--format", "json")
    assert summary.stat().st_size < report_ci.SUMMARY_LIMIT
    assert "### ledger check as of 2024-05-01" in summary.read_text("utf-8")


def test_validate_has_the_same_options(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (ledger / "incidents" / "broken.yaml").write_text("title: no status\n", encoding="utf-8")
    target = tmp_path / "invalid.json"
    code, out, _ = run(
        capsys, "validate", "--root", str(ledger), "--report", str(target), "--format", "github"
    )
    assert code == 1 and out.startswith("::error file=incidents/broken.yaml")
    assert json.loads(target.read_text("utf-8"))[0]["path"] == "incidents/broken.yaml"
    assert run(capsys, "validate", "--root", str(ledger), "--min-severity", "error")[0] == 1
