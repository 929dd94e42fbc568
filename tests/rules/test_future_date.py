from __future__ import annotations

from pathlib import Path

from contactcase import CONTACT, messages
from rulecase import HEAD as RULECASE_HEAD
from rulecase import instant, judge

from generator.rules.engine import evaluate
from generator.validate import validate

CODE = "LDG206"
X = "incidents/x.yaml"
HEAD = RULECASE_HEAD.replace("2024-05-01T09:00Z", "2024-01-01T09:00Z")  # the event on line 6


def at_now(root: Path, files: dict[str, str], now: str,
           as_of: str = "2020-01-01T00:00Z") -> list[tuple[str, str, int]]:
    judge(root, files, as_of)
    evaluation = evaluate(validate(root).ledger, as_of=instant(as_of), now=instant(now))
    return [(d.path, d.code, d.pos.line) for d in evaluation.open if d.code == CODE]


def incident(update: str, zone: str = "UTC") -> dict[str, str]:
    text = (HEAD + f"timezone: '{zone}'\nopened: 2024-03-01T00:00Z\nupdates:\n"
            f"  - {{at: {update}, text: T.}}\n")
    return {"incidents/x.yaml": text}  # the update is on line 10


def test_an_instant_one_second_after_now(tmp_path: Path) -> None:
    files = incident('"2024-03-20T18:00:00+08:00"')  # 10:00:00 UTC
    assert at_now(tmp_path, files, "2024-03-20T09:59:59Z") == [(X, CODE, 10)]
    assert at_now(tmp_path, files, "2024-03-20T10:00:00Z") == []


def test_a_date_is_future_until_its_day_begins_in_the_records_zone(tmp_path: Path) -> None:
    files = incident("2024-03-21", zone="+08:00")  # the 21st begins at 2024-03-20T16:00Z
    assert at_now(tmp_path, files, "2024-03-20T15:59:59Z") == [(X, CODE, 10)]
    assert at_now(tmp_path, files, "2024-03-20T16:00:00Z") == []


def test_across_a_dst_change_the_day_begins_at_local_midnight(tmp_path: Path) -> None:
    files = incident("2024-04-01", zone="Europe/Berlin")  # CEST: the 1st begins at 03-31T22:00Z
    assert at_now(tmp_path, files, "2024-03-31T21:59:59Z") == [(X, CODE, 10)]
    assert at_now(tmp_path, files, "2024-03-31T22:00:00Z") == []


def test_the_real_clock_counts_not_as_of(tmp_path: Path) -> None:
    files = incident('"2024-03-20T10:00Z"')
    assert at_now(tmp_path, files, "2024-03-21T00:00Z", as_of="2024-03-01T00:00Z") == []
    assert (at_now(tmp_path, files, "2024-03-19T00:00Z", as_of="2024-04-01T00:00Z")
            == [(X, CODE, 10)])
    assert messages(tmp_path, CODE, "2024-04-01T00:00Z", now="2024-03-19T00:00Z") == [
        "x: an update is dated 2024-03-20T10:00Z, after now (2024-03-19T00:00+00:00)"]


def test_verifications_and_completions_count_but_plans_do_not(tmp_path: Path) -> None:
    files = {
        "ledger/contacts/c.yaml": CONTACT + "owners: [{owner: A, from: 2025-01-01}]\n"
        "valid_until: 2026-01-01\nverifications:\n  - {on: 2024-05-01, by: A}\n",
        "incidents/x.yaml": HEAD + "opened: 2024-03-01T00:00Z\nnext_update: 2025-01-01\n"
        "action_items:\n  - {id: a, action: A., kind: prevent, due: 2025-01-01, status: complete,\n"
        "     completed: 2024-05-01}\n",
    }
    # the owner's `from`, `valid_until`, `next_update` and `due` lie ahead: only facts count
    assert at_now(tmp_path, files, "2024-04-30T12:00Z") == [
        ("incidents/x.yaml", CODE, 11), ("ledger/contacts/c.yaml", CODE, 6)]
