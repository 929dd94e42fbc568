"""A dated fact recorded long after its date, recorded before it happened, or recorded after the
deadline its date claims to have met.

**Why.** A ledger entry can claim any date. When an update "posted on 3 May" first appears in a
commit of 20 May, either the ledger was kept late or the date was written back; both are what
an auditor wants to see.

**What.** Every dated fact of every record: updates, reports, the closure summary, answers,
completions, kept promises and notifications of incidents; verifications and registry updates
of contacts; the acknowledgement, preliminary report, revocation and clearing of problem
reports. For each fact in the current record the rule finds the first commit whose version of
the file holds that exact value (renames followed; a merge that only brings a branch's commit
does not count) and compares its author date with the claimed day, in the time zone the claim
was written in. Only commits made by the as-of instant count.

- Recorded more than N days (option `days`, default 7) after its date: **info** (keeping the
  ledger late is not itself a missed deadline, but back-dating must be visible).
- Dated after the commit that first recorded it (a fact recorded before it happened): **error**.
- Recorded more than N days after its date, its claimed date meeting a deadline on time that
  had passed when it was first recorded: **warning**, since only the claimed date says the
  deadline was met (a fact recorded within N days is the ordinary lag of keeping a ledger).

Without a git history the rule finds nothing; in a shallow clone `ledger check` stops and asks
for `fetch-depth: 0`.

**Option.** `days` (default 7): how many days a claim may lie before it is recorded.

**Source.** Audit practice: the ledger is the organisation's record of what it did and when.

Passing example: this update is committed on 2024-05-09.

```yaml
updates:
  - {at: 2024-05-08, text: No new information at present.}
```

Failing example: the same update is first committed on 2024-05-20, 12 days later.

```yaml
updates:
  - {at: 2024-05-08, text: No new information at present.}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Diagnostic, Pos, Severity
from generator.model import PROBLEM_REPORT_FACTS, Contact, Incident, Ledger, ProblemReport
from generator.rules.base import Context, Rule, finding
from generator.rules.obligation import Obligation
from generator.values import format_instant

if TYPE_CHECKING:  # types only: importing generator.history loads git support
    from generator.history.model import Commit, History, Recorded

RULE = Rule(
    name="recorded-late",
    code="LDG302",
    severity="info",
    doc=__doc__ or "",
    source="audit practice: the ledger records what was done and when",
    kind="history",
    options={"days": 7},
)

_WHAT = {
    "update": "update",
    "answer": "answer to question",
    "completion": "completion of action item",
    "report": "report",
    "closure": "closure summary",
    "promise": "kept promise",
    "notification": "notification to",
    "verification": "verification",
    "registry-update": "registry update for owner",
    "acknowledged": "acknowledgement",
    "preliminary-report": "preliminary report to the reporter",
    "preliminary-report-subscriber": "preliminary report to the subscriber",
    "revoked": "revocation",
    "cleared": "clearing",
}
_HINT = (
    "record facts when they happen; if the date is right, say in the record why it was recorded"
    " late"
)

Record = Incident | Contact | ProblemReport


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    history: History | None = ctx.history
    if history is None:
        return
    met = _met_on_time(ctx.obligations)
    records: list[Record] = [
        *ledger.incidents.values(),
        *ledger.contacts.values(),
        *ledger.problem_reports.values(),
    ]
    for record in records:
        found = history.file(record.path)
        for claim in found.recorded if found else ():
            commit = history.commits[claim.commit]
            if commit.authored > ctx.as_of:
                continue
            pos = _position(record, claim)
            if pos is not None:
                yield from _judge(record, claim, commit, pos, met, ctx)


def _judge(
    record: Record,
    claim: Recorded,
    commit: Commit,
    pos: Pos,
    met: Mapping[tuple[str, int, str], Obligation],
    ctx: Context,
) -> Iterator[Diagnostic]:
    allowed = int(ctx.option(RULE, "days"))
    lag = (commit.authored.date() - claim.claimed).days
    what = f"{_WHAT[claim.what]} {_name(claim)}dated {claim.text}"
    by = f"by {commit.author} in {commit.short} ({commit.authored.date()})"
    deadline = met.get((pos.path, pos.line, claim.text))
    found: Diagnostic | None = None
    if lag < 0:
        found = _finding(
            record,
            pos,
            ctx,
            f"{what} was recorded {-lag} days before that date, {by}: a fact is recorded after"
            " it happens",
            commit.authored,
            "error",
            "correct the date, or record the fact once it has happened",
        )
    elif lag > allowed and deadline is not None and commit.authored > deadline.due:
        found = _finding(
            record,
            pos,
            ctx,
            f"{what} meets {deadline.rule}'s deadline {format_instant(deadline.due)} only by"
            f" its claimed date: it was first recorded {lag} days later, {by}, after the"
            " deadline",
            commit.authored,
            "warning",
            "link the fact to where it was posted (a URL), or correct its date",
        )
    elif lag > allowed:
        found = _finding(
            record,
            pos,
            ctx,
            f"{what} was first recorded {lag} days later, {by}; more than the {allowed} days"
            " allowed",
            commit.authored,
            None,
            _HINT,
        )
    if found is not None:
        yield found


def _finding(
    record: Record,
    pos: Pos,
    ctx: Context,
    message: str,
    at: datetime,
    severity: Severity | None,
    hint: str,
) -> Diagnostic | None:
    return finding(RULE, ctx, pos, message, record=record.id, at=at, hint=hint, severity=severity)


def _met_on_time(obligations: list[Obligation]) -> dict[tuple[str, int, str], Obligation]:
    """(file, line, the fact as written) → the obligation it met on time (the earliest due).
    A met obligation points at the fact that met it, so the line tells which fact it was."""
    out: dict[tuple[str, int, str], Obligation] = {}
    for o in sorted(obligations, key=lambda o: o.due, reverse=True):
        if o.met is not None and o.on_time and o.met_text:
            out[o.pos.path, o.pos.line, o.met_text] = o
    return out


def _name(claim: Recorded) -> str:
    if claim.what in ("update", "closure", "verification") or claim.key == claim.what:
        return ""
    if claim.key in PROBLEM_REPORT_FACTS:
        return ""
    return f"{claim.key!r} "


def _position(record: Record, claim: Recorded) -> Pos | None:
    """Where the claim is written now; None if the current record no longer makes it."""
    if isinstance(record, Incident):
        return _incident_position(record, claim)
    if isinstance(record, Contact):
        if claim.what == "verification":
            return next(
                (v.pos for v in record.verifications if v.on.isoformat() == claim.text), None
            )
        return next(
            (
                o.pos
                for o in record.owners
                if o.owner == claim.key
                and o.registry_updated is not None
                and o.registry_updated.isoformat() == claim.text
            ),
            None,
        )
    value: Any = getattr(record, claim.key, None)
    return record.pos(claim.key) if value is not None and value.text == claim.text else None


def _incident_position(incident: Incident, claim: Recorded) -> Pos | None:
    what, key, text = claim.what, claim.key, claim.text
    candidates: list[tuple[bool, Pos]]
    if what == "update":
        candidates = [(u.at.text == text, u.pos) for u in incident.updates]
    elif what == "answer":
        candidates = [
            (q.id == key and q.answered is not None and q.answered.text == text, q.pos)
            for q in incident.questions
        ]
    elif what == "completion":
        candidates = [
            (
                a.id == key and a.completed is not None and a.completed.isoformat() == text,
                a.positions.get("completed", a.pos),
            )
            for a in incident.action_items
        ]
    elif what == "report":
        candidates = [(r.kind == key and r.at.text == text, r.pos) for r in incident.reports]
    elif what == "promise":
        candidates = [
            (p.what == key and p.kept is not None and p.kept.text == text, p.pos)
            for p in incident.promises
        ]
    elif what == "notification":
        candidates = [(n.to == key and n.at.text == text, n.pos) for n in incident.notifications]
    else:  # the closure summary
        closure = incident.closure
        candidates = [(closure.posted.text == text, closure.pos)] if closure else []
    return next((pos for hit, pos in candidates if hit), None)
