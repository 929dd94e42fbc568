"""Shared by the contact rules: whether a contact is in use at the as-of instant.

The as-of view (asof.py) keeps a contact's first owner even when its `from` lies after as_of,
so "has the contact started?" is answered here, in the policy time zone as the view does.
"""

from __future__ import annotations

from generator.model import Contact
from generator.rules.base import Context


def started(contact: Contact, ctx: Context) -> bool:
    """Whether the contact existed at as_of: its first owner's `from` (if known) has begun."""
    first = contact.owners[0].start if contact.owners else None
    return bool(contact.owners) and (first is None or first <= ctx.day(ctx.as_of))


def in_use(contact: Contact, ctx: Context) -> bool:
    """Started and not retired (the view has already removed a retirement after as_of)."""
    return contact.retired is None and started(contact, ctx)
