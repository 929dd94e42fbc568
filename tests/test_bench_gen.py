"""Tests for bench/gen_ledger.py, the synthetic-ledger generator.

Besides determinism, git history and reference resolution, `conformance` below checks every
generated record against the record format (format.md) on its own, so the generator can be
trusted before the project's validator exists; once `generator.validate` exists, a test that
the generated ledger validates cleanly complements it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from bench import gen_ledger
from bench.gen_ledger import HORIZON, generate

# ----------------------------------------------------------------------------- helpers


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def ledger20(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "ledger"
    generate(out, 20, seed=7)
    return out


@pytest.fixture(scope="module")
def ledger_git(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "repo"
    generate(out, 20, seed=7, git_commits=50)
    return out


# ----------------------------------------------------------------------------- conformance

ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
INSTANT = re.compile(
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?$"
)
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ZONES = {
    "UTC",
    "+08:00",
    "UTC+8",
    "Asia/Shanghai",
    "Europe/Berlin",
    "Europe/Budapest",
    "America/New_York",
    "Asia/Tokyo",
    "+09:00",
    "Asia/Kolkata",
}
KINDS = {
    "cause",
    "start",
    "cpr-received",
    "aware",
    "preliminary-report",
    "report-posted",
    "scope-update",
    "issuance-stopped",
    "issuance-resumed",
    "revocation-planned",
    "revocation-done",
    "end",
    "contact-change",
    "other",
}
RULES = {
    "action-item-overdue",
    "action-item-due-soon",
    "update-overdue",
    "action-item-update-overdue",
    "question-unanswered",
    "initial-report-overdue",
    "full-report-overdue",
    "revocation-update-overdue",
    "closure-due",
    "cpr-preliminary-overdue",
    "cpr-revocation-overdue",
    "promise-overdue",
    "contact-unowned",
    "contact-registry-stale",
    "contact-verification-due",
    "contact-expiring",
    "no-shared-problem-contact",
    "waiver-expired",
}

INCIDENT_KEYS = {
    "schema_version",
    "title",
    "status",
    "resolution",
    "opened",
    "aware",
    "closed",
    "owner",
    "bug",
    "tags",
    "source",
    "timezone",
    "related",
    "next_update",
    "close_on",
    "promises",
    "revocation_delay",
    "summary",
    "impact",
    "timeline",
    "root_causes",
    "lessons",
    "action_items",
    "reports",
    "updates",
    "questions",
    "closure",
    "waivers",
}
CONTACT_KEYS = {
    "schema_version",
    "address",
    "purpose",
    "personal",
    "disclosed_in",
    "owners",
    "verify_every",
    "verifications",
    "valid_until",
    "retired",
    "replaced_by",
}
PR_KEYS = {
    "schema_version",
    "received",
    "channel",
    "reporter",
    "summary",
    "reason",
    "certificates",
    "acknowledged",
    "timezone",
    "preliminary_report",
    "revoked",
    "cleared",
    "no_revocation",
    "incident",
}


class Bad(AssertionError):
    pass


def need(cond: bool, msg: str) -> None:
    if not cond:
        raise Bad(msg)


def zone_of(name: str) -> tzinfo:
    if name in ("UTC", "Z"):
        return UTC
    m = re.match(r"^(?:UTC)?([+-])([0-9]{1,2})(?::([0-9]{2}))?$", name)
    if m:
        delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))
        return timezone(-delta if m.group(1) == "-" else delta)
    return ZoneInfo(name)


class Moment:
    """A when: (start, end) in UTC; a date covers its whole day in the record's zone."""

    def __init__(self, text: Any, zone: tzinfo | None, where: str) -> None:
        need(isinstance(text, str), f"{where}: {text!r} is not a string")
        if DATE.match(text):
            self.day = date.fromisoformat(text)
            day_zone = zone or UTC
            self.lo = datetime.combine(self.day, time(0, 0), day_zone).astimezone(UTC)
            self.hi = self.lo + timedelta(days=1)
            self.local_day = self.day
            return
        m = INSTANT.match(text)
        need(m is not None, f"{where}: {text!r} is neither a date nor an instant")
        assert m is not None
        d, hh, mm, ss, off = m.groups()
        need(int(hh) < 24 and int(mm) < 60 and int(ss or 0) < 60, f"{where}: bad time {text!r}")
        z = zone_of(off) if off else zone
        need(z is not None, f"{where}: naive instant {text!r} in a file without timezone")
        local = datetime.combine(date.fromisoformat(d), time(int(hh), int(mm), int(ss or 0)), z)
        self.lo = self.hi = local.astimezone(UTC)
        self.local_day = local.date()
        self.day = None

    def before(self, other: Moment) -> bool:
        return self.hi <= other.lo if (self.day or other.day) else self.lo < other.lo


