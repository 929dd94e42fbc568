from __future__ import annotations

from pathlib import Path

from contactcase import CONTACT, contact, messages, pick, report
from rulecase import HEAD, found, judge

CODE = "LDG204"
OPENED = 'opened: "2024-03-29T10:00+08:00"\n'  # line 7; 2024-03-29 02:00 UTC
CLOSED = HEAD.replace("status: open", "status: closed")
CLOSURE = ("resolution: fixed\nclosure: {description: D., root_causes: R., remediation: M.,"
           " commitments: C., attested: true, posted: 2024-04-01}\n")


def closed_on(root: Path, day: str, head: str = CLOSED) -> list[tuple[str, int]]:
    return found(root, CODE, OPENED + f"closed: {day}\n" + CLOSURE, "2024-06-01T00:00Z", head=head)


def test_closed_the_day_before_opened_fires_and_the_same_day_is_not_before(tmp_path: Path) -> None:
    assert closed_on(tmp_path / "a", "2024-03-29") == []
    assert closed_on(tmp_path / "b", "2024-03-28") == [(CODE, 8)]
    assert messages(tmp_path / "b", CODE, "2024-06-01T00:00Z") == [
        "x is closed on 2024-03-28, before it was opened (2024-03-29T10:00+08:00)"]


def test_days_are_compared_in_the_incidents_zone(tmp_path: Path) -> None:
    # opened 2024-03-29T01:00+08:00 is 2024-03-28 in UTC but 2024-03-29 in +08:00
    early = OPENED.replace("10:00", "01:00")
    assert found(tmp_path / "utc", CODE, early + "closed: 2024-03-28\n" + CLOSURE,
                 "2024-06-01T00:00Z", head=CLOSED) == []
    zoned = CLOSED + "timezone: '+08:00'\n"
    assert found(tmp_path / "cst", CODE, early + "closed: 2024-03-28\n" + CLOSURE,
                 "2024-06-01T00:00Z", head=zoned) == [(CODE, 9)]


def test_an_action_item_completed_before_the_incident_opened(tmp_path: Path) -> None:
    items = OPENED + ("action_items:\n  - {id: a, action: A., kind: prevent, due: 2024-05-01,"
                      " status: complete, completed: 2024-03-28}\n")
    assert found(tmp_path / "a", CODE, items, "2024-06-01T00:00Z") == [(CODE, 9)]
    same_day = items.replace("completed: 2024-03-28", "completed: 2024-03-29")
    assert found(tmp_path / "b", CODE, same_day, "2024-06-01T00:00Z") == []


def test_an_answer_one_second_before_its_question(tmp_path: Path) -> None:
    question = ("questions:\n  - {id: q, asked: '2024-04-02T10:00:00+02:00', by: Mozilla,"
                " text: Why?, answered: 'ANSWERED'}\n")
    before = OPENED + question.replace("ANSWERED", "2024-04-02T07:59:59Z")
    same = OPENED + question.replace("ANSWERED", "2024-04-02T08:00:00Z")
    assert found(tmp_path / "a", CODE, before, "2024-06-01T00:00Z") == [(CODE, 9)]
    assert found(tmp_path / "b", CODE, same, "2024-06-01T00:00Z") == []


def test_an_owner_handing_over_before_taking_over(tmp_path: Path) -> None:
    bad = "owners:\n  - {owner: Alice, from: 2024-02-01, until: 2024-01-31}\n"
    good = "owners:\n  - {owner: Alice, from: 2024-02-01, until: 2024-02-01}\n"
    assert contact(tmp_path / "a", CODE, bad, "2024-06-01T00:00Z") == [(CODE, 4)]
    assert contact(tmp_path / "b", CODE, good, "2024-06-01T00:00Z") == []


def test_a_problem_report_answered_before_it_was_received(tmp_path: Path) -> None:
    received = 'received: "2024-03-04T08:00+08:00"\n'  # line 4, 2024-03-04 00:00 UTC
    before = received + 'preliminary_report: "2024-03-03T23:59:59Z"\n'
    assert report(tmp_path / "a", CODE, before, "2024-06-01T00:00Z") == [(CODE, 5)]
    at_once = received + 'cleared: "2024-03-04T00:00:00Z"\n'
    assert report(tmp_path / "b", CODE, at_once, "2024-06-01T00:00Z") == []


def test_the_seed_shape_is_quiet(tmp_path: Path) -> None:
    files = {"ledger/contacts/c.yaml": CONTACT + "owners:\n  - {owner: A, until: 2024-02-01}\n"
             "  - {owner: B, from: 2024-02-01}\n"}
    assert pick(judge(tmp_path, files, "2024-06-01T00:00Z"), CODE) == []
