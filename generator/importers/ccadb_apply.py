"""Write a CCADB plan (`ccadb.read`) into the ledger: new records for what the ledger lacks,
and for records it has, only the fields CCADB gives, edited in place (`yaml_keys`).

A record is matched by what CCADB cannot change under it: a certificate by its SHA-256, an
audit line by a statement URL it already lists or a certificate it already covers, a policy
document by a version URL it already lists or a certificate that names it. Findings, notes,
links, owners, comments and anything else the ledger adds are never touched; lists (a
certificate's audit lines, an audit's certificates) only grow. The same report imported
twice changes nothing the second time. Nothing is written unless every changed record
validates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from generator import authoring, yaml_keys
from generator.diagnostics import Diagnostic
from generator.discover import FOLDERS, RecordFile, classify, discover
from generator.importers.ccadb import AuditGroup, Cert, DocumentGroup, Plan
from generator.load import Document, load_bytes, parse
from generator.validate import validate_files
from generator.yaml_edit import ItemMaker, append_to_list, scalar

HEADER = (
    "# From CCADB's All Certificate Records report (`ledger import ccadb`). A new import\n"
    "# updates the fields CCADB gives; findings, notes, links and comments are the ledger's.\n"
)
_SCHEMES = (("webtrust", "webtrust"), ("etsi", "etsi"))


@dataclass(slots=True)
class Change:
    rel: str
    created: bool
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Result:
    changes: list[Change]  # records created or updated, by path
    unchanged: int
    problems: list[Diagnostic]  # why nothing was written (empty: written, or nothing to do)
    warnings: list[str]


class _Ledger:
    """The records of the three kinds as they are, and the texts as the import leaves them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        files, _ = discover(root)
        self.files = files
        self.data: dict[str, dict[str, dict[str, Any]]] = {k: {} for k in FOLDERS}
        self.paths: dict[str, dict[str, str]] = {k: {} for k in FOLDERS}
        self.texts: dict[str, str] = {}
        self.before: dict[str, str | None] = {}
        self.changes: dict[str, Change] = {}
        for record in files:
            if record.kind not in ("certificate", "audit", "document"):
                self.paths.setdefault(record.kind, {})[record.id] = record.path
                continue
            text = (root / record.path).read_text("utf-8")
            doc = load_bytes(record.path, text.encode("utf-8"))
            if isinstance(doc, Document) and isinstance(doc.data, dict):
                self.data[record.kind][record.id] = doc.data
            self.paths[record.kind][record.id] = record.path
            self.texts[record.path] = text
            self.before[record.path] = text

    def free_id(self, kind: str, base: str) -> str:
        candidate, n = base, 1
        while candidate in self.paths[kind]:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def create(self, kind: str, id_: str, body: str) -> str:
        rel = f"{FOLDERS[kind]}/{id_}.yaml"
        self.paths[kind][id_] = rel
        self.texts[rel] = authoring.modeline(self.root, rel, kind) + HEADER + body
        self.before[rel] = None
        self.changes[rel] = Change(rel, True)
        return rel

    def edit(self, rel: str, how: Callable[[str], str], note: str) -> None:
        new = how(self.texts[rel])
        if new == self.texts[rel]:
            return
        self.texts[rel] = new
        change = self.changes.setdefault(rel, Change(rel, self.before[rel] is None))
        if not change.created and note not in change.notes:
            change.notes.append(note)