def check_date(v: Any, where: str) -> date:
    need(isinstance(v, str) and bool(DATE.match(v)), f"{where}: {v!r} is not a date")
    d = date.fromisoformat(v)
    need(d <= HORIZON, f"{where}: {v} is after {HORIZON}")
    return d


def check_when(v: Any, zone: tzinfo | None, where: str, instant: bool = False) -> Moment:
    m = Moment(v, zone, where)
    need(not instant or m.day is None, f"{where}: {v!r} must be an instant")
    need(m.local_day <= HORIZON, f"{where}: {v} is after {HORIZON}")
    return m


def check_text(v: Any, where: str) -> None:
    need(isinstance(v, str) and v != "", f"{where}: {v!r} is not text")


def check_keys(d: Any, allowed: set[str], required: set[str], where: str) -> None:
    need(isinstance(d, dict), f"{where}: not a mapping")
    need(set(d) <= allowed, f"{where}: unknown keys {sorted(set(d) - allowed)}")
    need(required <= set(d), f"{where}: missing keys {sorted(required - set(d))}")


def check_int(v: Any, where: str) -> None:
    need(isinstance(v, int) and not isinstance(v, bool) and v >= 0, f"{where}: {v!r} is not an int")


def check_incident(d: dict[str, Any], where: str, ids: set[str]) -> None:
    check_keys(
        d, INCIDENT_KEYS, {"title", "status", "opened", "owner", "summary", "timeline"}, where
    )
    if "schema_version" in d:
        need(
            d["schema_version"] == 1 and not isinstance(d["schema_version"], bool),
            f"{where}: schema_version",
        )
    zone = None
    if "timezone" in d:
        need(d["timezone"] in ZONES, f"{where}: timezone {d['timezone']!r}")
        zone = zone_of(d["timezone"])
    for k in ("title", "owner", "summary"):
        check_text(d[k], f"{where}.{k}")
    opened = check_when(d["opened"], zone, f"{where}.opened")
    if "aware" in d:
        need(
            not opened.before(check_when(d["aware"], zone, f"{where}.aware")),
            f"{where}: aware after opened",
        )
    need(d["status"] in ("open", "closed"), f"{where}: status")
    closed = d["status"] == "closed"
    need(closed == ("resolution" in d) == ("closed" in d), f"{where}: resolution/closed iff closed")
    if closed:
        need(
            d["resolution"] in ("fixed", "invalid", "duplicate", "wontfix"), f"{where}: resolution"
        )
        need(
            check_date(d["closed"], f"{where}.closed") >= opened.local_day,
            f"{where}: closed before opened",
        )
        need("closure" in d, f"{where}: closed without closure")
    if "bug" in d:
        need(isinstance(d["bug"], str) and d["bug"].startswith("https://"), f"{where}: bug")
    for t in d.get("tags", []):
        need(isinstance(t, str) and bool(SLUG.match(t)), f"{where}: tag {t!r}")
    if "source" in d:
        need(d["source"] in ("self-reported", "third-party", "audit"), f"{where}: source")
    for r in d.get("related", []):
        if isinstance(r, dict):
            check_keys(r, {"ref", "relation"}, {"ref"}, f"{where}.related")
            need(
                r.get("relation", "related")
                in ("follow-up", "duplicate-of", "replaces", "parent", "related"),
                f"{where}: relation",
            )
            r = r["ref"]
        need(isinstance(r, str), f"{where}: related {r!r}")
        if not r.startswith("https://"):
            need(r in ids, f"{where}: related {r!r} does not exist")
    for k in ("next_update", "close_on"):
        if k in d:
            check_date(d[k], f"{where}.{k}")
    for p in d.get("promises", []):
        check_keys(p, {"what", "due", "kept"}, {"what", "due"}, f"{where}.promises")
        check_text(p["what"], f"{where}.promises.what")
        check_when(p["due"], zone, f"{where}.promises.due")
        if "kept" in p:
            check_when(p["kept"], zone, f"{where}.promises.kept")
    if "revocation_delay" in d:
        need(isinstance(d["revocation_delay"], bool), f"{where}: revocation_delay")
    if "impact" in d:
        check_text(d["impact"], f"{where}.impact")
    need(isinstance(d["timeline"], list) and len(d["timeline"]) >= 1, f"{where}: timeline")
    prev = None
    for e in d["timeline"]:
        check_keys(e, {"at", "event", "kind"}, {"at", "event"}, f"{where}.timeline")
        check_text(e["event"], f"{where}.timeline.event")
        need(e.get("kind", "other") in KINDS, f"{where}: event kind {e.get('kind')!r}")
        m = check_when(e["at"], zone, f"{where}.timeline.at")
        need(prev is None or prev.before(m), f"{where}: timeline out of order at {e['at']}")
        prev = m
    rc_ids = []
    for rc in d.get("root_causes", []):
        check_keys(
            rc,
            {"id", "title", "description"},
            {"id", "title", "description"},
            f"{where}.root_causes",
        )
        need(bool(ID.match(rc["id"])), f"{where}: root cause id")
        rc_ids.append(rc["id"])
    need(len(rc_ids) == len(set(rc_ids)), f"{where}: duplicate root cause ids")
    items = d.get("action_items", [])
    ai_ids = [i.get("id") for i in items]
    need(len(ai_ids) == len(set(ai_ids)), f"{where}: duplicate action item ids")
    referenced: set[str] = set()
    for it in items:
        w = f"{where}.action_items.{it.get('id')}"
        check_keys(
            it,
            {
                "id",
                "action",
                "kind",
                "due",
                "status",
                "completed",
                "owner",
                "root_causes",
                "evaluation",
            },
            {"id", "action", "kind", "due", "status"},
            w,
        )
        check_text(it["action"], w)
        need(it["kind"] in ("prevent", "detect", "mitigate"), f"{w}: kind")
        check_date(it["due"], f"{w}.due")
        need(it["status"] in ("ongoing", "complete", "delayed", "canceled"), f"{w}: status")
        need((it["status"] == "complete") == ("completed" in it), f"{w}: completed iff complete")
        if "completed" in it:
            need(
                check_date(it["completed"], f"{w}.completed") >= opened.local_day,
                f"{w}: completed before opened",
            )
        for rc in it.get("root_causes", []):
            need(rc in rc_ids, f"{w}: root cause {rc!r} does not exist")
            referenced.add(rc)
        if closed:
            need(it["status"] in ("complete", "canceled"), f"{w}: open item on a closed incident")
    need(set(rc_ids) <= referenced, f"{where}: root cause without action item")
    lessons = d.get("lessons", {})
    check_keys(lessons, {"went_well", "went_wrong", "lucky"}, set(), f"{where}.lessons")
    for key, val in lessons.items():
        for lesson in val:
            if isinstance(lesson, dict):
                check_keys(lesson, {"text", "action_items"}, {"text"}, f"{where}.lessons")
                for a in lesson.get("action_items", []):
                    need(a in ai_ids, f"{where}: lesson names unknown action item {a!r}")
            else:
                check_text(lesson, f"{where}.lessons")
                need(key != "went_wrong", f"{where}: went_wrong lesson without action items")
    for r in d.get("reports", []):
        check_keys(r, {"kind", "at", "url"}, {"kind", "at"}, f"{where}.reports")
        need(r["kind"] in ("preliminary", "full", "closure"), f"{where}: report kind")
        check_when(r["at"], zone, f"{where}.reports.at")
    for u in d.get("updates", []):
        check_keys(u, {"at", "text", "url", "revocation"}, {"at", "text"}, f"{where}.updates")
        check_when(u["at"], zone, f"{where}.updates.at")
        check_text(u["text"], f"{where}.updates.text")
        if "revocation" in u:
            rv = u["revocation"]
            check_keys(rv, {"revoked", "remaining", "expired", "eta"}, set(), f"{where}.revocation")
            for k in ("revoked", "remaining", "expired"):
                if k in rv:
                    check_int(rv[k], f"{where}.revocation.{k}")
            if "eta" in rv:
                check_when(rv["eta"], zone, f"{where}.revocation.eta")
    q_ids = []
    for q in d.get("questions", []):
        check_keys(
            q,
            {"id", "asked", "by", "text", "answered"},
            {"id", "asked", "by", "text"},
            f"{where}.questions",
        )
        q_ids.append(q["id"])
        asked = check_when(q["asked"], zone, f"{where}.asked")
        if "answered" in q:
            need(
                asked.before(check_when(q["answered"], zone, f"{where}.answered")),
                f"{where}: answer before question",
            )
    need(len(q_ids) == len(set(q_ids)), f"{where}: duplicate question ids")
    if "closure" in d:
        c = d["closure"]
        keys = {"description", "root_causes", "remediation", "commitments", "attested", "posted"}
        check_keys(c, keys, keys, f"{where}.closure")
        need(c["attested"] is True, f"{where}: attested")
        for k in ("description", "root_causes", "remediation", "commitments"):
            check_text(c[k], f"{where}.closure.{k}")
        check_when(c["posted"], zone, f"{where}.closure.posted")
        for it in items:
            need(
                it["status"] in ("complete", "canceled"),
                f"{where}: closure attests an open action item",
            )
    for wv in d.get("waivers", []):
        check_keys(
            wv,
            {"rule", "until", "reason", "approved_by", "item"},
            {"rule", "until", "reason", "approved_by"},
            f"{where}.waivers",
        )
        need(wv["rule"] in RULES, f"{where}: waiver rule")
        check_date(wv["until"], f"{where}.waivers.until")
        if "item" in wv:
            need(wv["item"] in ai_ids, f"{where}: waiver item")


