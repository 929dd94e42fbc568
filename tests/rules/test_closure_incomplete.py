from __future__ import annotations

from pathlib import Path

from rulecase import HEAD, found, messages

CODE = "LDG201"
CLOSED = HEAD.replace("status: open", "status: closed")
CLOSURE = """\
opened: 2024-05-01T09:00Z
closed: 2024-06-10
resolution: fixed
closure: {description: D., root_causes: R., remediation: M., commitments: C., attested: true,
          posted: 2024-06-05}
action_items:
"""  # the first action item is on line 13


def item(fields: str) -> str:
    return CLOSURE + f"  - {{id: fix, action: Fix it., kind: prevent, due: 2024-06-01, {fields}}}\n"


def test_an_open_action_item_under_an_attested_closure_fires_at_the_item(tmp_path: Path) -> None:
    assert (found(tmp_path, CODE, item("status: ongoing"), "2024-07-01T00:00Z", head=CLOSED)
            == [(CODE, 13)])
    assert messages(tmp_path, CODE, "2024-07-01T00:00Z") == [
        "the closure summary of x (posted 2024-06-05) attests that every action item is"
        " complete, but action item 'fix' is ongoing"]


def test_complete_or_canceled_items_are_quiet(tmp_path: Path) -> None:
    for name, fields in (("done", "status: complete, completed: 2024-06-05"),
                         ("canceled", "status: canceled")):
        assert found(tmp_path / name, CODE, item(fields), "2024-07-01T00:00Z", head=CLOSED) == []


def test_completed_the_day_after_the_summary_fires(tmp_path: Path) -> None:
    late = item("status: complete, completed: 2024-06-06")
    assert found(tmp_path, CODE, late, "2024-07-01T00:00Z", head=CLOSED) == [(CODE, 13)]


def test_the_posting_day_is_read_in_the_incidents_zone(tmp_path: Path) -> None:
    # posted 2024-06-05T20:00-05:00 is 2024-06-06 01:00 UTC: in the incident's zone it is the 5th
    fields = item("status: complete, completed: 2024-06-06").replace(
        "posted: 2024-06-05", "posted: '2024-06-05T20:00-05:00'")
    assert found(tmp_path / "utc", CODE, fields, "2024-07-01T00:00Z", head=CLOSED) == []
    zoned = CLOSED + "timezone: '-05:00'\n"
    assert found(tmp_path / "ny", CODE, fields, "2024-07-01T00:00Z", head=zoned) == [(CODE, 14)]


def test_a_closure_posted_after_as_of_is_not_seen(tmp_path: Path) -> None:
    # the as-of view is total: as of a day before the closure summary, no summary exists yet
    assert found(tmp_path / "a", CODE, item("status: ongoing"), "2024-05-02T00:00Z",
                 head=CLOSED) == []
    assert (found(tmp_path / "b", CODE, item("status: ongoing"), "2024-07-01T00:00Z", head=CLOSED)
            == [(CODE, 13)])
