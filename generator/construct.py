"""Schema-valid documents → model objects, parsing every date, instant and zone on the way.

A value that the schema accepts but that is not a real moment (2024-02-30, 24:00, an instant
without an offset in a file without `timezone`) becomes a Diagnostic at its position, and the
record is left out of the model.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any, TypeVar

from generator import codes
from generator.diagnostics import Diagnostic, Pos
from generator.load import Document
from generator.model import (
    DEFAULT_PROGRAMS,
    ActionItem,
    Closure,
    Contact,
    Incident,
    Lesson,
    Lessons,
    Notification,
    Ownership,
    Policy,
    ProblemReport,
    Promise,
    Question,
    Related,
    Report,
    Revocation,
    RootCause,
    TimelineEvent,
    Update,
    Verification,
    Waiver,
)
from generator.values import ValueProblem, When, parse_date, parse_when, parse_zone

T = TypeVar("T")
Path = tuple[str | int, ...]

PROBLEMS = {
    "date": codes.BAD_DATE,
    "instant": codes.BAD_INSTANT,
    "naive": codes.NAIVE_INSTANT,
    "zone": codes.BAD_ZONE,
}


# Stand-ins for values that failed to parse: the build goes on so that every bad value of the
# record is reported in this run; a record with any failure is left out of the model.
_UNPARSED_DAY = date(1970, 1, 1)
_NOON = time(12)
_UNPARSED_WHEN = When(datetime(1970, 1, 1, tzinfo=UTC), UTC, _UNPARSED_DAY, "")


class _Builder:
    def __init__(self, doc: Document, policy_zone: tzinfo, out: list[Diagnostic]) -> None:
        self.doc = doc
        self.data = doc.data
        self.out = out
        self.items: dict[Path, Pos] = {}
        self.latest = datetime(1970, 1, 1, tzinfo=UTC)  # the latest moment parsed so far
        self.failed = False
        self.policy_zone = policy_zone
        self.zone: tzinfo | None = None
        if "timezone" in self.data:
            self.zone = self._parse(("timezone",), parse_zone)
        self.day_zone = self.zone or policy_zone
        # a bad `timezone` is reported once; its instants are read as UTC, not blamed again
        self.naive_zone = self.zone or (UTC if "timezone" in self.data else None)

    def pos(self, path: Path) -> Pos:
        found = self.items.get(path)
        return found if found is not None else self.doc.pos(path)

    def positions(self, base: Path = ()) -> dict[str, Pos]:
        return self.doc.positions(base)

    def _parse(self, path: Path, parse: Callable[[str], T]) -> T | None:
        parsed = parse_at(self.doc, path, parse, self.out)
        self.failed = self.failed or parsed is None
        return parsed

    # `plan=True` marks a planned date (a due date, an agreed next update): it is not a fact,
    # so it does not move `latest`, the moment after which no fact of the record lies

    def when(self, path: Path, *, plan: bool = False) -> When:
        parsed = self._parse(path, lambda t: parse_when(t, self.naive_zone, self.day_zone))
        if parsed is None:
            return _UNPARSED_WHEN
        if not plan and parsed.utc > self.latest:
            self.latest = parsed.utc
        return parsed

    def day(self, path: Path, *, plan: bool = False) -> date:
        parsed = self._parse(path, parse_date)
        if parsed is None:
            return _UNPARSED_DAY
        # a day has begun in every zone (UTC-12 to UTC+14) by 12:00 UTC
        begun = datetime.combine(parsed, _NOON, UTC)
        if not plan and begun > self.latest:
            self.latest = begun
        return parsed

    def opt_when(
        self, obj: dict[str, Any], base: Path, key: str, *, plan: bool = False
    ) -> When | None:
        return self.when((*base, key), plan=plan) if key in obj else None

    def opt_day(
        self, obj: dict[str, Any], base: Path, key: str, *, plan: bool = False
    ) -> date | None:
        return self.day((*base, key), plan=plan) if key in obj else None

    def each(self, key: str, make: Callable[[dict[str, Any], Path], T]) -> tuple[T, ...]:
        # the items' positions in one step, rather than a walk from the root for each item
        self.items = {(key, i): pos for i, pos in enumerate(self.doc.item_positions((key,)))}
        return tuple(make(obj, (key, i)) for i, obj in enumerate(self.data.get(key, ())))


def parse_at(
    doc: Document, path: Path, parse: Callable[[str], T], out: list[Diagnostic]
) -> T | None:
    """The value at `path` parsed, or None with a positioned diagnostic appended to `out`."""
    try:
        return parse(value_at(doc.data, path))
    except ValueProblem as exc:
        problem = PROBLEMS[exc.kind]
        out.append(
            Diagnostic(doc.pos(path), problem.code, problem.name, "error", str(exc), exc.hint)
        )
        return None


def value_at(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


def build_policy(doc: Document | None, out: list[Diagnostic]) -> Policy:
    if doc is None:
        return Policy(UTC, {})
    b = _Builder(doc, UTC, out)
    programs = doc.data.get("programs")
    return Policy(
        b.zone or UTC,
        doc.data.get("rules", {}),
        doc.path,
        b.positions(),
        frozenset(programs) if isinstance(programs, list) and programs else DEFAULT_PROGRAMS,
        doc.data.get("bugzilla"),
    )


def build_incident(
    id_: str, doc: Document, policy: Policy, out: list[Diagnostic]
) -> Incident | None:
    b = _Builder(doc, policy.timezone, out)
    d = doc.data
    # `opened` is the first public disclosure; until then the incident runs from `aware`
    aware = b.opt_when(d, (), "aware")
    disclosed = b.when(("opened",)) if "opened" in d or aware is None else None
    incident = Incident(
        id=id_,
        path=doc.path,
        title=d["title"],
        status=d["status"],
        resolution=d.get("resolution"),
        opened=disclosed or aware,  # type: ignore[arg-type]
        aware=aware,
        closed=b.opt_day(d, (), "closed"),
        owner=d["owner"],
        bug=d.get("bug"),
        tags=tuple(d.get("tags", ())),
        source=d.get("source"),
        timezone=b.zone,
        related=b.each("related", lambda o, p: _related(o, p, b)),
        next_update=b.opt_day(d, (), "next_update", plan=True),
        close_on=b.opt_day(d, (), "close_on", plan=True),
        promises=b.each(
            "promises",
            lambda o, p: Promise(
                o["what"], b.when((*p, "due"), plan=True), b.opt_when(o, p, "kept"), b.pos(p)
            ),
        ),
        revocation_delay=bool(d.get("revocation_delay", False)),
        summary=d["summary"],
        impact=d.get("impact"),
        timeline=b.each(
            "timeline",
            lambda o, p: TimelineEvent(b.when((*p, "at")), o["event"], o.get("kind"), b.pos(p)),
        ),
        root_causes=b.each(
            "root_causes", lambda o, p: RootCause(o["id"], o["title"], o["description"], b.pos(p))
        ),
        lessons=_lessons(d.get("lessons", {}), b),
        action_items=b.each("action_items", lambda o, p: _action_item(o, p, b)),
        reports=b.each(
            "reports", lambda o, p: Report(o["kind"], b.when((*p, "at")), o.get("url"), b.pos(p))
        ),
        updates=b.each(
            "updates",
            lambda o, p: Update(
                b.when((*p, "at")), o["text"], o.get("url"), _revocation(o, p, b), b.pos(p)
            ),
        ),
        questions=b.each(
            "questions",
            lambda o, p: Question(
                o["id"],
                b.when((*p, "asked")),
                o["by"],
                o["text"],
                b.opt_when(o, p, "answered"),
                b.pos(p),
            ),
        ),
        closure=_closure(d, b),
        waivers=b.each(
            "waivers",
            lambda o, p: Waiver(
                o["rule"],
                b.day((*p, "until"), plan=True),
                o["reason"],
                o["approved_by"],
                o.get("item"),
                b.pos(p),
            ),
        ),
        positions=b.positions(),
        disclosed=disclosed is not None,
        security_incident=d.get("security_incident") is True,
        notifications=b.each(
            "notifications",
            lambda o, p: Notification(o["to"], b.when((*p, "at")), o.get("text"), b.pos(p)),
        ),
        latest=b.latest,  # last: every moment above is parsed by now
    )
    return None if b.failed else incident


def _related(obj: Any, path: tuple[str | int, ...], b: _Builder) -> Related:
    if isinstance(obj, str):
        return Related(obj, "related", b.pos(path))
    opened = b.opt_when(obj, path, "opened")
    return Related(
        obj["ref"], obj.get("relation", "related"), b.pos(path), obj.get("title"), opened
    )


def _lessons(obj: dict[str, Any], b: _Builder) -> Lessons:
    def group(key: str) -> tuple[Lesson, ...]:
        out = []
        for i, item in enumerate(obj.get(key, ())):
            pos = b.pos(("lessons", key, i))
            if isinstance(item, str):
                out.append(Lesson(item, (), pos))
            else:
                out.append(Lesson(item["text"], tuple(item.get("action_items", ())), pos))
        return tuple(out)

    return Lessons(group("went_well"), group("went_wrong"), group("lucky"))


def _action_item(o: dict[str, Any], p: Path, b: _Builder) -> ActionItem:
    return ActionItem(
        id=o["id"],
        action=o["action"],
        kind=o["kind"],
        due=b.day((*p, "due"), plan=True),
        status=o["status"],
        completed=b.opt_day(o, p, "completed"),
        owner=o.get("owner"),
        root_causes=tuple(o.get("root_causes", ())),
        evaluation=o.get("evaluation"),
        pos=b.pos(p),
        positions=b.positions(p),
    )


def _revocation(o: dict[str, Any], p: Path, b: _Builder) -> Revocation | None:
    r = o.get("revocation")
    if r is None:
        return None
    return Revocation(
        r.get("revoked"),
        r.get("remaining"),
        r.get("expired"),
        b.opt_when(r, (*p, "revocation"), "eta", plan=True),
    )


def _closure(d: dict[str, Any], b: _Builder) -> Closure | None:
    c = d.get("closure")
    if c is None:
        return None
    return Closure(
        c["description"],
        c["root_causes"],
        c["remediation"],
        c["commitments"],
        c["attested"] is True,
        b.when(("closure", "posted")),
        b.pos(("closure",)),
        tuple(c.get("needinfo", ())),
    )


def build_contact(id_: str, doc: Document, policy: Policy, out: list[Diagnostic]) -> Contact | None:
    b = _Builder(doc, policy.timezone, out)
    d = doc.data
    contact = Contact(
        id=id_,
        path=doc.path,
        address=d["address"],
        purpose=d["purpose"],
        personal=bool(d.get("personal", False)),
        disclosed_in=tuple(d.get("disclosed_in", ())),
        owners=b.each(
            "owners",
            lambda o, p: Ownership(
                o["owner"],
                b.opt_day(o, p, "from"),
                b.opt_day(o, p, "until"),
                b.opt_day(o, p, "registry_updated"),
                o.get("note"),
                b.pos(p),
            ),
        ),
        verify_every=d.get("verify_every"),
        verifications=b.each(
            "verifications",
            lambda o, p: Verification(b.day((*p, "on")), o["by"], o.get("note"), b.pos(p)),
        ),
        valid_until=b.opt_day(d, (), "valid_until"),
        retired=b.opt_day(d, (), "retired"),
        replaced_by=d.get("replaced_by"),
        positions=b.positions(),
    )
    # a later owner without `from` is reported by semantics; the model promises every change a start
    late_start = any(owner.start is None for owner in contact.owners[1:])
    return None if b.failed or late_start else contact


def build_problem_report(
    id_: str, doc: Document, policy: Policy, out: list[Diagnostic]
) -> ProblemReport | None:
    b = _Builder(doc, policy.timezone, out)
    d = doc.data
    report = ProblemReport(
        id=id_,
        path=doc.path,
        received=_instant(b, ("received",)),
        channel=d["channel"],
        reporter=d.get("reporter"),
        summary=d["summary"],
        reason=d.get("reason"),
        certificates=d.get("certificates"),
        short_lived=d.get("short_lived") is True,
        acknowledged=b.opt_when(d, (), "acknowledged"),
        timezone=b.zone,
        preliminary_report=b.opt_when(d, (), "preliminary_report"),
        preliminary_report_subscriber=b.opt_when(d, (), "preliminary_report_subscriber"),
        revoked=_instant(b, ("revoked",)) if "revoked" in d else None,
        cleared=b.opt_when(d, (), "cleared"),
        no_revocation=d.get("no_revocation"),
        incident=d.get("incident"),
        positions=b.positions(),
    )
    return None if b.failed else report


def _instant(b: _Builder, path: Path) -> When:
    when = b.when(path)
    if when.is_day and when is not _UNPARSED_WHEN:
        b.failed = True
        b.out.append(
            Diagnostic(
                b.pos(path),
                codes.BAD_INSTANT.code,
                codes.BAD_INSTANT.name,
                "error",
                f"{when.text!r} is a date, but this field needs a date and time",
                "write the time too, e.g. 2024-03-04T08:00+08:00",
            )
        )
    return when
