"""CCADB's public "All Certificate Records" report (CSV, format v4/v5) → the CA certificates,
audit lines and policy documents of one CA owner, written as ledger records.

The report has one row per CA certificate: its owner, name, parent, SHA-256, validity,
trust-store status per program, CRL URLs, for each audit kind (standard, NetSec, TLS BR, TLS
EVG, code signing, S/MIME BR, VMC) the statement URL, type, date and period, and the CP, CPS
and CP/CPS URLs with their effective dates. `plan` reads what CCADB says; `ccadb_apply`
(generator/importers/ccadb_apply.py) writes it into the ledger, changing only the fields
CCADB gives and never what the ledger adds. See docs/calendar.md, "Import from CCADB".
"""

from __future__ import annotations

import csv
import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import LedgerError

OWNER = "CA Owner"
REQUIRED = (OWNER, "Certificate Name", "SHA-256 Fingerprint", "Certificate Record Type")
AUDIT_KINDS = (
    ("Standard", "standard"),
    ("NetSec", "netsec"),
    ("TLS BR", "tls-br"),
    ("TLS EVG", "tls-evg"),
    ("Code Signing", "code-signing"),
    ("S/MIME BR", "smime-br"),
    ("VMC", "vmc"),
)
# (kind, URL column, effective-date column, same-as-parent column)
DOCUMENTS = (
    ("cp", "Certificate Policy (CP) URL", "CP Effective Date", "CP Same as Parent"),
    ("cps", "Certificate Practice Statement (CPS) URL", "CPS Effective Date", "CPS Same as Parent"),
    (
        "cp-cps",
        "Certificate Practice & Policy Statement",
        "CP/CPS Effective Date",
        "CP/CPS Same as Parent",
    ),
)
PROGRAMS = (("Mozilla Status", "mozilla"), ("Chrome Status", "chrome"), ("Apple Status", "apple"),
            ("Microsoft Status", "microsoft"))  # fmt: skip
STATUS = {
    "included": "included",
    "not included": "not-included",
    "pending": "pending",
    "removed": "removed",
    "not before": "not-before",
    "not trusted": "not-trusted",
    "change requested": "included",
}
CAPABILITIES = (("TLS Capable", "tls"), ("TLS EV Capable", "tls-ev"),
                ("Code Signing Capable", "code-signing"), ("S/MIME Capable", "smime"))  # fmt: skip
_DATE = re.compile(r"^([0-9]{4})[-./]([0-9]{2})[-./]([0-9]{2})$")
_SHA = re.compile(r"^[0-9A-F]{64}$")
_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True, slots=True)
class Period:
    start: str
    end: str
    statement: str | None
    url: str | None


@dataclass(slots=True)
class AuditGroup:
    kind: str
    key: str  # the statement URL, else the period: rows that share it share the audit line
    criteria: str | None
    auditor: str | None
    location: str | None
    period: Period
    certs: set[str] = field(default_factory=set)  # SHA-256 of the certificates in scope


@dataclass(slots=True)
class DocumentGroup:
    kind: str
    url: str
    effective: str
    certs: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Cert:
    sha256: str
    name: str
    type: str | None
    ccadb_id: str | None
    parent_sha: str | None
    parent_ccadb: str | None
    valid_from: str | None
    valid_to: str | None
    constrained: bool | None
    capabilities: list[str]
    trust: dict[str, str]
    crls: list[str]
    audits: list[tuple[str, str]] = field(default_factory=list)  # (kind, group key)
    documents: list[tuple[str, str]] = field(default_factory=list)  # (kind, url)
    same_audits: bool = False
    same_docs: set[str] = field(default_factory=set)  # document kinds "same as parent"


@dataclass(slots=True)
class Plan:
    """What the report says about one owner's certificates, audits and documents."""

    owner: str
    certs: dict[str, Cert]  # by SHA-256
    audits: dict[tuple[str, str], AuditGroup]
    documents: dict[tuple[str, str], DocumentGroup]
    warnings: list[str]