def apply(root: Path, plan: Plan, *, dry_run: bool = False) -> Result:
    ledger = _Ledger(root)
    cert_ids = _certificate_ids(ledger, plan)
    audit_ids = {key: _audit_id(ledger, group, cert_ids) for key, group in _sorted(plan.audits)}
    doc_ids = {key: _document_id(ledger, group, cert_ids) for key, group in _sorted(plan.documents)}
    for key, group in _sorted(plan.audits):
        _audit(ledger, audit_ids[key], group, cert_ids)
    for key, group in _sorted(plan.documents):
        _document(ledger, doc_ids[key], group)
    parents = {c.ccadb_id: c.sha256 for c in plan.certs.values() if c.ccadb_id}
    for cert in sorted(plan.certs.values(), key=lambda c: cert_ids[c.sha256]):
        parent_sha = cert.parent_sha if cert.parent_sha in cert_ids else None
        parent_sha = parent_sha or parents.get(cert.parent_ccadb or "")
        parent = cert_ids.get(parent_sha or "") if parent_sha != cert.sha256 else None
        _certificate(
            ledger,
            cert_ids[cert.sha256],
            cert,
            parent,
            sorted(dict.fromkeys(audit_ids[k] for k in cert.audits)),
            sorted(dict.fromkeys(doc_ids[k] for k in cert.documents)),
        )
    changes = [ledger.changes[rel] for rel in sorted(ledger.changes)]
    problems = _problems(ledger, [c.rel for c in changes])
    if not problems and not dry_run:
        for change in changes:
            path = root / change.rel
            if change.created:
                authoring.write_new(path, ledger.texts[change.rel])
            else:
                authoring.replace_file(path, ledger.texts[change.rel])
    seen = len({*ledger.changes, *_touched(ledger, cert_ids, audit_ids, doc_ids)})
    return Result(changes, seen - len(changes), problems, plan.warnings)


def _sorted(groups: dict[tuple[str, str], Any]) -> list[tuple[tuple[str, str], Any]]:
    return sorted(groups.items(), key=lambda item: (item[0][0], sorted(item[1].certs), item[0][1]))


def _touched(
    ledger: _Ledger,
    cert_ids: dict[str, str],
    audit_ids: dict[tuple[str, str], str],
    doc_ids: dict[tuple[str, str], str],
) -> set[str]:
    return (
        {ledger.paths["certificate"][i] for i in cert_ids.values()}
        | {ledger.paths["audit"][i] for i in audit_ids.values()}
        | {ledger.paths["document"][i] for i in doc_ids.values()}
    )


def _problems(ledger: _Ledger, rels: list[str]) -> list[Diagnostic]:
    if not rels:
        return []
    added, _ = classify([r for r in rels if ledger.before[r] is None])
    records = sorted([*ledger.files, *added], key=lambda f: f.path)

    def read(record: RecordFile) -> bytes:
        if record.path in ledger.texts:
            return ledger.texts[record.path].encode("utf-8")
        return (ledger.root / record.path).read_bytes()

    result = validate_files(records, read)
    wanted = set(rels)
    return [d for d in result.diagnostics if d.pos.path in wanted and d.severity == "error"]


# -- ids ------------------------------------------------------------------------------------


def _certificate_ids(ledger: _Ledger, plan: Plan) -> dict[str, str]:
    by_sha = {
        str(data.get("sha256", "")).upper(): id_ for id_, data in ledger.data["certificate"].items()
    }
    ids: dict[str, str] = {}
    for cert in sorted(plan.certs.values(), key=lambda c: (c.name, c.sha256)):
        known = by_sha.get(cert.sha256)
        if known is None:
            base = authoring.slug(cert.name)
            if base in ledger.paths["certificate"]:
                base = f"{base}-{cert.sha256[:8].lower()}"
            known = ledger.free_id("certificate", base)
            ledger.paths["certificate"][known] = f"{FOLDERS['certificate']}/{known}.yaml"
        ids[cert.sha256] = known
    return ids


def _audit_id(ledger: _Ledger, group: AuditGroup, cert_ids: dict[str, str]) -> str:
    covered = {cert_ids[s] for s in group.certs}
    for id_, data in sorted(ledger.data["audit"].items()):
        if data.get("kind") != group.kind:
            continue
        urls = {p.get("url") for p in _dicts(data.get("periods"))}
        if (group.period.url and group.period.url in urls) or covered & set(
            _strings(data.get("certificates"))
        ):
            return id_
    id_ = ledger.free_id("audit", group.kind)
    ledger.paths["audit"][id_] = f"{FOLDERS['audit']}/{id_}.yaml"
    ledger.data["audit"][id_] = {"kind": group.kind, "certificates": sorted(covered)}
    return id_


