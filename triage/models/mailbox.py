"""Where the IMAP poller has got to in each mailbox folder, so a restart neither loses nor repeats mail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from triage.db import Base, JSONType, UTCDateTime, utcnow


class MailboxState(Base):
    """One polled folder: its UIDVALIDITY and the highest UID whose message is committed here.

    `last_uid` advances in the same transaction that stores the message, so what is below it is
    stored; `refused` lists messages left on the server (e.g. over the size cap) for people to see.
    """

    __tablename__ = "mailbox_states"
    __table_args__ = (UniqueConstraint("host", "user", "folder", name="uq_mailbox_states_host_user_folder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    user: Mapped[str] = mapped_column(String(320))
    folder: Mapped[str] = mapped_column(String(255))
    # UIDVALIDITY is an unsigned 32-bit number: too big for a signed INTEGER on PostgreSQL.
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    # [{"uid": 12, "size": 31457280, "reason": "...", "at": "2026-11-29T11:00:00+00:00"}]
    refused: Mapped[list[dict]] = mapped_column(JSONType, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
