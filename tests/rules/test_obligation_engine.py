"""The obligation engine's parts at their boundaries: states, lateness, the clock's comparisons,
`clock.obligation()`, the calendar window, uids and `ledger due`'s rows and lines.

Each deadline is tried exactly at, one second before and one second after; each state of an
obligation is reached. These tests kill the mutants `mutmut` makes of `generator/rules/
obligation.py`, `clock.py`, `engine.py` and `generator/due.py` (CONTRIBUTING.md, "Mutation
testing").
"""

from __future__ import annotations

import gc
import hashlib
import json
import textwrap
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from generator import due
from generator.diagnostics import Diagnostic, Pos
from generator.history.model import Commit, FieldChange, FileHistory, History
from generator.model import DEFAULT_PROGRAMS, Incident, Ledger, Policy
from generator.rules import REGISTRY, clock, commitments, engine
from generator.rules.base import Context
from generator.rules.obligation import STATES, Obligation, kind_of_path, sort_key
from generator.rules.sources import CLOSURE_ENDS_UPDATES
from generator.validate import validate
from generator.values import When

SECOND = timedelta(seconds=1)
DUE = datetime(2024, 5, 10, 12, 0, tzinfo=UTC)
PLUS8 = timezone(timedelta(hours=8))


def obligation(**fields: object) -> Obligation:
    base = Obligation(
        rule="update-overdue",
        code="LDG103",
        record="x",
        pos=Pos("incidents/x.yaml", 7, 3),
        item=None,
        what="the update",
        due=DUE,
        starts=DUE - timedelta(days=7),
        met=None,
        met_text="",
        on_time=False,
        ended=None,
        ended_note="",
        severity="error",
        source="CCADB",
        fix="post an update",
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def instant(text: str, zone: object = UTC) -> When:
    moment = datetime.fromisoformat(text)
    return When(moment.astimezone(UTC), moment.tzinfo or zone, None, text)  # type: ignore[arg-type]


def day(text: str, zone: object = UTC) -> When:
    d = date.fromisoformat(text)
    start = datetime.combine(d, datetime.min.time(), zone).astimezone(UTC)  # type: ignore[arg-type]
    return When(start, zone, d, text)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------ states


def test_open_until_the_due_instant_itself_then_late() -> None:
    o = obligation()
    assert o.state(DUE - SECOND) == "open"
    assert o.state(DUE) == "open"  # due at 12:00:00 is not late at 12:00:00
    assert o.state(DUE + SECOND) == "late"
    assert o.late_by(DUE) is None
    assert o.late_by(DUE + SECOND) == DUE + SECOND


def test_waived_only_when_late() -> None:
    o = obligation(waived=True)
    assert o.state(DUE) == "open"
    assert o.state(DUE + SECOND) == "waived"
    assert o.late_by(DUE + SECOND) == DUE + SECOND
    assert o.finding(DUE + SECOND) is None  # a waived obligation gives no finding


def test_met_and_met_late_do_not_depend_on_as_of() -> None:
    on_time = obligation(met=DUE, on_time=True, met_text="2024-05-10 12:00")
    late = obligation(met=DUE + SECOND, on_time=False, met_text="")
    for as_of in (DUE - SECOND, DUE, DUE + timedelta(days=400)):
        assert on_time.state(as_of) == "met"
        assert late.state(as_of) == "met-late"
        assert on_time.late_by(as_of) is None
        assert late.late_by(as_of) == DUE + SECOND


def test_missed_from_the_instant_it_ended() -> None:
    ended = DUE + timedelta(days=7)
    o = obligation(ended=ended, ended_note="the next update fell due")
    assert o.state(ended - SECOND) == "late"
    assert o.state(ended) == "missed"
    assert o.state(ended + SECOND) == "missed"
    assert o.late_by(ended + timedelta(days=3)) == ended  # counted to the end, not to as-of
    # an end before the due instant still wins over open
    early = obligation(ended=DUE - SECOND)
    assert early.state(DUE - SECOND) == "missed"


def test_every_state_is_reachable_and_listed() -> None:
    reached = {
        obligation().state(DUE),
        obligation().state(DUE + SECOND),
        obligation(waived=True).state(DUE + SECOND),
        obligation(met=DUE, on_time=True).state(DUE),
        obligation(met=DUE + SECOND).state(DUE),
        obligation(ended=DUE + SECOND).state(DUE + SECOND),
    }
    assert reached == set(STATES)
    assert len(STATES) == 6


def test_findings_by_state() -> None:
    as_of = DUE + timedelta(hours=3)
    late = obligation(item="a1").finding(as_of)
    assert late is not None
    assert late.message == "the update is 3 hours overdue (deadline 2024-05-10 12:00 UTC)"
    assert late.hint == "post an update (source: CCADB)"
    assert (late.code, late.name, late.severity, late.record, late.source) == (
        "LDG103", "update-overdue", "error", "x", "CCADB",
    )  # fmt: skip
    assert late.pos == Pos("incidents/x.yaml", 7, 3)
    assert (late.deadline, late.done) == (DUE, None)
    assert late.extra == (("item", "a1"), ("state", "late"))

    met_late = obligation(met=DUE + timedelta(days=2), met_text="2024-05-12").finding(as_of)
    assert met_late is not None
    assert met_late.message == (
        "the update was 2 days late (deadline 2024-05-10 12:00 UTC, done 2024-05-12)"
    )
    assert met_late.done == DUE + timedelta(days=2)
    assert met_late.extra == (("state", "met-late"),)
    unwritten = obligation(met=DUE + timedelta(hours=1)).finding(as_of)
    assert unwritten is not None and unwritten.message.endswith("done 2024-05-10 13:00 UTC)")

    ended = DUE + timedelta(days=7)
    missed = obligation(ended=ended, ended_note="the next one fell due").finding(ended)
    assert missed is not None
    assert missed.message == (
        "the update was missed (deadline 2024-05-10 12:00 UTC; the next one fell due)"
    )
    assert missed.done == ended and missed.extra == (("state", "missed"),)
    redated = obligation(ended=ended, redated=True).finding(ended)
    assert redated is not None and redated.extra == (("state", "re-dated"),)
    # re-dated only says so once it is missed
    assert obligation(redated=True).finding(as_of).extra == (("state", "late"),)  # type: ignore[union-attr]

    assert obligation().finding(DUE) is None  # open
    assert obligation(met=DUE, on_time=True).finding(as_of) is None  # met on time


def test_owner_is_filled_only_when_the_rule_gave_none() -> None:
    assert obligation().with_owner("Ops").owner == "Ops"
    assert obligation(owner="Mail admin").with_owner("Ops").owner == "Mail admin"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("incidents/2024/x.yaml", "incident"),
        ("ledger/contacts/c.yaml", "contact"),
        ("ledger/problem-reports/r.yaml", "problem-report"),
        ("ledger/policy.yaml", "record"),
        ("incidentsx/x.yaml", "record"),
    ],
)
def test_kind_from_the_record_folder(path: str, kind: str) -> None:
    assert kind_of_path(path) == kind
    assert obligation(pos=Pos(path, 1, 1)).kind == kind


