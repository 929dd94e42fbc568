#!/usr/bin/env python3
"""Generate a synthetic compliance ledger for benchmarks and tests.

    python bench/gen_ledger.py OUT_DIR --incidents N [--contacts C] [--problem-reports P]
                               [--seed S] [--git-commits M] [--hostile-free]

Writes `incidents/<year>/<id>.yaml`, `ledger/contacts/<id>.yaml`,
`ledger/problem-reports/<id>.yaml` and `ledger/policy.yaml`, all conforming to the record
format (docs: /work/shared/spec/format.md). With `--git-commits M`, OUT_DIR becomes a git
repository whose M commits build and then evolve the ledger; HEAD holds exactly the files
written without `--git-commits`. The history is written with one `git fast-import` stream.

Same arguments, same bytes: every random choice comes from `random.Random` seeded with a
string derived from `--seed`, nothing depends on the clock, dict order or hash seeds.

Importable too: `from bench.gen_ledger import generate`. Stdlib plus PyYAML only.
"""

# The incident texts below are data: long sentences (and one full-width colon) on purpose.
# ruff: noqa: E501, RUF001

from __future__ import annotations

import argparse
import functools
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

import yaml

__all__ = ["HORIZON", "generate", "main"]

# Nothing in a generated record is dated after HORIZON.
HORIZON = date(2026, 6, 30)
FIRST_OPENED = date(2024, 1, 8)
LAST_OPENED = date(2026, 6, 10)
LEDGER_START = datetime(2024, 1, 2, 9, 0)  # UTC: policy and contacts are created then

# --------------------------------------------------------------------------- YAML output
#
# Records are written exactly as `yaml.safe_dump(data, sort_keys=False, allow_unicode=True)`
# writes them. PyYAML's representer and emitter cost about 1 ms per record, most of it in
# pure Python even with libyaml, which is too slow for tens of thousands of git snapshots.
# `_fast_dump` reproduces PyYAML's block layout, scalar style and line folding for the
# shapes these records use: mappings with plain keys, block sequences, ints, bools, and
# one-line strings of printable Latin-1 without leading or trailing blanks. Anything else
# (the hostile samples: emoji, bidi characters, tabs, line breaks) goes to PyYAML itself.
# tests/test_bench_gen.py compares both on every record and many git snapshots.

_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_USUAL = re.compile("[\x21-\x7e\u00a1-\u00ff]([\x20-\x7e\u00a1-\u00ff]*[\x21-\x7e\u00a1-\u00ff])?")
_TOKENS = re.compile(" +|[^ ]+")
_WIDTH = 80


class _Unsupported(Exception):
    pass


def _plain(s: str) -> bool:
    """PyYAML would write this (usual) string plain: it reads back as a string, no indicators."""
    if _RESOLVER.resolve(yaml.ScalarNode, s, (True, False)) != _STR:  # type: ignore[no-untyped-call]
        return False
    if s.startswith(("---", "...")) or s[0] in "#,[]{}&*!|>'\"%@`":
        return False
    if s[0] in "?:-" and (len(s) == 1 or s[1] == " "):
        return False
    return not (": " in s or s.endswith(":") or " #" in s)


@functools.lru_cache(maxsize=1 << 17, typed=True)
def _scalar(v: Any, col: int, cont: int) -> str:
    """A scalar after `key:` or `-` ending at column `col`; folded lines indent to `cont`."""
    if v is True:
        return " true"
    if v is False:
        return " false"
    if isinstance(v, int):
        return f" {v}"
    if not isinstance(v, str) or not _USUAL.fullmatch(v):
        raise _Unsupported
    if _plain(v):
        out, col = [" "], col + 1
        quote = False
    else:
        out, col = [" '"], col + 2
        quote = True
    for tok in _TOKENS.findall(v):
        if tok[0] == " ":
            if len(tok) == 1 and col > _WIDTH:
                out.append("\n" + " " * cont)
                col = cont
                continue
        elif quote and "'" in tok:
            tok = tok.replace("'", "''")
        out.append(tok)
        col += len(tok)
    if quote:
        out.append("'")
    return "".join(out)


@functools.lru_cache(maxsize=1024)
def _key(k: Any) -> str:
    if not isinstance(k, str) or not _USUAL.fullmatch(k) or len(k) > 100:
        raise _Unsupported
    return k if _plain(k) else "'" + k.replace("'", "''") + "'"


def _mapping(out: list[str], d: dict[str, Any], indent: int, inline: bool) -> None:
    if not d:
        raise _Unsupported
    for k, v in d.items():
        if inline:
            inline = False  # first key of a sequence item: already after "- "
        else:
            out.append(" " * indent)
        key = _key(k)
        out.append(key + ":")
        if isinstance(v, dict):
            out.append("\n")
            _mapping(out, v, indent + 2, False)
        elif isinstance(v, list):
            out.append("\n")
            _sequence(out, v, indent)
        else:
            out.append(_scalar(v, indent + len(key) + 1, indent + 2))
            out.append("\n")


_ITEMS: dict[tuple[Any, ...], str] = {}  # emitted sequence items of strings: snapshots repeat them


def _sequence(out: list[str], items: list[Any], indent: int) -> None:
    if not items:
        raise _Unsupported
    pad = " " * indent
    for item in items:
        if isinstance(item, dict):
            # Only items whose values are all strings: 1 == True would confuse the cache.
            key = (indent, *item.items()) if all(type(x) is str for x in item.values()) else None
            text = _ITEMS.get(key) if key is not None else None
            if text is None:
                part: list[str] = [pad, "- "]
                _mapping(part, item, indent + 2, True)
                text = "".join(part)
                if key is not None:
                    if len(_ITEMS) > 200_000:
                        _ITEMS.clear()
                    _ITEMS[key] = text
            out.append(text)
        elif isinstance(item, list):
            raise _Unsupported
        else:
            out.append(pad + "-" + _scalar(item, indent + 1, indent + 2) + "\n")


def _fast_dump(data: dict[str, Any]) -> str | None:
    out: list[str] = []
    try:
        _mapping(out, data, 0, False)
    except _Unsupported:
        return None
    return "".join(out)


def dump(data: dict[str, Any]) -> bytes:
    """YAML bytes, identical to `yaml.safe_dump(data, sort_keys=False, allow_unicode=True)`."""
    text = _fast_dump(data)
    if text is None:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return text.encode("utf-8")


# --------------------------------------------------------------------------- time zones


def _nth_sunday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    first_sunday = first + timedelta(days=(6 - first.weekday()) % 7)
    return first_sunday + timedelta(weeks=n - 1)


def _last_sunday(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() + 1) % 7)


@functools.lru_cache(maxsize=4096)
def _dst_offset(rule: str, minutes: int, d: date) -> int:
    if rule == "eu" and _last_sunday(d.year, 3) <= d < _last_sunday(d.year, 10):
        return minutes + 60
    if rule == "us" and _nth_sunday(d.year, 3, 2) <= d < _nth_sunday(d.year, 11, 1):
        return minutes + 60
    return minutes


@dataclass(frozen=True)
class Zone:
    """A time zone the generator writes: a fixed offset, or an EU/US daylight-saving rule.

    Rules are computed here, not looked up in tzdata, so output never depends on the host.
    Generated local times lie between 07:00 and 22:59, away from DST transitions.
    """

    name: str  # as written in `timezone:` (or only used for offsets)
    minutes: int  # standard offset
    rule: str = ""  # "", "eu", "us"

    def offset(self, local: datetime) -> int:
        return _dst_offset(self.rule, self.minutes, local.date()) if self.rule else self.minutes

    def to_utc(self, local: datetime) -> datetime:
        if not self.rule:
            return local - timedelta(minutes=self.minutes)
        return local - timedelta(minutes=_dst_offset(self.rule, self.minutes, local.date()))

    def suffix(self, local: datetime) -> str:
        off = self.offset(local)
        sign = "-" if off < 0 else "+"
        return f"{sign}{abs(off) // 60:02d}:{abs(off) % 60:02d}"


UTC = Zone("UTC", 0)
# Values written as `timezone:` (instants in such a file are naive local times).
NAMED_ZONES = [
    Zone("+08:00", 480),
    Zone("UTC+8", 480),
    Zone("Asia/Shanghai", 480),
    Zone("Europe/Berlin", 60, "eu"),
    Zone("Europe/Budapest", 60, "eu"),
    Zone("America/New_York", -300, "us"),
    Zone("Asia/Tokyo", 540),
    Zone("+09:00", 540),
    Zone("Asia/Kolkata", 330),
    Zone("UTC", 0),
]
# Zones used in files without `timezone:` (every instant carries its offset).
OFFSET_ZONES = [
    UTC,
    UTC,
    UTC,
    Zone("+08:00", 480),
    Zone("Europe/Berlin", 60, "eu"),
    Zone("-05:00", -300),
]


@dataclass
class Style:
    """How one file writes its instants."""

    zone: Zone
    written: bool  # `timezone:` present, instants naive
    sep: str  # "T" or " "
    seconds: bool
    zulu: bool  # UTC written as Z rather than +00:00

    def inst(self, t: datetime) -> str:
        text = f"{t.year:04d}-{t.month:02d}-{t.day:02d}{self.sep}{t.hour:02d}:{t.minute:02d}"
        if self.seconds:
            text += f":{t.second:02d}"
        if self.written:
            return text
        if self.zone.minutes == 0 and not self.zone.rule and self.zulu:
            return text + "Z"
        return text + self.zone.suffix(t)


def pick_style(rng: Random, p_written: float) -> Style:
    if rng.random() < p_written:
        zone, written = rng.choice(NAMED_ZONES), True
    else:
        zone, written = rng.choice(OFFSET_ZONES), False
    sep = "T" if (not written or rng.random() < 0.4) else " "
    return Style(zone, written, sep, rng.random() < 0.3, rng.random() < 0.6)


def day_of(t: datetime | date) -> date:
    return t.date() if isinstance(t, datetime) else t


def iso(d: date | datetime) -> str:
    return day_of(d).isoformat()


# --------------------------------------------------------------------------- texts

ORGS = [
    ("Examplia Trust", "examplia.example"),
    ("Nordlicht Certification", "nordlicht.example"),
    ("Harborline PKI", "harborline.example"),
    ("Cedarpoint CA", "cedarpoint.example"),
    ("Aurora Digital Trust", "aurora-trust.example"),
]
PEOPLE = [
    "Gao Lin",
    "Marta Kowalski",
    "Priya Raman",
    "Tomás Ortega",
    "Jonas Weber",
    "Aiko Tanaka",
    "Samuel Okafor",
    "Elena Petrova",
    "Liu Wei",
    "Fatima Haddad",
    "Noah Svensson",
    "Zhang Min",
]
TEAMS = [
    "PKI Compliance Team",
    "CA Operations",
    "Security Office",
    "Validation Team",
    "Policy Authority",
]
ASKERS = [
    "Mozilla Root Store",
    "Chrome Root Program",
    "Apple Root Program",
    "Microsoft Root Program",
    "community reviewer",
    "CCADB Steering Committee",
]
REPORTERS = [
    "independent researcher",
    "a subscriber",
    "crt.sh monitor user",
    "Chrome Root Program",
    "a relying party",
    "university CERT",
    "anonymous reporter",
    "linting service operator",
]
PRODUCTS = ["OV TLS", "DV TLS", "EV TLS", "S/MIME", "code signing", "qualified website"]
DEFECTS = [
    "a non-critical basicConstraints extension",
    "an incorrect keyUsage bit",
    "a SAN entry that is not a valid DNS name",
    "an organizationName that does not match the validated data",
    "a validity period longer than 398 days",
    "a missing CRL distribution point",
    "a policy OID not listed in the CPS",
    "an encoded serial number with a leading zero byte",
]
SYSTEMS = [
    "the issuance front end",
    "the CRL signer",
    "the OCSP responder pool",
    "the RA portal",
    "the validation workflow engine",
    "the certificate profile service",
]

