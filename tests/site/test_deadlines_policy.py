"""The site's derived deadlines take each rule's options from the policy, else from the rule."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from generator.site.deadlines import derive
from generator.validate import validate

ROOT = Path(__file__).resolve().parent.parent.parent
AS_OF = datetime(2024, 3, 5, 1, 0, tzinfo=UTC)


def _revocation_due(root: Path) -> datetime:
    ledger = validate(root).ledger
    found = [d for d in derive(ledger, AS_OF) if d.rule == "cpr-revocation-overdue"]
    assert len(found) == 1
    return found[0].due


def test_revocation_window_follows_the_rule_default_then_the_policy(tmp_path: Path) -> None:
    for folder in ("incidents", "ledger"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    received = datetime(2024, 3, 4, 0, 0, tzinfo=UTC)  # 08:00 at UTC+8
    assert _revocation_due(tmp_path) == received + timedelta(days=5)
    policy = tmp_path / "ledger" / "policy.yaml"
    policy.write_text(policy.read_text("utf-8") + "  cpr-revocation-overdue: {days: 2}\n", "utf-8")
    assert _revocation_due(tmp_path) == received + timedelta(days=2)
