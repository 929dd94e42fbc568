from __future__ import annotations

from pathlib import Path

from contactcase import messages, report

CODE = "LDG110"
RECEIVED = 'received: "2024-03-04T08:00+08:00"\n'  # 2024-03-04 00:00 UTC, line 4
BOTH = [(CODE, 4), (CODE, 4)]  # owed to the reporter and to the subscriber (TLS BR 4.9.5)


def sent(to_reporter: str, to_subscriber: str | None = None) -> str:
    """Both preliminary reports (lines 5 and 6); the subscriber's at the same moment unless given."""
    return (RECEIVED + f'preliminary_report: "{to_reporter}"\n'
            + f'preliminary_report_subscriber: "{to_subscriber or to_reporter}"\n')


def test_quiet_at_the_deadline_and_fires_one_second_later_at_received(tmp_path: Path) -> None:
    assert report(tmp_path, CODE, RECEIVED, "2024-03-05T00:00:00Z") == []
    assert report(tmp_path, CODE, RECEIVED, "2024-03-05T00:00:01Z") == BOTH
    assert messages(tmp_path, CODE, "2024-03-05T01:00:00Z") == [
        f"the preliminary report to the {whom} on problem report r is 1 hour overdue"
        " (deadline 2024-03-05 00:00 UTC)"
        for whom in ("reporter", "subscriber")
    ]


def test_each_recipient_is_its_own_obligation(tmp_path: Path) -> None:
    only_reporter = RECEIVED + 'preliminary_report: "2024-03-04T20:00+08:00"\n'
    assert report(tmp_path, CODE, only_reporter, "2024-03-05T00:00:01Z") == [(CODE, 4)]
    [message] = messages(tmp_path, CODE, "2024-03-05T00:00:01Z")
    assert message.startswith("the preliminary report to the subscriber")
    late_subscriber = sent("2024-03-04T20:00+08:00", "2024-03-06T08:00+08:00")
    assert report(tmp_path / "b", CODE, late_subscriber, "2024-04-01T00:00Z", history=True) == [
        (CODE, 6)
    ]


def test_as_of_written_in_another_offset(tmp_path: Path) -> None:
    assert report(tmp_path, CODE, RECEIVED, "2024-03-04T19:00:00-05:00") == []
    assert report(tmp_path, CODE, RECEIVED, "2024-03-04T19:00:01-05:00") == BOTH


def test_24_hours_elapse_across_a_dst_change(tmp_path: Path) -> None:
    # 12:00 CET on the eve of the change is 11:00Z; 24 hours later is 13:00 CEST (11:00Z), not
    # 12:00 CEST (10:00Z) as "the same time next day" would say
    fields = 'received: "2024-03-30T12:00"\n'
    assert report(tmp_path, CODE, fields, "2024-03-31T10:30:00Z", zone="Europe/Berlin") == []
    assert report(tmp_path, CODE, fields, "2024-03-31T11:00:00Z", zone="Europe/Berlin") == []
    assert report(tmp_path, CODE, fields, "2024-03-31T11:00:01Z", zone="Europe/Berlin") == BOTH


def test_sent_late_is_history_at_its_line_and_open_before_it_was_sent(tmp_path: Path) -> None:
    fields = sent("2024-03-19T16:30+08:00")
    assert report(tmp_path, CODE, fields, "2024-03-19T08:29:59Z") == BOTH
    assert report(tmp_path, CODE, fields, "2024-03-19T08:30:00Z") == []
    assert report(tmp_path, CODE, fields, "2024-04-01T00:00Z", history=True) == [
        (CODE, 5), (CODE, 6)
    ]
    assert messages(tmp_path, CODE, "2024-04-01T00:00Z", history=True)[0] == (
        "the preliminary report to the reporter on problem report r was 14 days 8 hours late"
        " (deadline 2024-03-05 00:00 UTC, done 2024-03-19T16:30+08:00)")


def test_on_time_is_quiet_in_both_lists(tmp_path: Path) -> None:
    fields = sent("2024-03-05T08:00+08:00")
    assert report(tmp_path, CODE, fields, "2024-04-01T00:00Z") == []
    assert report(tmp_path, CODE, fields, "2024-04-01T00:00Z", history=True) == []


def test_a_date_on_the_deadline_day_is_on_time(tmp_path: Path) -> None:
    # the deadline is 2024-03-05 00:00 UTC; a report dated 2024-03-05 is "some time that day"
    on_day = RECEIVED + "preliminary_report: 2024-03-05\npreliminary_report_subscriber: 2024-03-05\n"
    next_day = on_day.replace("2024-03-05", "2024-03-06")
    assert report(tmp_path / "a", CODE, on_day, "2024-04-01T00:00Z", history=True) == []
    assert report(tmp_path / "b", CODE, next_day, "2024-04-01T00:00Z", history=True) == [
        (CODE, 5), (CODE, 6)
    ]


def test_an_acknowledgement_does_not_count(tmp_path: Path) -> None:
    fields = RECEIVED + 'acknowledged: "2024-03-04T08:01+08:00"\n'
    assert report(tmp_path, CODE, fields, "2024-03-05T00:00:01Z") == BOTH


def test_reports_received_before_the_rule_applied_are_not_judged(tmp_path: Path) -> None:
    # TLS BR 1.6.1 (ballot SC6) put the 24-hour preliminary report in force on 2018-10-14
    assert (report(tmp_path / "a", CODE, 'received: "2018-10-13T12:00Z"\n', "2019-01-01T00:00Z")
            == [])
    assert (report(tmp_path / "b", CODE, 'received: "2018-10-14T00:00Z"\n', "2019-01-01T00:00Z")
            == BOTH)