def _document_id(ledger: _Ledger, group: DocumentGroup, cert_ids: dict[str, str]) -> str:
    named = {
        d
        for sha in group.certs
        for d in _strings(ledger.data["certificate"].get(cert_ids[sha], {}).get("documents"))
    }
    for id_, data in sorted(ledger.data["document"].items()):
        urls = {v.get("url") for v in _dicts(data.get("versions"))}
        if group.url in urls or (data.get("kind") == group.kind and id_ in named):
            return id_
    id_ = ledger.free_id("document", authoring.slug(_file_name(group.url)) or group.kind)
    ledger.paths["document"][id_] = f"{FOLDERS['document']}/{id_}.yaml"
    ledger.data["document"][id_] = {"kind": group.kind, "versions": [{"url": group.url}]}
    return id_


def _file_name(url: str) -> str:
    name = PurePosixPath(unquote(urlsplit(url).path)).stem
    return name or urlsplit(url).hostname or ""


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


# -- records --------------------------------------------------------------------------------


def _lines(pairs: list[tuple[str, str | None]]) -> str:
    return "".join(f"{key}: {value}\n" for key, value in pairs if value is not None)


def _text(value: str | None) -> str | None:
    return None if value is None else scalar(value, 0)


def _list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _period_pairs(period: Any) -> list[tuple[str, str]]:
    pairs = [("start", period.start), ("end", period.end)]
    if period.statement:
        pairs.append(("statement", period.statement))
    if period.url:
        pairs.append(("url", scalar(period.url, 0)))
    return pairs


def _scheme(criteria: str | None) -> str | None:
    lowered = (criteria or "").lower()
    return next((name for word, name in _SCHEMES if word in lowered), "other" if criteria else None)


def _audit(ledger: _Ledger, id_: str, group: AuditGroup, cert_ids: dict[str, str]) -> None:
    rel = ledger.paths["audit"][id_]
    covered = sorted(cert_ids[s] for s in group.certs)
    fields = [
        ("scheme", _scheme(group.criteria)),
        ("criteria", group.criteria),
        ("auditor", group.auditor),
        ("auditor_location", group.location),
    ]
    pairs = _period_pairs(group.period)
    if rel not in ledger.texts:
        body = _lines([("kind", group.kind), *((k, _text(v)) for k, v in fields)])
        body += f"certificates: {_list(covered)}\nperiods:\n"
        ledger.create("audit", id_, body + ItemMaker(pairs, pairs)(2, 4))
        return
    for key, value in fields:
        if value is not None:
            ledger.edit(rel, _set(rel, [], key, value, scalar(value, 0)), f"{key} {value}")
    for cert in covered:
        ledger.edit(rel, _add(rel, "certificates", cert), f"covers {cert}")
    at = yaml_keys.item_index(ledger.texts[rel], rel, "periods", "end", group.period.end)
    period = f"period {group.period.start} to {group.period.end}"
    if at is None:
        ledger.edit(rel, _append(rel, "periods", pairs), f"{period} added")
        return
    for key, value in pairs:
        raw = value if key != "url" else group.period.url or ""
        ledger.edit(rel, _set(rel, ["periods", at], key, raw, value), f"{period}: {key} {raw}")


def _document(ledger: _Ledger, id_: str, group: DocumentGroup) -> None:
    rel = ledger.paths["document"][id_]
    pairs = [("effective", group.effective), ("url", scalar(group.url, 0)), ("in_ccadb", "true")]
    if rel not in ledger.texts:
        title = {"cp": "CP", "cps": "CPS", "cp-cps": "CP/CPS"}[group.kind]
        body = _lines(
            [("kind", group.kind), ("title", scalar(f"{title} {_file_name(group.url)}", 0))]
        )
        ledger.create("document", id_, body + "versions:\n" + ItemMaker(pairs, pairs)(2, 4))
        return
    at = yaml_keys.item_index(ledger.texts[rel], rel, "versions", "effective", group.effective)
    if at is None:
        ledger.edit(
            rel, _append(rel, "versions", pairs), f"version effective {group.effective} added"
        )
        return
    where: list[str | int] = ["versions", at]
    note = f"version effective {group.effective}"
    ledger.edit(rel, _set(rel, where, "url", group.url, scalar(group.url, 0)), f"{note}: url")
    ledger.edit(rel, _set(rel, where, "in_ccadb", "true", "true"), f"{note}: in the CCADB")


