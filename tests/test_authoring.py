"""`ledger new` and `ledger add`: valid skeletons, derived ids and dates, nothing overwritten,
the user's text kept byte for byte around an appended item."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import authoring
from generator.cli import main
from generator.errors import LedgerError
from generator.validate import validate

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = "incidents/2024/cfca-cpr-response.yaml"


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """A copy of the example ledger (records only: no schemas next to it)."""
    for top in ("incidents", "ledger"):
        shutil.copytree(REPO / top, tmp_path / top)
    return tmp_path


def errors_in(root: Path) -> list[str]:
    return [
        f"{d.pos.path}:{d.pos.line}: {d.message}"
        for d in validate(root).diagnostics
        if d.severity == "error"
    ]


def cli(ledger: Path, *args: str) -> int:
    return main([*args, "--root", str(ledger)])


def test_new_incident_is_valid_dated_and_starts_with_the_schema_comment(
    ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli(
        ledger,
        "new",
        "incident",
        "Example CA: Late CRL",
        "--owner",
        "PKI team",
        "--today",
        "2025-05-01",
    )
    assert code == 0, capsys.readouterr().err
    path = ledger / "incidents/2025/example-ca-late-crl.yaml"
    text = path.read_text()
    assert text.startswith(
        "# yaml-language-server: $schema=https://compliance-ledger.dev/schemas/v1/incident.schema.json\n"
    )
    # not disclosed yet: `aware` is recorded (the 72-hour clock), `opened` left out
    lines = text.splitlines()
    assert "aware: 2025-05-01T00:00Z    # when you became aware: starts the 72-hour clock" in lines
    assert "  - at: 2025-05-01T00:00Z" in lines
    assert not any(line.startswith("opened:") for line in lines)
    assert errors_in(ledger) == []
    assert validate(ledger).ledger.incidents["example-ca-late-crl"].owner == "PKI team"


def test_new_never_overwrites(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "new",
        "incident",
        "Same title",
        "--owner",
        "x",
        "--today",
        "2025-05-01",
        "--root",
        str(ledger),
    ]
    assert main(args) == 0
    path = ledger / "incidents/2025/same-title.yaml"
    path.write_text(path.read_text() + "# my edit\n")
    before = path.read_bytes()
    assert main(args) == 2
    assert "already used" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_write_new_refuses_a_file_that_appeared_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_text("theirs\n")
    with pytest.raises(LedgerError):
        authoring.write_new(target, "mine\n")
    assert target.read_text() == "theirs\n"
    assert list(tmp_path.iterdir()) == [target]  # no temp file left behind


def test_schema_comment_is_a_relative_path_in_the_tools_own_repository() -> None:
    line = authoring.modeline(REPO, "incidents/2030/x.yaml", "incident")
    assert line == "# yaml-language-server: $schema=../../generator/schemas/incident.schema.json\n"
    assert (
        (REPO / "incidents/2030" / "../../generator/schemas/incident.schema.json")
        .resolve()
        .is_file()
    )


def test_schema_comment_uses_the_published_site(ledger: Path) -> None:
    (ledger / "mkdocs.yml").write_text("site_name: x\nsite_url: https://ledger.example.org/\n")
    line = authoring.modeline(ledger, "ledger/contacts/a.yaml", "contact")
    assert (
        line
        == "# yaml-language-server: $schema=https://ledger.example.org/schemas/contact.schema.json\n"
    )


def test_new_contact_and_problem_reports_validate_with_sequential_ids(ledger: Path) -> None:
    assert (
        cli(
            ledger,
            "new",
            "contact",
            "--address",
            "pki@example.org",
            "--owner",
            "PKI team",
            "--today",
            "2025-05-01",
        )
        == 0
    )
    assert (ledger / "ledger/contacts/pki-at-example-org.yaml").is_file()
    for _ in range(2):
        assert (
            cli(
                ledger,
                "new",
                "problem-report",
                "--channel",
                "pki-at-example-org",
                "--today",
                "2025-05-01T09:30+02:00",
            )
            == 0
        )
    report = ledger / "ledger/problem-reports/cpr-2025-05-01-2.yaml"
    assert 'received: "2025-05-01T07:30Z"' in report.read_text()
    assert errors_in(ledger) == []


def test_problem_report_needs_a_channel_when_several_contacts_exist(
    ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(ledger, "new", "problem-report", "--today", "2025-05-01") == 2
    assert ("contacts: cfca-docsign-mailbox, cfca-poc-gaofei, cfca-poc-michael, cfca-poc-qiudawei,"
            " cfca-rc-mailbox)") in capsys.readouterr().err


def test_stdout_writes_nothing(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        cli(
            ledger,
            "new",
            "incident",
            "Dry run",
            "--owner",
            "x",
            "--today",
            "2025-05-01",
            "--stdout",
        )
        == 0
    )
    assert "title: Dry run" in capsys.readouterr().out
    assert not (ledger / "incidents/2025").exists()


def inserted(before: str, after: str) -> list[str]:
    """The lines of `after` that are not in `before`, checking `before` survives in order."""
    old, new = before.splitlines(), after.splitlines()
    extra, i = [], 0
    for line in new:
        if i < len(old) and line == old[i]:
            i += 1
        else:
            extra.append(line)
    assert i == len(old), "a line of the original file was changed or lost"
    return extra


def test_add_update_keeps_every_byte_of_the_record(ledger: Path) -> None:
    path = ledger / EXAMPLE
    before = path.read_text()
    assert (
        cli(
            ledger,
            "add",
            "update",
            "cfca-cpr-response",
            "--at",
            "2025-03-25T10:00+08:00",
            "--text",
            "Status: all done.\nSecond line",
        )
        == 0
    )
    after = path.read_text()
    assert inserted(before, after) == [
        '  - at: "2025-03-25T10:00+08:00"',
        "    text: |-",
        "      Status: all done.",
        "      Second line",
    ]
    assert "# approx.: reported in the update below" in after
    assert errors_in(ledger) == []
    updates = validate(ledger).ledger.incidents["cfca-cpr-response"].updates
    assert updates[-1].text == "Status: all done.\nSecond line"


def test_add_action_item_numbers_ids_and_dates_due(ledger: Path) -> None:
    for _ in range(2):
        args = ("--root-cause", "stale-registration", "--today", "2025-03-01")
        assert cli(ledger, "add", "action-item", "cfca-cpr-response", *args) == 0
    items = validate(ledger).ledger.incidents["cfca-cpr-response"].action_items
    got = [(i.id, i.due.isoformat(), i.status) for i in items[1:]]
    assert got == [("ai-1", "2025-03-31", "ongoing"), ("ai-2", "2025-03-31", "ongoing")]


def test_add_to_flow_lists_and_missing_keys(ledger: Path) -> None:
    assert cli(ledger, "new", "incident", "Flow", "--owner", "x", "--today", "2025-05-01") == 0
    path = ledger / "incidents/2025/flow.yaml"
    path.write_text(
        path.read_text()
        .replace("updates: []\n", "")
        .replace("action_items: []", "action_items: [] # none yet")
    )
    assert cli(ledger, "add", "update", "flow", "--text", "First", "--today", "2025-05-02") == 0
    assert cli(ledger, "add", "action-item", "flow", "--due", "2025-06-01") == 0
    text = path.read_text()
    assert "action_items:\n  - id: ai-1\n" in text and "# none yet" in text
    assert text.endswith("updates:\n  - at: 2025-05-02\n    text: First\n")
    assert errors_in(ledger) == []


def test_an_addition_that_would_not_validate_writes_nothing(
    ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ledger / EXAMPLE
    before = path.read_bytes()
    args = ("--root-cause", "no-such-cause")
    assert cli(ledger, "add", "action-item", "cfca-cpr-response", *args) == 1
    err = capsys.readouterr().err
    assert "no-such-cause" in err and "nothing written" in err
    assert path.read_bytes() == before


def test_bad_today_is_a_usage_error(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(ledger, "add", "update", "cfca-cpr-response", "--today", "2025-02-30", "--text", "T.") == 2
    assert "--today" in capsys.readouterr().err


def test_a_new_incident_passes_check_on_day_one_and_fails_72_hours_later(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "new"
    assert main(["init", str(root), "--package", "compliance-ledger==0.1.0"]) == 0
    code = cli(root, "new", "incident", "Example CA: Late CRL", "--owner", "PKI team",
               "--today", "2025-05-01T10:00Z")
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    assert cli(root, "check", "--as-of", "2025-05-01T10:00Z", "--format", "json") == 0
    assert cli(root, "check", "--as-of", "2025-05-04T10:00:00Z", "--format", "json") == 0
    capsys.readouterr()
    assert cli(root, "check", "--as-of", "2025-05-04T10:00:01Z", "--format", "json") == 1
    out = capsys.readouterr().out
    assert [(r["name"], r["deadline"]) for r in json.loads(out)] == [
        ("initial-report-overdue", "2025-05-04T10:00:00Z")
    ]


def test_add_update_requires_the_text(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (ledger / "incidents/2024/cfca-cpr-response.yaml").read_bytes()
    assert cli(ledger, "add", "update", "cfca-cpr-response") == 2
    assert "--text" in capsys.readouterr().err
    assert cli(ledger, "add", "update", "cfca-cpr-response", "--text", "") == 2
    assert (ledger / "incidents/2024/cfca-cpr-response.yaml").read_bytes() == before
