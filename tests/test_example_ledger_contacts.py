"""The example ledger's contacts: the registered mailbox whose reader changed is not a
registry change (CCADB holds the address), the points of contact that were replaced are, and
no finding rests on a date the sources do not give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]


def check(as_of: str, capsys: pytest.CaptureFixture[str],
          *more: str) -> tuple[int, list[tuple[str, str]]]:
    capsys.readouterr()
    code = main(["check", "--root", str(ROOT), "--as-of", as_of, "--format", "json", *more])
    found = json.loads(capsys.readouterr().out or "[]")
    return code, [(d["record"], d["name"]) for d in found]


@pytest.mark.parametrize("as_of", ["2024-03-05T09:00+08:00", "2024-04-17", "2025-04-03"])
def test_no_contact_finding_before_the_verification_commitment(
        as_of: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, found = check(as_of, capsys, "--history")
    assert [f for f in found if f[1].startswith("contact-")] == []


def test_the_new_primary_poc_was_registered_in_time(capsys: pytest.CaptureFixture[str]) -> None:
    _, found = check("2025-06-01", capsys, "--history")
    assert ("cfca-poc-michael", "contact-registry-stale") not in found


def test_every_contact_is_owned_and_the_old_points_of_contact_retired(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, found = check("2026-01-01", capsys, "--history")
    assert [f for f in found if f[1] in ("contact-unowned", "no-shared-problem-contact")] == []
    assert {r for r, name in found if name == "contact-verification-due"} == {
        "cfca-docsign-mailbox", "cfca-poc-michael", "cfca-rc-mailbox"}