def _certificate(
    ledger: _Ledger,
    id_: str,
    cert: Cert,
    parent: str | None,
    audits: list[str],
    documents: list[str],
) -> None:
    rel = ledger.paths["certificate"][id_]
    constrained = None if cert.constrained is None else str(cert.constrained).lower()
    fields: list[tuple[str, str | None, str | None]] = [  # key, value, as written
        ("name", cert.name, scalar(cert.name, 0)),
        ("sha256", cert.sha256, cert.sha256),
        ("type", cert.type, cert.type),
        ("ccadb_id", cert.ccadb_id, cert.ccadb_id),
        ("parent", parent, parent),
        ("valid_from", cert.valid_from, cert.valid_from),
        ("valid_to", cert.valid_to, cert.valid_to),
        ("technically_constrained", constrained, constrained),
    ]
    trust = "{" + ", ".join(f"{p}: {s}" for p, s in cert.trust.items()) + "}"
    if rel not in ledger.texts:
        body = _lines([(k, shown) for k, _, shown in fields])
        if cert.capabilities:
            body += f"capabilities: {_list(cert.capabilities)}\n"
        if cert.trust:
            body += f"trust: {trust}\n"
        if cert.crls:
            body += "crls:\n" + "".join(
                f"  - {{url: {scalar(u, 0)}, in_ccadb: true}}\n" for u in cert.crls
            )
        body += f"audits: {_list(audits)}\n" if audits else ""
        body += f"documents: {_list(documents)}\n" if documents else ""
        ledger.create("certificate", id_, body)
        return
    for key, value, shown in fields:
        if value is not None and shown is not None:
            ledger.edit(rel, _set(rel, [], key, value, shown), f"{key} {value}")
    if cert.trust:
        if "trust" not in ledger.data["certificate"].get(id_, {}):
            ledger.edit(rel, _set(rel, [], "trust", "", trust), "trust-store status")
        for program, status in cert.trust.items():
            ledger.edit(rel, _set(rel, ["trust"], program, status, status), f"{program} {status}")
    for key, values in (("capabilities", cert.capabilities), ("audits", audits),
                        ("documents", documents)):  # fmt: skip
        for value in values:
            ledger.edit(rel, _add(rel, key, value), f"{key} + {value}")
    for url in cert.crls:
        at = yaml_keys.item_index(ledger.texts[rel], rel, "crls", "url", url)
        if at is None:
            pairs = [("url", scalar(url, 0)), ("in_ccadb", "true")]
            ledger.edit(rel, _append(rel, "crls", pairs), f"CRL {url} added")
        else:
            ledger.edit(rel, _set(rel, ["crls", at], "in_ccadb", "true", "true"), f"CRL {url}")


def _set(rel: str, path: list[str | int], key: str, value: str, shown: str) -> Callable[[str], str]:
    return lambda text: yaml_keys.set_key(text, rel, path, key, value, shown)


def _add(rel: str, key: str, item: str) -> Callable[[str], str]:
    return lambda text: yaml_keys.add_scalar(text, rel, key, item)


def _append(rel: str, key: str, pairs: list[tuple[str, str]]) -> Callable[[str], str]:
    def run(text: str) -> str:
        doc = parse(rel, text)
        assert isinstance(doc, Document), rel  # set_key and add_scalar read it already
        return append_to_list(text, doc.node, key, ItemMaker(pairs, pairs))

    return run
