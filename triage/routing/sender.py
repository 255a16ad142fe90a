"""What kind of sender wrote a message, for routing rules: pure, from the register's contact roles."""

from __future__ import annotations

from collections.abc import Iterable

from triage.linking.scoring import FAMILY

SCHOOL_ROLES = frozenset({"senco", "school"})
# Replace the example domain with the council's Tribunal correspondence domains as needed.
TRIBUNAL_DOMAINS = ("justice.gov.uk", "hmcts.net", "tribunal.example")
SENDER_TYPES = ("parent", "school", "professional", "tribunal", "unknown")


def sender_type(sender_email: str | None, contact_roles: Iterable[str]) -> str:
    """parent, school, professional, tribunal or unknown."""
    if not sender_email:
        return "unknown"
    if sender_email.endswith(TRIBUNAL_DOMAINS):
        return "tribunal"
    roles = set(contact_roles)
    if roles & FAMILY:
        return "parent"
    if roles & SCHOOL_ROLES:
        return "school"
    return "professional" if roles else "unknown"
