"""Checks beyond the schema, on the records as written: ids, references, owners, hidden text.

They read the plain data of every record that loaded, valid or not, and touch a value only
when it has the form the schema asks for, so that a run reports each problem once and a
record with a schema error still has its references checked. References are judged against
the ids of every record file present, so one broken record does not make the records that
point to it look broken too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from generator import codes
from generator.diagnostics import Diagnostic, Pos
from generator.load import Document

Path = tuple[str | int, ...]
Ids = dict[str, set[str]]  # kind → ids of the record files present
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$(?!\n)")
_LESSON_LISTS = ("went_well", "went_wrong", "lucky")
_ITEM_LISTS = (
    ("action item", "action_items"),
    ("root cause", "root_causes"),
    ("question", "questions"),
)
# Unicode controls that reorder how text is shown (CVE-2021-42574, "Trojan Source")
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# a cheap test on the raw file before walking its values: the characters, or their escapes
BIDI_BYTES = re.compile(
    b"|".join([*(re.escape(c.encode("utf-8")) for c in BIDI), rb"\\[uU]0*20[26]"])
)
# every match of BIDI_BYTES holds one of these; `in` on bytes is a memchr-speed scan
_BIDI_PREFIXES = (b"\xe2\x80", b"\xe2\x81", b"\\u", b"\\U")


def may_hold_bidi(raw: bytes) -> bool:
    """True if the raw file holds a bidirectional control character or its escape."""
    return any(prefix in raw for prefix in _BIDI_PREFIXES) and BIDI_BYTES.search(raw) is not None


def check(kind: str, doc: Document, ids: Ids) -> Iterator[Diagnostic]:
    """Every problem of `doc` that the schema cannot see."""
    data = doc.data
    if kind == "incident":
        yield from _incident(doc, ids)
    elif kind == "contact":
        yield from _owners(doc)
        yield from _ref(
            doc,
            ("replaced_by",),
            data.get("replaced_by"),
            ids["contact"],
            "replaced_by names contact {!r}, which does not exist",
        )
    elif kind == "problem-report":
        yield from _ref(
            doc,
            ("channel",),
            data.get("channel"),
            ids["contact"],
            "channel {!r} is not a contact in ledger/contacts/",
        )
        yield from _ref(
            doc,
            ("incident",),
            data.get("incident"),
            ids["incident"],
            "incident {!r} does not exist",
        )
    elif kind in _CALENDAR_REFS:
        yield from _calendar_refs(doc, ids, kind)


# the calendar kinds' references: (list key or None for a single value, key, kind, message)
_CALENDAR_REFS: dict[str, tuple[tuple[str | None, str, str, str], ...]] = {
    "certificate": (
        (None, "parent", "certificate", "parent certificate {!r} is not in ledger/certificates/"),
        ("audits", "", "audit", "audit line {!r} is not in ledger/audits/"),
        ("documents", "", "document", "policy document {!r} is not in ledger/documents/"),
    ),
    "audit": (
        ("certificates", "", "certificate", "certificate {!r} is not in ledger/certificates/"),
    ),
}


def _calendar_refs(doc: Document, ids: Ids, kind: str) -> Iterator[Diagnostic]:
    data = doc.data
    for list_key, key, target, message in _CALENDAR_REFS[kind]:
        if list_key is None:
            yield from _ref(doc, (key,), data.get(key), ids[target], message)
            continue
        for i, ref in enumerate(_list(data, list_key)):
            yield from _ref(doc, (list_key, i), ref, ids[target], message)
    if kind != "audit":
        return
    seen: dict[str, tuple[int, int]] = {}
    for i, period in _items(data, "periods"):
        for j, found in _items(period, "findings"):
            where = ("periods", i, "findings", j)
            yield from _ref(
                doc,
                (*where, "incident"),
                found.get("incident"),
                ids["incident"],
                "finding names incident {!r}, which does not exist",
            )
            id_ = found.get("id")
            if isinstance(id_, str) and seen.setdefault(id_.casefold(), (i, j)) != (i, j):
                yield _error(
                    doc.pos((*where, "id")),
                    codes.DUPLICATE_ID,
                    f"finding id {id_!r} is used twice in this audit line (ids are compared "
                    "without case)",
                    "give each finding its own id",
                )


def _incident(doc: Document, ids: Ids) -> Iterator[Diagnostic]:
    data = doc.data
    yield from _unique_item_ids(doc)
    yield from _placeholders(doc)
    for i, rel in enumerate(_list(data, "related")):
        path, ref = (
            (("related", i, "ref"), rel.get("ref"))
            if isinstance(rel, dict)
            else (("related", i), rel)
        )
        yield from _ref(doc, path, ref, ids["incident"], "related incident {!r} does not exist")
    causes = _ids_of(data, "root_causes")
    items = _ids_of(data, "action_items")
    for i, item in _items(data, "action_items"):
        for j, cause in enumerate(_list(item, "root_causes")):
            yield from _ref(
                doc,
                ("action_items", i, "root_causes", j),
                cause,
                causes,
                f"action item {item.get('id')!r} points to root cause {{!r}}, "
                "which this incident does not have",
            )
    lessons = data.get("lessons")
    for group in _LESSON_LISTS if isinstance(lessons, dict) else ():
        for i, lesson in _items(lessons, group):
            for j, ref in enumerate(_list(lesson, "action_items")):
                yield from _ref(
                    doc,
                    ("lessons", group, i, "action_items", j),
                    ref,
                    items,
                    "lesson points to action item {!r}, which this incident does not have",
                )
    for i, waiver in _items(data, "waivers"):
        yield from _ref(
            doc,
            ("waivers", i, "item"),
            waiver.get("item"),
            items,
            "waiver names action item {!r}, which this incident does not have",
        )


# text a template or skeleton leaves for the author: never a posted fact
PLACEHOLDER = re.compile(
    r"\b(?:TODO|TBD|FIXME|XXX)\b|\[(?:Two or three sentences|A few sentences)[^\]]*\]"
)
_CLOSURE_TEXTS = ("description", "root_causes", "remediation", "commitments")


def _placeholders(doc: Document) -> Iterator[Diagnostic]:
    """A posted fact (an update, the closure summary) still holding placeholder text."""
    data = doc.data
    texts: list[tuple[Path, Any]] = [
        (("updates", i, "text"), update.get("text")) for i, update in _items(data, "updates")
    ]
    closure = data.get("closure")
    if isinstance(closure, dict):
        texts += [(("closure", key), closure.get(key)) for key in _CLOSURE_TEXTS]
    for path, text in texts:
        found = PLACEHOLDER.search(text) if isinstance(text, str) else None
        if found is not None:
            yield _error(
                doc.pos(path),
                codes.PLACEHOLDER,
                f"{'.'.join(str(p) for p in path)} still holds the placeholder"
                f" {found.group(0)!r}: a posted fact says what was posted",
                "write what was posted (or remove the entry until it is)",
            )


def _unique_item_ids(doc: Document) -> Iterator[Diagnostic]:
    # ids are compared without case: they become anchors and file names, which may ignore case
    for what, key in _ITEM_LISTS:
        seen: dict[str, tuple[int, str]] = {}
        for i, item in _items(doc.data, key):
            id_ = item.get("id")
            if not isinstance(id_, str):
                continue
            first_at, first = seen.setdefault(id_.casefold(), (i, id_))
            if first_at != i:
                how = "is used twice" if first == id_ else f"differs from {first!r} only by case"
                yield _error(
                    doc.pos((key, i, "id")),
                    codes.DUPLICATE_ID,
                    f"{what} id {id_!r} {how} in this incident",
                    f"give each {what} its own id",
                )


def _owners(doc: Document) -> Iterator[Diagnostic]:
    for i, owner in _items(doc.data, "owners"):
        if i > 0 and "from" not in owner:
            yield _error(
                doc.pos(("owners", i)),
                codes.MISSING_KEY,
                f"owners[{i}] has no 'from': only the first owner may leave its start out",
                "write the day this owner took over, e.g. from: 2024-02-01",
            )


def _ref(
    doc: Document, path: Path, ref: Any, known: set[str], message: str
) -> Iterator[Diagnostic]:
    # a value that is not id-shaped (a URL, a wrong type) is the schema's to report, or no reference
    if not isinstance(ref, str) or not _ID.match(ref):
        return
    if ref not in known:
        near = difflib.get_close_matches(ref, sorted(known), n=1)
        hint = f"did you mean {near[0]!r}?" if near else "create the record it names, or fix the id"
        yield _error(doc.pos(path), codes.DANGLING, message.format(ref), hint)


def bidi_warnings(doc: Document) -> Iterator[Diagnostic]:
    """A warning for each text value that holds a bidirectional control character."""
    for path, text in _strings(doc.data, ()):
        found = sorted({f"U+{ord(c):04X}" for c in text if c in BIDI})
        if found:
            yield Diagnostic(
                doc.pos(path),
                codes.BIDI.code,
                codes.BIDI.name,
                "warning",
                f"text holds Unicode bidirectional control {', '.join(found)}, which can "
                "make it read differently from what it says",
                "remove the control characters; write right-to-left text without them",
            )


def _strings(data: Any, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*path, i))


def _ids_of(obj: Any, key: str) -> set[str]:
    return {item["id"] for _, item in _items(obj, key) if isinstance(item.get("id"), str)}


def _list(obj: Any, key: str) -> list[Any]:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, list) else []


def _items(obj: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for i, item in enumerate(_list(obj, key)):
        if isinstance(item, dict):
            yield i, item


def _error(pos: Pos, problem: codes.Problem, message: str, hint: str) -> Diagnostic:
    return Diagnostic(pos, problem.code, problem.name, "error", message, hint)