def check_contact(d: dict[str, Any], where: str, contact_ids: set[str]) -> None:
    check_keys(d, CONTACT_KEYS, {"address", "purpose", "owners"}, where)
    check_text(d["address"], where)
    need(
        d["purpose"]
        in ("problem-reporting", "ca-email-alias", "primary-poc", "poc", "revocation", "other"),
        f"{where}: purpose",
    )
    if "personal" in d:
        need(isinstance(d["personal"], bool), f"{where}: personal")
    for x in d.get("disclosed_in", []):
        check_text(x, f"{where}.disclosed_in")
    owners = d["owners"]
    need(isinstance(owners, list) and len(owners) >= 1, f"{where}: owners")
    for j, o in enumerate(owners):
        check_keys(
            o, {"owner", "from", "until", "registry_updated", "note"}, {"owner"}, f"{where}.owners"
        )
        need(j == 0 or "from" in o, f"{where}: owner change without from")
        need(
            ("until" in o) == (j < len(owners) - 1), f"{where}: until on all but the current owner"
        )
        if "from" in o and "until" in o:
            need(
                check_date(o["from"], where) <= check_date(o["until"], where),
                f"{where}: until before from",
            )
        if "registry_updated" in o:
            need(
                check_date(o["registry_updated"], where) >= check_date(o["from"], where),
                f"{where}: registry",
            )
    if "verify_every" in d:
        check_int(d["verify_every"], f"{where}.verify_every")
    for ver in d.get("verifications", []):
        check_keys(ver, {"on", "by", "note"}, {"on", "by"}, f"{where}.verifications")
        check_date(ver["on"], f"{where}.verifications.on")
    for k in ("valid_until", "retired"):
        if k in d:
            check_date(d[k], f"{where}.{k}")
    if "replaced_by" in d:
        need(
            d["replaced_by"] in contact_ids,
            f"{where}: replaced_by {d['replaced_by']!r} does not exist",
        )


