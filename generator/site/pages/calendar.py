"""The compliance calendar's pages: the annual view (every audit period end, statement due
date, document review and disclosure deadline, program request, month by month), one page per
CA certificate and one per audit line. Every date shown is the engine's obligation or a date
the records state; nothing is computed here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from generator.model import Audit, CaCertificate, Ledger
from generator.rules.asof import Clock
from generator.rules.obligation import Obligation
from generator.site import md, paths, safe
from generator.site.inputs import SiteInput

KINDS = ("audit", "document", "certificate", "request")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
PROGRAMS = ("mozilla", "chrome", "apple", "microsoft")


def pages(inp: SiteInput, obligations: list[Obligation], stamp: str) -> dict[str, str]:
    """`calendar.md` and the certificate and audit pages, by docs-dir path."""
    view, as_of = inp.view, inp.as_of
    mine = [o for o in obligations if o.kind in KINDS]
    by_record: dict[tuple[str, str], list[Obligation]] = defaultdict(list)
    for o in mine:
        by_record[(o.kind, o.record)].append(o)
    view = _as_of(view, as_of)
    out = {paths.CALENDAR_PAGE: annual(view, mine, as_of, stamp)}
    for cert in view.certificates.values():
        here = paths.certificate(cert.id)
        out[here] = certificate(view, cert, by_record[("certificate", cert.id)], as_of, stamp)
    for audit_line in view.audits.values():
        here = paths.audit(audit_line.id)
        out[here] = audit(view, audit_line, by_record[("audit", audit_line.id)], as_of, stamp)
    return out


def _as_of(view: Ledger, as_of: datetime) -> Ledger:
    """The calendar's records as they stood at as_of: a certificate not yet created has no
    page; a disclosure, revocation or statement dated later is not shown."""
    clock = Clock(as_of)
    zone = view.policy.timezone
    certificates = {
        k: replace(
            c,
            disclosed=c.disclosed if clock.when(c.disclosed) else None,
            revoked=c.revoked if clock.when(c.revoked) else None,
        )
        for k, c in view.certificates.items()
        if clock.when(c.created)
    }
    audits = {
        k: replace(
            a,
            periods=tuple(
                p if clock.on(p.statement, zone) else replace(p, statement=None, url=None)
                for p in a.periods
            ),
        )
        for k, a in view.audits.items()
    }
    return replace(view, certificates=certificates, audits=audits)


def _record(view: Ledger, here: str, o: Obligation) -> str:
    if o.kind == "certificate" and o.record in view.certificates:
        return md.link(o.record, here, paths.certificate(o.record))
    if o.kind == "audit" and o.record in view.audits:
        return md.link(o.record, here, paths.audit(o.record))
    return safe.inline(o.record)


def _state(o: Obligation, as_of: datetime) -> str:
    state = o.state(as_of)
    return f'<span class="ledger-state ledger-state-{state}">{state}</span>'


def _rows(view: Ledger, here: str, items: Iterable[Obligation], as_of: datetime) -> list[list[str]]:
    return [
        [
            md.utc(o.due),
            safe.inline(o.what),
            _record(view, here, o),
            f"`{o.rule}`",
            _state(o, as_of),
        ]
        for o in items
    ]


_HEAD = ["Due", "What", "Record", "Rule", "State"]


def annual(view: Ledger, mine: list[Obligation], as_of: datetime, stamp: str) -> str:
    here = paths.CALENDAR_PAGE
    events: list[tuple[date, str, str]] = []  # (day, what, record link): dates, not deadlines
    for line in view.audits.values():
        link = md.link(line.id, here, paths.audit(line.id))
        for period in line.periods:
            events.append((period.end, f"{line.kind} audit period ends", link))
    for document in view.documents.values():
        for version in document.versions:
            what = f"{safe.inline(document.title)} version {safe.inline(version.version or '')}"
            events.append(
                (version.effective, f"{what.strip()} effective", safe.inline(document.id))
            )
    by_year: dict[int, list[list[str]]] = defaultdict(list)
    dated = [(o.due, 0, o) for o in mine]
    for day, what, link in sorted(events):
        by_year[day.year].append([day.isoformat(), what, link, "", "date"])
    for due_at, _, o in sorted(dated, key=lambda d: (d[0], d[2].pos.path, d[2].rule)):
        by_year[due_at.year].append(_rows(view, here, [o], as_of)[0])
    late = [o for o in mine if o.state(as_of) in ("late", "waived")]
    parts = [
        md.front_matter("Compliance calendar"),
        stamp,
        "# Compliance calendar\n",
        "Every audit period end, audit statement, CP/CPS review and CCADB submission, CA "
        "certificate and CRL disclosure, self-assessment and root-program request, as of "
        f"{md.utc(as_of)}. The same deadlines are in the calendars (iCalendar) and in "
        "`ledger due`.\n",
        "## Overdue now\n",
        md.table(_HEAD, _rows(view, here, late, as_of)) if late else "Nothing is overdue.\n",
        "## Certificates\n",
        _certificates(view, here) if view.certificates else "No CA certificates recorded.\n",
    ]
    for year in sorted(by_year):
        rows = sorted(by_year[year], key=lambda r: r[0])
        parts.append(f"## {year}\n")
        for month in range(1, 13):
            chosen = [r for r in rows if r[0][5:7] == f"{month:02d}"]
            if chosen:
                parts += [f"### {MONTHS[month - 1]} {year}\n", md.table(_HEAD, chosen)]
    return "\n".join(parts)


def _certificates(view: Ledger, here: str) -> str:
    rows = [
        [
            md.link(c.name, here, paths.certificate(c.id)),
            safe.inline(c.type or ""),
            ", ".join(f"{p}: {s}" for p, s in c.trust.items() if s == "included") or "none",
            md.day(c.valid_to),
        ]
        for c in view.certificates.values()
    ]
    return md.table(["Certificate", "Type", "Included in", "Valid to"], rows)


def certificate(
    view: Ledger, cert: CaCertificate, owed: list[Obligation], as_of: datetime, stamp: str
) -> str:
    here = paths.certificate(cert.id)
    parent = (
        md.link(cert.parent, here, paths.certificate(cert.parent))
        if cert.parent and cert.parent in view.certificates
        else safe.inline(cert.parent or "")
    )
    facts = [
        ["SHA-256", f"`{cert.sha256}`"],
        ["Type", safe.inline(cert.type or "")],
        ["Parent", parent],
        ["CCADB record", safe.inline(cert.ccadb_id or "")],
        ["Created", md.when(cert.created) if cert.created else ""],
        ["Valid", f"{md.day(cert.valid_from)} to {md.day(cert.valid_to)}"],
        ["Disclosed to the CCADB", md.when(cert.disclosed) if cert.disclosed else ""],
        ["Revoked", md.when(cert.revoked) if cert.revoked else ""],
        ["Capabilities", ", ".join(cert.capabilities)],
    ]
    trust = [[p, safe.inline(cert.trust.get(p, ""))] for p in PROGRAMS]
    crls = [
        [safe.inline(c.url), md.when(c.first_issued) if c.first_issued else "",
         md.when(c.disclosed) if c.disclosed else ("in the CCADB" if c.in_ccadb else "")]
        for c in cert.crls
    ]  # fmt: skip
    audits = [
        md.link(a, here, paths.audit(a)) if a in view.audits else safe.inline(a)
        for a in cert.audits
    ]
    documents = [safe.inline(d) for d in cert.documents]
    return "\n".join(
        [
            md.front_matter(cert.name),
            stamp,
            f"# {safe.plain(cert.name)}\n",
            md.table(["", ""], facts),
            "## Trust stores\n",
            md.table(["Program", "Status"], trust),
            "## CRL URLs\n",
            md.table(["URL", "First used", "Disclosed"], crls) if crls else "None recorded.\n",
            "## Audits and policy documents\n",
            f"- Audit lines: {', '.join(audits) or 'none'}",
            f"- Documents: {', '.join(documents) or 'none'}\n",
            "## Deadlines\n",
            md.table(_HEAD, _rows(view, here, owed, as_of)) if owed else "None.\n",
        ]
    )


def audit(view: Ledger, line: Audit, owed: list[Obligation], as_of: datetime, stamp: str) -> str:
    here = paths.audit(line.id)
    certs = [
        md.link(c, here, paths.certificate(c)) if c in view.certificates else safe.inline(c)
        for c in line.certificates
    ]
    due_by = {o.item: o for o in owed if o.rule == "audit-statement-overdue"}
    periods = []
    findings = []
    for p in line.periods:
        o = due_by.get(f"period-{p.end}")
        periods.append(
            [
                md.day(p.start),
                md.day(p.end),
                md.day(p.statement),
                md.utc(o.due) if o else "",
                _state(o, as_of) if o else "",
                md.ext_link("statement", p.url) if p.url else "",
            ]
        )
        for f in p.findings:
            incident = (
                md.link(f.incident, here, paths.incident(f.incident))
                if f.incident and f.incident in view.incidents
                else safe.inline(f.incident or "not linked")
            )
            findings.append(
                [safe.inline(f.id), safe.inline(f.text), safe.inline(f.severity or ""), incident]
            )
    facts = [
        ["Kind", safe.inline(line.kind)],
        ["Scheme", safe.inline(line.scheme or "")],
        ["Criteria", safe.inline(line.criteria or "")],
        ["Auditor", safe.inline(line.auditor or "")],
        ["Certificates in scope", ", ".join(certs)],
    ]
    return "\n".join(
        [
            md.front_matter(f"Audit {line.id}"),
            stamp,
            f"# Audit line {safe.plain(line.id)}\n",
            md.table(["", ""], facts),
            "## Periods\n",
            md.table(["Start", "End", "Statement", "Statement due", "State", "Link"], periods),
            "## Findings\n",
            md.table(["Id", "Finding", "Severity", "Incident"], findings)
            if findings
            else "None recorded.\n",
            "## Deadlines\n",
            md.table(_HEAD, _rows(view, here, owed, as_of)) if owed else "None.\n",
        ]
    )
