"""Obligations: every deadline the ledger knows, each derived by exactly one rule.

An obligation is something someone must do by an instant: post the full report, answer a
question, complete an action item, verify a contact. Deadline rules declare them
(`obligations(ledger, ctx)`); the engine applies waivers and turns the late ones into
findings. `ledger check`, `--history`, `ledger due`, `ledger diff`, the site's dashboard,
pages, calendars and exports are all views of the same obligations, never computed again.

States at the as-of instant (docs/rules.md, "Obligations"):

- `open`: not met, not yet due;
- `late`: not met and past due (an open finding, unless waived);
- `waived`: late, but a waiver in force covers it;
- `met`: met on time; `met-late`: met after its due instant (history);
- `missed`: never met, and no longer owed as such: a later interval replaced it (the next
  weekly update fell due) or the commitment was re-dated after it had passed (history).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from generator.diagnostics import Diagnostic, Pos, Severity
from generator.discover import FOLDERS
from generator.values import format_delay, format_instant

State = Literal["open", "late", "waived", "met", "met-late", "missed"]
STATES: tuple[State, ...] = ("open", "late", "waived", "met", "met-late", "missed")


@dataclass(frozen=True, slots=True)
class Obligation:
    rule: str  # the rule that declares it, e.g. "update-overdue"
    code: str
    record: str  # record id
    pos: Pos  # where in the record to point (pos.path is the record's file)
    item: str | None  # action item, question, owner change... (None: the record itself)
    what: str  # a noun phrase: "the full incident report"
    due: datetime  # UTC
    starts: datetime | None  # the event that started the clock (UTC), when known
    met: datetime | None  # when the fact that meets it happened (UTC); None: not (yet) met
    met_text: str  # that fact as the record wrote it ("" when not met)
    on_time: bool  # met by its due instant (a date counts as on time on the due day)
    ended: datetime | None  # for `missed`: when it stopped being owed (see module docstring)
    ended_note: str  # why it ended: "the next update fell due ...", "re-dated to ..."
    severity: Severity  # in force for this obligation (policy, rule strength at its event)
    source: str
    fix: str
    owner: str = ""  # who must act; filled by the engine from the record when the rule has none
    waived: bool = False
    redated: bool = False  # `ended` because the commitment was re-dated after it had passed

    @property
    def kind(self) -> str:
        """incident | contact | problem-report, from the record's folder."""
        return kind_of_path(self.pos.path)

    def state(self, as_of: datetime) -> State:
        if self.met is not None:
            return "met" if self.on_time else "met-late"
        if self.ended is not None and self.ended <= as_of:
            return "missed"
        if self.due >= as_of:
            return "open"
        return "waived" if self.waived else "late"

    def late_by(self, as_of: datetime) -> datetime | None:
        """The instant lateness is counted to: the fact, the end, or as-of (None: not late)."""
        state = self.state(as_of)
        if state == "met-late":
            return self.met
        if state == "missed":
            return self.ended
        if state in ("late", "waived"):
            return as_of
        return None

    def finding(self, as_of: datetime) -> Diagnostic | None:
        """The finding this obligation gives at `as_of`: open when late, history when it was
        met late or missed; None when it is open, met on time or waived."""
        state = self.state(as_of)
        deadline = format_instant(self.due)
        if state == "late":
            message = (
                f"{self.what} is {format_delay(as_of - self.due)} overdue (deadline {deadline})"
            )
            done = None
        elif state == "met-late" and self.met is not None:
            done = self.met
            message = (
                f"{self.what} was {format_delay(done - self.due)} late (deadline {deadline}, "
                f"done {self.met_text or format_instant(done)})"
            )
        elif state == "missed" and self.ended is not None:
            done = self.ended
            message = f"{self.what} was missed (deadline {deadline}; {self.ended_note})"
        else:
            return None
        extra: tuple[tuple[str, str], ...] = (("item", self.item),) if self.item else ()
        extra += (("state", "re-dated" if self.redated and state == "missed" else state),)
        return Diagnostic(
            self.pos,
            self.code,
            self.rule,
            self.severity,
            message,
            f"{self.fix} (source: {self.source})",
            self.record,
            self.source,
            self.due,
            done,
            extra,
        )

    def with_owner(self, owner: str) -> Obligation:
        return self if self.owner else replace(self, owner=owner)


def kind_of_path(path: str) -> str:
    for kind, folder in FOLDERS.items():
        if path.startswith(folder + "/"):
            return kind
    return "record"


def sort_key(o: Obligation) -> tuple[datetime, str, str, str, str]:
    return (o.due, o.pos.path, o.rule, o.item or "", o.what)
