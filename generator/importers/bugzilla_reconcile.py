"""The ledger against the public record: where the incidents and their Bugzilla bugs disagree.

Pure: a validated ledger, the bugs (saved or fetched) and an instant in, Diagnostics out,
positioned in the record where the fix goes. Codes LDG401 to LDG406 (docs/bugzilla.md):

- LDG401 `bugzilla-status-differs`: the record is open and the bug resolved, or the reverse.
- LDG402 `bugzilla-next-update-differs`: the whiteboard's "Next update" is not `next_update`.
- LDG403 `bugzilla-comment-not-recorded`: a comment by the CA's account that no update or
  report of the record matches (by its `#cN` link, or posted within a day of it).
- LDG404 `bugzilla-update-not-on-bug`: an update of the record that no comment by the CA's
  account matches (updates linked elsewhere are left alone: not every update is on the bug).
- LDG405 `bugzilla-needinfo-open`: a needinfo request of the CA's account open for longer than
  the answer window (7 days, CCADB Incident Reporting Guidelines: questions are answered
  within 7 days).
- LDG406 `bugzilla-bug-not-in-ledger`: a bug of the search that no record links to.

Comment checks run only for bugs whose comments were given: metadata alone says nothing of
them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from generator import codes
from generator.diagnostics import Diagnostic, Pos, Severity, sort_diagnostics
from generator.importers import bugzilla_draft as drafting
from generator.importers import whiteboard
from generator.importers.bugzilla import Bug, Comment
from generator.importers.bugzilla_import import bug_number
from generator.model import Incident, Ledger

ANSWER_DAYS = 7
NEAR = timedelta(days=1)
STATUS = codes.BZ_STATUS
NEXT_UPDATE = codes.BZ_NEXT_UPDATE
COMMENT = codes.BZ_COMMENT
UPDATE = codes.BZ_UPDATE
NEEDINFO = codes.BZ_NEEDINFO
MISSING = codes.BZ_MISSING


def reconcile(
    ledger: Ledger,
    bugs: list[Bug],
    base_url: str,
    as_of: datetime,
    accounts: frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """Every disagreement between the ledger's incidents and `bugs`, sorted."""
    by_number = {bug.id: bug for bug in bugs}
    linked: set[int] = set()
    out: list[Diagnostic] = []
    for incident in sorted(ledger.incidents.values(), key=lambda i: i.path):
        number = bug_number(incident.bug or "", base_url)
        bug = by_number.get(number) if number is not None else None
        if bug is None:
            continue
        linked.add(bug.id)
        mine = accounts or frozenset({drafting.ca_account(bug)})
        out += _status(incident, bug)
        out += _next_update(incident, bug)
        if bug.with_comments:
            out += _comments(incident, bug, mine, base_url)
        out += _needinfo(incident, bug, mine, as_of)
    out += [
        _diag(
            MISSING,
            Pos("incidents"),
            "warning",
            f"bug {bug.id} ({bug.data['summary'][:120]}) is in the search but no incident "
            "links to it",
            f"import it: `ledger import bugzilla` with the same search (it drafts "
            f"incidents/<year>/{drafting.record_id(bug.id)}.yaml)",
            "",
        )
        for bug in bugs
        if bug.id not in linked
    ]
    return sort_diagnostics(out)


def _diag(
    problem: codes.Problem, pos: Pos, severity: Severity, message: str, hint: str, record: str
) -> Diagnostic:
    return Diagnostic(pos, problem[0], problem[1], severity, message, hint, record)


def _status(incident: Incident, bug: Bug) -> Iterator[Diagnostic]:
    closed = drafting.is_closed(bug)
    if closed == (incident.status == "closed"):
        return
    said = f"{bug.data.get('status')} {bug.data.get('resolution') or ''}".strip()
    yield _diag(
        STATUS,
        incident.pos("status"),
        "error",
        f"the record is {incident.status} but bug {bug.id} is {said}",
        "close the record with its closure summary (`ledger sync bugzilla` takes the status)"
        if closed
        else "ask the root program to close the bug, or reopen the record",
        incident.id,
    )


def _next_update(incident: Incident, bug: Bug) -> Iterator[Diagnostic]:
    board = whiteboard.parse(str(bug.data.get("whiteboard") or ""))
    if board.next_update is None or board.next_update == incident.next_update:
        return
    yield _diag(
        NEXT_UPDATE,
        incident.pos("next_update") if incident.next_update else incident.pos("bug"),
        "error",
        f"bug {bug.id}'s whiteboard asks for the next update on {board.next_update}, the "
        f"record says {incident.next_update or 'nothing'}",
        f"set `next_update: {board.next_update}` (or run `ledger sync bugzilla`)",
        incident.id,
    )


def _comments(
    incident: Incident, bug: Bug, mine: frozenset[str], base_url: str
) -> Iterator[Diagnostic]:
    url = drafting.bug_url(base_url, bug.id)
    posted = [(r.at.utc, r.url) for r in incident.reports] + [
        (u.at.utc, u.url) for u in incident.updates
    ]
    by_ca = [c for c in bug.comments if c.creator in mine]
    for comment in by_ca:
        if comment.count == 0 or any(_matches(comment, at, link, url) for at, link in posted):
            continue
        yield _diag(
            COMMENT,
            incident.pos("updates") if incident.updates else incident.pos("bug"),
            "warning",
            f"comment #{comment.count} by {comment.creator} on bug {bug.id} ({comment.time}) "
            "has no update or report in the record",
            f"add it: `ledger add update {incident.id} --text '…' --url {url}#c{comment.count}`",
            incident.id,
        )
    for update in incident.updates:
        if update.url and not update.url.startswith(url + "#"):
            continue  # posted elsewhere (a mailing list, a CCADB case): not ours to judge
        if any(_matches(c, update.at.utc, update.url, url) for c in by_ca):
            continue
        yield _diag(
            UPDATE,
            update.pos,
            "warning",
            f"the update of {update.at.text or update.at.utc.date()} has no comment by the CA "
            f"on bug {bug.id}",
            "post it on the bug, or link the update to where it was posted (`url:`)",
            incident.id,
        )


def _matches(comment: Comment, at: datetime, link: str | None, url: str) -> bool:
    if link and link.startswith(url + "#c"):
        return link == f"{url}#c{comment.count}"
    moment = datetime.fromisoformat(comment.time.replace("Z", "+00:00"))
    return abs(moment - at) <= NEAR


def _needinfo(
    incident: Incident, bug: Bug, mine: frozenset[str], as_of: datetime
) -> Iterator[Diagnostic]:
    for flag in bug.data.get("flags") or []:
        if flag.get("name") != "needinfo" or flag.get("status") != "?":
            continue
        if flag.get("requestee") not in mine:
            continue
        asked = datetime.fromisoformat(str(flag["creation_date"]).replace("Z", "+00:00"))
        due = asked + timedelta(days=ANSWER_DAYS)
        if as_of <= due:
            continue
        late = (as_of - due).days
        yield Diagnostic(
            incident.pos("questions") if incident.questions else incident.pos("bug"),
            NEEDINFO[0],
            NEEDINFO[1],
            "error",
            f"needinfo of {flag.get('requestee')} by {flag.get('setter') or 'someone'} on bug "
            f"{bug.id}, asked {flag['creation_date'][:10]}, is open {late} day(s) past the "
            f"{ANSWER_DAYS}-day answer window",
            "answer it on the bug (and record the answer in `questions:`)",
            incident.id,
            deadline=due,
        )