def test_sort_key_orders_by_due_then_path_rule_item_what() -> None:
    a = obligation()
    assert sort_key(a) == (DUE, "incidents/x.yaml", "update-overdue", "", "the update")
    assert sort_key(obligation(item="a1"))[3] == "a1"
    shuffled = [
        obligation(what="b"),
        obligation(due=DUE - SECOND),
        obligation(pos=Pos("incidents/a.yaml", 1, 1)),
        obligation(item="z"),
        obligation(rule="action-item-overdue"),
        obligation(what="a"),
    ]
    ordered = sorted(shuffled, key=sort_key)
    assert [(o.due, o.pos.path, o.rule, o.item, o.what) for o in ordered] == [
        (DUE - SECOND, "incidents/x.yaml", "update-overdue", None, "the update"),
        (DUE, "incidents/a.yaml", "update-overdue", None, "the update"),
        (DUE, "incidents/x.yaml", "action-item-overdue", None, "the update"),
        (DUE, "incidents/x.yaml", "update-overdue", None, "a"),
        (DUE, "incidents/x.yaml", "update-overdue", None, "b"),
        (DUE, "incidents/x.yaml", "update-overdue", "z", "the update"),
    ]


# ------------------------------------------------------------------------------------ clock


def test_met_by_an_instant_at_the_deadline_not_one_second_after() -> None:
    assert clock.met(instant("2024-05-10T11:59:59+00:00"), DUE)
    assert clock.met(instant("2024-05-10T12:00:00+00:00"), DUE)
    assert not clock.met(instant("2024-05-10T12:00:01+00:00"), DUE)


def test_a_date_is_on_time_on_the_deadlines_day_in_its_own_zone() -> None:
    # 12:00 UTC is 20:00 at +08:00: still 2024-05-10 there
    assert clock.met(day("2024-05-10", PLUS8), DUE)
    assert clock.met(day("2024-05-09", PLUS8), DUE)
    assert not clock.met(day("2024-05-11", PLUS8), DUE)
    # 16:00 UTC is 00:00 of 2024-05-11 at +08:00: a fact dated the 11th there is on time
    assert clock.met(day("2024-05-11", PLUS8), DUE + timedelta(hours=4))
    assert not clock.met(day("2024-05-11", PLUS8), DUE + timedelta(hours=4) - SECOND)


def test_not_before_the_same_instant_or_day() -> None:
    start = instant("2024-05-10T12:00:00+00:00")
    assert clock.not_before(instant("2024-05-10T12:00:00+00:00"), start)
    assert clock.not_before(instant("2024-05-10T12:00:01+00:00"), start)
    assert not clock.not_before(instant("2024-05-10T11:59:59+00:00"), start)
    # a date is compared by day, in the zone of whichever side is a date
    assert clock.not_before(day("2024-05-10"), start)
    assert not clock.not_before(day("2024-05-09"), start)
    assert clock.not_before(instant("2024-05-10T00:00:00+00:00"), day("2024-05-10"))
    assert not clock.not_before(instant("2024-05-09T23:59:59+00:00"), day("2024-05-10"))
    # 2024-05-09 20:00 UTC is already the 10th at +08:00, the zone of the dated start
    assert clock.not_before(instant("2024-05-09T20:00:00+00:00"), day("2024-05-10", PLUS8))
    assert not clock.not_before(instant("2024-05-09T15:59:59+00:00"), day("2024-05-10", PLUS8))
    # ...and the fact's zone when the fact is the date
    assert clock.not_before(day("2024-05-11", PLUS8), instant("2024-05-10T16:00:00+00:00"))
    assert not clock.not_before(day("2024-05-10", PLUS8), instant("2024-05-10T16:00:00+00:00"))


def test_first_after_is_the_earliest_fact_not_before_the_start() -> None:
    start = instant("2024-05-10T12:00:00+00:00")
    early = instant("2024-05-10T11:00:00+00:00")
    later = instant("2024-05-12T00:00:00+00:00")
    first = instant("2024-05-11T00:00:00+00:00")
    tie = instant("2024-05-11T00:00:00+00:00")
    assert clock.first_after([later, early, first, tie], start) is first  # ties: first written
    assert clock.first_after([early], start) is None
    assert clock.first_after([], start) is None
    assert clock.first_after([start], start) is start


POLICY = Policy(timezone=UTC, rules={}, programs=DEFAULT_PROGRAMS)
RULE = REGISTRY["update-overdue"].RULE
AT = datetime(2025, 6, 1, tzinfo=UTC)  # the rule applies and is an error under CCADB IRG v3


