"""The as-of view's shortcut (Incident.latest) changes nothing: the views are equal without it."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.gen_ledger import generate
from generator.rules import asof
from generator.validate import validate


def test_views_with_and_without_the_latest_bound_are_equal(tmp_path: Path) -> None:
    generate(tmp_path / "ledger", 60, seed=5)
    ledger = validate(tmp_path / "ledger").ledger
    assert all(i.latest is not None for i in ledger.incidents.values())
    unbounded = dataclasses.replace(
        ledger,
        incidents={k: dataclasses.replace(v, latest=None) for k, v in ledger.incidents.items()},
    )
    start = datetime(2024, 1, 1, tzinfo=UTC)
    skipped = 0
    for step in range(0, 30 * 31, 31):
        as_of = start + timedelta(days=step, hours=step % 24)
        fast, full = asof.view(ledger, as_of), asof.view(unbounded, as_of)
        for key, incident in fast.incidents.items():
            assert dataclasses.replace(incident, latest=None) == full.incidents[key], (key, as_of)
            skipped += incident is ledger.incidents[key]
    assert skipped > 0  # the shortcut was taken


def test_latest_is_at_or_after_every_fact_of_the_example() -> None:
    root = Path(__file__).resolve().parent.parent.parent
    incident = validate(root).ledger.incidents["cfca-cpr-response"]
    assert incident.latest is not None
    facts = [incident.opened.utc, *(e.at.utc for e in incident.timeline),
             *(u.at.utc for u in incident.updates), *(q.asked.utc for q in incident.questions)]
    assert max(facts) <= incident.latest
