"""Schema-valid audit, document, certificate and request records → model objects.

The same builder as `construct` (every date parsed at its position, a record with a bad value
left out of the model); these kinds are the compliance calendar's (docs/calendar.md).
"""

from __future__ import annotations

from typing import Any

from generator.construct import Path, _Builder
from generator.diagnostics import Diagnostic
from generator.load import Document
from generator.model import (
    Audit,
    AuditFinding,
    AuditPeriod,
    CaCertificate,
    CrlUrl,
    DocumentVersion,
    Policy,
    PolicyDocument,
    ProgramRequest,
)


def build_audit(id_: str, doc: Document, policy: Policy, out: list[Diagnostic]) -> Audit | None:
    b = _Builder(doc, policy.timezone, out)
    d = doc.data
    audit = Audit(
        id=id_,
        path=doc.path,
        kind=d["kind"],
        scheme=d.get("scheme"),
        criteria=d.get("criteria"),
        auditor=d.get("auditor"),
        certificates=tuple(d.get("certificates", ())),
        periods=b.each("periods", lambda o, p: _period(o, p, b)),
        owner=d.get("owner"),
        timezone=b.zone,
        positions=b.positions(),
        retired=b.opt_day(d, (), "retired"),
    )
    return None if b.failed else audit


def _period(o: dict[str, Any], p: Path, b: _Builder) -> AuditPeriod:
    findings = tuple(
        AuditFinding(
            f["id"],
            f["text"],
            f.get("severity"),
            b.opt_when(f, (*p, "findings", i), "aware"),
            f.get("incident"),
            b.pos((*p, "findings", i)),
        )
        for i, f in enumerate(o.get("findings", ()))
    )
    return AuditPeriod(
        start=b.day((*p, "start")),
        end=b.day((*p, "end")),
        statement=b.opt_day(o, p, "statement"),
        disclosed=b.opt_day(o, p, "disclosed"),
        letter=b.opt_day(o, p, "letter"),
        url=o.get("url"),
        findings=findings,
        pos=b.pos(p),
    )


def build_document(
    id_: str, doc: Document, policy: Policy, out: list[Diagnostic]
) -> PolicyDocument | None:
    b = _Builder(doc, policy.timezone, out)
    d = doc.data
    document = PolicyDocument(
        id=id_,
        path=doc.path,
        kind=d["kind"],
        title=d["title"],
        repository=d.get("repository"),
        versions=b.each(
            "versions",
            lambda o, p: DocumentVersion(
                None if o.get("version") is None else str(o["version"]),
                b.day((*p, "effective")),
                o.get("url"),
                o.get("changelog"),
                b.opt_day(o, p, "submitted"),
                o.get("in_ccadb") is True,
                b.pos(p),
            ),
        ),
        owner=d.get("owner"),
        positions=b.positions(),
    )
    return None if b.failed else document


def build_certificate(
    id_: str, doc: Document, policy: Policy, out: list[Diagnostic]
) -> CaCertificate | None:
    b = _Builder(doc, policy.timezone, out)
    d = doc.data
    certificate = CaCertificate(
        id=id_,
        path=doc.path,
        name=d["name"],
        sha256=d["sha256"].upper(),
        type=d.get("type"),
        parent=d.get("parent"),
        ccadb_id=d.get("ccadb_id"),
        created=b.opt_when(d, (), "created"),
        valid_from=b.opt_day(d, (), "valid_from"),
        valid_to=b.opt_day(d, (), "valid_to", plan=True),
        disclosed=b.opt_when(d, (), "disclosed"),
        revoked=b.opt_when(d, (), "revoked"),
        revocation_disclosed=b.opt_when(d, (), "revocation_disclosed"),
        capabilities=tuple(d.get("capabilities", ())),
        trust=dict(d.get("trust", {})),
        crls=b.each(
            "crls",
            lambda o, p: CrlUrl(
                o["url"],
                b.opt_when(o, p, "first_issued"),
                b.opt_when(o, p, "first_revoked"),
                b.opt_when(o, p, "disclosed"),
                o.get("in_ccadb") is True,
                b.pos(p),
            ),
        ),
        audits=tuple(d.get("audits", ())),
        documents=tuple(d.get("documents", ())),
        owner=d.get("owner"),
        timezone=b.zone,
        positions=b.positions(),
    )
    return None if b.failed else certificate


def build_request(
    id_: str, doc: Document, policy: Policy, out: list[Diagnostic]
) -> ProgramRequest | None:
    b = _Builder(doc, policy.timezone, out)
    d = doc.data
    request = ProgramRequest(
        id=id_,
        path=doc.path,
        program=d["program"],
        kind=d["kind"],
        title=d["title"],
        url=d.get("url"),
        received=b.when(("received",)),
        deadline=b.when(("deadline",), plan=True),
        answered=b.opt_when(d, (), "answered"),
        answer=d.get("answer"),
        owner=d.get("owner"),
        timezone=b.zone,
        positions=b.positions(),
    )
    return None if b.failed else request