def read(path: Path, owner: str) -> Plan:
    """The rows of `owner` in the report at `path`, as a plan; LedgerError when the file is
    not such a report or holds no row of that owner."""
    warnings: list[str] = []
    rows = list(_rows(path, owner, warnings))
    if not rows:
        raise LedgerError(
            f"{path} has no row whose CA Owner is {owner!r}", _owner_hint(path, owner)
        )
    plan = Plan(owner, {}, {}, {}, warnings)
    for line, row in rows:
        _row(plan, line, row)
    _inherit(plan)
    return plan


def _open_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            for row in reader:
                yield reader.line_num, row
    except UnicodeDecodeError as exc:
        raise LedgerError(
            f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})",
            "download the report again as CSV from the CCADB",
        ) from None
    except csv.Error as exc:
        raise LedgerError(f"{path}: not a readable CSV file ({exc})", "download it again") from None
    except OSError as exc:
        raise LedgerError(f"cannot read {path}: {exc.strerror or exc}", "check the path") from None


def _rows(path: Path, owner: str, warnings: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    rows = _open_rows(path)
    header = next(rows, (0, []))[1]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise LedgerError(
            f"{path} is not CCADB's All Certificate Records report (no column "
            f"{', '.join(repr(c) for c in missing)})",
            "download AllCertificateRecordsCSVFormatv4 or v5 from https://www.ccadb.org/resources",
        )
    at = header.index(OWNER)
    width = len(header)
    for line, row in rows:
        if len(row) > at and row[at].strip() == owner:
            if len(row) != width:
                warnings.append(f"{path}:{line}: {len(row)} fields where the header has {width}")
            # one line each: CCADB's values are single-line, and a record's scalar stays one
            yield line, dict(zip(header, (" ".join(v.split()) for v in row), strict=False))


def _owner_hint(path: Path, owner: str) -> str:
    owners = {row[0].strip() for _, row in _open_rows(path) if row}
    near = difflib.get_close_matches(owner, sorted(owners), n=3, cutoff=0.5)
    if near:
        return "did you mean " + " or ".join(repr(n) for n in near) + "? (--owner is exact)"
    return "pass --owner exactly as the report's CA Owner column writes it"


def _date(value: str, where: str, warnings: list[str]) -> str | None:
    if not value:
        return None
    match = _DATE.match(value)
    if match is None:
        warnings.append(f"{where}: {value!r} is not a date (YYYY-MM-DD): left out")
        return None
    return "-".join(match.groups())


def _url(value: str, where: str, warnings: list[str]) -> str | None:
    if not value:
        return None
    if _URL.match(value) is None:
        warnings.append(f"{where}: {value!r} is not an http(s) address: left out")
        return None
    return value


def _row(plan: Plan, line: int, row: dict[str, str]) -> None:
    where = f"row {line}"
    warn = plan.warnings
    sha = row.get("SHA-256 Fingerprint", "").replace(":", "").upper()
    if not _SHA.match(sha):
        warn.append(f"{where}: SHA-256 {sha!r} is not 64 hexadecimal digits: row left out")
        return
    record_type = row.get("Certificate Record Type", "").lower()
    cert = Cert(
        sha256=sha,
        name=row.get("Certificate Name") or sha[:16],
        type="root" if "root" in record_type else "intermediate" if record_type else None,
        ccadb_id=_ccadb_id(row.get("Salesforce Record ID", "")),
        parent_sha=(row.get("Parent SHA-256 Fingerprint", "").replace(":", "").upper() or None),
        parent_ccadb=_ccadb_id(row.get("Parent Salesforce Record ID", "")),
        valid_from=_date(row.get("Valid From (GMT)", ""), where, warn),
        valid_to=_date(row.get("Valid To (GMT)", ""), where, warn),
        constrained=_bool(row.get("Technically Constrained", "")),
        capabilities=[name for column, name in CAPABILITIES if _bool(row.get(column, ""))],
        trust={
            program: STATUS[status]
            for column, program in PROGRAMS
            if (status := row.get(column, "").lower()) in STATUS
        },
        crls=_crls(row, where, warn),
        same_audits=_bool(row.get("Audits Same as Parent", "")) is True,
    )
    plan.certs[sha] = cert
    for prefix, kind in AUDIT_KINDS:
        end = _date(row.get(f"{prefix} Audit Period End Date", ""), where, warn)
        if end is None:
            continue
        start = _date(row.get(f"{prefix} Audit Period Start Date", ""), where, warn) or end
        url = _url(row.get(f"{prefix} Audit URL", ""), where, warn)
        statement = _date(row.get(f"{prefix} Audit Statement Date", ""), where, warn)
        key = url or f"{start}/{end}"
        group = plan.audits.setdefault(
            (kind, key),
            AuditGroup(
                kind,
                key,
                row.get(f"{prefix} Audit Type") or None,
                row.get("Audit Firm") or None,
                row.get("Audit Firm Location") or None,
                Period(start, end, statement, url),
            ),
        )
        group.certs.add(sha)
        cert.audits.append((kind, key))
    for kind, url_column, date_column, same_column in DOCUMENTS:
        if _bool(row.get(same_column, "")):
            cert.same_docs.add(kind)
            continue
        url = _url(row.get(url_column, ""), where, warn)
        effective = _date(row.get(date_column, ""), where, warn)
        if url is None or effective is None:
            continue
        doc = plan.documents.setdefault((kind, url), DocumentGroup(kind, url, effective))
        doc.effective = max(doc.effective, effective)
        doc.certs.add(sha)
        cert.documents.append((kind, url))


def _ccadb_id(value: str) -> str | None:
    return value if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", value) else None


def _bool(value: str) -> bool | None:
    lowered = value.lower()
    return True if lowered == "true" else False if lowered == "false" else None


def _crls(row: dict[str, str], where: str, warnings: list[str]) -> list[str]:
    urls: list[str] = []
    for column in ("JSON Array of All Full CRL URLs", "JSON Array of Partitioned CRLs"):
        text = row.get(column, "")
        if not text:
            continue
        try:
            values = json.loads(text)
        except ValueError:
            warnings.append(f"{where}: {column} is not a JSON array: left out")
            continue
        if not isinstance(values, list):
            warnings.append(f"{where}: {column} is not a JSON array: left out")
            continue
        urls += [v for v in values if isinstance(v, str) and _URL.match(v) and v not in urls]
    return urls


def _inherit(plan: Plan) -> None:
    """ "Same as Parent": a certificate takes its parent's audit lines and documents (the
    parent's parent when that one inherits too)."""
    by_id = {c.ccadb_id: c for c in plan.certs.values() if c.ccadb_id}

    def parent(cert: Cert) -> Cert | None:
        if cert.parent_sha and cert.parent_sha in plan.certs:
            return plan.certs[cert.parent_sha]
        return by_id.get(cert.parent_ccadb) if cert.parent_ccadb else None

    for cert in plan.certs.values():
        up, seen = parent(cert), {cert.sha256}
        need_audits = cert.same_audits and not cert.audits
        kinds = set(cert.same_docs)
        while up is not None and up.sha256 not in seen and (need_audits or kinds):
            seen.add(up.sha256)
            if need_audits and up.audits:
                cert.audits = list(up.audits)
                need_audits = False
            for kind, url in up.documents:
                if kind in kinds:
                    cert.documents.append((kind, url))
                    kinds.discard(kind)
            up = parent(up)
        for key in cert.audits:
            plan.audits[key].certs.add(cert.sha256)
        for key in cert.documents:
            plan.documents[key].certs.add(cert.sha256)