def ctx(
    as_of: datetime, *, keep_history: bool = True, options: dict[str, object] | None = None
) -> Context:
    policy = replace(POLICY, rules={RULE.name: options} if options else {})
    return Context(as_of, as_of, policy, None, keep_history)


def declare(
    c: Context, deadline: datetime, fact: When | None, **extra: object
) -> Obligation | None:
    pos = Pos("incidents/x.yaml", 4, 1)
    return clock.obligation(
        RULE, c, pos, "the update", record="x", deadline=deadline, fact=fact, at=AT,
        fix="post it", **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def test_clock_obligation_fields() -> None:
    deadline = AT + timedelta(days=7)
    o = declare(ctx(deadline), deadline, None, item="a1", owner="Ops")
    assert o is not None
    assert (o.rule, o.code, o.record, o.item, o.what, o.due, o.fix, o.owner) == (
        "update-overdue", "LDG103", "x", "a1", "the update", deadline, "post it", "Ops",
    )  # fmt: skip
    assert o.pos == Pos("incidents/x.yaml", 4, 1)
    assert o.starts == AT  # the event at `at` started the clock
    assert (o.met, o.met_text, o.on_time, o.ended, o.ended_note, o.redated) == (
        None, "", False, None, "", False,
    )  # fmt: skip
    assert o.severity == "error"
    assert o.source == ctx(AT).cite(RULE, AT) and "CCADB" in o.source
    assert o.state(deadline) == "open" and o.state(deadline + SECOND) == "late"


def test_clock_obligation_starts_ended_and_redated_are_passed_through() -> None:
    deadline = AT + timedelta(days=7)
    given = AT - timedelta(days=1)
    ended = deadline + timedelta(days=1)
    o = declare(ctx(AT), deadline, None, starts=given, ended=ended, ended_note="n", redated=True)
    assert o is not None
    assert (o.starts, o.ended, o.ended_note, o.redated) == (given, ended, "n", True)
    assert o.owner == "" and o.item is None  # the engine fills the owner in later
    # an event at or after the deadline started no clock of its own
    assert declare(ctx(AT), AT, None).starts is None  # type: ignore[union-attr]
    assert declare(ctx(AT), AT + SECOND, None).starts == AT  # type: ignore[union-attr]


def test_clock_obligation_met_exactly_at_and_one_second_after() -> None:
    deadline = AT + timedelta(days=7)
    at = declare(ctx(AT), deadline, instant("2025-06-08T00:00:00+00:00"))
    assert at is not None and at.on_time and at.met == deadline
    assert at.met_text == "2025-06-08T00:00:00+00:00"
    early = declare(ctx(AT), deadline, instant("2025-06-07T23:59:59+00:00"))
    assert early is not None and early.on_time and early.met == deadline - SECOND
    after = declare(ctx(AT), deadline, instant("2025-06-08T00:00:01+00:00"))
    assert after is not None and not after.on_time and after.met == deadline + SECOND
    # a date proves only its day: met late on a later day counts from the deadline at least
    dated = declare(ctx(AT), deadline + timedelta(hours=12), day("2025-06-09"))
    assert dated is not None and not dated.on_time
    assert dated.met == datetime(2025, 6, 9, tzinfo=UTC)
    same_day = declare(ctx(AT), deadline + timedelta(hours=12), day("2025-06-08"))
    assert same_day is not None and same_day.on_time
    assert same_day.met == datetime(2025, 6, 8, tzinfo=UTC)
    # the deadline's day is the one in the fact's zone: 23:00 UTC is already the 9th at +08:00
    local = declare(ctx(AT), datetime(2025, 6, 8, 23, tzinfo=UTC), day("2025-06-09", PLUS8))
    assert local is not None and local.on_time
    local = declare(ctx(AT), datetime(2025, 6, 8, 15, 59, 59, tzinfo=UTC), day("2025-06-09", PLUS8))
    assert local is not None and not local.on_time
    unwritten = declare(ctx(AT), deadline, replace(instant("2025-06-07T00:00:00+00:00"), text=""))
    assert unwritten is not None and unwritten.met_text == "2025-06-07 00:00 UTC"


def test_clock_obligation_off_and_severity() -> None:
    deadline = AT + timedelta(days=7)
    assert declare(ctx(AT, options={"severity": "off"}), deadline, None) is None
    o = declare(ctx(AT), deadline, None, severity="warning")
    assert o is not None and o.severity == "warning"  # the rule's own choice for this one
    o = declare(ctx(AT, options={"severity": "info"}), deadline, None, severity="warning")
    assert o is not None and o.severity == "info"  # ...unless the policy sets the severity
    assert declare(ctx(AT), deadline, None, severity="off") is None
    # before the rule applied at all, the event owes nothing
    assert RULE.applies_from is not None
    before = datetime.combine(RULE.applies_from, datetime.min.time(), UTC) - SECOND
    assert clock.obligation(
        RULE, ctx(AT), Pos("incidents/x.yaml", 4, 1), "u", record="x",
        deadline=AT, fact=None, at=before, fix="",
    ) is None  # fmt: skip


def test_without_history_only_what_can_be_open_is_built() -> None:
    deadline = AT + timedelta(days=7)
    lean = ctx(deadline + SECOND, keep_history=False)
    assert declare(lean, deadline, None) is not None  # late: an open finding
    assert declare(ctx(deadline, keep_history=False), deadline, None) is None  # not yet due
    assert declare(lean, deadline, instant("2025-06-09T00:00:00+00:00")) is None  # met (late)
    assert declare(lean, deadline, None, ended=deadline + SECOND) is None  # missed at as-of
    kept = declare(lean, deadline, None, ended=deadline + 2 * SECOND)
    assert kept is not None and kept.state(lean.as_of) == "late"  # ends after as-of
    assert declare(ctx(deadline), deadline, None) is not None  # with history: everything


def test_days_option() -> None:
    assert clock.days(ctx(AT), RULE) == timedelta(days=7)
    assert clock.days(ctx(AT, options={"days": 3}), RULE) == timedelta(days=3)


# ------------------------------------------------------------------------------------ due.py


def test_the_calendar_keeps_what_is_owed_and_the_last_365_days() -> None:
    as_of = DUE + timedelta(days=400)
    assert due.in_calendar(obligation(), as_of)  # late
    assert due.in_calendar(obligation(waived=True), as_of)
    assert due.in_calendar(obligation(due=as_of + SECOND), as_of)  # open
    met = obligation(met=DUE, on_time=True)
    window = DUE + timedelta(days=365)
    assert due.in_calendar(met, window)  # due exactly 365 days ago
    assert not due.in_calendar(met, window + SECOND)
    assert due.in_calendar(met, window - SECOND)
    missed = obligation(ended=DUE + SECOND)
    assert not due.in_calendar(missed, window + SECOND)
    assert not due.in_calendar(obligation(met=DUE + SECOND), window + SECOND)  # met late


def test_uids_are_stable_and_tell_obligations_apart() -> None:
    o = obligation(item="a1")
    assert due.uid(o) == ("incident/x/update-overdue/a1/2024-05-10T12:00:00Z/" + _sha("the update"))
    assert due.uid(obligation()).split("/")[3] == "-"
    assert due.uid(replace(o, met=DUE, severity="info", owner="z")) == due.uid(o)  # not state
    variants = [
        o,
        replace(o, record="y"),
        replace(o, rule="action-item-overdue"),
        replace(o, item="a2"),
        replace(o, item=None),
        replace(o, due=DUE + SECOND),
        replace(o, what="the second update"),
        replace(o, pos=Pos("ledger/contacts/x.yaml", 7, 3)),
    ]
    assert len({due.uid(v) for v in variants}) == len(variants)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def test_json_rows_in_every_state() -> None:
    as_of = DUE + timedelta(hours=2)
    late = due.row(obligation(item="a1", owner="Ops"), as_of)
    assert list(late) == [
        "record", "kind", "item", "rule", "code", "what", "owner", "starts", "due", "state",
        "met", "ended", "late_seconds", "severity", "source", "path", "line", "col", "uid",
    ]  # fmt: skip
    assert late == {
        "record": "x", "kind": "incident", "item": "a1", "rule": "update-overdue",
        "code": "LDG103", "what": "the update", "owner": "Ops",
        "starts": "2024-05-03T12:00:00Z", "due": "2024-05-10T12:00:00Z", "state": "late",
        "met": None, "ended": None, "late_seconds": 7200, "severity": "error",
        "source": "CCADB", "path": "incidents/x.yaml", "line": 7, "col": 3,
        "uid": due.uid(obligation(item="a1")),
    }  # fmt: skip
    assert due.row(obligation(), DUE)["late_seconds"] is None
    assert due.row(obligation(), DUE)["state"] == "open"
    assert due.row(obligation(starts=None), DUE)["starts"] is None
    met_late = due.row(obligation(met=DUE + timedelta(minutes=1)), as_of)
    assert (met_late["state"], met_late["met"], met_late["late_seconds"]) == (
        "met-late", "2024-05-10T12:01:00Z", 60,
    )  # fmt: skip
    ended = DUE + SECOND
    missed = due.row(obligation(ended=ended), as_of)
    assert (missed["state"], missed["ended"], missed["late_seconds"]) == (
        "missed", "2024-05-10T12:00:01Z", 1,
    )  # fmt: skip
    # `ended` is shown only once it is missed
    assert due.row(obligation(ended=as_of + SECOND), as_of)["ended"] is None
    # instants in another zone are written in UTC
    assert due.row(obligation(due=DUE.astimezone(PLUS8)), DUE)["due"] == "2024-05-10T12:00:00Z"


def test_json_lines_one_object_a_line() -> None:
    obligations = [obligation(what="the «update»"), obligation(item="a1")]
    out = due.json_lines(obligations, DUE)
    lines = out.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == 4
    assert lines[1].endswith(",") and not lines[2].endswith(",")
    assert '"what": "the «update»", ' in lines[1]  # not \u-escaped, ", " between keys
    assert json.loads(out) == [due.row(o, DUE) for o in obligations]
    assert due.json_lines([], DUE) == "[\n]\n"
    assert json.loads(due.json_lines([], DUE)) == []


def test_text_lines() -> None:
    as_of = DUE + timedelta(hours=5)
    out = due.text([obligation(owner="Ops"), obligation(due=as_of + SECOND, what="w")], as_of)
    assert out == (
        "2024-05-10 12:00 UTC  late by 5 hours  x: the update (update-overdue) [Ops]\n"
        "2024-05-10 17:00:01 UTC  open  x: w (update-overdue)\n"
    )
    assert due.text([], as_of) == ""


def test_calendar_events_by_state() -> None:
    as_of = DUE + timedelta(hours=1)
    stamp = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    cases = [
        obligation(due=as_of, owner="Ops"),  # open
        obligation(item="a1"),  # late
        obligation(met=DUE - SECOND, on_time=True),
        obligation(met=DUE + SECOND, what="met late"),
        obligation(ended=as_of, what="missed"),
        obligation(waived=True, what="waived"),
    ]
    ics = due.ics(
        cases, as_of, name="Deadlines", stamp=stamp,
        url=lambda o: f"https://x.example/{o.record}" if o.item else None,
    )  # fmt: skip
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n") and ics.endswith(b"END:VCALENDAR\r\n")
    cal = icalendar.Calendar.from_ical(ics)
    assert str(cal["X-WR-CALNAME"]) == "Deadlines" and str(cal["PRODID"]) == due.PRODID
    assert str(cal["VERSION"]) == "2.0"
    events = cal.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [
        "x: the update", "[late] x: the update", "[met] x: the update",
        "[met late] x: met late", "[missed] x: missed", "[waived] x: waived",
    ]  # fmt: skip
    assert [str(e["X-LEDGER-STATE"]) for e in events] == [
        "open", "late", "met", "met-late", "missed", "waived",
    ]  # fmt: skip
    first, second = events[0], events[1]
    assert str(first["UID"]) == f"{due.uid(cases[0])}@compliance-ledger.invalid"
    assert first["DTSTART"].dt == as_of and first["DTEND"].dt == as_of
    assert first.decoded("DTSTAMP") == stamp
    assert str(first["X-LEDGER-RULE"]) == "update-overdue"
    assert str(first["X-LEDGER-RECORD"]) == "x"
    assert first["CATEGORIES"].cats == ["update-overdue"]
    assert str(first["DESCRIPTION"]) == (
        "State: open\nRule: update-overdue (LDG103)\nRecord: x (incidents/x.yaml)"
        "\nOwner: Ops\nSource: CCADB"
    )
    assert str(events[2]["DESCRIPTION"]).endswith("\nMet: 2024-05-10 11:59:59 UTC")
    # only what is still open gets a reminder, a day before
    alarms = [e.walk("VALARM") for e in events]
    assert [len(a) for a in alarms] == [1, 0, 0, 0, 0, 0]
    assert str(alarms[0][0]["ACTION"]) == "DISPLAY"
    assert str(alarms[0][0]["DESCRIPTION"]) == "the update"
    assert alarms[0][0]["TRIGGER"].dt == -timedelta(days=1)
    assert "URL" not in first and str(second["URL"]) == "https://x.example/x"
    plain = due.ics(cases[:1], as_of, name="n", stamp=stamp)  # no url by default
    assert b"URL" not in plain


def test_calendar_values_are_escaped_and_lines_folded() -> None:
    hostile = obligation(what="a;b,c\\d\nBEGIN:VEVENT " + "x" * 120, record="r")
    ics = due.ics([hostile], DUE, name="n", stamp=DUE)
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))
    # the newline in the text starts no line, so no event: it is written as `\n`
    assert ics.split(b"\r\n").count(b"BEGIN:VEVENT") == 1
    [event] = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["SUMMARY"]) == "r: a;b,c\\d\nBEGIN:VEVENT " + "x" * 120


