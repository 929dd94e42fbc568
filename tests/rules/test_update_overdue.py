from __future__ import annotations

from pathlib import Path

from rulecase import HEAD, found, judge, messages

CODE = "LDG103"
OPENED = "opened: 2024-05-01T09:00Z\n"


def test_quiet_until_seven_days_after_opening(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, OPENED, "2024-05-08T09:00:00Z") == []


def test_fires_one_second_later_at_opened(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, OPENED, "2024-05-08T09:00:01Z") == [(CODE, 7)]


def test_one_finding_per_missed_interval_only_the_current_one_open(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, OPENED, "2024-05-29T10:00Z") == [(CODE, 7)]
    assert found(tmp_path, CODE, OPENED, "2024-05-29T10:00Z", history=True) == [(CODE, 7)] * 3
    assert messages(tmp_path, CODE, "2024-05-29T10:00Z") == [
        "the update after 2024-05-01T09:00Z is 1 hour overdue (deadline 2024-05-29 09:00 UTC)"]


def test_an_update_restarts_the_clock_and_a_late_one_is_history(tmp_path: Path) -> None:
    incident = OPENED + "updates:\n  - {at: 2024-05-10T09:00Z, text: Late update.}\n"
    assert found(tmp_path, CODE, incident, "2024-05-17T09:00:00Z") == []
    assert found(tmp_path, CODE, incident, "2024-05-17T09:00:01Z") == [(CODE, 9)]
    assert found(tmp_path, CODE, incident, "2024-05-17T09:00:00Z", history=True) == [(CODE, 9)]
    assert messages(tmp_path, CODE, "2024-05-17T00:00Z", history=True) == [
        "the update after 2024-05-01T09:00Z was 2 days late (deadline 2024-05-08 09:00 UTC,"
        " done 2024-05-10T09:00Z)"]


def test_a_date_only_update_counts_on_its_whole_day(tmp_path: Path) -> None:
    # the clock from a date starts at 00:00 in the record's zone (+08:00 here)
    incident = "timezone: '+08:00'\n" + OPENED + "updates:\n  - {at: 2024-05-05, text: Update.}\n"
    # 2024-05-05 00:00+08 = 2024-05-04T16:00Z; seven days later: 2024-05-11T16:00Z
    assert found(tmp_path, CODE, incident, "2024-05-11T16:00:00Z") == []
    assert found(tmp_path, CODE, incident, "2024-05-11T16:00:01Z") == [(CODE, 10)]


def test_next_update_date_sets_the_current_deadline(tmp_path: Path) -> None:
    incident = OPENED + "next_update: 2024-05-20\n"
    assert found(tmp_path, CODE, incident, "2024-05-20T23:59:59Z") == []
    assert found(tmp_path, CODE, incident, "2024-05-21T00:00:00Z") == [(CODE, 8)]


def test_across_dst_seven_days_are_168_hours(tmp_path: Path) -> None:
    # opened 2024-10-24 00:00 in Europe/Berlin (CEST, 2024-10-23T22:00Z); CET from 2024-10-27
    incident = "timezone: Europe/Berlin\nopened: 2024-10-24\n"
    assert found(tmp_path, CODE, incident, "2024-10-30T22:00:00Z") == []
    assert found(tmp_path, CODE, incident, "2024-10-30T22:00:01Z") == [(CODE, 8)]


def v31(text: str) -> str:
    """The same incident a year later, once IRG v3.1 (2025-07-15) was in force."""
    return text.replace("2024-05-", "2025-08-").replace("2024-07-", "2025-10-")


def test_the_closure_summary_stops_the_clock_from_v3_1(tmp_path: Path) -> None:
    incident = v31(OPENED + "reports:\n  - {kind: closure, at: 2024-05-05T09:00Z}\n")
    head = v31(HEAD)
    assert found(tmp_path, CODE, incident, "2025-10-01T00:00Z", head=head) == []
    assert found(tmp_path, CODE, incident, "2025-10-01T00:00Z", history=True, head=head) == []


def test_before_v3_1_updates_were_owed_until_the_incident_closed(tmp_path: Path) -> None:
    # posted 2024-05-05: the summary counts as a post, and the weekly clock runs on from it
    incident = OPENED + "reports:\n  - {kind: closure, at: 2024-05-05T09:00Z}\n"
    assert found(tmp_path, CODE, incident, "2024-05-12T09:00:00Z") == []
    assert found(tmp_path, CODE, incident, "2024-05-12T09:00:01Z") == [(CODE, 9)]


