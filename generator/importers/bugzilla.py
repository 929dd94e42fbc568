"""Bugzilla REST replies (saved files or fetched) → checked, cleaned bugs with their comments.

Replies are untrusted: every bug is checked for the fields a draft needs (a clear error names
the file and the bug otherwise), and text is cleaned of control characters and cut to a
bounded length. The draft (`bugzilla_draft`) takes the title, dates, whiteboard tags and
dates, status, the CA's comments as updates (a closure summary comment as the closure), and
other people's questions and open needinfo requests as questions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.errors import LedgerError

RESOLUTIONS = {
    "FIXED": "fixed",
    "INVALID": "invalid",
    "DUPLICATE": "duplicate",
    "WONTFIX": "wontfix",
}
CLOSED_STATUSES = {"RESOLVED", "VERIFIED", "CLOSED"}
_CLOSURE_LABELS = {
    "incident description": "description",
    "incident root cause(s)": "root_causes",
    "incident root causes": "root_causes",
    "remediation description": "remediation",
    "commitment summary": "commitments",
}
_LABEL = re.compile(
    r"^[\s*•\-]*\**\s*(incident description|incident root causes?\(?s?\)?|remediation description|"
    r"commitment summary)\s*:?\**\s*:?\s*(.*)$",
    re.IGNORECASE,
)
_ATTESTED = re.compile(r"have been completed as described", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Comment:
    count: int
    creator: str
    time: str  # ISO 8601 UTC as Bugzilla writes it: 2024-03-29T02:00:00Z
    text: str


@dataclass(slots=True)
class Bug:
    id: int
    data: dict[str, Any]
    comments: list[Comment] = field(default_factory=list)
    with_comments: bool = True  # False: only the search's metadata was given


_TIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
MAX_TEXT = 20_000
_NO_BUGS = LedgerError(
    'no bug found: expected the JSON of a Bugzilla search or bug ({"bugs": [{...}]})',
    "save it with: curl -s 'https://bugzilla.mozilla.org/rest/bug?…' > bugs.json",
)


def load(paths: list[Path]) -> list[Bug]:
    """Saved responses → bugs sorted by id, with their comments where a comment file has them.

    A path may be a folder: every `*.json` file in it is read. A search result, a single bug,
    comment files for one or many bugs, or a list/object holding several responses are all
    recognised by their shape. Bad input raises `LedgerError` naming the file and the bug.
    """
    return bugs_from((str(path), r) for path in _files(paths) for r in _responses(path))


def bugs_from(replies: Iterable[tuple[str, dict[str, Any]]]) -> list[Bug]:
    """REST replies (`where` names each in messages) → bugs, as `load` describes."""
    metadata: dict[int, dict[str, Any]] = {}
    comments: dict[int, list[Comment]] = {}
    for where, response in replies:
        bugs = response.get("bugs")
        if isinstance(bugs, list):
            for i, raw in enumerate(bugs):
                bug = checked_bug(raw, f"{where}: bugs[{i}]")
                metadata.setdefault(bug["id"], {}).update(bug)
        elif isinstance(bugs, dict):
            for key, entry in bugs.items():
                number, found = _comments(str(key), entry, where)
                comments.setdefault(number, []).extend(found)
        else:
            raise _shape(where)
    if not metadata:
        raise _NO_BUGS
    return [
        Bug(n, data, sorted(comments.get(n, []), key=lambda c: c.count), n in comments)
        for n, data in sorted(metadata.items())
    ]


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.glob("*.json") if p.is_file())
        else:
            out.append(path)
    return out


def _shape(path: Path | str) -> LedgerError:
    return LedgerError(
        f'{path}: not a Bugzilla REST response (no "bugs" list or comment mapping)',
        "pass saved /rest/bug?… search results, /rest/bug/ID or /rest/bug/ID/comment replies",
    )


def _responses(path: Path) -> Iterator[dict[str, Any]]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as exc:
        raise LedgerError(
            f"{path}:{exc.lineno}:{exc.colno}: cannot read {path.name} as JSON: {exc.msg}",
            "pass the saved Bugzilla REST replies (a login page or a cut download is not one)",
        ) from None
    except (OSError, UnicodeDecodeError, RecursionError) as exc:
        what = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise LedgerError(
            f"cannot read {path} as JSON: {what}", "pass the saved Bugzilla REST replies"
        ) from None
    if isinstance(data, list):
        yield from (d for d in data if isinstance(d, dict))
    elif isinstance(data, dict) and "bugs" not in data:
        found = [d for d in data.values() if isinstance(d, dict) and "bugs" in d]
        if not found:
            raise _shape(path)
        yield from found
    elif isinstance(data, dict):
        yield data
    else:
        raise _shape(path)


def clean(text: str, limit: int = MAX_TEXT) -> str:
    """Text from Bugzilla made safe for a record: no control characters, no lone surrogates,
    no unbounded length."""
    cut = text[: limit + 1].replace("\r\n", "\n")  # cut first: a 100 MB summary costs nothing
    return _CONTROL.sub(" ", cut)[:limit]


def _bad(where: str, what: str) -> LedgerError:
    return LedgerError(
        f"{where}: {what}",
        "save the reply again from Bugzilla's REST API; the file is not what Bugzilla sends",
    )


def checked_bug(raw: Any, where: str) -> dict[str, Any]:
    """One bug of a search reply, checked and cleaned (the file is untrusted)."""
    if not isinstance(raw, dict):
        raise _bad(where, f"a bug must be an object, not {type(raw).__name__}")
    number = raw.get("id")
    if isinstance(number, str) and number.isdigit():
        number = int(number)
    if not isinstance(number, int) or isinstance(number, bool) or not 0 < number < 10**9:
        raise _bad(where, f"'id' must be a bug number, not {str(number)[:40]!r}")
    where = f"{where} (bug {number})"
    for key in ("summary", "status", "creation_time"):
        if not isinstance(raw.get(key), str):
            raise _bad(where, f"'{key}' is missing or not text")
    if not _TIME.match(raw["creation_time"]) or not _valid_time(raw["creation_time"]):
        raise _bad(where, f"'creation_time' {raw['creation_time'][:40]!r} is not a Bugzilla time")
    bug: dict[str, Any] = {
        k: clean(v, 10_000 if k == "whiteboard" else 1000)
        for k, v in raw.items()
        if isinstance(v, str)
    }
    bug["id"] = number
    bug["summary"] = " ".join(bug["summary"].split()) or f"Bugzilla bug {number}"
    bug["status"] = bug["status"].strip().upper()[:40]
    for key in ("cf_last_resolved", "last_change_time"):
        if key in bug and not (_TIME.match(bug[key]) and _valid_time(bug[key])):
            del bug[key]
    if isinstance(raw.get("assigned_to_detail"), dict):
        bug["assigned_to_detail"] = {
            "real_name": clean(str(raw["assigned_to_detail"].get("real_name") or ""), 200)
        }
    if "flags" in raw:  # absent ≠ none: a later reply of the same bug may add them
        bug["flags"] = [f for f in _list(raw["flags"]) if _flag_ok(f)]
    if "see_also" in raw:
        bug["see_also"] = [
            u for u in _list(raw["see_also"]) if isinstance(u, str) and _URL.match(u)
        ]
    return bug


_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f]{1,2000}$")


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _valid_time(text: str) -> bool:
    try:
        # the C parser: strptime costs 10x, and 1,700 bugs hold thousands of times
        return bool(_TIME.match(text)) and datetime.fromisoformat(text).year >= 1970
    except ValueError:
        return False


def _flag_ok(flag: Any) -> bool:
    return (
        isinstance(flag, dict)
        and all(isinstance(flag.get(k), str) for k in ("name", "status", "creation_date"))
        and _valid_time(flag["creation_date"])
    )


def _comments(key: str, entry: Any, path: str) -> tuple[int, list[Comment]]:
    if not key.isdigit() or len(key) > 9 or not isinstance(entry, dict):
        raise _bad(f"{path}: bugs[{key[:20]!r}]", "expected a bug number and its comments")
    out = []
    for i, raw in enumerate(_list(entry.get("comments"))):
        if not isinstance(raw, dict) or raw.get("is_private"):
            continue
        time = raw.get("creation_time") or raw.get("time")
        count = raw.get("count", i)
        if not isinstance(time, str) or not _valid_time(time) or not isinstance(count, int):
            raise _bad(f"{path}: bug {key} comment {i}", "no valid 'count' and 'creation_time'")
        out.append(
            Comment(
                count,
                clean(str(raw.get("creator", "")), 200),
                time,
                clean(str(raw.get("text", ""))),
            )
        )
    return int(key), out


def instant(iso: str) -> str:
    """Bugzilla's `2024-03-29T02:00:00Z` → the ledger's `2024-03-29T02:00Z` (seconds if set)."""
    moment = datetime.fromisoformat(iso)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ" if moment.second else "%Y-%m-%dT%H:%MZ")


def closure_summary(text: str) -> dict[str, str] | None:
    """The four closure fields of a "Report Closure Summary" comment, or None."""
    fields: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        found = _LABEL.match(line)
        if found:
            label = found.group(1).lower().replace("cause(s)", "cause(s)")
            current = _CLOSURE_LABELS.get(label) or ("root_causes" if "root" in label else None)
            if current:
                fields[current] = [found.group(2)]
            continue
        if _ATTESTED.search(line):
            current = None
        elif current:
            fields[current].append(line)
    done = {k: " ".join(" ".join(v).split()) for k, v in fields.items()}
    return done if len(done) == 4 and all(done.values()) else None


def is_attested(text: str) -> bool:
    return bool(_ATTESTED.search(text))


def without_quotes(text: str) -> str:
    """A comment without the quoted lines of the comment it replies to."""
    kept = [
        line
        for line in text.splitlines()
        if not line.startswith(">") and not line.startswith("(In reply to")
    ]
    return "\n".join(kept).strip()


def is_question(text: str) -> bool:
    body = without_quotes(text).lower()
    return "?" in body or "please" in body