@pytest.mark.parametrize("size", [74, 75, 76, 149, 150, 151, 300])
def test_fold_at_75_octets_exactly(size: int) -> None:
    line = b"X" * size
    folded = due._fold(line)
    parts = folded.split(b"\r\n ")
    assert b"".join(parts) == line
    assert len(parts[0]) == min(size, 75)
    assert all(len(p) == 74 for p in parts[1:-1])  # a continuation's space is its 75th octet
    assert len(parts) == (1 if size <= 75 else 2 + (size - 75 - 1) // 74)


def test_fold_never_splits_a_character_at_the_boundary() -> None:
    for prefix in range(70, 78):
        line = b"A" * prefix + "事件".encode() * 40
        parts = due._fold(line).split(b"\r\n ")
        assert b"".join(parts) == line
        for part in parts:
            part.decode("utf-8")
        assert all(len(p) <= 75 for p in parts)
        assert all(len(p) >= 72 for p in parts[:-1])  # backs off at most two octets


def test_a_zone_name_does_not_change_the_instant() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    o = obligation(due=DUE.astimezone(berlin))
    assert due.row(o, DUE)["due"] == "2024-05-10T12:00:00Z"
    assert due.uid(o) == due.uid(obligation())


# ------------------------------------------------------------------- clocks read from records


def incident(tmp_path: Path, fields: str) -> Incident:
    path = tmp_path / "incidents" / "x.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEAD + textwrap.dedent(fields), encoding="utf-8")
    result = validate(tmp_path)
    assert result.diagnostics == [], [d.message for d in result.diagnostics]
    return result.ledger.incidents["x"]


HEAD = """\
title: Example incident
owner: PKI team
summary: An example.
timeline:
  - {at: 2025-07-01T09:00Z, event: Reported.}
opened: 2025-07-01T09:00Z
"""
CLOSURE = """\
closure:
  description: d
  root_causes: r
  remediation: m
  commitments: c
  attested: true
  posted: {posted}
"""


def test_the_closure_summary_is_the_earliest_posting_by_instant(tmp_path: Path) -> None:
    x = incident(
        tmp_path,
        "status: open\ntimezone: UTC+8\n"
        + CLOSURE.format(posted='"2025-07-20T10:00+08:00"')
        + "reports:\n"
        "  - {kind: closure, at: 2025-07-21T10:00Z}\n"
        "  - {kind: closure, at: 2025-07-20T01:59Z}\n"  # 09:59 at +08:00: the earliest
        "  - {kind: full, at: 2025-07-02T10:00Z}\n",
    )
    summary = clock.closure_summary(x)
    assert summary is not None and summary.utc == datetime(2025, 7, 20, 1, 59, tzinfo=UTC)
    only = incident(tmp_path / "b", "status: open\n" + CLOSURE.format(posted="2025-07-22"))
    assert clock.closure_summary(only).day == date(2025, 7, 22)  # type: ignore[union-attr]
    assert clock.closure_summary(incident(tmp_path / "c", "status: open\n")) is None


def test_questions_after_a_moment_in_instant_order(tmp_path: Path) -> None:
    x = incident(
        tmp_path,
        "status: open\nquestions:\n"
        "  - {id: q1, asked: 2025-07-12T10:00Z, by: B, text: Why?}\n"
        "  - {id: q2, asked: 2025-07-10T10:00Z, by: B, text: How?}\n"
        "  - {id: q3, asked: 2025-07-11T10:00Z, by: B, text: When?}\n"
        "  - {id: q4, asked: 2025-07-10T09:59Z, by: B, text: Who?}\n",
    )
    moment = instant("2025-07-10T10:00:00+00:00")
    after = clock.questions_after(x, moment)
    assert [w.utc.day for w in after] == [11, 12]  # not q2 (at the moment), not q4 (before)
    assert clock.questions_after(x, instant("2025-07-10T09:58:59+00:00"))[0].utc.minute == 59


def test_updates_stop_at_closure_in_the_incidents_zone(tmp_path: Path) -> None:
    c = ctx(datetime(2026, 1, 1, tzinfo=UTC))
    closed = incident(
        tmp_path,
        "status: closed\nresolution: fixed\nclosed: 2025-07-31\ntimezone: UTC+8\n"
        + CLOSURE.format(posted="2025-08-05"),
    )
    stop = clock.update_stop(closed, c)
    # the closing day starts at 00:00 at +08:00, before the summary posted days later
    assert stop is not None and stop.utc == datetime(2025, 7, 30, 16, tzinfo=UTC)


@pytest.mark.parametrize(
    ("posted", "stops"),
    [
        (CLOSURE_ENDS_UPDATES - timedelta(days=1), False),
        (CLOSURE_ENDS_UPDATES, True),
        (CLOSURE_ENDS_UPDATES + timedelta(days=1), True),
    ],
)
def test_from_irg_3_1_the_closure_summary_stops_updates(
    tmp_path: Path, posted: date, stops: bool
) -> None:
    c = ctx(datetime(2026, 1, 1, tzinfo=UTC))
    x = incident(tmp_path, "status: open\n" + CLOSURE.format(posted=posted.isoformat()))
    stop = clock.update_stop(x, c)
    assert (stop is not None) is stops
    if stop is not None:
        assert stop.day == posted
    # a question after the summary keeps the updates owed
    asked = (posted + timedelta(days=1)).isoformat()
    y = incident(
        tmp_path / "q",
        "status: open\n"
        + CLOSURE.format(posted=posted.isoformat())
        + f"questions:\n  - {{id: q1, asked: {asked}, by: B, text: Why?}}\n",
    )
    assert clock.update_stop(y, c) is None


def test_the_earlier_of_summary_and_closing_stops_updates(tmp_path: Path) -> None:
    c = ctx(datetime(2026, 1, 1, tzinfo=UTC))
    posted_first = incident(
        tmp_path,
        "status: closed\nresolution: fixed\nclosed: 2025-08-10\n"
        + CLOSURE.format(posted='"2025-08-01T10:00Z"'),
    )
    stop = clock.update_stop(posted_first, c)
    assert stop is not None and stop.utc == datetime(2025, 8, 1, 10, tzinfo=UTC)


# --------------------------------------------------------------- commitments (as things stood)

PATH = "incidents/x.yaml"


def history(*values: str | None) -> History:
    """A history in which commit i (committed on 2024-06-0i at 12:00 UTC) set `due` of action
    item a1 to the i-th value (None: removed it)."""
    shas = [f"c{i}" for i in range(1, len(values) + 1)]
    commits = {sha: Commit(sha, "A", "a@x", _t(i), _t(i), "s") for i, sha in enumerate(shas, 1)}
    fields = tuple(
        FieldChange("due", "a1", None, new, sha) for sha, new in zip(shas, values, strict=True)
    )
    return History(shas[-1], commits, {PATH: FileHistory(PATH, (), tuple(shas), fields)})


def _t(i: int) -> datetime:
    return datetime(2024, 6, i, 12, tzinfo=UTC)


def with_history(log: History | None, as_of: datetime, now: datetime | None = None) -> Context:
    return Context(as_of, now or as_of, POLICY, log, True)


def terms(c: Context, current: date | None) -> list[tuple[date, datetime | None, bool]]:
    return [(t.day, t.since, t.first) for t in commitments.dates(c, PATH, "due", "a1", current)]


D1, D2, D3 = date(2024, 7, 1), date(2024, 7, 10), date(2024, 7, 20)


def test_without_history_the_current_value_is_the_only_commitment() -> None:
    c = with_history(None, _t(5))
    assert terms(c, D1) == [(D1, None, True)]
    assert terms(c, None) == []


def test_commitments_committed_by_as_of_in_order_the_first_marked() -> None:
    log = history(D1.isoformat(), D1.isoformat(), D2.isoformat())
    # commit 2 repeats commit 1's date: no new term
    assert terms(with_history(log, _t(3)), D2) == [(D1, _t(1), True), (D2, _t(3), False)]
    # exactly at a commit's instant it has happened; one second before it has not
    assert terms(with_history(log, _t(3) - SECOND, _t(9)), D2) == [(D1, _t(1), True)]
    assert terms(with_history(log, _t(1) - SECOND, _t(9)), D2) == [(D2, None, True)]


def test_a_removed_or_unreadable_value_is_skipped_not_the_end() -> None:
    log = history(D1.isoformat(), None, "soon", D3.isoformat())
    assert terms(with_history(log, _t(9)), D3) == [(D1, _t(1), True), (D3, _t(4), False)]


def test_an_uncommitted_change_counts_from_now_when_now_is_not_after_as_of() -> None:
    log = history(D1.isoformat(), D2.isoformat())
    # the work tree says D3: changed since the last commit
    assert terms(with_history(log, _t(9), now=_t(8)), D3) == [
        (D1, _t(1), True), (D2, _t(2), False), (D3, _t(8), False),
    ]  # fmt: skip
    assert terms(with_history(log, _t(9), now=_t(9)), D3)[-1] == (D3, _t(9), False)
    assert terms(with_history(log, _t(9), now=_t(9) + SECOND), D3) == [
        (D1, _t(1), True), (D2, _t(2), False),
    ]  # fmt: skip
    # the work tree agrees with the last commit, even one made after as-of: nothing to add
    assert terms(with_history(log, _t(1), now=_t(1)), D2) == [(D1, _t(1), True)]
    # the field removed in the work tree: only what was committed
    assert terms(with_history(log, _t(9)), None) == [(D1, _t(1), True), (D2, _t(2), False)]


# ------------------------------------------------------------------ engine: owners and waivers


def write(root: Path, files: dict[str, str]) -> Ledger:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    result = validate(root)
    assert result.diagnostics == [], [d.message for d in result.diagnostics]
    return result.ledger


CONTACTS = {
    "ledger/contacts/now.yaml": """\
        address: a@example.com
        purpose: problem-reporting
        owners:
          - {owner: Old admin, until: 2024-01-10}
          - {owner: Current admin, from: 2024-01-10}
          - {owner: Later admin, from: 2024-01-10, until: 2024-02-10}
        """,
    "ledger/contacts/gone.yaml": """\
        address: b@example.com
        purpose: problem-reporting
        owners:
          - {owner: First, until: 2024-01-10}
          - {owner: Last, from: 2024-01-10, until: 2024-02-10}
        """,
    "ledger/problem-reports/r.yaml": """\
        channel: now
        summary: S.
        received: 2024-03-04T08:00Z
        """,
}


def test_owners_of_each_kind_of_record(tmp_path: Path) -> None:
    ledger = write(tmp_path, {"incidents/x.yaml": HEAD + "status: open\n", **CONTACTS})
    owners = engine.Owners(ledger)
    assert owners.of(obligation(pos=Pos("incidents/x.yaml", 1, 1))) == "PKI team"
    assert owners.of(obligation(record="y", pos=Pos("incidents/y.yaml", 1, 1))) == ""
    # a contact: its current owner (no `until`); when all have left, the last one named
    assert owners.of(obligation(record="now", pos=Pos("ledger/contacts/now.yaml", 1, 1))) == (
        "Current admin"
    )
    assert owners.of(obligation(record="gone", pos=Pos("ledger/contacts/gone.yaml", 1, 1))) == (
        "Last"
    )
    assert owners.of(obligation(record="none", pos=Pos("ledger/contacts/none.yaml", 1, 1))) == ""
    # a problem report: the owner of the contact it came in through
    report = Pos("ledger/problem-reports/r.yaml", 1, 1)
    assert owners.of(obligation(record="r", pos=report)) == "Current admin"
    assert owners.of(obligation(record="zz", pos=report)) == ""
    assert owners.of(obligation(record="x", pos=Pos("ledger/policy.yaml", 1, 1))) == ""
    assert owners.contact("no-such-contact") == ""


def test_a_report_through_an_unknown_channel_is_owned_by_the_channel(tmp_path: Path) -> None:
    ledger = write(tmp_path, CONTACTS)
    report = ledger.problem_reports["r"]
    elsewhere = replace(ledger, problem_reports={"r": replace(report, channel="web-form")})
    pos = Pos("ledger/problem-reports/r.yaml", 1, 1)
    assert engine.Owners(elsewhere).of(obligation(record="r", pos=pos)) == "web-form"


ITEMS = """\
status: open
action_items:
  - {id: a1, action: Fix., kind: prevent, due: 2025-08-01, status: ongoing}
  - {id: a2, action: Fix., kind: prevent, due: 2025-08-01, status: ongoing}
waivers:
  - {rule: action-item-overdue, until: 2025-08-10, reason: R., approved_by: CISO, item: a1}
"""


@pytest.mark.parametrize(
    ("as_of", "waived"),
    [
        ("2025-08-10T23:59:59Z", {"a1"}),  # through the waiver's last day
        ("2025-08-11T00:00:00Z", set()),
    ],
)
def test_a_waiver_naming_an_item_covers_that_item_only(
    tmp_path: Path, as_of: str, waived: set[str]
) -> None:
    ledger = write(tmp_path, {"incidents/x.yaml": HEAD + ITEMS})
    moment = datetime.fromisoformat(as_of)
    result = engine.evaluate(ledger, as_of=moment, now=moment)
    late = {o.item: o.state(moment) for o in result.obligations if o.rule == "action-item-overdue"}
    assert late == {"a1": "waived" if waived else "late", "a2": "late"}
    items = {dict(d.extra).get("item") for d in result.open if d.name == "action-item-overdue"}
    assert items == {"a1", "a2"} - waived
    active = engine.active_waivers(ledger, Context(moment, moment, ledger.policy))
    assert active == ({("incidents/x.yaml", "action-item-overdue"): {"a1"}} if waived else {})


def test_findings_of_rules_without_a_due_date_are_waived_by_item() -> None:
    def finding(*extra: tuple[str, str]) -> Diagnostic:
        return Diagnostic(Pos("incidents/x.yaml", 1, 1), "LDG1", "r", "error", "m", extra=extra)

    waivers: engine.Waivers = {("incidents/x.yaml", "r"): {"a1"}}
    assert engine._waived(finding(("state", "late"), ("item", "a1")), waivers)
    assert not engine._waived(finding(("state", "late"), ("item", "a2")), waivers)
    assert not engine._waived(finding(("state", "late")), waivers)
    assert engine._waived(finding(), {("incidents/x.yaml", "r"): {None}})
    assert not engine._waived(finding(("item", "a1")), {("incidents/y.yaml", "r"): {"a1"}})
    assert engine._item([("state", "a1"), ("item", "a2")]) == "a2"
    assert engine._item([("state", "late")]) is None


@pytest.fixture
def machine_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's local zone set far from UTC (CI machines run in UTC, users' do not)."""
    monkeypatch.setenv("TZ", "America/St_Johns")  # -03:30 / -02:30: no whole-hour accident
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("machine_zone")
def test_nothing_depends_on_the_machines_zone(tmp_path: Path) -> None:
    assert due.row(obligation(due=DUE.astimezone(PLUS8)), DUE)["due"] == "2024-05-10T12:00:00Z"
    assert clock.met(day("2024-05-11", PLUS8), DUE + timedelta(hours=4))
    assert clock.not_before(instant("2024-05-09T20:00:00+00:00"), day("2024-05-10", PLUS8))
    c = ctx(datetime(2026, 1, 1, tzinfo=UTC))
    closed = incident(
        tmp_path,
        "status: closed\nresolution: fixed\nclosed: 2025-07-31\ntimezone: UTC+8\n"
        + CLOSURE.format(posted="2025-08-05"),
    )
    assert clock.update_stop(closed, c).utc == datetime(2025, 7, 30, 16, tzinfo=UTC)  # type: ignore[union-attr]


def test_a_calendar_name_cannot_end_the_calendar() -> None:
    ics = due.ics([obligation()], DUE, name="x END:VCALENDAR y", stamp=DUE)
    cal = icalendar.Calendar.from_ical(ics)
    assert str(cal["X-WR-CALNAME"]) == "x END:VCALENDAR y"
    assert len(cal.walk("VEVENT")) == 1
    assert ics.split(b"\r\n")[-2:] == [b"END:VCALENDAR", b""]


def test_calendar_lines_are_written_as_rfc_5545_spells_them() -> None:
    as_of = DUE - SECOND
    o = obligation(owner="Ops")
    ics = due.ics([o], as_of, name="N", stamp=DUE, url=lambda _: "https://x.example/x")
    assert ics.split(b"\r\n") == [
        b"BEGIN:VCALENDAR",
        b"VERSION:2.0",
        b"PRODID:-//compliance-ledger//deadlines//EN",
        b"X-WR-CALNAME:N",
        b"BEGIN:VEVENT",
        b"UID:incident/x/update-overdue/-/2024-05-10T12:00:00Z/"
        + _sha("the update").encode()
        + b"@compliance-",
        b" ledger.invalid",
        b"DTSTAMP:20240510T120000Z",
        b"DTSTART:20240510T120000Z",
        b"DTEND:20240510T120000Z",
        b"SUMMARY:x: the update",
        b"DESCRIPTION:State: open\\nRule: update-overdue (LDG103)\\nRecord: x (incident",
        b" s/x.yaml)\\nOwner: Ops\\nSource: CCADB",
        b"CATEGORIES:update-overdue",
        b"X-LEDGER-RULE:update-overdue",
        b"X-LEDGER-RECORD:x",
        b"X-LEDGER-STATE:open",
        b"URL:https://x.example/x",
        b"BEGIN:VALARM",
        b"ACTION:DISPLAY",
        b"DESCRIPTION:the update",
        b"TRIGGER:-P1D",
        b"END:VALARM",
        b"END:VEVENT",
        b"END:VCALENDAR",
        b"",
    ]


@pytest.mark.usefixtures("machine_zone")
def test_the_engine_and_calendars_work_in_utc_whatever_the_machines_zone(tmp_path: Path) -> None:
    assert due.stamp_of(DUE.astimezone(PLUS8)) == b"20240510T120000Z"
    ledger = write(tmp_path, {"incidents/x.yaml": HEAD + ITEMS})
    # the waiver's last day ends at 23:59:59 UTC (the policy's zone), not the machine's
    last = datetime(2025, 8, 10, 23, 59, 59, tzinfo=UTC)
    for moment, waived in ((last, True), (last + SECOND, False)):
        active = engine.active_waivers(ledger, Context(moment, moment, ledger.policy))
        assert bool(active) is waived
    result = engine.evaluate(ledger, as_of=last.astimezone(PLUS8), now=last)
    assert result.as_of == last and result.as_of.utcoffset() == timedelta(0)


def test_evaluate_returns_the_as_of_view_owners_and_restores_the_collector(
    tmp_path: Path,
) -> None:
    ledger = write(tmp_path, {"incidents/x.yaml": HEAD + ITEMS})
    moment = datetime(2025, 8, 20, tzinfo=UTC)
    assert gc.isenabled()
    result = engine.evaluate(ledger, as_of=moment, now=moment)
    assert gc.isenabled()  # switched off while the rules run, and on again
    assert result.as_of == moment
    assert result.view is not None and list(result.view.incidents) == ["x"]
    assert result.obligations and {o.owner for o in result.obligations} == {"PKI team"}
    assert {d.name for d in result.history} == {"update-overdue"}  # weekly updates missed
    # with history kept, deadlines met late are built; without, they are not
    done = ITEMS.replace("due: 2025-08-01, status: ongoing}", "due: 2025-08-01, status: complete,"
                         " completed: 2025-08-05}")  # fmt: skip
    late = write(tmp_path / "late", {"incidents/x.yaml": HEAD + done})
    kept = engine.evaluate(late, as_of=moment, now=moment)
    lean = engine.evaluate(late, as_of=moment, now=moment, keep_history=False)
    met_late = [d.extra for d in kept.history if d.name == "action-item-overdue"]
    assert met_late == [
        (("item", "a1"), ("state", "met-late")),
        (("item", "a2"), ("state", "met-late")),
    ]
    assert lean.history == [] and lean.open == kept.open


def test_a_clock_that_starts_at_as_of_owes_from_that_instant(tmp_path: Path) -> None:
    ledger = write(tmp_path, {"incidents/x.yaml": HEAD + "status: open\n"})
    opened = datetime(2025, 7, 1, 9, tzinfo=UTC)
    at = engine.evaluate(ledger, as_of=opened, now=opened)
    assert any(o.starts == opened for o in at.obligations)
    assert all(o.starts is None or o.starts <= opened for o in at.obligations)


def test_an_end_still_ahead_gives_no_missed_finding() -> None:
    o = obligation(ended=DUE + timedelta(days=7), ended_note="n")
    assert o.finding(DUE) is None  # open: nothing to report yet
    late = o.finding(DUE + SECOND)
    assert late is not None and "overdue" in late.message
