"""Obligations as `ledger due` prints them: text, JSON (one object per line) and iCalendar.

The site's calendars are this module's iCalendar output, so the calendar, `ledger due` and
`ledger check` can never disagree: all three read the engine's obligations.
Timestamps come from the obligations and the stamp passed in, never from the clock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar

from generator.rules.obligation import Obligation
from generator.values import format_delay, format_instant

PRODID = "-//compliance-ledger//deadlines//EN"
UID_DOMAIN = "compliance-ledger.invalid"
# what a calendar entry's summary starts with, by state: a deadline met late is never "met"
LABEL = {
    "open": "",
    "late": "[late] ",
    "waived": "[waived] ",
    "met": "[met] ",
    "met-late": "[met late] ",
    "missed": "[missed] ",
}


def _utc(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# a calendar carries what is still owed and what fell due in the last year: older history is
# in `ledger due --format json`, the site's export and `check --history`
CALENDAR_DAYS = 365


def in_calendar(o: Obligation, as_of: datetime) -> bool:
    return o.state(as_of) in ("open", "late", "waived") or o.due >= as_of - timedelta(
        days=CALENDAR_DAYS
    )


def uid(o: Obligation) -> str:
    """Stable across builds: the record, rule, item, due instant and what is owed name one
    obligation (two weekly intervals agreed to the same date differ by their start)."""
    digest = hashlib.sha256(o.what.encode()).hexdigest()[:10]
    return f"{o.kind}/{o.record}/{o.rule}/{o.item or '-'}/{_utc(o.due)}/{digest}"


def row(o: Obligation, as_of: datetime) -> dict[str, Any]:
    """One obligation as `ledger due --format json` prints it (keys always in this order)."""
    state = o.state(as_of)
    until = o.late_by(as_of)
    return {
        "record": o.record,
        "kind": o.kind,
        "item": o.item,
        "rule": o.rule,
        "code": o.code,
        "what": o.what,
        "owner": o.owner,
        "starts": _utc(o.starts),
        "due": _utc(o.due),
        "state": state,
        "met": _utc(o.met),
        "ended": _utc(o.ended) if state == "missed" else None,
        "late_seconds": int((until - o.due).total_seconds()) if until is not None else None,
        "severity": o.severity,
        "source": o.source,
        "path": o.pos.path,
        "line": o.pos.line,
        "col": o.pos.col,
        "uid": uid(o),
    }


def json_lines(obligations: Iterable[Obligation], as_of: datetime) -> str:
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    lines = [encode(row(o, as_of)) for o in obligations]
    return "[\n" + ",\n".join(lines) + ("\n]\n" if lines else "]\n")


def text(obligations: Iterable[Obligation], as_of: datetime) -> str:
    """`due STATE record: what (rule) owner`, one line each, by due instant."""
    lines = []
    for o in obligations:
        state = o.state(as_of)
        until = o.late_by(as_of)
        late = f" by {format_delay(until - o.due)}" if until is not None else ""
        owner = f" [{o.owner}]" if o.owner else ""
        lines.append(
            f"{format_instant(o.due)}  {state}{late}  {o.record}: {o.what} ({o.rule}){owner}"
        )
    return "".join(line + "\n" for line in lines)


def event(
    o: Obligation, as_of: datetime, stamp: bytes, url: Callable[[Obligation], str | None]
) -> bytes:
    """One obligation's VEVENT. icalendar escapes each value; lines are folded here (its own
    folding cost 2 ms an event). Tests parse the result back with icalendar."""
    state = o.state(as_of)
    due = icalendar.vDDDTypes(o.due).to_ical()
    met = f"\nMet: {format_instant(o.met)}" if o.met is not None else ""
    props = [
        (b"UID", _text(f"{uid(o)}@{UID_DOMAIN}")),
        (b"DTSTAMP", stamp),
        (b"DTSTART", due),
        (b"DTEND", due),
        (b"SUMMARY", _text(f"{LABEL[state]}{o.record}: {o.what}")),
        (
            b"DESCRIPTION",
            _text(
                f"State: {state}\nRule: {o.rule} ({o.code})\nRecord: {o.record} ({o.pos.path})"
                f"\nOwner: {o.owner}\nSource: {o.source}{met}"
            ),
        ),
        (b"CATEGORIES", _text(o.rule)),
        (b"X-LEDGER-RULE", _text(o.rule)),
        (b"X-LEDGER-RECORD", _text(o.record)),
        (b"X-LEDGER-STATE", _text(state)),
    ]
    link = url(o)
    if link:
        props.append((b"URL", link.encode()))
    lines = [b"BEGIN:VEVENT", *(_fold(name + b":" + value) for name, value in props)]
    if state == "open":
        lines += [b"BEGIN:VALARM", b"ACTION:DISPLAY", _fold(b"DESCRIPTION:" + _text(o.what))]
        lines += [b"TRIGGER:-P1D", b"END:VALARM"]
    lines.append(b"END:VEVENT")
    return b"\r\n".join(lines) + b"\r\n"


def stamp_of(moment: datetime) -> bytes:
    out: bytes = icalendar.vDDDTypes(moment.astimezone(UTC)).to_ical()
    return out


def calendar(name: str, events: Iterable[bytes]) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    whole: bytes = cal.to_ical()
    head, end = whole.rsplit(b"END:VCALENDAR", 1)
    return head + b"".join(events) + b"END:VCALENDAR" + end


def ics(
    obligations: Iterable[Obligation],
    as_of: datetime,
    *,
    name: str,
    stamp: datetime,
    url: Callable[[Obligation], str | None] = lambda o: None,
) -> bytes:
    when = stamp_of(stamp)
    return calendar(name, (event(o, as_of, when, url) for o in obligations))


def _text(value: str) -> bytes:
    out: bytes = icalendar.vText(value).to_ical()
    return out


def _fold(line: bytes, limit: int = 75) -> bytes:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF + space, never
    splitting a UTF-8 character."""
    if len(line) <= limit:
        return line
    parts, start, size = [], 0, limit
    while start < len(line):
        end = min(start + size, len(line))
        while end < len(line) and (line[end] & 0xC0) == 0x80:
            end -= 1  # back off to the start of a UTF-8 character
        parts.append(line[start:end])
        start, size = end, limit - 1
    return b"\r\n ".join(parts)
