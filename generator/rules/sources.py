"""The texts the rules follow, as they read on the day: document, version, section, words.

Every rule cites its obligation from here, never from memory. A `Source` is one requirement in
one document from the day it took effect (until the day it was superseded), in its own words,
with its strength (MUST/SHALL: error; should: warning) and the root programs through which it
binds. A rule applies to an event when a source of it is in force on the event's day and
binds through one of the programs in the policy; the finding cites the version of the
document in force that day. Read from the documents' own repositories (mozilla/www.ccadb.org,
cabforum/servercert, mozilla/pkipolicy, GoogleChrome/chromerootprogram,
apple/apple-root-program, TrustedRootProgram/Program-Requirements); docs/sources.md says how
each date was established.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from generator.diagnostics import Severity

ALL = frozenset({"mozilla", "chrome", "apple", "microsoft"})
OWN: frozenset[str] = frozenset()  # the organisation's own commitment: binds whatever the programs

IRG = "CCADB Incident Reporting Guidelines"
CCADB = "CCADB Policy"
BR = "TLS Baseline Requirements"
MRSP = "Mozilla Root Store Policy"
CHROME = "Chrome Root Program Policy"
MICROSOFT = "Microsoft Trusted Root Program, Security Incident Response Requirements"

# each document's versions by the day they took effect (its own version table)
VERSIONS: dict[str, tuple[tuple[date, str], ...]] = {
    IRG: (
        (date(2023, 2, 15), "1.0"),
        (date(2023, 10, 17), "2.0"),
        (date(2025, 3, 1), "3.0"),
        (date(2025, 7, 15), "3.1"),
        (date(2026, 3, 20), "3.2"),
    ),
    CCADB: (
        (date(2023, 2, 15), "1.2"),
        (date(2023, 5, 11), "1.2.2"),
        (date(2023, 10, 25), "1.3"),
        (date(2024, 10, 29), "1.3.1"),
        (date(2025, 7, 15), "2.0"),
        (date(2026, 3, 20), "2.1"),
    ),
    BR: (
        (date(2018, 10, 14), "1.6.1"),
        (date(2024, 3, 15), "2.0.1"),
        (date(2025, 12, 15), "2.2.0"),
        (date(2026, 3, 31), "2.2.6"),
    ),
    MRSP: (
        (date(2023, 2, 15), "2.8.1"),
        (date(2023, 9, 1), "2.9"),
        (date(2025, 3, 15), "3.0"),
        (date(2026, 7, 1), "3.1"),
    ),
    CHROME: (
        (date(2023, 3, 3), "1.4"),
        (date(2024, 1, 16), "1.5"),
        (date(2025, 2, 15), "1.6"),
        (date(2025, 7, 15), "1.7"),
        (date(2026, 2, 5), "1.8"),
    ),
}


def version(document: str, day: date) -> str | None:
    """The version of `document` in force on `day` (None before its first known version)."""
    table = VERSIONS.get(document, ())
    i = bisect_right([since for since, _ in table], day)
    return table[i - 1][1] if i else None


@dataclass(frozen=True, slots=True)
class Source:
    document: str
    section: str
    effective: date
    words: str  # the obligation in the document's own words
    strength: Severity = "error"  # MUST/SHALL: error; should: warning
    programs: frozenset[str] = ALL  # through which root programs it binds (OWN: always)
    until: date | None = None  # superseded on this day

    def in_force(self, day: date) -> bool:
        return self.effective <= day and (self.until is None or day < self.until)

    def binds(self, programs: frozenset[str]) -> bool:
        return not self.programs or bool(self.programs & programs)

    def cite(self, day: date | None = None) -> str:
        """`CCADB Incident Reporting Guidelines v3.1, "When are reports updated?"`: the version
        in force on `day` (default: the day the source took effect)."""
        found = version(self.document, day or self.effective) if self.document in VERSIONS else None
        named = f"{self.document} v{found}" if found else self.document
        return f"{named}, {self.section}" if self.section else named


def own(
    detail: str, what: str, strength: Severity = "error", since: date = date(1970, 1, 1)
) -> Source:
    """The organisation's own commitment: no root program imposes this deadline (`detail` says
    where the commitment comes from, `what` what it is, `since` from when it is judged)."""
    return Source("the organisation's own commitment", detail, since, what, strength, OWN)


# --- CCADB Incident Reporting Guidelines ---------------------------------------------------

INITIAL_REPORT_V2 = Source(
    IRG,
    '"Incident Reports"',
    date(2023, 10, 17),
    "An initial report should be filed within 72 hours of the CA Owner being made aware of the"
    " incident.",
    "warning",
    until=date(2025, 3, 1),
)
INITIAL_REPORT_V3 = Source(
    IRG,
    '"When are reports expected?"',
    date(2025, 3, 1),
    'Within 72 hours of a CA Owner becoming aware of an incident (i.e., the "initial incident'
    ' disclosure") or an audit finding not previously disclosed in an Incident Report, the CA'
    " Owner MUST either: disclose a Preliminary or Full Incident Report; or respond to a"
    " Preliminary Incident Report previously created for the incident by a third party"
    " reporter.",
)
CHROME_REPORT_V14 = Source(
    CHROME,
    '"7. Responding to Incidents"',
    date(2023, 3, 3),
    "incidents involving the loss of confidentiality, integrity, or unplanned availability of a"
    " CA system ... must be reported within 24 hours of initial identification or notification"
    " by an external party. all other incidents must be reported within seven (7) calendar days"
    " of initial identification or notification by an external party",
    programs=frozenset({"chrome"}),
    until=date(2024, 1, 16),
)
FULL_REPORT_V1 = Source(
    IRG,
    '"Incident Reports"',
    date(2023, 2, 15),
    "Incident reports should be published as soon as possible, and certainly within two weeks"
    " of the initial issue being reported.",
    "warning",
    until=date(2023, 10, 17),
)
FULL_REPORT_V2 = Source(
    IRG,
    '"Incident Reports"',
    date(2023, 10, 17),
    "The full incident report must be posted within two weeks of the incident.",
    until=date(2025, 3, 1),
)
FULL_REPORT_V3 = Source(
    IRG,
    '"When are reports expected?"',
    date(2025, 3, 1),
    "While Full Incident Reports SHOULD be posted as soon as possible, they MUST be posted"
    " within 14 days of the incident's initial disclosure.",
)
UPDATES_V1 = Source(
    IRG,
    '"Incident Reports" (text of 2023-05-02)',
    date(2023, 5, 2),
    "If the bug is still open, then you should also provide updates at least every week giving"
    " your progress ... unless a Root Store Operator has agreed to a different schedule by"
    ' setting a "Next Update" date in the "Whiteboard" field of the bug',
    "warning",
    until=date(2023, 10, 17),
)
UPDATES_V2 = Source(
    IRG,
    '"Incident Reports"',
    date(2023, 10, 17),
    'Open incident reports should be updated: on or before the "Next update" date in the'
    ' "Whiteboard" field of the bug; weekly, if a "Next update" date is not recorded',
    "warning",
    until=date(2025, 3, 1),
)
UPDATES_V3 = Source(
    IRG,
    '"When are reports updated?"',
    date(2025, 3, 1),
    'Open reports MUST be updated: on or before the "Next update" date in the "Whiteboard"'
    ' field of the bug; within 7 days, if a "Next update" date is not recorded',
    until=date(2025, 7, 15),
)
UPDATES_V31 = Source(
    IRG,
    '"When are reports updated?"',
    date(2025, 7, 15),
    "Unless a Closure Report has been posted and no further questions have been raised, open"
    ' incident reports MUST be updated: on or before the "Next update" date in the'
    ' "Whiteboard" field of the bug ...; within 7 days, if a "Next update" date is not recorded',
)
# from v3.1 a posted closure summary ends the update clock, unless a question follows it
CLOSURE_ENDS_UPDATES = UPDATES_V31.effective
QUESTIONS_V2 = Source(
    IRG,
    '"Incident Reports"',
    date(2023, 10, 17),
    "in no circumstances should a question linger without a response for more than one week",
    "warning",
    until=date(2025, 3, 1),
)
QUESTIONS_V3 = Source(
    IRG,
    '"When are reports updated?"',
    date(2025, 3, 1),
    "CA Owners should respond promptly to comments and questions, and MUST respond within 7"
    " days, even if only to acknowledge the request and provide a timeline for a full"
    " response.",
)
QUESTIONS_CHROME_V14 = Source(
    CHROME,
    '"7. Responding to Incidents"',
    date(2023, 3, 3),
    "in no circumstances should a question linger without a response for more than seven"
    " calendar days",
    "warning",
    programs=frozenset({"chrome"}),
    until=date(2023, 10, 17),
)
ACTION_ITEM_UPDATES = Source(
    IRG,
    '"When are reports updated?"',
    date(2025, 7, 15),
    "open incident reports MUST be updated: ... within 3 days of an Action Item being changed,"
    " completed, or delayed.",
)
REVOCATION_UPDATES = Source(
    IRG,
    '"When are reports updated?"',
    date(2025, 3, 1),
    'In the case of Incident Reports with a Whiteboard field of "revocation-delay", reports'
    " SHOULD be updated every 3 days and MUST be updated no less frequently than every 7 days"
    " to describe a summary of: the number of certificates that have been revoked; the number"
    " of certificates that have not yet been revoked; the number of certificates planned for"
    " revocation that have expired; and an estimate for when all remaining revocations will be"
    " completed.",
)
SEPARATE_REVOCATION_REPORT_V2 = Source(
    IRG,
    '"Incident Reports"',
    date(2023, 2, 15),
    "CA Owners should submit an additional, separate incident report when: Policy requires the"
    " revocation of one or more certificates by a certain deadline, such as those in BR section"
    " 4.9, but that deadline will not be or has not been met by the CA Owner.",
    "warning",
    until=date(2025, 3, 1),
)
SEPARATE_REVOCATION_REPORT_V3 = Source(
    IRG,
    '"How are reports scoped?"',
    date(2025, 3, 1),
    "CA Owners MUST submit an additional, separate Incident Report when: policy requires the"
    " revocation of one or more certificates by a certain deadline, such as those in BR Section"
    " 4.9, but that deadline will not be or has not been met by the CA Owner (i.e., a delayed"
    " revocation Incident Report).",
)
CHROME_SECONDARY_REPORT = Source(
    CHROME,
    '"Incident Reports"',
    date(2025, 2, 15),
    "If the Chrome Root Program Participant does not perform the required follow-up actions, or"
    " does not perform them in the expected timeframe, the Chrome Root Program Participant MUST"
    " file a secondary incident report describing any certificates involved, the expected"
    " timeline to complete any follow-up actions, and what changes they are making to ensure"
    " they can meet these requirements consistently in the future.",
    programs=frozenset({"chrome"}),
)
CLOSURE_REQUEST = Source(
    IRG,
    '"How are reports closed?"',
    date(2025, 7, 15),
    "When all Action Items are complete and no outstanding comments or questions remain, CA"
    " Owners MUST (1) request closure in a Bugzilla comment using the template below and (2)"
    ' select the "Request information from" checkbox and add incident-reporting [at] ccadb'
    " [dot] org.",
)

# --- TLS Baseline Requirements ---------------------------------------------------------------

PRELIMINARY_REPORT = Source(
    BR,
    "§4.9.5",
    date(2018, 10, 14),
    "Within 24 hours after receiving a Certificate Problem Report, the CA SHALL investigate the"
    " facts and circumstances related to a Certificate Problem Report and provide a preliminary"
    " report on its findings to both the Subscriber and the entity who filed the Certificate"
    " Problem Report.",
)
REVOCATION = Source(
    BR,
    "§4.9.1.1",
    date(2018, 10, 14),
    "the CA SHALL revoke a Certificate within 24 hours ... if one or more of the following"
    " occurs: [reasons 1-5]; the CA SHOULD revoke a certificate within 24 hours and MUST revoke"
    " a Certificate within 5 days ... if one or more of the following occurs: [reasons 6-16]",
)
PROBLEM_REPORTING = Source(
    BR,
    "§4.9.3",
    date(2018, 10, 14),
    "The CA SHALL maintain a continuous 24x7 ability to accept and respond to revocation"
    " requests and Certificate Problem Reports.",
)

# --- CCADB Policy, Chrome and Apple on contacts ----------------------------------------------

CONTACTS_CHROME_V14 = Source(
    CHROME,
    '"8. Common CA Database"',
    date(2023, 3, 3),
    "When a timeline is not defined for a requirement specified within the CCADB policy, updates"
    " must be submitted to the CCADB within 14 calendar days of being completed.",
    programs=frozenset({"chrome"}),
    until=date(2025, 7, 15),
)
CONTACTS_CCADB_V2 = Source(
    CCADB,
    '"1. General Provisions", "2. Contact Information Disclosures"',
    date(2025, 7, 15),
    "CA Owners MUST maintain up-to-date contact details in the CCADB. ... When a timeline is not"
    " defined for a requirement specified in this policy, updates MUST be submitted to the CCADB"
    " within 14 calendar days of an activity being completed.",
)
POINTS_OF_CONTACT = Source(
    CCADB,
    '"2. Contact Information Disclosures"',
    date(2026, 3, 20),
    "CA Owners MUST provide the following information for a Primary Point of Contact (POC), and"
    " at least one other POC, who MAY be a Primary POC: Name, CA Owner-affiliated email address",
)
CONTACTS_MAINTAINED = Source(
    CCADB,
    '"1. General Provisions"',
    date(2023, 2, 15),
    "Minimally, CA Owners with certificates included in a participating Store must ensure their"
    " information stored in the CCADB is kept up to date as changes occur.",
)
ALIAS = Source(
    CCADB,
    '"2. Contact Information Disclosures"',
    date(2023, 2, 15),
    "CA Owners MUST also supply at least one non-personal contact email alias that is more likely"
    " to continue working as personnel change",
)

# --- Microsoft Trusted Root Program -----------------------------------------------------------

MICROSOFT_NOTICE = Source(
    MICROSOFT,
    '"CA Responsibilities in the Event of an Incident"',
    date(2026, 2, 2),
    "In the event of a Security Incident, the CA must: 1. Notify Microsoft as soon as is"
    " practical but no later than 24 hours from the time of Security Incident discovery ..."
    " (a Security Incident includes a mis-issued certificate)",
    programs=frozenset({"microsoft"}),
)
MICROSOFT_UPDATES = Source(
    MICROSOFT,
    '"CA Responsibilities in the Event of an Incident"',
    date(2026, 2, 2),
    "If Microsoft does not make a specific request, the CA must provide Microsoft an update every"
    " 24 hours until the incident is remediated.",
    programs=frozenset({"microsoft"}),
)
