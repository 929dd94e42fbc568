from __future__ import annotations

from pathlib import Path

from contactcase import contact, messages

CODE = "LDG113"
LEFT = "owners:\n  - {owner: Alice, from: 2024-01-01, until: 2024-02-01}\n"  # entry on line 4


def test_fires_the_second_after_the_last_owners_until_day(tmp_path: Path) -> None:
    assert contact(tmp_path, CODE, LEFT, "2024-02-01T23:59:59Z") == []
    assert contact(tmp_path, CODE, LEFT, "2024-02-02T00:00:00Z") == [(CODE, 4)]
    [message] = messages(tmp_path, CODE, "2024-02-03T00:00:00Z")
    assert message == ("a new owner for contact c (cpr@example.com) after Alice is 1 day overdue"
                       " (deadline 2024-02-01 23:59:59 UTC)")


def test_the_day_ends_in_the_policy_zone_across_a_dst_change(tmp_path: Path) -> None:
    left = LEFT.replace("2024-02-01", "2024-03-31")
    policy = "timezone: Europe/Berlin\n"
    assert contact(tmp_path, CODE, left, "2024-03-31T21:59:59Z", policy=policy) == []
    assert contact(tmp_path, CODE, left, "2024-03-31T22:00:00Z", policy=policy) == [(CODE, 4)]


def test_the_day_ends_in_a_fixed_offset_policy_zone(tmp_path: Path) -> None:
    policy = "timezone: '+08:00'\n"
    assert contact(tmp_path, CODE, LEFT, "2024-02-01T15:59:59Z", policy=policy) == []
    assert contact(tmp_path, CODE, LEFT, "2024-02-01T16:00:00Z", policy=policy) == [(CODE, 4)]


def test_a_handover_on_the_day_or_the_next_leaves_no_gap(tmp_path: Path) -> None:
    for name, start in (("same", "2024-02-01"), ("next", "2024-02-02")):
        fields = LEFT + f"  - {{owner: Bob, from: {start}}}\n"
        assert contact(tmp_path / name, CODE, fields, "2024-06-01T00:00Z") == []
        assert contact(tmp_path / name, CODE, fields, "2024-06-01T00:00Z", history=True) == []


def test_a_gap_is_open_until_the_next_owner_starts_then_history(tmp_path: Path) -> None:
    fields = LEFT + "  - {owner: Bob, from: 2024-02-05}\n"  # line 5
    assert contact(tmp_path, CODE, fields, "2024-02-04T23:59:59Z") == [(CODE, 4)]
    assert contact(tmp_path, CODE, fields, "2024-02-05T00:00:00Z") == []
    assert contact(tmp_path, CODE, fields, "2024-03-01T00:00Z", history=True) == [(CODE, 5)]
    [message] = messages(tmp_path, CODE, "2024-03-01T00:00Z", history=True)
    assert message.endswith("was 3 days late (deadline 2024-02-01 23:59:59 UTC, done 2024-02-05)")


def test_a_retired_contact_needs_no_owner(tmp_path: Path) -> None:
    fields = LEFT + "retired: 2024-02-01\n"
    assert contact(tmp_path, CODE, fields, "2024-06-01T00:00Z") == []


def test_a_retirement_after_as_of_has_not_happened(tmp_path: Path) -> None:
    fields = LEFT + "retired: 2024-03-01\n"
    assert contact(tmp_path, CODE, fields, "2024-02-29T23:59:59Z") == [(CODE, 4)]
    assert contact(tmp_path, CODE, fields, "2024-03-01T00:00:00Z") == []
