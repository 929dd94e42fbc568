"""`ledger export`: the CCADB v3 templates, UTC times, and nothing of the record lost."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.model import Incident
from generator.validate import validate
from generator.values import format_instant

REPO = Path(__file__).resolve().parent.parent

# The v3.1 Full Incident Report template, in order (CCADB Incident Reporting Guidelines).
FULL_SECTIONS = [
    "## Full Incident Report",
    "### Summary",
    "### Impact",
    "### Timeline",
    "### Related Incidents",
    "### Root Cause Analysis",
    "### Lessons Learned",
    "### Action Items",
    "### Appendix",
]
FULL_LABELS = [
    "CA Owner CCADB unique ID",
    "Incident description",
    "Timeline summary",
    "Non-compliance start date",
    "Non-compliance identified date",
    "Non-compliance end date",
    "Relevant policies",
    "Source of incident disclosure",
    "Total number of certificates",
    'Total number of "remaining valid" certificates',
    "Affected certificate types",
    "Incident heuristic",
    "Was issuance stopped in response to this incident, and why or why not?",
    "Analysis",
    "Additional considerations",
    "Description",
    "Timeline",
    "Detection",
    "Interaction with other factors",
    "Root Cause Analysis methodology used",
    "What went well",
    "What didn’t go well",  # noqa: RUF001 - the template's own apostrophe
    "Where we got lucky",
    "Additional",
]
ACTION_HEADER = (
    "| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |"
)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def example() -> Incident:
    return validate(REPO).ledger.incidents["cfca-cpr-response"]


def test_full_export_has_every_v3_section_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["export", "cfca-cpr-response", "--as", "full", "--root", str(REPO)], capsys)
    assert code == 0
    positions = [out.index(s + "\n") for s in FULL_SECTIONS]
    assert positions == sorted(positions)
    for label in FULL_LABELS:
        assert f"**{label}:**" in out, label
    assert ACTION_HEADER in out
    assert (
        "**Contributing Factor 1: The mailbox's administrator changed and CCADB was not updated**"
        in out
    )


def test_times_are_converted_to_utc(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["export", "cfca-cpr-response", "--root", str(REPO)], capsys)
    timeline = out.split("### Timeline\n", 1)[1].split("###", 1)[0]
    assert timeline.lstrip().startswith("All times are UTC.")
    assert "- 2024-03-04 00:00 UTC: The reporter e-mails" in timeline  # written 08:00 at +08:00
    assert "+08:00" not in out and "UTC+8" not in out


def test_export_then_back_loses_no_date_action_item_or_question(
    example: Incident, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(["export", "cfca-cpr-response", "--as", "full", "--root", str(REPO)], capsys)
    for day in record_dates(example):
        assert day in out, day
    rows = table_rows(out)
    assert [(r[0], r[1], r[4], r[5]) for r in rows] == [
        (
            f"{i.action} [{i.id}]",
            i.kind.capitalize(),
            i.due.isoformat(),
            i.status.capitalize() + (f" ({i.completed})" if i.completed else ""),
        )
        for i in example.action_items
    ]
    questions = re.findall(
        r"^- \[([a-z0-9-]+)\] asked (\S+) by .*\(answered (\S+)\)$", out, re.MULTILINE
    )
    assert questions == [(q.id, shown(q.asked), shown(q.answered)) for q in example.questions]


def shown(when: object) -> str:
    day = getattr(when, "day", None)
    return day.isoformat() if day is not None else format_instant(when.utc)  # type: ignore[attr-defined]


def record_dates(incident: Incident) -> list[str]:
    whens = [
        incident.opened,
        incident.aware,
        *(e.at for e in incident.timeline),
        *(r.at for r in incident.reports),
        *(u.at for u in incident.updates),
        *(q.asked for q in incident.questions),
        *(q.answered for q in incident.questions),
        *(p.due for p in incident.promises),
        *(p.kept for p in incident.promises),
    ]
    days = [
        incident.closed,
        incident.close_on,
        *(i.due for i in incident.action_items),
        *(i.completed for i in incident.action_items),
    ]
    return [shown(w) for w in whens if w is not None] + [
        d.isoformat() for d in days if d is not None
    ]


def table_rows(markdown: str) -> list[list[str]]:
    section = markdown.split("### Action Items\n", 1)[1].split("###", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")][2:]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines]


def test_preliminary_template(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        ["export", "cfca-cpr-response", "--as", "preliminary", "--root", str(REPO)], capsys
    )
    # the record's own summary, read here with a plain YAML reader, not by the code under test
    record = yaml.safe_load((REPO / "incidents/2024/cfca-cpr-response.yaml").read_text("utf-8"))
    summary = record["summary"]
    assert summary.startswith("On 2024-03-04 a third party")
    assert out.splitlines()[:4] == [
        "## Preliminary Incident Report",
        "",
        "### Summary",
        f"- **Incident description:** {summary}",
    ]
    assert re.findall(r"\*\*([^*]+):\*\*", out) == [
        "Incident description",
        "Relevant policies",
        "Source of incident disclosure",
    ]
    assert "Third Party Reported" in out


def test_closure_ends_with_the_attestation_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["export", "cfca-cpr-response", "--as", "closure", "--root", str(REPO)], capsys
    )
    assert code == 0
    assert out.startswith("### Report Closure Summary\n")
    assert out.rstrip().endswith(
        "All Action Items disclosed in this report have been completed as described, "
        "and we request its closure."
    )


def test_closure_is_never_attested_while_an_item_is_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for top in ("incidents", "ledger"):
        shutil.copytree(REPO / top, tmp_path / top)
    assert (
        main(
            [
                "add",
                "action-item",
                "cfca-cpr-response",
                "--due",
                "2025-04-30",
                "--root",
                str(tmp_path),
            ]
        )
        == 0
    )
    capsys.readouterr()
    code, out, err = run(
        ["export", "cfca-cpr-response", "--as", "closure", "--root", str(tmp_path)], capsys
    )
    assert code == 1
    assert "request its closure" not in out
    assert "ai-1" in err


def test_people_by_role_unless_asked(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["export", "cfca-cpr-response", "--root", str(REPO)], capsys)
    assert "Mozilla root program" not in out and "CFCA CPR team" not in out
    assert "by a reviewer" in out
    _, named, _ = run(["export", "cfca-cpr-response", "--names", "--root", str(REPO)], capsys)
    assert "by Mozilla root program" in named and "owned by CFCA CPR team" in named


def test_same_input_same_bytes(capsys: pytest.CaptureFixture[str]) -> None:
    outs = {run(["export", "cfca-cpr-response", "--root", str(REPO)], capsys)[1] for _ in range(2)}
    assert len(outs) == 1


def test_unknown_incident_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["export", "no-such-incident", "--root", str(REPO)], capsys)
    assert code == 2 and "no incident 'no-such-incident'" in err