# Each incident type: slug, title, tags, summary sentences, impact sentences, timeline texts by
# kind, root causes, action items (kind, text), lessons, closure texts.
TYPES: list[dict[str, Any]] = [
    {
        "slug": "cpr-response",
        "weight": 12,
        "tags": ["ca-compliance", "policy-failure"],
        "title": "Failure to respond to a CPR in a complete and/or timely manner",
        "summary": [
            "On {d_cpr} a Certificate Problem Report was sent to {mailbox}, the address registered as Problem Reporting Mechanism in CCADB.",
            "The report was not picked up within 24 hours and no preliminary report was sent to the reporter or the subscriber.",
            "The mailbox had changed administrator and the registration in CCADB was not updated.",
            "The report was answered only after the reporter wrote a second time to the CCADB contacts.",
        ],
        "impact": [
            "Reports sent only to {mailbox} were not read for {days} days.",
            "No certificate was mis-issued; the delay concerned the response to the report.",
            "All mail to the problem reporting address is now forwarded to a monitored shared queue.",
        ],
        "events": {
            "cause": "The administrator of {mailbox} changed; the CCADB registration was not updated.",
            "cpr-received": "A Certificate Problem Report arrived at {mailbox}; nobody checked the mailbox.",
            "aware": "The reporter wrote again to the CCADB contacts; the compliance team became aware.",
            "contact-change": "{mailbox} was handed to the compliance desk and forwarding was set up.",
            "other": "Responded to the reporter and the subscriber with a preliminary report.",
            "end": "Monitoring of {mailbox} confirmed by a test message from an external account.",
        },
        "root_causes": [
            (
                "Mailbox ownership change not tracked",
                "The person administering {mailbox} changed roles and nobody took over the daily check; the ownership change was not recorded anywhere.",
            ),
            (
                "CCADB contact not updated",
                "Our process did not require updating the CCADB Problem Reporting Mechanism when the owner of the mailbox changed.",
            ),
            (
                "No monitoring of the CPR queue",
                "There was no alert when a report in the problem reporting mailbox stayed unanswered for more than 12 hours.",
            ),
        ],
        "actions": [
            (
                "prevent",
                "Record the owner of every published contact in the ledger and review it monthly.",
            ),
            (
                "detect",
                "Alert the on-call compliance engineer when a CPR is unanswered after 12 hours.",
            ),
            (
                "prevent",
                "Update the Problem Reporting Mechanism in CCADB and the CPS within 7 days of any owner change.",
            ),
            ("mitigate", "Send a monthly test message to {mailbox} and record the answer."),
        ],
    },
    {
        "slug": "delayed-revocation",
        "weight": 10,
        "tags": ["ca-compliance", "leaf-revocation-delay"],
        "revocation": True,
        "title": "Delayed revocation of {product} certificates with {defect}",
        "summary": [
            "We identified {n} {product} certificates issued with {defect}.",
            "The Baseline Requirements require revocation within 5 days; several subscribers operate critical systems and asked for more time.",
            "We decided to delay the revocation of the remaining certificates and report the delay publicly.",
            "Progress is reported in this incident with the counts of revoked, remaining and expired certificates.",
        ],
        "impact": [
            "{n} certificates were affected; they remained valid beyond the 5-day revocation window.",
            "Issuance with the defective profile was stopped on the day the problem was confirmed.",
        ],
        "events": {
            "cause": "A profile change deployed to {system} introduced {defect}.",
            "start": "First certificate with the defect was issued.",
            "aware": "A linting job flagged the first affected certificate.",
            "issuance-stopped": "Issuance with the affected profile was stopped.",
            "revocation-planned": "Revocation plan shared with affected subscribers.",
            "issuance-resumed": "Issuance resumed with the corrected profile.",
            "revocation-done": "The last affected certificate was revoked or expired.",
        },
        "root_causes": [
            (
                "Profile change without lint gate",
                "The profile change to {system} was tested in staging without running the pre-issuance linter on the new profile.",
            ),
            (
                "Subscriber contact data outdated",
                "Many subscriber contact addresses were outdated, so replacement took longer than the revocation window.",
            ),
        ],
        "actions": [
            ("prevent", "Run pre-issuance linting on every profile change before deployment."),
            ("mitigate", "Provide automated replacement (ACME) for affected subscribers."),
            (
                "detect",
                "Daily post-issuance linting of all certificates issued in the previous 24 hours.",
            ),
            ("prevent", "Require subscribers to confirm a reachable technical contact every year."),
        ],
    },
    {
        "slug": "misissuance",
        "weight": 25,
        "tags": ["ca-compliance", "ov-misissuance"],
        "title": "{product} certificates issued with {defect}",
        "summary": [
            "Between {d_start} and {d_aware}, {n} {product} certificates were issued with {defect}.",
            "The problem was detected by post-issuance linting and confirmed the same day.",
            "All affected certificates were revoked within the timeline required by the Baseline Requirements.",
        ],
        "impact": [
            "{n} certificates were affected.",
            "No security impact on relying parties is known; the certificates were otherwise correctly validated.",
        ],
        "events": {
            "cause": "A template change in {system} was deployed to production.",
            "start": "First affected certificate issued.",
            "aware": "Post-issuance linting reported the defect.",
            "issuance-stopped": "Issuance paused for the affected profile.",
            "scope-update": "Analysis of all certificates issued since the change completed; scope confirmed.",
            "issuance-resumed": "Issuance resumed after the template was corrected.",
            "revocation-done": "All affected certificates revoked.",
        },
        "root_causes": [
            (
                "Template change reviewed by one person",
                "The change to {system} was reviewed by a single engineer and the certificate profile comparison was skipped.",
            ),
            (
                "Linter not run before issuance",
                "Pre-issuance linting was configured for TLS but not for this product line.",
            ),
        ],
        "actions": [
            ("prevent", "Enforce four-eyes review with a profile diff for every template change."),
            ("prevent", "Enable pre-issuance linting for all product lines."),
            ("detect", "Add the defect to the post-issuance lint rules with a daily report."),
        ],
    },
    {
        "slug": "crl-outage",
        "weight": 8,
        "tags": ["ca-compliance", "crl-failure"],
        "title": "CRL for an issuing CA not updated for {hours} hours",
        "summary": [
            "The CRL of one issuing CA was not re-published for {hours} hours, beyond the nextUpdate value of the previous CRL.",
            "Relying parties fetching the CRL in that window received a stale CRL.",
            "The signing job had failed silently after a certificate rotation of the HSM client.",
        ],
        "impact": [
            "One issuing CA's CRL was stale for {hours} hours. No revocation was missed by OCSP.",
        ],
        "events": {
            "cause": "The HSM client certificate used by {system} was rotated.",
            "start": "The scheduled CRL signing job failed.",
            "aware": "External monitoring reported the CRL past its nextUpdate.",
            "other": "A fresh CRL was signed manually and published.",
            "end": "The scheduled job was repaired and ran successfully.",
        },
        "root_causes": [
            (
                "Silent job failure",
                "The CRL signing job reported success to the scheduler even when the HSM call failed.",
            ),
            (
                "Missing freshness monitoring",
                "We monitored the availability of the CRL URL but not the age of the CRL it served.",
            ),
        ],
        "actions": [
            (
                "detect",
                "Monitor CRL thisUpdate/nextUpdate for every issuing CA and page when 50% of the window is used.",
            ),
            ("prevent", "Make the signing job fail loudly on any HSM error."),
            ("prevent", "Add HSM client rotation to the change checklist for {system}."),
        ],
    },
    {
        "slug": "ocsp-failure",
        "weight": 8,
        "tags": ["ca-compliance", "ocsp-failure"],
        "title": "OCSP responders returned 'unauthorized' for valid certificates",
        "summary": [
            "For {hours} hours, part of the OCSP responder pool answered 'unauthorized' for certificates issued by one intermediate CA.",
            "A configuration push omitted the intermediate from the responder's list of served CAs.",
        ],
        "impact": [
            "Relying parties could not obtain a good status for certificates of one intermediate for {hours} hours.",
            "About {n} distinct certificates were queried during the window.",
        ],
        "events": {
            "cause": "A configuration push to {system} omitted an intermediate CA.",
            "start": "Responders started returning 'unauthorized'.",
            "aware": "A subscriber reported failed OCSP stapling.",
            "other": "Configuration rolled back on all responders.",
            "end": "All responders serve the intermediate again; confirmed by external probes.",
        },
        "root_causes": [
            (
                "Generated configuration not validated",
                "The responder configuration is generated from the CA inventory; the generator skipped CAs with a pending rename.",
            ),
        ],
        "actions": [
            ("detect", "Probe every responder for every served CA every 5 minutes."),
            (
                "prevent",
                "Validate generated responder configuration against the CA inventory before push.",
            ),
        ],
    },
    {
        "slug": "audit-delay",
        "weight": 7,
        "tags": ["ca-compliance", "audit-delay"],
        "title": "Audit statements for the {year} period delivered late",
        "summary": [
            "The WebTrust audit statements for the {year} period were not provided to CCADB within 3 months of the end of the audit period.",
            "The auditor's quality review took longer than planned and we did not file an incident when the deadline became at risk.",
        ],
        "impact": ["Root programs did not have current audit statements for {days} days."],
        "events": {
            "start": "End of the audit period.",
            "aware": "The compliance team noticed the deadline had passed without the statements.",
            "other": "The audit statements were uploaded to CCADB.",
        },
        "root_causes": [
            (
                "Audit schedule without buffer",
                "The audit schedule left no buffer for the auditor's internal review.",
            ),
            ("No deadline tracking", "The 3-month deadline was not tracked with reminders."),
        ],
        "actions": [
            (
                "prevent",
                "Schedule the audit so that statements are due one month before the deadline.",
            ),
            (
                "detect",
                "Track the audit statement deadline in the ledger with reminders at 60 and 30 days.",
            ),
        ],
    },
    {
        "slug": "disclosure-failure",
        "weight": 10,
        "tags": ["ca-compliance", "disclosure-failure"],
        "title": "Intermediate CA certificate not disclosed in CCADB within 7 days",
        "summary": [
            "A new intermediate CA certificate was created on {d_start} but disclosed in CCADB only on {d_aware}.",
            "The disclosure step was owned by a colleague who was on leave and the task was not reassigned.",
        ],
        "impact": [
            "One intermediate CA certificate was undisclosed for {days} days. It issued no certificates in that period."
        ],
        "events": {
            "start": "Key ceremony; the intermediate CA certificate was signed.",
            "aware": "Internal review found the certificate missing from CCADB.",
            "other": "The certificate was disclosed in CCADB with its audit and CP/CPS information.",
        },
        "root_causes": [
            (
                "Task not reassigned",
                "The ceremony checklist assigns disclosure to a named person, not to a role.",
            ),
        ],
        "actions": [
            (
                "prevent",
                "Assign CCADB disclosure to the compliance role and track it in the ceremony checklist.",
            ),
            ("detect", "Compare the CA inventory with CCADB daily and alert on differences."),
        ],
    },
    {
        "slug": "update-delay",
        "weight": 5,
        "tags": ["ca-compliance", "policy-failure"],
        "followup": True,
        "title": "Failure to provide weekly updates on Bug {prev_bug}",
        "summary": [
            "In Bug {prev_bug} we did not post the weekly status updates expected by the root programs.",
            "Several weeks passed without an update although the action items were still open.",
            "A community member asked whether the missing updates were an incident in themselves; we agree and file this report.",
        ],
        "impact": [
            "Root programs and the community lacked information on the remediation progress for several weeks."
        ],
        "events": {
            "start": "The last update was posted in Bug {prev_bug}.",
            "aware": "A community member pointed out the missing weekly updates.",
            "other": "We posted an update in Bug {prev_bug} and committed to a weekly cadence.",
        },
        "root_causes": [
            (
                "No update reminder",
                "Updates relied on one person remembering; there was no reminder or deputy.",
            ),
        ],
        "actions": [
            ("prevent", "Generate update reminders from the ledger for every open incident."),
            ("detect", "Weekly review of all open incidents in the compliance meeting."),
        ],
    },
    {
        "slug": "dcv-method",
        "weight": 8,
        "tags": ["ca-compliance", "dv-misissuance", "validation-failure"],
        "title": "Domain validation performed with a method no longer permitted",
        "summary": [
            "Between {d_start} and {d_aware}, {n} certificates were issued after domain validation with a method removed from the Baseline Requirements.",
            "The method had been disabled in the RA portal but remained reachable through the API.",
        ],
        "impact": [
            "{n} certificates were affected and revoked; the domains were re-validated with a permitted method."
        ],
        "events": {
            "cause": "API release of {system} re-enabled a legacy validation path.",
            "start": "First certificate validated with the removed method.",
            "aware": "Internal audit sampling found the removed method in validation records.",
            "issuance-stopped": "API validation path disabled.",
            "revocation-done": "All affected certificates revoked.",
        },
        "root_causes": [
            (
                "Feature flag scoped to the portal only",
                "The flag that disabled the method applied to the portal, not to the API.",
            ),
            (
                "Validation evidence not linted",
                "Validation records are not checked against the list of permitted methods.",
            ),
        ],
        "actions": [
            ("prevent", "Remove the legacy validation code path entirely."),
            ("detect", "Lint validation evidence against the permitted methods before issuance."),
            (
                "mitigate",
                "Re-validate all domains validated with the legacy method in the last 398 days.",
            ),
        ],
    },
    {
        "slug": "cps-mismatch",
        "weight": 7,
        "tags": ["ca-compliance", "policy-failure", "cps-issue"],
        "title": "CPS section {section} does not describe current practice",
        "summary": [
            "Section {section} of our CPS still described a process that changed on {d_start}.",
            "The CPS update was drafted but not published because the annual review was postponed.",
        ],
        "impact": [
            "Relying parties reading the CPS were given an outdated description of our practices for {days} days."
        ],
        "events": {
            "start": "The process described in the CPS changed.",
            "aware": "A root program reviewer noticed the discrepancy.",
            "other": "Updated CPS published.",
        },
        "root_causes": [
            (
                "CPS review tied to the annual cycle",
                "Practice changes were collected for the annual CPS review instead of triggering an update.",
            ),
        ],
        "actions": [
            ("prevent", "Require a CPS impact assessment for every practice change."),
            ("detect", "Quarterly comparison of CPS sections with operational procedures."),
        ],
    },
]
_TYPE_WEIGHTS = [t["weight"] for t in TYPES]

