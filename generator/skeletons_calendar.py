"""Skeletons of the compliance calendar's records (audit lines, policy documents, CA
certificates, program requests): valid as written, with comments saying what to fill in."""

from __future__ import annotations

import json
from datetime import date

from generator.yaml_edit import date_scalar, scalar


def _owner(owner: str | None) -> list[str]:
    return [f"owner: {scalar(owner, 0)}"] if owner else []


def audit(kind: str, start: date, end: date, owner: str | None) -> str:
    lines = [
        "schema_version: 1",
        f"kind: {kind}",
        "# scheme: webtrust                 # webtrust | etsi | other",
        "# auditor: TODO the audit firm",
        "certificates: []                   # ids in ledger/certificates/ in scope",
        *_owner(owner),
        "periods:",
        f"  - start: {start.isoformat()}",
        f"    end: {end.isoformat()}            # the statement falls due 92 days later",
        "    # statement: YYYY-MM-DD         # the date the statement was issued",
        "    # url: https://...               # the statement (PDF)",
        "    # findings:                      # each needs an incident within 72 hours",
        "    #   - {id: f1, text: ..., severity: minor, incident: INCIDENT-ID}",
    ]
    return "\n".join(lines) + "\n"


def document(kind: str, title: str, effective: date, version: str | None, owner: str | None) -> str:
    lines = [
        "schema_version: 1",
        f"kind: {kind}",
        f"title: {scalar(title, 0)}",
        *_owner(owner),
        "versions:",
        f"  - effective: {effective.isoformat()}   # next review due 365 days later",
    ]
    if version:
        lines.append(f"    version: {json.dumps(version)}")
    lines += [
        "    # url: https://...",
        "    # changelog: TODO the dated changelog line",
        "    # submitted: YYYY-MM-DD          # to the CCADB: within 14 days of effective",
    ]
    return "\n".join(lines) + "\n"


def certificate(
    name: str, sha256: str, kind: str, created: str | None, parent: str | None, owner: str | None
) -> str:
    lines = [
        "schema_version: 1",
        f"name: {scalar(name, 0)}",
        f"sha256: {sha256.upper()}",
        f"type: {kind}",
        *([f"parent: {parent}"] if parent else []),
        *_created(created),
        *_owner(owner),
        "# disclosed: YYYY-MM-DD             # when it was disclosed to the CCADB",
        "# audits: []                        # ids in ledger/audits/ covering it",
        "# documents: []                     # ids in ledger/documents/ covering it",
        "# crls:                             # each URL: disclosed 7 days after first use",
        '#   - {url: "http://crl.example.com/1.crl", first_issued: YYYY-MM-DD}',
    ]
    return "\n".join(lines) + "\n"


def _created(created: str | None) -> list[str]:
    if created is None:
        return []
    return [f"created: {date_scalar(created)}   # disclosure to the CCADB due 7 days later"]


def request(
    program: str, kind: str, title: str, received: str, deadline: str, owner: str | None
) -> str:
    lines = [
        "schema_version: 1",
        f"program: {program}",
        f"kind: {kind}",
        f"title: {scalar(title, 0)}",
        f"received: {date_scalar(received)}",
        f"deadline: {date_scalar(deadline)}     # a date ends at 23:59:59 in the policy zone",
        *_owner(owner),
        "# url: https://...",
        "# answered: YYYY-MM-DD",
        "# answer: TODO what was answered, or where",
    ]
    return "\n".join(lines) + "\n"
