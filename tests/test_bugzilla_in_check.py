"""`ledger check` reconciles the ledger with the Bugzilla snapshot the policy names: the
reconcile findings (LDG401-LDG406) are among check's open findings, read only from inside the
repository."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
BUG = "https://bugzilla.mozilla.org/show_bug.cgi?id=1888881"


def ledger(tmp_path: Path, snapshot: str) -> Path:
    root = tmp_path / "ledger"
    for top in ("incidents", "ledger"):
        shutil.copytree(REPO / top, root / top)
    policy = root / "ledger" / "policy.yaml"
    policy.write_text(policy.read_text() + f"bugzilla: {{snapshot: {snapshot}}}\n")
    return root


def search(status: str, whiteboard: str) -> dict[str, object]:
    return {
        "bugs": [
            {
                "id": 1888881,
                "summary": "CFCA: Failure to respond to a CPR in a complete and/or timely manner",
                "status": status,
                "resolution": "FIXED" if status == "RESOLVED" else "",
                "whiteboard": whiteboard,
                "creation_time": "2024-04-01T07:17:16Z",
                "creator": "gaofei@cfca.com.cn",
            }
        ],
        "faults": [],
    }


def codes(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["check", "--root", str(root), "--as-of", "2025-04-03", "--format", "json"])
    out, err = capsys.readouterr()
    return code, [d["code"] for d in json.loads(out or "[]")] or [err]


def test_a_status_that_differs_from_the_bug_is_a_check_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ledger(tmp_path, "bugzilla/search.json")
    (root / "bugzilla").mkdir()
    (root / "bugzilla" / "search.json").write_text(json.dumps(search("ASSIGNED", "")))
    code, found = codes(capsys, root)
    assert code == 1 and "LDG401" in found  # the record is closed, the bug still open
    (root / "bugzilla" / "search.json").write_text(json.dumps(search("RESOLVED", "")))
    _, found = codes(capsys, root)
    assert "LDG401" not in found


def test_a_snapshot_outside_the_repository_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "outside.json").write_text(json.dumps(search("ASSIGNED", "")))
    root = ledger(tmp_path, "../outside.json")
    capsys.readouterr()
    assert main(["check", "--root", str(root), "--as-of", "2025-04-03"]) == 2
    assert "is not a file or folder inside the ledger" in capsys.readouterr().err