WELL = [
    "The issue was detected by our own monitoring within hours.",
    "Subscribers were informed on the same day.",
    "The root cause was identified quickly thanks to change logs.",
    "Issuance was stopped within one hour of detection.",
    "n/a",
]
WRONG = [
    "The change was not reviewed against the certificate profile.",
    "Nobody owned the follow-up after the responsible person changed roles.",
    "We did not file an incident when the deadline became at risk.",
    "Monitoring covered availability but not correctness.",
    "Internal escalation took more than a day.",
]
LUCKY = [
    "The affected certificates were few and mostly short-lived.",
    "A reporter copied the CCADB contacts, so the report reached us at all.",
    "The problem occurred outside the busy renewal period.",
]
UPDATES = [
    "No new information this week; work on the open action items continues.",
    "Action item {ai} is progressing as planned; we expect to complete it by {due}.",
    "We deployed the first part of {ai} to production and are monitoring the results.",
    "Internal review of the remediation is ongoing. Next update on {next}.",
    "We are still working with the vendor on {ai}; the due date may move.",
    "The remediation for {ai} has been tested in staging and is scheduled for release.",
    "There are currently no new information updates.",
]
UPDATES_IDLE = [
    "No new information this week.",
    "There are currently no new information updates.",
    "We are preparing the full incident report. Next update on {next}.",
    "All action items are complete; we will post the closure summary shortly.",
]
QUESTIONS = [
    "Please explain why the issue was not detected earlier.",
    "Can you clarify how many certificates were affected and list them?",
    "Why was this not reported within 72 hours of becoming aware?",
    "Please provide an update on the action items.",
    "What prevents the same failure in your other issuing CAs?",
    "Isn't the failure to provide weekly updates an incident in itself?",
    "Please confirm the CCADB contact information has been updated.",
]
CLOSURE = {
    "description": "{title_lc} (detected {d_aware}, disclosed {d_opened}).",
    "root_causes": "{rc_titles}.",
    "remediation": "Completed {n_items} action item(s): {ai_list}.",
    "commitments": "The new controls stay in place and are reviewed in the annual audit.",
}
HOSTILE = [
    "<script>alert('ledger')</script>",
    "<img src=x onerror=alert(1)> <b>bold</b> &amp; &lt;",
    "[details](javascript:alert(1)) and ![x](data:text/html;base64,PHNjcmlwdD4=)",
    "中文说明：证书问题报告未及时回复。 — العربية — Ελληνικά — emoji 🔐🚨✅",
    "zero\u200bwidth\u200bspaces, combining e\u0301, RTL \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "{{ config.secret }} {% include 'x' %} ${HOME} $(rm -rf /) `code`",
    "--- \n... \n# not a comment\nkey: value\n- not a list\n&anchor *alias !!python/object:os.system",
    "no",
    "yes",
    "on",
    "off",
    "null",
    "~",
    "2024-03-04",
    "12:30",
    "0x1F",
    "true",
    "tab\there, trailing spaces   ",
    "x" * 1500,
    "https://example.invalid/" + "a/" * 600,
]

AUTHORS = [
    ("Marta Kowalski", "marta.kowalski@{dom}"),
    ("Gao Lin", "gao.lin@{dom}"),
    ("Priya Raman", "priya.raman@{dom}"),
    ("Ledger Bot", "ledger-bot@{dom}"),
]
COMMITTER = ("Compliance Ledger", "ledger@{dom}")


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def fill(template: str, ctx: dict[str, Any]) -> str:
    return template.format(**ctx)


# --------------------------------------------------------------------------- records


class Record:
    """One file of the ledger, rendered as it stood at a moment (UTC) or finally (None).

    `render(cut)` consults `vis(utc, label)` for every dated fact. Called once with a
    collector, the same code lists the moments at which the file changes, so the git
    history and the final file never disagree.
    """

    path: str
    created: datetime  # UTC
    style: Style

    def __init__(self) -> None:
        self._cut: datetime | None = None
        self._collect: list[tuple[datetime, str]] | None = None
        self.rename: tuple[datetime, str] | None = None  # (UTC, old path) before that moment

    def vis(self, utc: datetime, label: str) -> bool:
        if self._collect is not None:
            self._collect.append((utc, label))
            return True
        return self._cut is None or utc <= self._cut

    def v(self, local: datetime, label: str) -> bool:
        return self.vis(self.style.zone.to_utc(local), label)

    def vd(self, d: date, label: str) -> bool:
        """A fact recorded on a date: it becomes known at 12:00 UTC that day."""
        return self.vis(datetime(d.year, d.month, d.day, 12, 0), label)

    def render(self, cut: datetime | None) -> dict[str, Any]:
        self._cut = cut
        try:
            return self.build()
        finally:
            self._cut = None

    def changes(self) -> list[tuple[datetime, str]]:
        """Moments after creation at which the file changes, with a label, in time order."""
        self._collect = []
        try:
            self.build()
            found = self._collect
        finally:
            self._collect = None
        seen: dict[datetime, str] = {}
        for utc, label in found:
            if utc > self.created and utc not in seen:
                seen[utc] = label
        return sorted(seen.items())

    def path_at(self, cut: datetime | None) -> str:
        if self.rename is not None and cut is not None and cut < self.rename[0]:
            return self.rename[1]
        return self.path

    def build(self) -> dict[str, Any]:
        raise NotImplementedError


def _when_local(rng: Random, day: date, style: Style, lo: int = 8, hi: int = 20) -> datetime:
    t = datetime(day.year, day.month, day.day, rng.randint(lo, hi), rng.randrange(60))
    if style.seconds:
        t = t.replace(second=rng.randrange(60))
    return t


def _strictly_after(t: datetime, prev: datetime | None) -> datetime:
    if prev is not None and t <= prev:
        return prev + timedelta(minutes=1 + (t.minute % 7))
    return t


@dataclass
class Item:
    id: str
    action: str
    kind: str
    created: datetime  # local
    dues: list[tuple[datetime, date, str]]  # (local moment the due date was set, due, status)
    owner: str | None = None
    root_causes: list[str] = field(default_factory=list)
    completed: datetime | None = None  # local moment
    canceled: datetime | None = None
    evaluation: str | None = None


