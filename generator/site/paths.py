"""Where each page and file lives in the generated docs dir (one place, so links agree)."""

from __future__ import annotations

import re

DASHBOARD = "index.md"
INCIDENTS = "incidents/index.md"
ACTIONS = "actions.md"
CONTACTS = "contacts.md"
PROBLEMS = "problem-reports.md"
RULES = "rules.md"
TAGS = "tags.md"
FEEDS = "feeds.md"
CALENDAR = "feeds/deadlines.ics"
ATOM = "feeds/updates.atom"
EXPORT = "export/ledger.json"
ACTIONS_CSV = "export/action-items.csv"
EXPORT_SCHEMA = "schemas/ledger-export.schema.json"
SCRIPT = "assets/ledger.js"
STYLE = "assets/ledger.css"


CALENDAR_PAGE = "calendar.md"


def certificate(record_id: str) -> str:
    return f"certificate/{record_id}.md"


def audit(record_id: str) -> str:
    return f"audit/{record_id}.md"


def incident(record_id: str) -> str:
    return f"incident/{record_id}.md"


def year(value: int) -> str:
    return f"incidents/{value}.md"


OWNER_SLUG_MAX = 60  # file names stay far below the 255 bytes of most file systems


def owner_slug(owner: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", owner.lower()).strip("-")
    return slug[:OWNER_SLUG_MAX].rstrip("-") or "owner"


def owner_calendar(slug: str) -> str:
    return f"feeds/owners/{slug}.ics"


def contact_anchor(record_id: str) -> str:
    return "contact-" + re.sub(r"[^a-z0-9-]", "-", record_id)


def problem_anchor(record_id: str) -> str:
    return "cpr-" + re.sub(r"[^a-z0-9-]", "-", record_id)