def check_problem_report(
    d: dict[str, Any], where: str, contact_ids: set[str], incident_ids: set[str]
) -> None:
    check_keys(d, PR_KEYS, {"received", "channel", "summary"}, where)
    zone = None
    if "timezone" in d:
        need(d["timezone"] in ZONES, f"{where}: timezone")
        zone = zone_of(d["timezone"])
    received = check_when(d["received"], zone, f"{where}.received", instant=True)
    need(d["channel"] in contact_ids, f"{where}: channel {d['channel']!r} does not exist")
    if "incident" in d:
        need(d["incident"] in incident_ids, f"{where}: incident {d['incident']!r} does not exist")
    check_text(d["summary"], where)
    if "reason" in d:
        need(
            d["reason"] in ("key-compromise", "misissuance", "other", "not-applicable"),
            f"{where}: reason",
        )
    if "certificates" in d:
        check_int(d["certificates"], f"{where}.certificates")
    for k in ("acknowledged", "preliminary_report", "cleared"):
        if k in d:
            need(
                received.before(check_when(d[k], zone, f"{where}.{k}")),
                f"{where}: {k} before received",
            )
    if "revoked" in d:
        need(
            received.before(check_when(d["revoked"], zone, f"{where}.revoked", instant=True)),
            f"{where}: revoked",
        )
    if "no_revocation" in d:
        check_text(d["no_revocation"], where)


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML 1.2 core schema, as the project's loader resolves plain scalars.
_CORE = [
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    re.compile(r"^(?:~|null|Null|NULL|)$"),
]


