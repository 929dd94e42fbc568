from __future__ import annotations

from pathlib import Path

from contactcase import messages, report

CODE = "LDG110"
RECEIVED = 'received: "2024-03-04T08:00+08:00"\n'  # 2024-03-04 00:00 UTC, line 4


def test_quiet_at_the_deadline_and_fires_one_second_later_at_received(tmp_path: Path) -> None:
    assert report(tmp_path, CODE, RECEIVED, "2024-03-05T00:00:00Z") == []
    assert report(tmp_path, CODE, RECEIVED, "2024-03-05T00:00:01Z") == [(CODE, 4)]


def test_as_of_written_in_another_offset(tmp_path: Path) -> None:
    assert report(tmp_path, CODE, RECEIVED, "2024-03-04T19:00:00-05:00") == []
    assert report(tmp_path, CODE, RECEIVED, "2024-03-04T19:00:01-05:00") == [(CODE, 4)]


def test_24_hours_elapse_across_a_dst_change(tmp_path: Path) -> None:
    # 12:00 CET on the eve of the change is 11:00Z; 24 hours later is 13:00 CEST (11:00Z), not
    # 12:00 CEST (10:00Z) as a wall-clock day would say
    fields = 'received: "2024-03-30T12:00"\n'
    files_zone = fields.replace("12:00", "12:00")
    text = files_zone
    found = report(tmp_path, CODE, text.replace('"2024', '"2024'), "2024-03-31T10:30:00Z")
    assert found == []  # in UTC the fixture reads 12:00Z: see the Berlin case below
    berlin = tmp_path / "berlin"
    fields = 'received: "2024-03-30T12:00+01:00"\n'
    assert report(berlin, CODE, fields, "2024-03-31T11:00:00Z") == []
    assert report(berlin, CODE, fields, "2024-03-31T11:00:01Z") == [(CODE, 4)]
