"""The message export (DESIGN.md §5): one dict per stored message, in id order, streamed."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from triage.models import Conversation, Message

BATCH = 500


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


def message_row(message: Message, conversation: Conversation | None, team_name: str | None) -> dict:
    """The export record of one message; fields are a contract, add but never rename."""
    c = message.classification
    link = message.case_link
    return {
        "id": message.id,
        "message_id": message.message_id,
        "channel": message.channel,
        "sender": message.sender_email or message.sender,
        "subject": message.subject,
        "received_at": _iso(message.received_at),
        "conversation_id": message.conversation_id,
        "topics": list(c.topics) if c else [],
        "topic_scores": dict(c.topic_scores) if c else {},
        "kind": c.kind if c else None,
        "urgent": bool(c.urgent) if c else False,
        "urgent_reasons": list(c.urgent_reasons) if c else [],
        "language": c.language if c else None,
        "case_ref": link.case.case_ref if link is not None and link.case is not None else None,
        "link_status": link.status if link is not None else "none",
        "team": team_name,
        "priority": conversation.priority if conversation else None,
        "due_at": _iso(conversation.due_at) if conversation else None,
        "status": message.status,
        "text": message.text,
        # Additions beyond the contract:
        "model_version": c.model_version if c else None,
        "needs_review": bool(c.needs_review) if c else False,
        "direction": message.direction,
        "error": message.error,
    }


def export_messages(session: Session) -> Iterator[dict]:
    """Every stored message, oldest id first, in batches (memory stays flat)."""
    last_id = 0
    while True:
        batch = list(session.scalars(
            select(Message)
            .where(Message.id > last_id)
            .order_by(Message.id)
            .limit(BATCH)
            .options(
                selectinload(Message.classifications),
                selectinload(Message.case_link),
                selectinload(Message.conversation).selectinload(Conversation.team),
            )
        ))
        if not batch:
            return
        for message in batch:
            conv = message.conversation
            yield message_row(message, conv, conv.team.name if conv and conv.team else None)
        last_id = batch[-1].id
        session.expunge_all()
