"""compliance-ledger: compliance incidents as YAML records, checked against their deadlines."""

from __future__ import annotations

__version__ = "0.1.0"
