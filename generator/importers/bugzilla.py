"""A saved Bugzilla bug (`/rest/bug/ID` + `/rest/bug/ID/comment` responses) → a draft incident.

No network: the user saves the two JSON responses (in one file or two). The draft takes the
title, dates, whiteboard tags and "Next update"/"close on" dates, status, the assignee's
comments as updates (a closure summary comment as the closure), and other people's questions
and open needinfo requests as questions, answered by the assignee's next comment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
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


def load(paths: list[Path]) -> Bug:
    """Read one or two saved responses (or one file holding both, as an object or a list)."""
    bug: dict[str, Any] | None = None
    comments: dict[str, Any] | None = None
    for path in paths:
        for response in _responses(path):
            if isinstance(response.get("bugs"), list):
                bug = response["bugs"][0] if response["bugs"] else None
            elif isinstance(response.get("bugs"), dict):
                comments = response
    if bug is None:
        raise LedgerError(
            'no bug found: expected the JSON of /rest/bug/ID ({"bugs": [{...}]})',
            "save the bug with: curl -s https://bugzilla.mozilla.org/rest/bug/ID > bug.json",
        )
    if comments is None:
        raise LedgerError(
            "no comments found: expected the JSON of /rest/bug/ID/comment "
            '({"bugs": {"ID": {"comments": [...]}}})',
            "save them with: "
            "curl -s https://bugzilla.mozilla.org/rest/bug/ID/comment > comments.json",
        )
    entry = comments["bugs"].get(str(bug.get("id")))
    if not isinstance(entry, dict):
        raise LedgerError(
            f"the comments file holds no comments for bug {bug.get('id')}",
            "save the comments of the same bug",
        )
    return Bug(
        int(bug["id"]),
        bug,
        [_comment(c) for c in entry.get("comments", []) if not c.get("is_private")],
    )


def _responses(path: Path) -> Iterator[dict[str, Any]]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LedgerError(
            f"cannot read {path} as JSON: {exc}", "pass the saved Bugzilla REST responses"
        ) from None
    if isinstance(data, list):
        yield from (d for d in data if isinstance(d, dict))
    elif isinstance(data, dict) and "bugs" not in data:
        yield from (d for d in data.values() if isinstance(d, dict))
    elif isinstance(data, dict):
        yield data


def _comment(raw: dict[str, Any]) -> Comment:
    time = raw.get("creation_time") or raw.get("time") or ""
    return Comment(
        int(raw.get("count", 0)), str(raw.get("creator", "")), str(time), str(raw.get("text", ""))
    )


def instant(iso: str) -> str:
    """Bugzilla's `2024-03-29T02:00:00Z` → the ledger's `2024-03-29T02:00Z` (seconds if set)."""
    moment = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ" if moment.second else "%Y-%m-%dT%H:%MZ")


def whiteboard(text: str) -> tuple[list[str], str | None, str | None]:
    """Tags, the "Next update" date and the "close on" date written in the whiteboard."""
    tags, next_update, close_on = [], None, None
    for token in re.findall(r"\[([^\]]*)\]", text):
        found = re.match(r"close\s+on\s+(\d{4}-\d{2}-\d{2})", token.strip(), re.IGNORECASE)
        if found:
            close_on = found.group(1)
            continue
        tag = re.sub(r"[^a-z0-9-]+", "-", token.strip().lower()).strip("-")
        if tag and tag not in tags and not tag.startswith("next-update"):
            tags.append(tag)
    found = re.search(r"next\s+update\s*:?\s*(\d{4}-\d{2}-\d{2})", text, re.IGNORECASE)
    if found:
        next_update = found.group(1)
    return tags, next_update, close_on


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
