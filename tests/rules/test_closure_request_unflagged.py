from __future__ import annotations

from pathlib import Path

from rulecase import found

CODE = "LDG207"
HEAD = """\
title: Example incident
status: open
owner: PKI team
summary: An example.
timeline:
  - {at: 2025-05-01T09:00Z, event: Reported.}
"""
CLOSURE = """\
opened: 2025-05-01T09:00Z
closure: {description: D., root_causes: R., remediation: M., commitments: C., attested: true,
          posted: POSTED}
"""


def closure(posted: str, needinfo: str = "") -> str:
    text = CLOSURE.replace("POSTED", posted)
    return text.replace("posted:", f"needinfo: [{needinfo}], posted:") if needinfo else text


def test_from_v3_1_the_closure_request_flags_the_ccadb(tmp_path: Path) -> None:
    assert found(tmp_path / "a", CODE, closure("2025-07-14"), "2025-09-01T00:00Z", head=HEAD) == []
    assert found(tmp_path / "b", CODE, closure("2025-07-15"), "2025-09-01T00:00Z", head=HEAD) == [
        (CODE, 8)
    ]


def test_flagged_is_quiet_whatever_the_case(tmp_path: Path) -> None:
    text = closure("2025-08-01", "Incident-Reporting@CCADB.org")
    assert found(tmp_path, CODE, text, "2025-09-01T00:00Z", head=HEAD) == []


def test_flagging_someone_else_is_not_enough(tmp_path: Path) -> None:
    text = closure("2025-08-01", "bwilson@mozilla.com")
    assert found(tmp_path, CODE, text, "2025-09-01T00:00Z", head=HEAD) == [(CODE, 8)]