def check_yaml12(text: str, where: str) -> None:
    """Every plain scalar means the same under YAML 1.1 (PyYAML) and the 1.2 core schema."""
    stack = [yaml.compose(text, Loader=LOADER)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.style is None:
                is_str_12 = not any(p.match(node.value) for p in _CORE)
                need(
                    is_str_12 == (node.tag == "tag:yaml.org,2002:str"),
                    f"{where}: plain scalar {node.value!r} changes type under YAML 1.2",
                )
        elif isinstance(node, yaml.MappingNode):
            stack.extend(v for kv in node.value for v in kv)
        else:
            stack.extend(node.value)


def conformance(files: dict[str, bytes]) -> None:
    """Raise Bad unless every file is a record that conforms to format.md."""
    kinds: dict[str, dict[str, tuple[str, dict[str, Any]]]] = {
        "incidents": {},
        "contacts": {},
        "problem-reports": {},
    }
    for path, raw in files.items():
        text = raw.decode("utf-8")
        check_yaml12(text, path)
        data = yaml.load(text, Loader=LOADER)
        need(isinstance(data, dict), f"{path}: not a mapping")
        if path == "ledger/policy.yaml":
            need(data == {"timezone": "UTC"}, f"{path}: {data}")
            continue
        m = re.match(
            r"^(incidents|ledger/contacts|ledger/problem-reports)/(?:.+/)?([^/]+)\.yaml$", path
        )
        need(m is not None, f"{path}: stray file")
        assert m is not None
        kind, ident = m.group(1).rsplit("/", 1)[-1], m.group(2)
        need(bool(ID.match(ident)), f"{path}: bad id")
        need(ident not in kinds[kind], f"{path}: duplicate id {ident}")
        kinds[kind][ident] = (path, data)
    incident_ids, contact_ids = set(kinds["incidents"]), set(kinds["contacts"])
    for path, data in kinds["incidents"].values():
        check_incident(data, path, incident_ids)
    for path, data in kinds["contacts"].values():
        check_contact(data, path, contact_ids)
    for path, data in kinds["problem-reports"].values():
        check_problem_report(data, path, contact_ids, incident_ids)
    live = [
        d
        for _p, d in kinds["contacts"].values()
        if d["purpose"] in ("problem-reporting", "ca-email-alias")
        and not d.get("personal")
        and "retired" not in d
    ]
    need(not contact_ids or bool(live), "no shared problem-reporting contact")


# ----------------------------------------------------------------------------- tests


def test_same_arguments_same_bytes(ledger20: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(again, 20, seed=7)
    first, second = tree(ledger20), tree(again)
    assert first == second
    other = tmp_path / "other"
    generate(other, 20, seed=8)
    assert tree(other) != first


def test_layout_and_counts(ledger20: Path) -> None:
    files = tree(ledger20)
    incidents = [p for p in files if p.startswith("incidents/")]
    assert len(incidents) == 20
    assert all(
        re.match(r"^incidents/(20(?:24|25|26))/inc-\1-[0-9]{5}-[a-z-]+\.yaml$", p)
        for p in incidents
    )
    assert len([p for p in files if p.startswith("ledger/contacts/")]) == 3
    assert len([p for p in files if p.startswith("ledger/problem-reports/")]) == 5
    assert yaml.safe_load(files["ledger/policy.yaml"]) == {"timezone": "UTC"}


def test_files_parse_and_references_resolve(ledger20: Path) -> None:
    files = tree(ledger20)
    data = {p: yaml.safe_load(raw) for p, raw in files.items()}
    assert all(isinstance(d, dict) for d in data.values())
    incident_ids = {Path(p).stem for p in data if p.startswith("incidents/")}
    contact_ids = {Path(p).stem for p in data if p.startswith("ledger/contacts/")}
    for path, d in data.items():
        if path.startswith("ledger/problem-reports/"):
            assert (ledger20 / "ledger/contacts" / f"{d['channel']}.yaml").is_file()
            if "incident" in d:
                assert d["incident"] in incident_ids
        if path.startswith("incidents/"):
            for r in d.get("related", []):
                ref = r["ref"] if isinstance(r, dict) else r
                assert ref.startswith("https://") or ref in incident_ids
            rc_ids = {rc["id"] for rc in d.get("root_causes", [])}
            for item in d.get("action_items", []):
                assert set(item.get("root_causes", [])) <= rc_ids
        if path.startswith("ledger/contacts/") and "replaced_by" in d:
            assert d["replaced_by"] in contact_ids


def test_records_conform_to_format(ledger20: Path) -> None:
    conformance(tree(ledger20))


@pytest.mark.parametrize("seed", [1, 2])
def test_larger_ledgers_conform(tmp_path: Path, seed: int) -> None:
    out = tmp_path / "l"
    generate(out, 120, seed=seed, contacts=12, problem_reports=50)
    files = tree(out)
    conformance(files)
    incidents = [
        yaml.load(raw, Loader=LOADER) for p, raw in files.items() if p.startswith("incidents/")
    ]
    closed = sum(d["status"] == "closed" for d in incidents) / len(incidents)
    assert 0.55 < closed < 0.85
    assert any("timezone" in d for d in incidents) and any("timezone" not in d for d in incidents)
    sizes = [len(raw) for p, raw in files.items() if p.startswith("incidents/")]
    assert 2000 < sum(sizes) / len(sizes) < 5000


def test_hostile_free_changes_only_hostile_texts(tmp_path: Path) -> None:
    generate(tmp_path / "h", 150, seed=3)
    generate(tmp_path / "f", 150, seed=3, hostile_free=True)
    hostile, free = tree(tmp_path / "h"), tree(tmp_path / "f")
    assert hostile.keys() == free.keys()
    differ = [p for p in hostile if hostile[p] != free[p]]
    assert 0 < len(differ) < len(hostile) // 5
    for p in differ:
        assert all(ord(ch) < 0x2000 for ch in free[p].decode()), p
    conformance(hostile)


def test_fast_emitter_matches_safe_dump() -> None:
    """gen_ledger writes YAML itself for speed; the bytes must be safe_dump's, snapshots too."""
    ledger = gen_ledger.build_ledger(60, 6, 20, seed=5, hostile=True)
    fallbacks = 0
    for rec in ledger.records:
        cuts = [None, rec.created] + [t for t, _label in rec.changes()[1::6]]
        for cut in cuts:
            data = rec.render(cut)
            expected = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")
            assert gen_ledger.dump(data) == expected, (rec.path, cut)
        fallbacks += gen_ledger._fast_dump(rec.render(None)) is None
    assert fallbacks < len(ledger.records) // 10
    for text in [
        *gen_ledger.HOSTILE,
        "a: b",
        "- x",
        "#x",
        "it's",
        "'q'",
        "x #y",
        "on",
        "1.5",
        "2024-01-01",
        "x" * 90,
    ]:
        for data in ({"summary": text}, {"a": [{"text": "Some words to push the column " + text}]}):
            expected = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")
            assert gen_ledger.dump(data) == expected, text


def test_git_history(ledger_git: Path, ledger20: Path) -> None:
    assert git(ledger_git, "rev-list", "--count", "HEAD").strip() == "50"
    assert git(ledger_git, "status", "--porcelain") == ""
    # HEAD holds exactly the ledger written without git.
    assert tree(ledger_git) == tree(ledger20)
    # Pinned, increasing dates within 2024-2026; pinned names.
    log = git(ledger_git, "log", "--reverse", "--format=%at %ct %an|%cn").splitlines()
    stamps = [int(line.split()[0]) for line in log]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert datetime.fromtimestamp(stamps[0], UTC).year == 2024
    assert datetime.fromtimestamp(stamps[-1], UTC).date() <= date(2026, 12, 31)
    assert {line.split(" ", 2)[2].split("|")[1] for line in log} == {"Compliance Ledger"}


def test_git_history_is_deterministic(ledger_git: Path, tmp_path: Path) -> None:
    again = tmp_path / "repo"
    generate(again, 20, seed=7, git_commits=50)
    assert git(again, "rev-parse", "HEAD") == git(ledger_git, "rev-parse", "HEAD")


def test_every_commit_holds_a_conforming_ledger(ledger_git: Path) -> None:
    commits = git(ledger_git, "rev-list", "HEAD").split()
    for commit in commits[::7]:
        listing = git(
            ledger_git, "ls-tree", "-r", "--format=%(objectname) %(path)", commit
        ).splitlines()
        shas = [line.split(" ", 1) for line in listing]
        batch = subprocess.run(
            ["git", "-C", str(ledger_git), "cat-file", "--batch"],
            check=True,
            input="".join(f"{sha}\n" for sha, _ in shas).encode(),
            capture_output=True,
        ).stdout
        files, pos = {}, 0
        for _sha, path in shas:
            header_end = batch.index(b"\n", pos)
            size = int(batch[pos:header_end].split()[2])
            files[path] = batch[header_end + 1 : header_end + 1 + size]
            pos = header_end + 1 + size + 1
        conformance(files)


def test_history_evolves(ledger_git: Path) -> None:
    stat = git(ledger_git, "log", "--format=", "--name-status", "-M")
    assert re.search(r"^R[0-9]*\t", stat, re.M), "no rename in history"
    messages = git(ledger_git, "log", "--format=%B")
    assert "Add incident" in messages
    assert "update" in messages


def test_exact_commit_counts(tmp_path: Path) -> None:
    for m in (1, 7, 400):
        out = tmp_path / f"m{m}"
        generate(out, 3, seed=1, git_commits=m)
        assert git(out, "rev-list", "--count", "HEAD").strip() == str(m)
        assert git(out, "status", "--porcelain") == ""


def test_refuses_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("keep me")
    with pytest.raises(FileExistsError):
        generate(tmp_path, 1)
    assert (tmp_path / "x").read_text() == "keep me"


def test_cli(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[1] / "bench" / "gen_ledger.py"
    run = subprocess.run(
        [
            sys.executable,
            str(script),
            str(tmp_path / "o"),
            "--incidents",
            "4",
            "--seed",
            "2",
            "--contacts",
            "4",
            "--problem-reports",
            "2",
            "--hostile-free",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "4 incidents" in run.stdout and "s" in run.stdout
    files = tree(tmp_path / "o")
    assert len([p for p in files if p.startswith("ledger/contacts/")]) == 4
    assert len([p for p in files if p.startswith("ledger/problem-reports/")]) == 2
