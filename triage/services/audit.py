"""Writing audit events: who did or saw what, when."""

from __future__ import annotations

from sqlalchemy.orm import Session

from triage.models import AuditEvent


def record(
    session: Session,
    action: str,
    object_type: str,
    object_id: int | None,
    *,
    actor_user_id: int | None = None,
    actor: str = "system",
    details: dict | None = None,
) -> AuditEvent:
    """Add an audit event to the unit of work."""
    event = AuditEvent(
        action=action,
        object_type=object_type,
        object_id=object_id,
        actor_user_id=actor_user_id,
        actor=actor if actor_user_id is None else f"user:{actor_user_id}",
        details=details or {},
    )
    session.add(event)
    return event
