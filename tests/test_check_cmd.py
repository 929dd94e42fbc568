"""`ledger check` and `ledger rules` through `main([...])`: exit codes, formats, determinism,
SARIF against the SARIF 2.1.0 schema, JUnit through a JUnit XML library, the step summary."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import junitparser
import pytest

from generator.cli import main
from generator.rules import REGISTRY
from tests.site.conftest import git_commit

REPO = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
HEAD = ("title: T\nstatus: open\nowner: O\nsummary: S.\n"
        "timeline:\n  - {at: 2025-05-01T09:00Z, event: E.}\nopened: 2025-05-01T09:00Z\n")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """The example ledger plus one invalid record, so output has findings of every kind."""
    for folder in ("incidents", "ledger"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    (tmp_path / "incidents" / "broken.yaml").write_text("title: no status\n", encoding="utf-8")
    return tmp_path


def write(root: Path, text: str) -> Path:
    (root / "incidents").mkdir(parents=True, exist_ok=True)
    (root / "incidents" / "x.yaml").write_text(HEAD + text, encoding="utf-8")
    return root


def test_exit_0_when_clean_1_on_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write(tmp_path, "updates:\n  - {at: 2025-05-07T09:00Z, text: U.}\n")
    assert run(capsys, "check", "--root", str(root), "--as-of", "2025-05-14T09:00:00Z")[:2] == (0, "")
    code, out, err = run(capsys, "check", "--root", str(root), "--as-of", "2025-05-14T09:00:01Z")
    assert code == 1
    assert out.startswith("incidents/x.yaml:9:5: LDG103 the update after 2025-05-07T09:00Z")
    assert err.endswith("\n1 error in 1 file as of 2025-05-14 09:00:01 UTC\n")
    assert err.count("not a git repository") == 1


def test_warnings_pass_unless_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write(tmp_path, "updates:\n  - {at: 2025-05-07T09:00Z, text: U.}\naction_items:\n"
                           "  - {id: a, action: A., kind: detect, due: 2025-05-12, status: ongoing}\n")
    args = ["check", "--root", str(root), "--as-of", "2025-05-10"]
    code, out, _ = run(capsys, *args)
    assert (code, out.split(" ")[1:3]) == (0, ["LDG102", "warning:"])
    assert run(capsys, *args, "--strict")[0] == 1


def test_a_date_means_the_end_of_that_day_in_the_policy_zone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write(tmp_path, "")
    (root / "ledger").mkdir()
    (root / "ledger" / "policy.yaml").write_text("timezone: '+08:00'\n", encoding="utf-8")
    # opened 2025-05-01T09:00Z: the first update is due 2025-05-08T09:00Z = 17:00+08:00
    assert run(capsys, "check", "--root", str(root), "--as-of", "2025-05-07")[0] == 0
    code, _, err = run(capsys, "check", "--root", str(root), "--as-of", "2025-05-08")
    assert code == 1 and err.endswith("as of 2025-05-08 15:59:59 UTC\n")
    assert run(capsys, "check", "--root", str(root), "--as-of", "2025-05-08T17:00")[0] == 0
    assert run(capsys, "check", "--root", str(root), "--as-of", "2025-05-08T17:00:01")[0] == 1


def test_bad_as_of_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "--root", str(write(tmp_path, "")), "--as-of", "2024-02-30")
    assert (code, out) == (2, "")
    assert err == "error: --as-of '2024-02-30': '2024-02-30' is not a real date: day is out of range for month — check the day and month\n"


def test_validation_errors_are_reported_and_fail(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--root", str(ledger), "--as-of", "2025-04-03", "--format", "json")
    assert code == 1
    # the broken record, and the revocations the example's problem report needed, never recorded
    assert {d["path"] for d in json.loads(out)} == {
        "incidents/broken.yaml", "ledger/problem-reports/cpr-2024-03-04-basic-constraints.yaml"}


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
def test_every_format_is_byte_identical_across_runs(ledger: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", "--root", str(ledger), "--as-of", "2024-05-01", "--history", "--format", fmt]
    git_commit(ledger, "2024-04-20T12:00:00+00:00")  # so that --history reads a real history
    first, second = run(capsys, *args), run(capsys, *args)
    assert first == second and first[1]
    assert "not a git repository" not in first[2]
    # two runs agreeing proves nothing if both are in the wrong order: findings go by file,
    # line, column, code, then message, whatever order the rules and history produced them in
    _, out, _ = run(capsys, *args[:-1], "json")
    found = [(d["path"], d["line"], d["col"], d["code"], d["message"]) for d in json.loads(out)]
    assert len(found) > 5 and found == sorted(found)
    assert len({f[0] for f in found}) > 1


def test_sarif_validates_against_the_sarif_2_1_0_schema(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", "--root", str(ledger), "--as-of", "2024-05-01", "--history", "--format", "sarif"]
    code, out, _ = run(capsys, *args, "--min-severity", "info")
    log = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    run_ = log["runs"][0]
    ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert {m.RULE.code for m in REGISTRY.values()} <= set(ids)
    for result in run_["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    levels = {(r["ruleId"], r["level"]) for r in run_["results"]}
    # weekly updates were a "should" in 2024 (IRG v2.0): warnings; missed weeks are history
    assert {("LDG103", "warning"), ("LDG103", "note"), ("LDG022", "error")} <= levels and code == 1


def test_a_broken_sarif_would_fail_the_schema() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate({"version": "2.1.0", "runs": [{"tool": {}}]})


def test_junit_parses_with_a_junit_library(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "--root", str(ledger), "--as-of", "2024-05-01", "--format", "junit")
    ET.fromstring(out.encode())
    path = ledger / "junit.xml"
    path.write_text(out, encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    suites = list(xml)
    errors = json.loads(run(capsys, "check", "--root", str(ledger), "--as-of", "2024-05-01", "--format", "json")[1])
    failing = [d for d in errors if d["severity"] == "error"]
    assert len(suites) == 1 and suites[0].failures == len(failing) > 0
    failed = [case for case in suites[0] if any(isinstance(r, junitparser.Failure) for r in case.result)]
    assert len(failed) == len(failing)


def test_github_step_summary_is_appended(ledger: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    summary = ledger / "summary.md"
    summary.write_text("before\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    _, out, _ = run(capsys, "check", "--root", str(ledger), "--as-of", "2024-05-01", "--format", "json")
    rows = [line for line in summary.read_text("utf-8").splitlines() if line.startswith("| error")]
    assert summary.read_text("utf-8").startswith("before\n### ledger check as of 2024-05-01 23:59:59 UTC")
    assert len(rows) == sum(1 for d in json.loads(out) if d["severity"] == "error")


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and [r["code"] for r in rows] == [m.RULE.code for m in REGISTRY.values()]
    initial = next(r for r in rows if r["name"] == "initial-report-overdue")
    initial["sources"] = [(s["cite"], s["effective"], s["strength"]) for s in initial["sources"]]
    assert initial == {
        "code": "LDG106", "name": "initial-report-overdue", "kind": "deadline",
        "severity": "warning from 2023-10-17, error from 2025-03-01", "options": "hours: 72",
        "applies_from": "2023-10-17", "programs": "apple, chrome, microsoft, mozilla",
        # written out: the rule's own constant here would agree with any output built from it
        "source": 'CCADB Incident Reporting Guidelines v3.0, "When are reports expected?"',
        "sources": [
            ('CCADB Incident Reporting Guidelines v2.0, "Incident Reports"', "2023-10-17", "warning"),
            ('CCADB Incident Reporting Guidelines v3.0, "When are reports expected?"', "2025-03-01",
             "error"),
        ],
    }
    text = run(capsys, "rules")[1]
    assert text.splitlines()[0].split() == ["code", "name", "severity", "options", "applies-from", "source"]
    # a line per rule, then one per source in its own words
    sources = sum(len(m.RULE.sources) for m in REGISTRY.values())
    assert len(text.splitlines()) == len(REGISTRY) + 1 + sources
    assert '"Within 72 hours of a CA Owner becoming aware of an incident' in text


@pytest.mark.parametrize("as_of", ["2024-03-25T00:00Z", "2025-05-01T00:00Z", "2025-01-01T00:00Z", "2025-03-20T00:00Z"])
def test_skipping_history_leaves_the_open_findings_alone(as_of: str) -> None:
    from datetime import UTC, datetime

    from generator.rules.engine import evaluate
    from generator.validate import validate
    from generator.values import parse_instant

    ledger = validate(REPO).ledger
    moment, now = parse_instant(as_of, UTC).utc, datetime(2030, 1, 1, tzinfo=UTC)
    full = evaluate(ledger, as_of=moment, now=now)
    lean = evaluate(ledger, as_of=moment, now=now, keep_history=False)
    assert lean.open == full.open and full.open
    assert lean.history == [] and full.history