class Incident(Record):
    def __init__(
        self,
        index: int,
        ident: str,
        path: str,
        opened_day: date,
        typ: dict[str, Any],
        org: tuple[str, str],
        rng: Random,
    ) -> None:
        super().__init__()
        self.index, self.id, self.path, self.typ, self.rng = index, ident, path, typ, rng
        self.org, self.dom = org
        self.style = pick_style(rng, 0.35)
        self.opened = _when_local(rng, opened_day, self.style)
        self.created = self.style.zone.to_utc(self.opened) + timedelta(minutes=rng.randint(3, 50))
        self.related: list[Any] = []
        self.hostile: list[tuple[str, str]] = []
        self.bug = ""

    # -- generation -------------------------------------------------------------------

    def generate(self, ctx: dict[str, Any]) -> None:
        rng, st, typ = self.rng, self.style, self.typ
        opened = self.opened
        people = ctx["people"]
        n_certs = rng.choice([1, 2, 3, 7, 12, 40, 118, 512, 2304])
        aware_delay = (
            timedelta(hours=rng.randint(2, 60))
            if rng.random() < 0.8
            else timedelta(days=rng.randint(4, 12))
        )
        aware = _when_local(rng, day_of(opened - aware_delay), st)
        if aware >= opened:
            aware = opened - timedelta(hours=1, minutes=rng.randrange(60))
        self.aware = aware
        self.aware_is_day = rng.random() < 0.12 and aware.date() < opened.date()
        self.aware_written = rng.random() < 0.92
        start = aware - timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 9))
        self.schema_version = rng.random() < 0.3
        self.bug = ctx["bug"]
        fields = {
            "org": self.org,
            "mailbox": f"cpr@{self.dom}",
            "n": n_certs,
            "product": rng.choice(PRODUCTS),
            "defect": rng.choice(DEFECTS),
            "system": rng.choice(SYSTEMS),
            "hours": rng.choice([6, 9, 14, 26, 31, 49]),
            "days": (opened.date() - start.date()).days + 1,
            "d_cpr": iso(start),
            "d_start": iso(start),
            "d_aware": iso(aware),
            "d_opened": iso(opened),
            "year": opened.year - 1,
            "section": rng.choice(["3.2.2.4", "4.9.1.1", "4.9.5", "6.1.5", "7.1.2"]),
            "prev_bug": ctx.get("prev_bug", "1888881"),
        }
        self.fields = fields
        self.title = f"{self.org}: " + fill(typ["title"], fields)
        self.owner = rng.choice(people + TEAMS)
        self.tags = list(typ["tags"])
        if typ["slug"] == "misissuance":
            self.tags[1] = rng.choice(["ov-misissuance", "dv-misissuance", "ev-misissuance"])
        if rng.random() < 0.15:
            self.tags.append(
                rng.choice(["disclosure-failure", "audit-finding", "revocation-delay"])
            )
        self.source = (
            rng.choice(["self-reported"] * 6 + ["third-party"] * 3 + ["audit"])
            if rng.random() < 0.85
            else None
        )
        self.revocation_delay = bool(typ.get("revocation"))
        k = rng.randint(2, min(3, len(typ["summary"])))
        self.summary = " ".join(fill(s, fields) for s in typ["summary"][:k])
        self.impact = (
            " ".join(fill(s, fields) for s in typ["impact"][:2]) if rng.random() < 0.85 else None
        )

        # Reports: preliminary at `opened`, full later (sometimes late), or full at once.
        preliminary_first = rng.random() < 0.6
        if preliminary_first:
            delay = rng.randint(3, 13) if rng.random() < 0.8 else rng.randint(15, 30)
            full_at: datetime | None = _when_local(rng, opened.date() + timedelta(days=delay), st)
        else:
            full_at = opened
        # Lifetime: closed incidents get a closure summary, open ones run until HORIZON.
        life = rng.choice([21, 24, 28, 28, 35, 35, 42, 49, 56, 70, 90]) + rng.randint(0, 6)
        if typ.get("revocation"):
            life = min(life, rng.randint(21, 35))  # closed soon after the last revocation
        closure_day = opened.date() + timedelta(days=life)
        p_close = 0.9 if opened.date() < date(2025, 6, 1) else 0.55
        closing = (typ.get("revocation") or rng.random() < p_close) and closure_day + timedelta(
            days=14
        ) <= HORIZON
        if full_at is not None and full_at.date() + timedelta(days=8) > closure_day:
            closure_day = full_at.date() + timedelta(days=8 + rng.randint(0, 5))
            closing = closing and closure_day + timedelta(days=14) <= HORIZON
        if closing:
            activity_end = closure_day
        else:
            # Open: recent ones mostly still active; older ones (and some recent) went stale.
            self.stale = rng.random() < 0.35
            if self.stale:
                activity_end = min(
                    HORIZON - timedelta(days=rng.randint(0, 20)),
                    opened.date() + timedelta(days=life),
                )
            else:
                activity_end = HORIZON - timedelta(days=rng.randint(0, 5))
            if activity_end <= opened.date():
                activity_end = opened.date() + timedelta(days=1)
            if full_at is not None and full_at.date() > activity_end:
                full_at = None if rng.random() < 0.5 else _when_local(rng, activity_end, st)
                if full_at is not None and full_at <= opened:
                    full_at = None
        self.closing, self.activity_end = closing, activity_end
        if closing:
            self.stale = False
        self.reports: list[tuple[str, datetime, str | None]] = []
        self.reports.append(
            (
                "preliminary" if preliminary_first else "full",
                opened,
                f"{self.bug}#c0" if rng.random() < 0.5 else None,
            )
        )
        if preliminary_first and full_at is not None:
            self.reports.append(
                (
                    "full",
                    full_at,
                    f"{self.bug}#c{rng.randint(2, 9)}" if rng.random() < 0.7 else None,
                )
            )
        analysis_at = full_at if full_at is not None else None

        # Timeline: 3-8 events in strictly increasing order.
        ev = typ["events"]
        cand: list[tuple[datetime, str, str]] = []
        if "cause" in ev:
            cand.append((start - timedelta(days=rng.randint(1, 20)), "cause", ev["cause"]))
        if "start" in ev:
            cand.append((start, "start", ev["start"]))
        if "cpr-received" in ev:
            cand.append((start + timedelta(minutes=30), "cpr-received", ev["cpr-received"]))
        cand.append((aware, "aware", ev["aware"]))
        if "issuance-stopped" in ev:
            cand.append(
                (
                    aware + timedelta(hours=rng.randint(1, 5)),
                    "issuance-stopped",
                    ev["issuance-stopped"],
                )
            )
        if "contact-change" in ev:
            cand.append(
                (
                    aware + timedelta(hours=rng.randint(2, 30)),
                    "contact-change",
                    ev["contact-change"],
                )
            )
        cand.append(
            (
                opened,
                "preliminary-report" if preliminary_first else "report-posted",
                "Preliminary incident report posted."
                if preliminary_first
                else "Full incident report posted.",
            )
        )
        if "scope-update" in ev:
            cand.append(
                (opened + timedelta(days=rng.randint(1, 4)), "scope-update", ev["scope-update"])
            )
        if "revocation-planned" in ev:
            cand.append(
                (
                    opened + timedelta(days=rng.randint(1, 3)),
                    "revocation-planned",
                    ev["revocation-planned"],
                )
            )
        if "issuance-resumed" in ev:
            cand.append(
                (
                    aware + timedelta(days=rng.randint(2, 6)),
                    "issuance-resumed",
                    ev["issuance-resumed"],
                )
            )
        if preliminary_first and full_at is not None:
            cand.append((full_at, "report-posted", "Full incident report posted."))
        if "other" in ev:
            cand.append((aware + timedelta(hours=rng.randint(3, 40)), "other", ev["other"]))
        if "revocation-done" in ev:
            cand.append(
                (
                    opened + timedelta(days=rng.randint(3, 25)),
                    "revocation-done",
                    ev["revocation-done"],
                )
            )
        if "end" in ev:
            cand.append((aware + timedelta(days=rng.randint(1, 10)), "end", ev["end"]))
        limit = _local_limit(activity_end, st)
        cand = [c for c in cand if c[0] <= limit]
        must = {"aware", "preliminary-report", "report-posted"}
        optional = [c for c in cand if c[1] not in must]
        rng.shuffle(optional)
        fixed = [c for c in cand if c[1] in must]
        keep = fixed + optional[: rng.randint(max(0, 3 - len(fixed)), 7 - len(fixed))]
        keep.sort(key=lambda c: (c[0], c[1]))
        timeline: list[tuple[datetime, bool, str, str | None]] = []
        prev: datetime | None = None
        for t, kind, text in keep:
            t = _strictly_after(_clock(t, st), prev)
            prev = t
            timeline.append((t, False, fill(text, fields), kind if rng.random() < 0.9 else None))
        while len(timeline) < 3:
            t = _strictly_after(
                timeline[-1][0] + timedelta(hours=rng.randint(2, 30)), timeline[-1][0]
            )
            timeline.append(
                (t, False, "Internal review of the incident response completed.", "other")
            )
        # A first event known only to the day, when it is well apart from the next one.
        if (
            len(timeline) > 1
            and (timeline[1][0].date() - timeline[0][0].date()).days >= 2
            and rng.random() < 0.3
        ):
            t0 = timeline[0]
            timeline[0] = (t0[0].replace(hour=0, minute=0, second=0), True, t0[2], t0[3])
        self.timeline = timeline

        # Root causes, lessons and action items come with the full report.
        self.root_causes: list[tuple[str, str, str]] = []
        self.items: list[Item] = []
        self.analysis_at = analysis_at
        if analysis_at is not None:
            pool = list(typ["root_causes"])
            rng.shuffle(pool)
            for j, (title, desc) in enumerate(pool[: rng.randint(1, min(2, len(pool)))]):
                self.root_causes.append((f"rc-{j + 1}", fill(title, fields), fill(desc, fields)))
            acts = list(typ["actions"])
            rng.shuffle(acts)
            n_items = rng.randint(1, min(4, len(acts)))
            for j, (kind, text) in enumerate(acts[:n_items]):
                late_added = j > 0 and rng.random() < 0.12
                created = (
                    analysis_at
                    if not late_added
                    else _when_local(
                        rng,
                        min(analysis_at.date() + timedelta(days=rng.randint(5, 20)), activity_end),
                        st,
                    )
                )
                if created < analysis_at:
                    created = analysis_at
                item = Item(f"ai-{j + 1}", fill(text, fields), kind, created, [])
                if rng.random() < 0.6:
                    item.owner = rng.choice(people + TEAMS)
                self.items.append(item)
            n_rc = len(self.root_causes)
            for j, item in enumerate(self.items):
                if len(self.items) < n_rc:
                    item.root_causes = [rc[0] for rc in self.root_causes]
                elif rng.random() < 0.95 or j < n_rc:
                    item.root_causes = [self.root_causes[j % n_rc][0]]
            self._plan_items(closure_day if closing else None)
            self.lessons: dict[str, Any] | None = self._lessons()
        else:
            self.lessons = None

        # Updates: weekly while active (some weeks missed), then for long-running incidents
        # every 2-4 weeks with an agreed `next_update`; stale incidents only now and then.
        # Delayed revocation: every ~3 days with the counts while certificates remain.
        days: list[list[Any]] = []  # [day, next_update agreed up to the following update, next day]
        t_day = opened.date()
        end_day = (
            HORIZON - timedelta(days=rng.randint(0, 25))
            if (not closing and self.stale)
            else activity_end
        )
        remaining = n_certs
        while len(days) < 60:
            agreed = False
            if t_day < activity_end:
                if self.revocation_delay:
                    if remaining > 0:
                        step = rng.choice([2, 2, 3]) if rng.random() > 0.08 else rng.randint(4, 9)
                        remaining = max(
                            0, remaining - max(1, int(remaining * rng.uniform(0.25, 0.7)))
                        )
                    else:
                        step = rng.choice([2, 3, 3]) if rng.random() > 0.08 else rng.randint(4, 12)
                elif (t_day - opened.date()).days < 90:
                    step = rng.choice([5, 6, 6, 7]) if rng.random() > 0.1 else rng.randint(9, 20)
                else:
                    step, agreed = rng.randint(21, 35), rng.random() < 0.85
            else:
                step = rng.randint(30, 90)
            t_day += timedelta(days=step)
            if days:
                days[-1][1:] = [agreed, t_day]
            if t_day >= (closure_day if closing else end_day):
                break
            days.append([t_day, False, None])
        self.updates: list[
            tuple[datetime, str, str | None, dict[str, Any] | None, date | None]
        ] = []
        prev_at = opened
        remaining, revoked, expired = n_certs, 0, 0
        for day, agreed, following in days:
            at = _when_local(rng, day, st)
            if agreed and following is not None:
                nxt = following + timedelta(days=rng.randint(0, 3))
            else:
                nxt = day + timedelta(
                    days=rng.choice([3, 3, 5])
                    if self.revocation_delay
                    else rng.choice([7, 7, 7, 14])
                )
            text = self._update_text(at, prev_at, nxt)
            prev_at = at
            rev = None
            if self.revocation_delay and rng.random() < 0.96:
                done = min(remaining, max(1, int(remaining * rng.uniform(0.2, 0.6))))
                gone = min(remaining - done, rng.randint(0, max(0, remaining // 10)))
                remaining -= done + gone
                revoked += done
                expired += gone
                eta = day + timedelta(days=rng.randint(3, 21) if remaining else 0)
                rev = {
                    "revoked": revoked,
                    "remaining": remaining,
                    "expired": expired,
                    "eta": iso(min(eta, HORIZON)),
                }
                text = f"Revocation progress: {revoked} revoked, {remaining} remaining, {expired} expired."
            url = f"{self.bug}#c{len(self.updates) + 3}" if rng.random() < 0.2 else None
            self.updates.append(
                (at, text, url, rev, min(nxt, HORIZON) if rng.random() < 0.8 else None)
            )

        # Questions from root programs and the community.
        self.questions: list[tuple[str, datetime, str, str, datetime | None]] = []
        span = max(1, (activity_end - opened.date()).days)
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            asked = _when_local(rng, opened.date() + timedelta(days=rng.randint(1, span)), st)
            r = rng.random()
            answered: datetime | None
            if r < 0.72:
                answered = asked + timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 20))
            elif r < 0.9:
                answered = asked + timedelta(days=rng.randint(8, 20), hours=rng.randint(1, 5))
            else:
                answered = None
            answered = _clock(answered, st) if answered is not None else None
            if closing:
                cap = _local_limit(closure_day - timedelta(days=1), st)
                if answered is None or answered > cap:
                    answered = _clock(min(cap, asked + timedelta(days=2)), st)
                if answered <= asked:
                    answered = None
                    continue  # nothing sensible: drop the question
            elif answered is not None and answered.date() > HORIZON:
                answered = None
            self.questions.append(
                (
                    f"q{len(self.questions) + 1}",
                    asked,
                    rng.choice(ASKERS),
                    rng.choice(QUESTIONS),
                    answered,
                )
            )
        self.questions.sort(key=lambda q: q[1])
        self.questions = [(f"q{k + 1}", *q[1:]) for k, q in enumerate(self.questions)]

        # Promises: "a full report by <date>" and sometimes a completion promise.
        self.promises: list[tuple[str, date, datetime | None, datetime]] = []
        if preliminary_first and rng.random() < 0.45:
            due = opened.date() + timedelta(days=rng.randint(8, 16))
            kept = full_at
            if due <= HORIZON:
                self.promises.append(
                    (
                        f"A full incident report by {due.day} {MONTHS[due.month - 1]}.",
                        due,
                        kept,
                        opened,
                    )
                )
        if self.items and rng.random() < 0.12:
            it = self.items[0]
            due = it.dues[0][1]
            kept = it.completed
            self.promises.append((f"Complete {it.id} by {iso(due)}.", due, kept, it.created))

        # Closure summary, closing date, the root program's close-on announcement.
        self.closure_at: datetime | None = None
        self.closed_day: date | None = None
        self.close_on: tuple[date, datetime] | None = None
        all_done = all(i.completed is not None or i.canceled is not None for i in self.items)
        if closing:
            last = _latest(self)
            cday = max(closure_day, day_of(last) + timedelta(days=1))
            self.closure_at = _strictly_after(_when_local(rng, cday, st), last)
            announce = self.closure_at + timedelta(days=rng.randint(1, 4))
            close_on = announce.date() + timedelta(days=rng.randint(5, 9))
            self.closed_day = close_on + timedelta(days=rng.randint(0, 3))
            if self.closed_day > HORIZON:
                self.closed_day = HORIZON
                close_on = min(close_on, HORIZON)
            if rng.random() < 0.8:
                self.close_on = (close_on, announce)
            self.resolution = rng.choice(
                ["fixed"] * 22 + ["invalid", "duplicate", "wontfix", "wontfix"]
            )
        elif all_done and self.items and rng.random() < 0.4:
            # Open, remediated, closure summary posted, waiting for the root program.
            last = _latest(self)
            when = _when_local(rng, day_of(last) + timedelta(days=rng.randint(1, 20)), st)
            if when.date() <= HORIZON:
                self.closure_at = _strictly_after(when, last)
        self.reports_closure = self.closure_at
        self.closure_text = None
        if self.closure_at is not None:
            done_items = [i for i in self.items if i.completed is not None]
            rcs = "; ".join(rc[1] for rc in self.root_causes) or "See the full report"
            cfields = {
                "title_lc": fill(typ["title"], fields),
                "d_aware": iso(aware),
                "d_opened": iso(opened),
                "rc_titles": rcs,
                "n_items": len(done_items),
                "ai_list": ", ".join(i.id for i in done_items) or "none were needed",
            }
            self.closure_text = {k: fill(v, cfields) for k, v in CLOSURE.items()}

        # Waivers on some open incidents with an overdue action item.
        self.waivers: list[tuple[dict[str, Any], datetime]] = []
        if not closing and self.items and rng.random() < 0.1:
            it = rng.choice(self.items)
            if it.completed is None and it.canceled is None:
                due = it.dues[-1][1]
                until = min(HORIZON, due + timedelta(days=rng.randint(10, 60)))
                set_at = _when_local(rng, max(it.created.date(), due - timedelta(days=2)), st)
                if set_at.date() <= HORIZON and set_at >= it.created:
                    self.waivers.append(
                        (
                            {
                                "rule": "action-item-overdue",
                                "until": iso(until),
                                "reason": "Vendor delivery delayed; compensating control in place.",
                                "approved_by": rng.choice(TEAMS),
                                "item": it.id,
                            },
                            set_at,
                        )
                    )
        if not closing and rng.random() < 0.03:
            at = _when_local(rng, min(activity_end, HORIZON), st)
            if at > opened:
                until = min(HORIZON, at.date() + timedelta(days=rng.randint(7, 30)))
                self.waivers.append(
                    (
                        {
                            "rule": "update-overdue",
                            "until": iso(until),
                            "reason": "Agreed with the root program: monthly updates while waiting for the audit.",
                            "approved_by": rng.choice(ASKERS),
                        },
                        at,
                    )
                )

    def _update_text(self, at: datetime, prev: datetime, nxt: date) -> str:
        """An update that says what happened since the previous one."""
        rng = self.rng
        done = [i for i in self.items if i.completed is not None and prev < i.completed <= at]
        if done:
            ids = ", ".join(i.id for i in done)
            return f"Action item{'s' if len(done) > 1 else ''} {ids} completed. Next update on {iso(nxt)}."
        moved = [(i, d) for i in self.items for (t, d, _s) in i.dues[1:] if prev < t <= at]
        if moved:
            i, d = moved[0]
            return f"The due date of {i.id} moves to {iso(d)}: the change needs more testing than planned."
        open_items = [
            i
            for i in self.items
            if i.created <= at
            and not (
                (i.completed is not None and i.completed <= at)
                or (i.canceled is not None and i.canceled <= at)
            )
        ]
        if not open_items:
            return fill(
                rng.choice(UPDATES_IDLE[:3] if not self.items else UPDATES_IDLE), {"next": iso(nxt)}
            )
        it = rng.choice(open_items)
        due = iso(max((d for t, d, _s in it.dues if t <= at), default=it.dues[0][1]))
        return fill(rng.choice(UPDATES), {"ai": it.id, "due": due, "next": iso(nxt)})

    def _plan_items(self, closure_day: date | None) -> None:
        """Due dates, slips, completions. Closed incidents: everything done before closure."""
        rng, st = self.rng, self.style
        for item in self.items:
            first_due = item.created.date() + timedelta(days=rng.randint(10, 60))
            if closure_day is not None:
                first_due = min(first_due, closure_day - timedelta(days=3))
                first_due = max(first_due, item.created.date() + timedelta(days=1))
            else:
                first_due = min(first_due, HORIZON)
            item.dues.append((item.created, first_due, "ongoing"))
            due = first_due
            # Slips: a due date moved later, once or twice.
            for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
                at_day = due - timedelta(days=rng.randint(-4, 5))
                at = _when_local(rng, max(at_day, item.created.date() + timedelta(days=1)), st)
                new_due = due + timedelta(days=rng.randint(7, 40))
                if closure_day is not None:
                    new_due = min(new_due, closure_day - timedelta(days=2))
                new_due = min(new_due, HORIZON)
                if new_due <= due or at <= item.dues[-1][0] or at.date() > HORIZON:
                    break
                if closure_day is not None and at.date() >= closure_day - timedelta(days=1):
                    break
                item.dues.append((at, new_due, "delayed"))
                due = new_due
            last_set = item.dues[-1][0]
            if closure_day is not None:
                if rng.random() < 0.05:
                    item.canceled = _when_local(
                        rng, max(last_set.date() + timedelta(days=1), due - timedelta(days=2)), st
                    )
                    item.evaluation = "Superseded by a broader change; see the other action items."
                else:
                    lateness = rng.randint(-10, 0) if rng.random() < 0.8 else rng.randint(1, 6)
                    day = due + timedelta(days=lateness)
                    day = min(
                        max(day, last_set.date() + timedelta(days=1)),
                        closure_day - timedelta(days=1),
                    )
                    item.completed = _when_local(rng, day, st)
                for tag in ("completed", "canceled"):
                    t = getattr(item, tag)
                    if t is not None and t <= last_set:
                        setattr(item, tag, last_set + timedelta(hours=1))
                if rng.random() < 0.3:
                    item.evaluation = (
                        item.evaluation or "Verified in the following month: no recurrence."
                    )
            else:
                while True:
                    last_set = item.dues[-1][0]
                    r = rng.random()
                    if r < 0.5 and due <= self.activity_end + timedelta(days=3):
                        day = due + timedelta(days=rng.randint(-8, 3))
                        day = max(day, last_set.date() + timedelta(days=1))
                        if day <= min(HORIZON, self.activity_end + timedelta(days=3)):
                            item.completed = _when_local(rng, day, st)
                        break
                    if r < 0.55:
                        day = max(last_set.date() + timedelta(days=1), due - timedelta(days=3))
                        if day <= min(HORIZON, self.activity_end):
                            item.canceled = _when_local(rng, day, st)
                            item.evaluation = (
                                "No longer needed after the system was decommissioned."
                            )
                        break
                    if due < self.activity_end and len(item.dues) < 4 and r < 0.88:
                        # Still being worked on: the due date moves (a slip), usually in time.
                        at_day = max(
                            due + timedelta(days=rng.randint(-3, 2)),
                            last_set.date() + timedelta(days=1),
                        )
                        new_due = min(HORIZON, due + timedelta(days=rng.randint(14, 45)))
                        if at_day > min(HORIZON, self.activity_end) or new_due <= due:
                            break
                        item.dues.append((_when_local(rng, at_day, st), new_due, "delayed"))
                        due = new_due
                        continue
                    break

    def _lessons(self) -> dict[str, Any]:
        rng = self.rng
        at_analysis = [i.id for i in self.items if i.created == self.analysis_at]
        lessons: dict[str, Any] = {}
        if rng.random() < 0.7:
            lessons["went_well"] = rng.sample(WELL, rng.choice([1, 1, 2]))
        wrong = rng.sample(WRONG, rng.choice([1, 1, 2]))
        lessons["went_wrong"] = [
            {
                "text": w,
                "action_items": sorted(
                    rng.sample(at_analysis, rng.randint(1, min(2, len(at_analysis))))
                ),
            }
            for w in wrong
        ]
        if rng.random() < 0.35:
            lessons["lucky"] = [rng.choice(LUCKY)]
        return lessons

    # -- rendering --------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        st, v = self.style, self.v
        inst = st.inst
        closed = (
            self.closed_day is not None
            and self.closure_at is not None
            and self.vd(self.closed_day, "close")
        )
        d: dict[str, Any] = {}
        if self.schema_version:
            d["schema_version"] = 1
        d["title"] = self.title
        d["status"] = "closed" if closed else "open"
        if closed:
            d["resolution"] = self.resolution
        d["opened"] = inst(self.opened)
        if self.aware_written:
            d["aware"] = iso(self.aware) if self.aware_is_day else inst(self.aware)
        if closed:
            d["closed"] = iso(self.closed_day)  # type: ignore[arg-type]
        d["owner"] = self.owner
        d["bug"] = self.bug
        d["tags"] = list(self.tags)
        if self.source:
            d["source"] = self.source
        if st.written:
            d["timezone"] = st.zone.name
        if self.related:
            d["related"] = [dict(r) if isinstance(r, dict) else r for r in self.related]
        if not closed:
            nxt = None
            for at, _text, _url, _rev, next_update in self.updates:
                if v(at, "update"):
                    nxt = next_update
            if nxt is not None:
                d["next_update"] = iso(nxt)
        if self.close_on is not None and v(self.close_on[1], "close-on"):
            d["close_on"] = iso(self.close_on[0])
        promises = []
        for what, due, kept, made in self.promises:
            if v(made, "promise"):
                p: dict[str, Any] = {"what": what, "due": iso(due)}
                if kept is not None and v(kept, "promise kept"):
                    p["kept"] = inst(kept)
                promises.append(p)
        if promises:
            d["promises"] = promises
        if self.revocation_delay:
            d["revocation_delay"] = True
        d["summary"] = self.summary
        if self.impact:
            d["impact"] = self.impact
        timeline = []
        for t, is_day, text, kind in self.timeline:
            if v(t, "timeline"):
                e: dict[str, Any] = {"at": iso(t) if is_day else inst(t), "event": text}
                if kind:
                    e["kind"] = kind
                timeline.append(e)
        d["timeline"] = timeline
        if self.analysis_at is not None and v(self.analysis_at, "full report"):
            d["root_causes"] = [
                {"id": i, "title": t, "description": s} for i, t, s in self.root_causes
            ]
            if self.lessons:
                d["lessons"] = {
                    k: [
                        dict(x, action_items=list(x["action_items"])) if isinstance(x, dict) else x
                        for x in val
                    ]
                    for k, val in self.lessons.items()
                }
            items = [self._render_item(i) for i in self.items if v(i.created, f"add {i.id}")]
            if items:
                d["action_items"] = items
        reports = []
        for kind, at, url in self.reports:
            if v(at, f"{kind} report"):
                r: dict[str, Any] = {"kind": kind, "at": inst(at)}
                if url:
                    r["url"] = url
                reports.append(r)
        if self.closure_at is not None and v(self.closure_at, "closure summary"):
            reports.append({"kind": "closure", "at": inst(self.closure_at)})
        d["reports"] = reports
        updates = []
        for at, text, url, rev, _next in self.updates:
            if v(at, "update"):
                u: dict[str, Any] = {"at": inst(at), "text": text}
                if url:
                    u["url"] = url
                if rev is not None:
                    u["revocation"] = dict(rev)
                updates.append(u)
        if updates:
            d["updates"] = updates
        questions = []
        for qid, asked, by, text, answered in self.questions:
            if v(asked, f"question {qid}"):
                q: dict[str, Any] = {"id": qid, "asked": inst(asked), "by": by, "text": text}
                if answered is not None and v(answered, f"answer {qid}"):
                    q["answered"] = inst(answered)
                questions.append(q)
        if questions:
            d["questions"] = questions
        if (
            self.closure_at is not None
            and self.closure_text is not None
            and v(self.closure_at, "closure summary")
        ):
            d["closure"] = dict(self.closure_text, attested=True, posted=inst(self.closure_at))
        waivers = [dict(w) for w, at in self.waivers if v(at, "waiver")]
        if waivers:
            d["waivers"] = waivers
        for field_name, text in self.hostile:
            _inject(d, field_name, text)
        return d

    def _render_item(self, item: Item) -> dict[str, Any]:
        v = self.v
        due, status = item.dues[0][1], "ongoing"
        for at, dd, s in item.dues[1:]:
            if v(at, f"slip {item.id} to {iso(dd)}"):
                due, status = dd, s
        completed = None
        if item.completed is not None and v(item.completed, f"complete {item.id}"):
            status, completed = "complete", iso(item.completed)
        elif item.canceled is not None and v(item.canceled, f"cancel {item.id}"):
            status = "canceled"
        out: dict[str, Any] = {
            "id": item.id,
            "action": item.action,
            "kind": item.kind,
            "due": iso(due),
            "status": status,
        }
        if completed:
            out["completed"] = completed
        if item.owner:
            out["owner"] = item.owner
        if item.root_causes:
            out["root_causes"] = list(item.root_causes)
        if item.evaluation and status in ("complete", "canceled"):
            out["evaluation"] = item.evaluation
        return out


def _inject(d: dict[str, Any], where: str, text: str) -> None:
    """Put a hostile (but valid) text into a text field of a rendered record."""
    if where == "summary":
        d["summary"] = d["summary"] + " " + text
    elif where == "impact" and "impact" in d:
        d["impact"] = text
    elif where == "update" and d.get("updates"):
        d["updates"][0]["text"] = text
    elif where == "event":
        d["timeline"][-1]["event"] = text
    elif where == "question" and d.get("questions"):
        d["questions"][0]["text"] = text


def _clock(t: datetime, st: Style) -> datetime:
    """Keep local times within 07:00-22:59 (away from DST changes) and whole minutes."""
    if t.hour < 7:
        t = t.replace(hour=7 + t.hour % 3)
    elif t.hour > 22:
        t = t.replace(hour=22)
    if not st.seconds:
        t = t.replace(second=0, microsecond=0)
    return t.replace(microsecond=0)


def _local_limit(day: date, st: Style) -> datetime:
    return datetime(day.year, day.month, day.day, 22, 59, 59 if st.seconds else 0)


def _latest(inc: Incident) -> datetime:
    """The latest local moment of anything that happened in the incident so far."""
    times = [inc.opened] + [t[0] for t in inc.timeline] + [r[1] for r in inc.reports]
    times += (
        [u[0] for u in inc.updates]
        + [q[1] for q in inc.questions]
        + [q[4] for q in inc.questions if q[4]]
    )
    for it in inc.items:
        times += [x[0] for x in it.dues] + [t for t in (it.completed, it.canceled) if t is not None]
    times += [p[2] for p in inc.promises if p[2] is not None]
    return max(times)


class Contact(Record):
    def __init__(self, ident: str, purpose: str, address: str, personal: bool, rng: Random) -> None:
        super().__init__()
        self.id, self.purpose, self.address, self.personal, self.rng = (
            ident,
            purpose,
            address,
            personal,
            rng,
        )
        self.path = f"ledger/contacts/{ident}.yaml"
        self.created = LEDGER_START
        self.style = Style(UTC, False, "T", False, True)
        self.owners: list[dict[str, Any]] = []
        self.verifications: list[dict[str, Any]] = []
        self.disclosed: list[str] = []
        self.verify_every: int | None = None
        self.valid_until: date | None = None
        self.retired: date | None = None
        self.replaced_by: str | None = None
        self.schema_version = rng.random() < 0.3

    def generate(self, people: list[str], retire: bool) -> None:
        rng = self.rng
        if self.purpose in ("problem-reporting", "ca-email-alias"):
            self.disclosed = ["ccadb", "cps", "website"][: rng.randint(1, 3)]
        elif self.purpose in ("primary-poc", "poc"):
            self.disclosed = ["ccadb"]
        elif rng.random() < 0.5:
            self.disclosed = ["website", "Subscriber Agreement, section 9"][: rng.randint(1, 2)]
        if rng.random() < 0.25:
            self.verify_every = rng.choice([30, 60, 90])
        if rng.random() < 0.1:
            self.valid_until = date(2025, 1, 1) + timedelta(
                days=rng.randint(0, (HORIZON - date(2025, 1, 1)).days)
            )
        if retire:
            self.retired = date(2024, 9, 1) + timedelta(days=rng.randint(0, 600))
        end = min(HORIZON, self.retired) if self.retired else HORIZON
        # Owners: first entry may have no start; then 0-3 changes.
        first: dict[str, Any] = {"owner": rng.choice(people + TEAMS)}
        if rng.random() < 0.7:
            first["from"] = date(2019, 1, 1) + timedelta(days=rng.randint(0, 1700))
        owners = [first]
        day = date(2024, 1, 20)
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            day = day + timedelta(days=rng.randint(40, 300))
            if day >= end:
                break
            entry: dict[str, Any] = {"owner": rng.choice(people + TEAMS), "from": day}
            if self.disclosed:
                r = rng.random()
                if r < 0.7:
                    entry["registry_updated"] = day + timedelta(days=rng.randint(0, 10))
                elif r < 0.85:
                    entry["registry_updated"] = day + timedelta(days=rng.randint(15, 45))
                if entry.get("registry_updated") and entry["registry_updated"] > HORIZON:
                    del entry["registry_updated"]
            if rng.random() < 0.3:
                entry["note"] = rng.choice(
                    [
                        "Handed over after a reorganisation.",
                        "Previous owner left the company.",
                        "Moved to the compliance desk rota.",
                    ]
                )
            owners[-1]["until"] = day
            owners.append(entry)
        self.owners = owners
        # Verifications: monthly-ish, some missed.
        interval = self.verify_every or 30
        day = date(2024, 1, 10) + timedelta(days=rng.randint(0, 20))
        while day <= end:
            ver: dict[str, Any] = {"on": day, "by": rng.choice(people)}
            if rng.random() < 0.15:
                ver["note"] = rng.choice(
                    [
                        "Test message answered within 2 hours.",
                        "CCADB entry checked.",
                        "Form submission received by the queue.",
                    ]
                )
            self.verifications.append(ver)
            step = (
                interval - rng.randint(0, 4)
                if rng.random() > 0.12
                else interval + rng.randint(10, 60)
            )
            day += timedelta(days=step)

    def build(self) -> dict[str, Any]:
        vd = self.vd
        d: dict[str, Any] = {}
        if self.schema_version:
            d["schema_version"] = 1
        d["address"] = self.address
        d["purpose"] = self.purpose
        if self.personal or self.rng_personal_written:
            d["personal"] = self.personal
        if self.disclosed:
            d["disclosed_in"] = list(self.disclosed)
        owners = []
        for j, o in enumerate(self.owners):
            if j > 0 and not vd(o["from"], "owner change"):
                break
            e: dict[str, Any] = {"owner": o["owner"]}
            if "from" in o:
                e["from"] = iso(o["from"])
            if "until" in o and vd(o["until"], "owner change"):
                e["until"] = iso(o["until"])
            if "registry_updated" in o and vd(o["registry_updated"], "registry updated"):
                e["registry_updated"] = iso(o["registry_updated"])
            if "note" in o:
                e["note"] = o["note"]
            owners.append(e)
        d["owners"] = owners
        if self.verify_every:
            d["verify_every"] = self.verify_every
        vers = []
        for ver in self.verifications:
            if vd(ver["on"], "verification"):
                vers.append({k: (iso(x) if k == "on" else x) for k, x in ver.items()})
        if vers:
            d["verifications"] = vers
        if self.valid_until:
            d["valid_until"] = iso(self.valid_until)
        if self.retired and vd(self.retired, "retire"):
            d["retired"] = iso(self.retired)
            if self.replaced_by:
                d["replaced_by"] = self.replaced_by
        return d

    rng_personal_written = False


class ProblemReport(Record):
    def __init__(self, rng: Random, received: datetime, style: Style) -> None:
        super().__init__()
        self.rng, self.style, self.received = rng, style, received
        self.created = style.zone.to_utc(received) + timedelta(minutes=rng.randint(5, 90))
        self.incident: tuple[str, datetime] | None = None
        self.hostile: list[tuple[str, str]] = []

    def generate(self, channel: str, people: list[str]) -> None:
        rng, st = self.rng, self.style
        r0 = self.received
        self.channel = channel
        self.schema_version = rng.random() < 0.3
        self.reporter = rng.choice(REPORTERS) if rng.random() < 0.8 else None
        self.reason = rng.choice(
            ["key-compromise", "misissuance", "misissuance", "other", "not-applicable", None]
        )
        self.certificates = (
            rng.choice([1, 1, 1, 2, 3, 5, 14, 60]) if self.reason != "not-applicable" else None
        )
        what = {
            "key-compromise": "Private key of {c} certificate(s) published in a public repository.",
            "misissuance": "{c} certificate(s) appear to contain {defect}.",
            "other": "Reporter asks for revocation of {c} certificate(s) for a domain they no longer control.",
            "not-applicable": "The CRL at the published URL was not reachable for several hours.",
            None: "Report about {c} certificate(s); the reporter did not state a reason.",
        }[self.reason]
        self.summary = what.format(c=self.certificates or 0, defect=rng.choice(DEFECTS))
        t = r0
        self.acknowledged = None
        if rng.random() < 0.7:
            self.acknowledged = t = _strictly_after(r0 + timedelta(minutes=rng.randint(1, 30)), r0)
        late = rng.random() < 0.15
        prelim = t + (
            timedelta(hours=rng.randint(2, 20))
            if not late
            else timedelta(hours=rng.randint(26, 120))
        )
        self.preliminary = _strictly_after(_clock(prelim, st), t) if rng.random() < 0.93 else None
        base = self.preliminary or t
        self.revoked = self.cleared = None
        self.no_revocation = None
        if self.reason == "not-applicable":
            if rng.random() < 0.8:
                self.cleared = _strictly_after(
                    _clock(base + timedelta(hours=rng.randint(1, 10)), st), base
                )
                self.no_revocation = "CRL/OCSP availability problem; no certificate to revoke."
        elif rng.random() < 0.12:
            self.cleared = _strictly_after(
                _clock(base + timedelta(hours=rng.randint(2, 48)), st), base
            )
            self.no_revocation = "The certificates were correctly issued; the report was mistaken."
        elif rng.random() < 0.95:
            window = 24 if self.reason == "key-compromise" else 120
            hours = (
                rng.randint(1, window - 2)
                if rng.random() < 0.85
                else rng.randint(window + 2, window * 3)
            )
            self.revoked = _strictly_after(_clock(r0 + timedelta(hours=hours), st), base)
        # Nothing dated after HORIZON.
        limit = _local_limit(HORIZON, st)
        for name in ("acknowledged", "preliminary", "revoked", "cleared"):
            t = getattr(self, name)
            if t is not None and t > limit:
                setattr(self, name, None)
        if self.cleared is None:
            self.no_revocation = None

    def build(self) -> dict[str, Any]:
        st, v = self.style, self.v
        inst = st.inst
        d: dict[str, Any] = {}
        if self.schema_version:
            d["schema_version"] = 1
        d["received"] = inst(self.received)
        d["channel"] = self.channel
        if self.reporter:
            d["reporter"] = self.reporter
        d["summary"] = self.summary
        if self.reason:
            d["reason"] = self.reason
        if self.certificates is not None:
            d["certificates"] = self.certificates
        if self.acknowledged is not None and v(self.acknowledged, "acknowledged"):
            d["acknowledged"] = inst(self.acknowledged)
        if st.written:
            d["timezone"] = st.zone.name
        if self.preliminary is not None and v(self.preliminary, "preliminary report"):
            d["preliminary_report"] = inst(self.preliminary)
        if self.revoked is not None and v(self.revoked, "revoked"):
            d["revoked"] = inst(self.revoked)
        if self.cleared is not None and v(self.cleared, "cleared"):
            d["cleared"] = inst(self.cleared)
            d["no_revocation"] = self.no_revocation
        if self.incident is not None and self.vis(self.incident[1], "link incident"):
            d["incident"] = self.incident[0]
        for _where, text in self.hostile:
            d["summary"] = d["summary"] + " " + text
        return d

    def last_local(self) -> datetime:
        return max(
            t
            for t in (
                self.received,
                self.acknowledged,
                self.preliminary,
                self.revoked,
                self.cleared,
            )
            if t
        )


class Policy(Record):
    path = "ledger/policy.yaml"
    created = LEDGER_START
    style = Style(UTC, False, "T", False, True)

    def build(self) -> dict[str, Any]:
        return {"timezone": "UTC"}


# --------------------------------------------------------------------------- the ledger


@dataclass
class Ledger:
    records: list[Record]
    org: tuple[str, str]


def build_ledger(
    incidents: int, contacts: int, problem_reports: int, seed: int, hostile: bool
) -> Ledger:
    g = Random(f"ledger:{seed}")
    org = g.choice(ORGS)
    people = [p for p in PEOPLE]
    g.shuffle(people)
    people = people[:8]

    # Contacts first: they exist from the start of the ledger.
    specs = [
        ("cpr-mailbox", "problem-reporting", f"cpr@{org[1]}", False),
        ("ca-email-alias", "ca-email-alias", f"ca-compliance@{org[1]}", False),
        ("primary-poc", "primary-poc", f"{people[0].lower().replace(' ', '.')}@{org[1]}", True),
    ]
    kinds = [
        ("poc", "poc", True),
        ("revocation", "revocation", False),
        ("cpr-alias", "problem-reporting", False),
        ("other", "other", False),
        ("alias", "ca-email-alias", False),
        ("form", "problem-reporting", False),
    ]
    for k in range(3, contacts):
        prefix, purpose, personal = kinds[(k - 3) % len(kinds)]
        ident = f"{prefix}-{k:03d}"
        if prefix == "form":
            address = f"https://{org[1]}/report-a-problem/{k}"
        elif prefix == "revocation":
            address = f"https://{org[1]}/revoke?form={k}"
        elif prefix == "other":
            address = f"+1 555 01{k % 100:02d}"
        elif personal:
            address = f"{g.choice(people).lower().replace(' ', '.')}.{k}@{org[1]}"
        else:
            address = f"{prefix}-{k}@{org[1]}"
        specs.append((ident, purpose, address, personal))
    contact_recs: list[Contact] = []
    for k, (ident, purpose, address, personal) in enumerate(specs[:contacts]):
        c = Contact(ident, purpose, address, personal, Random(f"contact:{seed}:{k}"))
        c.rng_personal_written = c.rng.random() < 0.4
        c.generate(people, retire=k >= 3 and g.random() < 0.12)
        contact_recs.append(c)
    live = [c for c in contact_recs if c.retired is None]
    for c in contact_recs:
        if c.retired is not None:
            same = [x for x in live if x.purpose == c.purpose] or live
            c.replaced_by = g.choice(same).id

    # Incidents: opened days sorted; ids numbered per year in opening order.
    span = (LAST_OPENED - FIRST_OPENED).days
    days = sorted(FIRST_OPENED + timedelta(days=g.randrange(span + 1)) for _ in range(incidents))
    types = g.choices(TYPES, weights=_TYPE_WEIGHTS, k=incidents)
    seq: dict[int, int] = {}
    incs: list[Incident] = []
    n_renames = max(1, incidents // 250) if incidents >= 2 else 0
    renamed = set(g.sample(range(incidents), n_renames)) if n_renames else set()
    slug_renamed = {i for j, i in enumerate(sorted(renamed)) if j % 2 == 0}
    earlier: list[int] = []  # incidents opened on an earlier day, never renamed to a new id
    pending: list[int] = []  # incidents opened on the current day
    current: date | None = None
    for i, (day, typ) in enumerate(zip(days, types, strict=True)):
        if day != current:
            earlier.extend(j for j in pending if j not in slug_renamed)
            pending, current = [], day
        pending.append(i)
        seq[day.year] = seq.get(day.year, 0) + 1
        if typ.get("followup") and not earlier:
            typ = TYPES[0]
        ident = f"inc-{day.year}-{seq[day.year]:05d}-{typ['slug']}"
        inc = Incident(
            i,
            ident,
            f"incidents/{day.year}/{ident}.yaml",
            day,
            typ,
            org,
            Random(f"incident:{seed}:{i}"),
        )
        ctx: dict[str, Any] = {
            "people": people,
            "bug": f"https://bugzilla.mozilla.org/show_bug.cgi?id={1870001 + i * 3}",
        }
        if typ.get("followup"):
            prev = incs[g.choice(earlier[-50:])]
            ctx["prev_bug"] = prev.bug.rsplit("=", 1)[1]
            inc.related.append({"ref": prev.id, "relation": "follow-up"})
        inc.generate(ctx)
        if earlier and g.random() < 0.15:
            for _ in range(g.randint(1, 2)):
                target = incs[g.choice(earlier)]
                r = g.random()
                if any(
                    (x == target.id or (isinstance(x, dict) and x["ref"] == target.id))
                    for x in inc.related
                ):
                    continue
                if r < 0.5:
                    inc.related.append(target.id)
                elif r < 0.9:
                    inc.related.append(
                        {
                            "ref": target.id,
                            "relation": g.choice(["related", "parent", "replaces", "related"]),
                        }
                    )
                else:
                    inc.related.append(target.bug)
        if inc.closing and inc.resolution == "duplicate":
            if earlier:
                target = incs[g.choice(earlier)]
                if (
                    not any(isinstance(x, dict) and x["ref"] == target.id for x in inc.related)
                    and target.id not in inc.related
                ):
                    inc.related.append({"ref": target.id, "relation": "duplicate-of"})
            else:
                inc.resolution = "invalid"
        if i in renamed:
            when = inc.created + timedelta(days=g.randint(1, 6), minutes=g.randint(0, 600))
            if i in slug_renamed:
                old = f"inc-{day.year}-{seq[day.year]:05d}-{typ['slug'].split('-')[0]}"
                old_path = f"incidents/{day.year}/{old}.yaml"
            else:
                old_path = f"incidents/{ident}.yaml"
            if old_path != inc.path:
                inc.rename = (when, old_path)
        if hostile:
            h = Random(f"hostile:{seed}:incident:{i}")
            if h.random() < 0.05:
                inc.hostile.append(
                    (
                        h.choice(["summary", "impact", "update", "event", "question"]),
                        h.choice(HOSTILE),
                    )
                )
        incs.append(inc)

    # Problem reports: some lead to an incident (received shortly before it became aware).
    prs: list[ProblemReport] = []
    linkable = [
        inc
        for inc in incs
        if inc.typ["slug"] in ("cpr-response", "delayed-revocation", "misissuance", "dcv-method")
        and inc.index not in slug_renamed
    ]
    n_linked = min(len(linkable), problem_reports * 3 // 10)
    linked = g.sample(linkable, n_linked) if n_linked else []
    for j in range(problem_reports):
        prng = Random(f"problem-report:{seed}:{j}")
        style = pick_style(prng, 0.25)
        led_to: Incident | None = None
        if j < n_linked:
            led_to = linked[j]
            day = day_of(led_to.aware) - timedelta(days=prng.randint(0, 3))
        else:
            day = date(2024, 1, 10) + timedelta(
                days=prng.randrange((HORIZON - date(2024, 1, 15)).days)
            )
        pr = ProblemReport(prng, _when_local(prng, day, style), style)
        recv_utc = style.zone.to_utc(pr.received)
        usable = [
            c
            for c in contact_recs
            if c.retired is None or datetime.combine(c.retired, datetime.min.time()) > recv_utc
        ]
        pref = [
            c for c in usable if c.purpose in ("problem-reporting", "ca-email-alias", "revocation")
        ]
        channel = (prng.choice(pref) if pref and prng.random() < 0.85 else prng.choice(usable)).id
        pr.generate(channel, people)
        if led_to is not None:
            link_at = max(led_to.created, pr.created) + timedelta(hours=prng.randint(1, 72))
            pr.incident = (led_to.id, link_at)
        if hostile:
            h = Random(f"hostile:{seed}:problem-report:{j}")
            if h.random() < 0.04:
                pr.hostile.append(("summary", h.choice(HOSTILE)))
        prs.append(pr)
    prs.sort(key=lambda p: (p.created, p.rng.random()))
    pseq: dict[int, int] = {}
    for pr in prs:
        y = pr.received.year
        pseq[y] = pseq.get(y, 0) + 1
        pr.path = f"ledger/problem-reports/cpr-{y}-{pseq[y]:05d}.yaml"

    records: list[Record] = [Policy()]
    records += contact_recs
    records += incs
    records += prs
    return Ledger(records, org)


# --------------------------------------------------------------------------- output


def write_tree(out: Path, ledger: Ledger) -> None:
    made: set[Path] = set()
    for rec in ledger.records:
        path = out / rec.path
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(dump(rec.render(None)))


def _message(events: list[tuple[Record, str]]) -> str:
    def one(rec: Record, label: str) -> str:
        name = rec.path.rsplit("/", 1)[1].rsplit(".", 1)[0]
        if label == "create":
            kind = {
                "Incident": "incident",
                "Contact": "contact",
                "ProblemReport": "problem report",
                "Policy": "policy",
            }.get(type(rec).__name__, "record")
            return f"Add {kind} {name}"
        if label == "rename":
            return f"Rename {rec.rename[1] if rec.rename else ''} to {rec.path}"
        if label.startswith("slip "):
            return f"{name}: move due date of {label[5:]}"
        if label == "close":
            return f"{name}: close ({getattr(rec, 'resolution', 'fixed')})"
        if label == "owner change":
            return f"{name}: change owner"
        return f"{name}: {label}"

    lines = [one(r, lbl) for r, lbl in events]
    if len(lines) == 1:
        return lines[0] + "\n"
    head = f"Ledger update: {len(lines)} changes"
    body = lines[:25] + ([f"... and {len(lines) - 25} more"] if len(lines) > 25 else [])
    return head + "\n\n" + "\n".join(body) + "\n"


def _git(out: Path, *args: str, **kw: Any) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C")
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(var, None)
    return subprocess.run(["git", "-C", str(out), *args], env=env, check=True, **kw)


def write_git(out: Path, ledger: Ledger, commits: int, seed: int) -> None:
    """M commits building and evolving the ledger, via one `git fast-import` stream."""
    rng = Random(f"git:{seed}")
    recs = ledger.records
    # Every moment at which a file changes: creation, its changes, its rename.
    mandatory: list[tuple[datetime, int, int, str]] = []
    optional: list[tuple[datetime, int, int, str]] = []
    for fi, rec in enumerate(recs):
        mandatory.append((rec.created, fi, 0, "create"))
        ch = rec.changes()
        for n, (t, label) in enumerate(ch):
            (mandatory if n == len(ch) - 1 else optional).append((t, fi, n + 1, label))
        if rec.rename is not None:
            mandatory.append((rec.rename[0], fi, len(ch) + 1, "rename"))
    budget = max(commits + commits // 4, len(mandatory))
    if len(mandatory) + len(optional) > budget:
        keep = sorted(rng.sample(range(len(optional)), budget - len(mandatory)))
        optional = [optional[k] for k in keep]
    events = sorted(mandatory + optional)
    last_change = {}
    for t, fi, _n, label in events:
        if label != "rename":
            last_change[fi] = t
    total = len(events)
    slots: list[list[tuple[datetime, int, int, str]]] = [[] for _ in range(commits)]
    for k, e in enumerate(events):
        slots[k * commits // total if total else 0].append(e)

    dom = ledger.org[1]
    committer = f"{COMMITTER[0]} <{COMMITTER[1].format(dom=dom)}>"
    emitted_path: dict[int, str] = {}
    proc = subprocess.Popen(
        ["git", "-C", str(out), "fast-import", "--quiet", "--done"],
        stdin=subprocess.PIPE,
        env=dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C"),
    )
    assert proc.stdin is not None
    w = proc.stdin.write
    stamp = int((LEDGER_START - datetime(1970, 1, 1)).total_seconds()) - 60
    for slot in slots:
        if slot:
            t = max(e[0] for e in slot)
            stamp = max(stamp + 1, int((t - datetime(1970, 1, 1)).total_seconds()))
        else:
            stamp += 60
        by_file: dict[int, datetime] = {}
        labels: list[tuple[Record, str]] = []
        for t, fi, _n, label in slot:
            by_file[fi] = max(by_file.get(fi, t), t)
            labels.append((recs[fi], label))
        author = AUTHORS[rng.randrange(len(AUTHORS))]
        author_s = f"{author[0]} <{author[1].format(dom=dom)}>"
        msg = _message(labels).encode() if labels else b"Weekly ledger review: no changes\n"
        w(b"commit refs/heads/main\n")
        w(f"author {author_s} {stamp} +0000\ncommitter {committer} {stamp} +0000\n".encode())
        w(b"data %d\n%s\n" % (len(msg), msg))
        for fi in sorted(by_file):
            rec = recs[fi]
            cut = by_file[fi]
            final = cut >= last_change.get(fi, rec.created)
            path = rec.path_at(cut)
            old = emitted_path.get(fi)
            if old is not None and old != path:
                w(f"R {old} {path}\n".encode())
            data = dump(rec.render(None if final else cut))
            w(f"M 100644 inline {path}\n".encode())
            w(b"data %d\n%s\n" % (len(data), data))
            emitted_path[fi] = path
    w(b"done\n")
    proc.stdin.close()
    if proc.wait() != 0:
        raise RuntimeError("git fast-import failed")
    for fi, rec in enumerate(recs):
        if emitted_path.get(fi) != rec.path:
            raise RuntimeError(f"history does not end at {rec.path}")


def generate(
    out_dir: Path,
    incidents: int,
    *,
    contacts: int | None = None,
    problem_reports: int | None = None,
    seed: int = 0,
    git_commits: int = 0,
    hostile_free: bool = False,
) -> None:
    """Write a synthetic ledger into `out_dir` (which must be empty or absent).

    With `git_commits` > 0, `out_dir` becomes a git repository with exactly that many commits
    on `main`; its work tree is checked out and equals the ledger written without git.
    """
    out = Path(out_dir)
    if incidents < 0 or git_commits < 0:
        raise ValueError("counts must not be negative")
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; remove it or choose another directory")
    n_contacts = max(3, incidents // 50) if contacts is None else contacts
    n_prs = incidents // 4 if problem_reports is None else problem_reports
    if n_contacts < 0 or n_prs < 0:
        raise ValueError("counts must not be negative")
    if n_contacts == 0 and n_prs > 0:
        raise ValueError("problem reports need at least one contact (their channel)")
    ledger = build_ledger(incidents, n_contacts, n_prs, seed, hostile=not hostile_free)
    out.mkdir(parents=True, exist_ok=True)
    if git_commits <= 0:
        write_tree(out, ledger)
        return
    _git(out, "init", "-q", "-b", "main")
    write_git(out, ledger, git_commits, seed)
    _git(out, "reset", "-q", "--hard", "main")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Generate a synthetic compliance ledger (see bench/README.md)."
    )
    ap.add_argument(
        "out_dir",
        type=Path,
        metavar="OUT_DIR",
        help="directory to create (must be empty or absent)",
    )
    ap.add_argument("--incidents", type=int, required=True, metavar="N", help="number of incidents")
    ap.add_argument(
        "--contacts", type=int, metavar="C", help="number of contacts (default max(3, N//50))"
    )
    ap.add_argument(
        "--problem-reports", type=int, metavar="P", help="number of problem reports (default N//4)"
    )
    ap.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    ap.add_argument(
        "--git-commits",
        type=int,
        default=0,
        metavar="M",
        help="make OUT_DIR a git repository with M commits building the ledger",
    )
    ap.add_argument(
        "--hostile-free",
        action="store_true",
        help="leave out the hostile-but-valid texts (HTML, bidi, YAML look-alikes, very long lines)",
    )
    args = ap.parse_args(argv)
    started = time.perf_counter()
    try:
        generate(
            args.out_dir,
            args.incidents,
            contacts=args.contacts,
            problem_reports=args.problem_reports,
            seed=args.seed,
            git_commits=args.git_commits,
            hostile_free=args.hostile_free,
        )
    except (FileExistsError, ValueError) as exc:
        print(f"gen_ledger: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    what = f"{args.incidents} incidents"
    if args.git_commits:
        what += f", {args.git_commits} commits"
    print(f"gen_ledger: wrote {what} to {args.out_dir} in {elapsed:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
