"""The typed ledger: frozen dataclasses built from validated records (see `build`).

Every moment is a `When` (aware UTC plus the original offset); every object carries the
`Pos` of the YAML that wrote it, so rules can point at the line a finding is about.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from generator.diagnostics import Pos
from generator.values import When

Positions = Mapping[str, Pos]


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    at: When
    event: str
    kind: str | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class Report:
    kind: str
    at: When
    url: str | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class Notification:
    """A message sent privately to a root program (Microsoft's 24-hour notice, its updates)."""

    to: str
    at: When
    text: str | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class RootCause:
    id: str
    title: str
    description: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Lesson:
    text: str
    action_items: tuple[str, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Lessons:
    went_well: tuple[Lesson, ...] = ()
    went_wrong: tuple[Lesson, ...] = ()
    lucky: tuple[Lesson, ...] = ()


@dataclass(frozen=True, slots=True)
class ActionItem:
    id: str
    action: str
    kind: str
    due: date
    status: str
    completed: date | None
    owner: str | None
    root_causes: tuple[str, ...]
    evaluation: str | None
    pos: Pos
    positions: Positions = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_open(self) -> bool:
        return self.status not in ("complete", "canceled")


@dataclass(frozen=True, slots=True)
class Revocation:
    revoked: int | None
    remaining: int | None
    expired: int | None
    eta: When | None

    @property
    def complete(self) -> bool:
        return None not in (self.revoked, self.remaining, self.expired, self.eta)


@dataclass(frozen=True, slots=True)
class Update:
    at: When
    text: str
    url: str | None
    revocation: Revocation | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    asked: When
    by: str
    text: str
    answered: When | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class Promise:
    what: str
    due: When
    kept: When | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class Closure:
    description: str
    root_causes: str
    remediation: str
    commitments: str
    attested: bool
    posted: When
    pos: Pos
    needinfo: tuple[str, ...] = ()  # whom the closure request flagged (Bugzilla needinfo)


@dataclass(frozen=True, slots=True)
class Waiver:
    rule: str
    until: date
    reason: str
    approved_by: str
    item: str | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class Related:
    ref: str
    relation: str
    pos: Pos
    title: str | None = None
    opened: When | None = None  # when a related report elsewhere (a web address) was disclosed

    @property
    def is_url(self) -> bool:
        return "://" in self.ref


@dataclass(frozen=True, slots=True)
class Incident:
    id: str
    path: str
    title: str
    status: str
    resolution: str | None
    opened: When
    aware: When | None
    closed: date | None
    owner: str
    bug: str | None
    tags: tuple[str, ...]
    source: str | None
    timezone: tzinfo | None
    related: tuple[Related, ...]
    next_update: date | None
    close_on: date | None
    promises: tuple[Promise, ...]
    revocation_delay: bool
    summary: str
    impact: str | None
    timeline: tuple[TimelineEvent, ...]
    root_causes: tuple[RootCause, ...]
    lessons: Lessons
    action_items: tuple[ActionItem, ...]
    reports: tuple[Report, ...]
    updates: tuple[Update, ...]
    questions: tuple[Question, ...]
    closure: Closure | None
    waivers: tuple[Waiver, ...]
    positions: Positions = field(default_factory=dict, compare=False, hash=False)
    # no fact the record states lies after this (None: not known); planned dates (due dates, an
    # agreed next update) may. The as-of view passes over a record whose facts all precede its
    # instant without looking at each fact.
    latest: datetime | None = field(default=None, compare=False, hash=False)
    # False while `opened` (the first public disclosure) is not recorded: `opened` then holds
    # `aware`, the moment the incident began for the organisation
    disclosed: bool = True
    security_incident: bool = False  # Microsoft's definition (a mis-issued certificate included)
    notifications: tuple[Notification, ...] = ()

    def pos(self, key: str = "") -> Pos:
        return self.positions.get(key) or Pos(self.path)


@dataclass(frozen=True, slots=True)
class Ownership:
    owner: str
    start: date | None
    until: date | None
    registry_updated: date | None
    note: str | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class Verification:
    on: date
    by: str
    note: str | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class Contact:
    id: str
    path: str
    address: str
    purpose: str
    personal: bool
    disclosed_in: tuple[str, ...]
    owners: tuple[Ownership, ...]
    verify_every: int | None
    verifications: tuple[Verification, ...]
    valid_until: date | None
    retired: date | None
    replaced_by: str | None
    positions: Positions = field(default_factory=dict, compare=False, hash=False)

    def pos(self, key: str = "") -> Pos:
        return self.positions.get(key) or Pos(self.path)


# the dated facts of a problem report after it was received, in the order they usually come
PROBLEM_REPORT_FACTS = (
    "acknowledged",
    "preliminary_report",
    "preliminary_report_subscriber",
    "revoked",
    "cleared",
)


@dataclass(frozen=True, slots=True)
class ProblemReport:
    id: str
    path: str
    received: When
    channel: str
    reporter: str | None
    summary: str
    reason: str | None
    certificates: int | None
    short_lived: bool
    acknowledged: When | None
    timezone: tzinfo | None
    preliminary_report: When | None  # to the reporter
    preliminary_report_subscriber: When | None
    revoked: When | None
    cleared: When | None
    no_revocation: str | None
    incident: str | None
    positions: Positions = field(default_factory=dict, compare=False, hash=False)

    def pos(self, key: str = "") -> Pos:
        return self.positions.get(key) or Pos(self.path)


# --- the compliance calendar: audits, policy documents, CA certificates, program requests ---


@dataclass(frozen=True, slots=True)
class AuditFinding:
    id: str
    text: str
    severity: str | None
    aware: When | None  # when the CA owner learned of it (None: the statement date)
    incident: str | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class AuditPeriod:
    start: date
    end: date
    statement: date | None
    disclosed: date | None
    letter: date | None
    url: str | None
    findings: tuple[AuditFinding, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Audit:
    id: str
    path: str
    kind: str
    scheme: str | None
    criteria: str | None
    auditor: str | None
    certificates: tuple[str, ...]
    periods: tuple[AuditPeriod, ...]
    owner: str | None
    timezone: tzinfo | None
    retired: date | None = None  # no period after this day is expected
    positions: Positions = field(default_factory=dict, compare=False, hash=False)

    def pos(self, key: str = "") -> Pos:
        return self.positions.get(key) or Pos(self.path)


@dataclass(frozen=True, slots=True)
class DocumentVersion:
    version: str | None
    effective: date
    url: str | None
    changelog: str | None
    submitted: date | None
    in_ccadb: bool
    pos: Pos


@dataclass(frozen=True, slots=True)
class PolicyDocument:
    id: str
    path: str
    kind: str  # cp | cps | cp-cps | self-assessment
    title: str
    repository: str | None
    versions: tuple[DocumentVersion, ...]
    owner: str | None
    positions: Positions = field(default_factory=dict, compare=False, hash=False)

    def pos(self, key: str = "") -> Pos:
        return self.positions.get(key) or Pos(self.path)


@dataclass(frozen=True, slots=True)
class CrlUrl:
    url: str
    first_issued: When | None
    first_revoked: When | None
    disclosed: When | None
    in_ccadb: bool
    pos: Pos


@dataclass(frozen=True, slots=True)
class CaCertificate:
    id: str
    path: str
    name: str
    sha256: str
    type: str | None  # root | intermediate
    parent: str | None
    ccadb_id: str | None
    created: When | None
    valid_from: date | None
    valid_to: date | None
    disclosed: When | None
    revoked: When | None
    revocation_disclosed: When | None
    capabilities: tuple[str, ...]
    trust: Mapping[str, str]
    crls: tuple[CrlUrl, ...]
    audits: tuple[str, ...]
    documents: tuple[str, ...]
    owner: str | None
    timezone: tzinfo | None
    positions: Positions = field(default_factory=dict, compare=False, hash=False)

    def pos(self, key: str = "") -> Pos:
        return self.positions.get(key) or Pos(self.path)


@dataclass(frozen=True, slots=True)
class ProgramRequest:
    id: str
    path: str
    program: str
    kind: str
    title: str
    url: str | None
    received: When
    deadline: When
    answered: When | None
    answer: str | None
    owner: str | None
    timezone: tzinfo | None
    positions: Positions = field(default_factory=dict, compare=False, hash=False)

    def pos(self, key: str = "") -> Pos:
        return self.positions.get(key) or Pos(self.path)


PROGRAMS = ("mozilla", "chrome", "apple", "microsoft")
DEFAULT_PROGRAMS = frozenset({"mozilla", "chrome"})


@dataclass(frozen=True, slots=True)
class Policy:
    timezone: tzinfo
    rules: Mapping[str, Mapping[str, Any]]
    path: str | None = None
    positions: Positions = field(default_factory=dict, compare=False, hash=False)
    # the root programs the organisation is in (policy.yaml `programs`)
    programs: frozenset[str] = DEFAULT_PROGRAMS
    # a saved copy of the organisation's bugs to reconcile with (policy.yaml `bugzilla`)
    bugzilla: Mapping[str, Any] | None = None

    def option(self, rule: str, name: str, default: Any) -> Any:
        return self.rules.get(rule, {}).get(name, default)


@dataclass(frozen=True, slots=True)
class Ledger:
    """All valid records, each kind keyed by id in id order."""

    incidents: Mapping[str, Incident]
    contacts: Mapping[str, Contact]
    problem_reports: Mapping[str, ProblemReport]
    policy: Policy
    audits: Mapping[str, Audit] = field(default_factory=dict)
    documents: Mapping[str, PolicyDocument] = field(default_factory=dict)
    certificates: Mapping[str, CaCertificate] = field(default_factory=dict)
    requests: Mapping[str, ProgramRequest] = field(default_factory=dict)
