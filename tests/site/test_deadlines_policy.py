"""The site's calendar takes each rule's options from the policy, else from the rule: it lists
the engine's obligations, so a policy option moves the event as it moves `ledger check`."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar

from generator.publish.build import prepare

ROOT = Path(__file__).resolve().parent.parent.parent
NOW = datetime(2026, 1, 2, tzinfo=UTC)


def _revocation_due(root: Path, docs: Path) -> datetime:
    assert prepare(root, docs, as_of_text="2024-03-05T01:00Z", now=NOW, history=False).ok
    cal = icalendar.Calendar.from_ical((docs / "feeds" / "deadlines.ics").read_bytes())
    found = [
        e["DTSTART"].dt
        for e in cal.walk("VEVENT")
        if str(e["X-LEDGER-RULE"]) == "cpr-revocation-overdue"
    ]
    assert len(found) == 1
    due: datetime = found[0]
    return due


def test_revocation_window_follows_the_rule_default_then_the_policy(tmp_path: Path) -> None:
    for folder in ("incidents", "ledger"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    received = datetime(2024, 3, 4, 0, 0, tzinfo=UTC)  # 08:00 at UTC+8
    assert _revocation_due(tmp_path, tmp_path / "a") == received + timedelta(days=5)
    policy = tmp_path / "ledger" / "policy.yaml"
    policy.write_text(policy.read_text("utf-8") + "  cpr-revocation-overdue: {days: 2}\n", "utf-8")
    assert _revocation_due(tmp_path, tmp_path / "b") == received + timedelta(days=2)
