"""Storing what arrives, raw, before anything else can fail. Idempotent on the content hash."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from email.utils import parsedate_to_datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from triage.db import utcnow
from triage.intake.forms import FormSubmission, sender_label
from triage.models import Message


class MessageTooLarge(ValueError):
    """Refused at the door: over the hard size cap (SMTP 552, HTTP 413)."""


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _store(session: Session, raw: bytes, **fields: object) -> tuple[Message, bool]:
    digest = content_hash(raw)
    existing = session.scalar(select(Message).where(Message.content_hash == digest))
    if existing is not None:
        return existing, False
    message = Message(content_hash=digest, raw=raw, size=len(raw), **fields)
    # A savepoint, so that a concurrent insert of the same bytes (two intake processes) loses
    # cleanly and we return the winner's row instead of failing the whole batch.
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        winner = session.scalar(select(Message).where(Message.content_hash == digest))
        if winner is None:
            raise
        return winner, False
    return message, True


def header_date(raw: bytes) -> datetime | None:
    """The Date header of a mail, if it parses: used as the arrival time for historic files."""
    try:
        value = BytesHeaderParser().parsebytes(raw[:65536]).get("Date")
        if not value:
            return None
        parsed = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def store_raw_email(
    session: Session,
    raw: bytes,
    *,
    source: str | None,
    envelope: dict | None = None,
    received_at: datetime | None = None,
    max_bytes: int | None = None,
) -> tuple[Message, bool]:
    """Store an email's exact bytes; returns (message, created). The same bytes twice: stored once."""
    if max_bytes is not None and len(raw) > max_bytes:
        raise MessageTooLarge(f"message of {len(raw):,} bytes is over the {max_bytes:,}-byte limit")
    return _store(
        session,
        raw,
        channel="email",
        source=source,
        envelope=envelope or {},
        received_at=received_at or utcnow(),
        status="received",
    )


def store_submission(session: Session, submission: FormSubmission, *, source: str | None) -> tuple[Message, bool]:
    """Store a validated form, API or phone submission as its canonical JSON bytes."""
    received_at = datetime.fromisoformat(submission.received_at)
    return _store(
        session,
        submission.to_bytes(),
        channel=submission.channel,
        source=source,
        envelope={},
        received_at=received_at,
        status="received",
        sender=sender_label(submission.sender_name, submission.sender_email, submission.sender_phone),
        sender_email=submission.sender_email or None,
        sender_name=submission.sender_name,
        subject=submission.subject,
    )


def store_unreadable(session: Session, raw: bytes, *, channel: str, source: str | None, reason: str) -> tuple[Message, bool]:
    """Keep input that is not a usable message (bad JSON, not mail): quarantined with the reason."""
    message, created = _store(
        session, raw, channel=channel, source=source, envelope={}, received_at=utcnow(), status="quarantined"
    )
    if created:
        message.error = reason
    return message, created
