"""Messages as received (raw bytes first), their attachments, classifications and case links."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from triage.db import Base, JSONType, UTCDateTime, utcnow

CHANNELS = ("email", "form", "api", "phone")
# received: stored, not yet processed; processed: through the pipeline; quarantined: a stage
# failed (error kept, retryable); auto_reply / bounce: stored and shown, never queued as work;
# outbound: written by the service.
MESSAGE_STATUSES = ("received", "processed", "quarantined", "auto_reply", "bounce", "outbound")


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the raw bytes: the same bytes twice are stored once. A reused Message-ID with
    # other content is another message.
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(12))
    direction: Mapped[str] = mapped_column(String(10), default="inbound")
    source: Mapped[str | None] = mapped_column(String(200))  # file path, IMAP uid, API client
    envelope: Mapped[dict] = mapped_column(JSONType, default=dict)
    message_id: Mapped[str | None] = mapped_column(String(998), index=True)
    in_reply_to: Mapped[str | None] = mapped_column(Text)
    references: Mapped[str | None] = mapped_column(Text)
    # Outlook's Thread-Index reduced to its conversation part (see intake.thread_keys).
    thread_key: Mapped[str | None] = mapped_column(String(40), index=True)
    sender: Mapped[str | None] = mapped_column(Text)
    sender_email: Mapped[str | None] = mapped_column(String(320), index=True)
    sender_name: Mapped[str | None] = mapped_column(String(300))
    subject: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="received", index=True)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the sender wrote now (the classifier's input), and what was quoted or signed.
    text: Mapped[str | None] = mapped_column(Text)
    quoted_text: Mapped[str | None] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)  # sanitised, for display
    form_fields: Mapped[dict] = mapped_column(JSONType, default=dict)
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id"), index=True
    )
    sent_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    conversation = relationship("Conversation", back_populates="messages")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="message", cascade="all, delete-orphan"
    )
    classifications: Mapped[list[Classification]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="Classification.id"
    )
    case_link: Mapped[CaseLink | None] = relationship(
        back_populates="message", cascade="all, delete-orphan", uselist=False
    )

    @property
    def classification(self) -> Classification | None:
        """The newest classification (one per model version)."""
        return self.classifications[-1] if self.classifications else None


def english_words(*columns: ColumnElement[str | None]) -> ColumnElement[object]:
    """to_tsvector('english', a || ' ' || b ...): one expression for both the index and the search."""
    document = func.coalesce(columns[0], text("''"))
    for column in columns[1:]:
        document = document + text("' '") + func.coalesce(column, text("''"))
    # Literal text, not bound parameters, so PostgreSQL matches the query's expression to the
    # index's (and so the index belongs to the table of the first column it finds).
    return func.to_tsvector(text("'english'"), document)


# The queue's full-text search (PostgreSQL): what the sender wrote, the subject and who they are.
MESSAGE_WORDS = english_words(Message.subject, Message.sender_name, Message.sender_email, Message.text)
Index("ix_messages_words", MESSAGE_WORDS, postgresql_using="gin").ddl_if(dialect="postgresql")


class Attachment(Base):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(500), default="")
    content_type: Mapped[str] = mapped_column(String(200), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    extracted_text: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(String(300))  # e.g. "over the parse limit"

    message: Mapped[Message] = relationship(back_populates="attachments")


class Classification(Base):
    """One model version's reading of one message; upserted on (message, model version)."""

    __tablename__ = "classifications"
    __table_args__ = (UniqueConstraint("message_id", "model_version", name="uq_classifications_msg_model"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    model_version: Mapped[str] = mapped_column(String(80))
    topics: Mapped[list[str]] = mapped_column(JSONType, default=list)
    topic_scores: Mapped[dict] = mapped_column(JSONType, default=dict)
    kind: Mapped[str] = mapped_column(String(20))
    kind_scores: Mapped[dict] = mapped_column(JSONType, default=dict)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    urgent_reasons: Mapped[list[str]] = mapped_column(JSONType, default=list)
    language: Mapped[str] = mapped_column(String(12), default="en")
    entities: Mapped[list[dict]] = mapped_column(JSONType, default=list)
    explanations: Mapped[dict] = mapped_column(JSONType, default=dict)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    message: Mapped[Message] = relationship(back_populates="classifications")


class CaseLink(Base):
    """The linker's (or a person's) decision on which child's case a message is about."""

    __tablename__ = "case_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), unique=True
    )
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="none")
    method: Mapped[str] = mapped_column(String(60), default="")
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    candidates: Mapped[list[dict]] = mapped_column(JSONType, default=list)
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    message: Mapped[Message] = relationship(back_populates="case_link")
    case = relationship("Case")


class Feedback(Base):
    """A person's correction of a prediction, kept for the next training run and evaluation."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    field: Mapped[str] = mapped_column(String(30))  # topics, kind, urgent, case_link
    predicted: Mapped[dict] = mapped_column(JSONType, default=dict)
    corrected: Mapped[dict] = mapped_column(JSONType, default=dict)
    model_version: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    message: Mapped[Message] = relationship()
