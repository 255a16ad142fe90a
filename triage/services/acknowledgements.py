"""Acknowledging a new contact by email, at most N times a day per address (flush only)."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage.config import Settings
from triage.intake.acknowledgement import acknowledgement_refusal, build_acknowledgement
from triage.models import Conversation, Message
from triage.services.audit import record
from triage.services.intake import content_hash

ACK_SOURCE = "acknowledgement:"


def acknowledgement_for(session: Session, message_id: int) -> Message | None:
    """The acknowledgement already stored for this message, if any."""
    return session.scalar(select(Message).where(Message.direction == "outbound",
                                                Message.source == f"{ACK_SOURCE}{message_id}"))


def sent_to_today(session: Session, address: str, now: datetime) -> int:
    return session.scalar(select(func.count(Message.id)).where(
        Message.direction == "outbound", Message.source.like(f"{ACK_SOURCE}%"),
        Message.envelope["to"].as_string() == address, Message.stored_at > now - timedelta(hours=24))) or 0


def prepare_acknowledgement(session: Session, message_id: int, settings: Settings, now: datetime) -> EmailMessage | str:
    """The acknowledgement to send for this message, or the reason none is sent."""
    message = session.get(Message, message_id)
    if message is None or message.conversation_id is None:
        return "the message is not in a conversation"
    if acknowledgement_for(session, message_id) is not None:
        return "already acknowledged"
    refusal = acknowledgement_refusal(
        sender_email=message.sender_email, automatic=message.status in ("auto_reply", "bounce"),
        already_sent_today=sent_to_today(session, message.sender_email or "", now),
        cap=settings.acknowledge_cap_per_day, own_address=settings.mail_from)
    if refusal:
        return refusal
    conversation = session.get(Conversation, message.conversation_id)
    return build_acknowledgement(to=message.sender_email or "", subject=message.subject or "", token=conversation.token,
                                 in_reply_to=message.message_id, mail_from=settings.mail_from,
                                 reply_days=settings.service_reply_days)


def store_acknowledgement(session: Session, message_id: int, ack: EmailMessage, now: datetime) -> Message:
    """Keep the sent acknowledgement in the conversation, as an outbound message."""
    original = session.get(Message, message_id)
    raw = bytes(ack)
    outbound = Message(
        content_hash=content_hash(raw), raw=raw, size=len(raw), channel="email", direction="outbound",
        status="outbound", source=f"{ACK_SOURCE}{message_id}", envelope={"to": str(ack["To"])},
        message_id=str(ack["Message-ID"]).strip("<>"), in_reply_to=original.message_id,
        sender=str(ack["From"]), sender_email=str(ack["From"]), subject=str(ack["Subject"]),
        received_at=now, stored_at=now, text=ack.get_content(), conversation_id=original.conversation_id,
    )
    session.add(outbound)
    session.flush()
    record(session, "message.acknowledged", "message", message_id, details={"outbound_id": outbound.id})
    return outbound