def test_a_question_after_the_summary_restarts_the_clock(tmp_path: Path) -> None:
    incident = v31(
        OPENED
        + "reports:\n  - {kind: closure, at: 2024-05-05T09:00Z}\n"
        + "questions:\n  - {id: q1, asked: 2024-05-10T09:00Z, by: Root program, text: Why?,"
        " answered: 2024-05-11T09:00Z}\n"
    )
    head = v31(HEAD)
    assert found(tmp_path / "a", CODE, incident, "2025-08-17T09:00:00Z", head=head) == []
    assert found(tmp_path / "b", CODE, incident, "2025-08-17T09:00:01Z", head=head) == [
        (CODE, 11)
    ]


def test_strength_follows_the_guidelines_in_force(tmp_path: Path) -> None:
    from rulecase import judge

    def severities(root: Path, year_month: str) -> list[str]:
        text = (HEAD + OPENED).replace("2024-05-", year_month)
        files = {"incidents/x.yaml": text}
        as_of = f"{year_month}09T00:00Z"
        return [d.severity for d in judge(root, files, as_of).open if d.code == CODE]

    assert severities(tmp_path / "v1-before", "2023-04-") == []  # no cadence before 2023-05-02
    assert severities(tmp_path / "v1", "2023-06-") == ["warning"]  # "should ... every week"
    assert severities(tmp_path / "v2", "2024-06-") == ["warning"]  # "should" (v2.0)
    assert severities(tmp_path / "v3", "2025-04-") == ["error"]  # "MUST" (v3.0)


# Boundaries found by mutation testing (CONTRIBUTING.md, "Mutation testing")


def test_a_next_update_on_the_day_of_the_last_update_sets_no_earlier_deadline(
    tmp_path: Path,
) -> None:
    incident = OPENED + "next_update: 2024-05-07\nupdates:\n  - {at: 2024-05-07T12:00Z, text: U.}\n"
    assert found(tmp_path, CODE, incident, "2024-05-08T00:00:00Z") == []  # not six days early
    assert found(tmp_path, CODE, incident, "2024-05-14T12:00:00Z") == []
    assert found(tmp_path, CODE, incident, "2024-05-14T12:00:01Z") == [(CODE, 10)]


def test_a_next_update_the_day_after_ends_at_that_days_end(tmp_path: Path) -> None:
    incident = OPENED + "next_update: 2024-05-08\nupdates:\n  - {at: 2024-05-07T12:00Z, text: U.}\n"
    assert found(tmp_path, CODE, incident, "2024-05-08T23:59:59Z") == []
    assert found(tmp_path, CODE, incident, "2024-05-09T00:00:00Z") == [(CODE, 8)]


def test_the_day_of_the_last_update_is_the_incidents_own(tmp_path: Path) -> None:
    # 2024-05-07T20:00Z is already 2024-05-08 at +08:00: a next update that day is not later
    incident = (
        "timezone: '+08:00'\n" + OPENED
        + "next_update: 2024-05-08\nupdates:\n  - {at: 2024-05-07T20:00Z, text: U.}\n"
    )  # fmt: skip
    assert found(tmp_path, CODE, incident, "2024-05-09T00:00:00Z") == []
    assert found(tmp_path, CODE, incident, "2024-05-14T20:00:00Z") == []
    assert found(tmp_path, CODE, incident, "2024-05-14T20:00:01Z") == [(CODE, 11)]


def test_exactly_when_the_next_interval_falls_due_the_current_one_is_still_open(
    tmp_path: Path,
) -> None:
    # deadlines 05-08 09:00 and 05-15 09:00: at 05-15 09:00 the first is still the open one
    result = judge(tmp_path, {"incidents/x.yaml": HEAD + OPENED}, "2024-05-15T09:00:00Z")
    [open_finding] = [d for d in result.open if d.code == CODE]
    assert open_finding.message == (
        "the update after 2024-05-01T09:00Z is 7 days overdue (deadline 2024-05-08 09:00 UTC)"
    )
    assert open_finding.hint.startswith("post an update on the incident, with a Next update date")
    later = judge(tmp_path / "b", {"incidents/x.yaml": HEAD + OPENED}, "2024-05-15T09:00:01Z")
    [open_finding] = [d for d in later.open if d.code == CODE]
    assert open_finding.deadline is not None and open_finding.deadline.day == 15


def test_an_update_at_the_opening_instant_restarts_nothing(tmp_path: Path) -> None:
    incident = OPENED + "updates:\n  - {at: 2024-05-01T09:00Z, text: Opened and updated.}\n"
    assert found(tmp_path, CODE, incident, "2024-05-08T09:00:01Z") == [(CODE, 7)]


def test_a_one_day_interval(tmp_path: Path) -> None:
    policy = "rules:\n  update-overdue: {days: 1}\n"
    assert found(tmp_path / "a", CODE, OPENED, "2024-05-02T09:00:00Z", policy=policy) == []
    assert found(tmp_path / "b", CODE, OPENED, "2024-05-02T09:00:01Z", policy=policy) == [
        (CODE, 7)
    ]
