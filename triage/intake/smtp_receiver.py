"""Receiving mail over SMTP or LMTP (aiosmtpd): 250 only once the exact bytes are committed.

Over the size cap the answer is 552 (the sending server bounces it to the sender); a storage
failure is 451, a temporary failure the sending server retries, so nothing is ever lost by
accepting what was not stored.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SMTPSession
from redis.exceptions import RedisError

from triage.db import session_scope, utcnow
from triage.jobs.queue import enqueue_processing
from triage.runtime import Runtime
from triage.services.intake import MessageTooLarge, store_raw_email

log = logging.getLogger(__name__)

TOO_BIG = "552 5.3.4 Message too big"
NOT_STORED = "451 4.3.0 Message not stored; please try again later"


class _SizeReplies:
    """aiosmtpd's own over-size replies carry no enhanced status code; answer as MTAs expect."""

    async def push(self, status: str) -> None:
        if status.startswith("552 Error"):
            status = f"{TOO_BIG} (limit {self.data_size_limit:,} bytes)"  # type: ignore[attr-defined]
        await super().push(status)  # type: ignore[misc]


class TriageSMTP(_SizeReplies, SMTP):
    """SMTP server with enhanced status codes on size refusals."""


class TriageLMTP(_SizeReplies, LMTP):
    """LMTP server (RFC 2033) with enhanced status codes on size refusals."""


class StoringHandler:
    """aiosmtpd handler: store the exact bytes with the envelope, commit, enqueue, then 250."""

    def __init__(self, runtime: Runtime, *, lmtp: bool = False) -> None:
        self.runtime = runtime
        self.lmtp = lmtp

    async def handle_DATA(self, server: SMTP, session: SMTPSession, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        envelope_fields = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "peer": _peer(session.peer),
            "helo": session.host_name,
            "protocol": "lmtp" if self.lmtp else "smtp",
        }
        # The database is blocking: keep it off the event loop so other connections carry on.
        reply = await asyncio.to_thread(self.store, raw, envelope_fields)
        # LMTP answers once per recipient after DATA; the message was stored once for all of them.
        return "\r\n".join([reply] * len(envelope.rcpt_tos)) if self.lmtp else reply

    def store(self, raw: bytes, envelope: dict[str, Any]) -> str:
        """Store and commit one received message; the SMTP reply to give."""
        settings = self.runtime.settings
        try:
            with session_scope(self.runtime.sessions) as session:
                message, created = store_raw_email(session, raw, source=f"{envelope['protocol']}:{envelope['peer']}",
                                                   envelope=envelope, received_at=utcnow(),
                                                   max_bytes=settings.max_message_bytes)
                message_id, status = message.id, message.status
        except MessageTooLarge as exc:
            log.warning("refused a message from %s: %s", envelope["peer"], exc)
            return TOO_BIG
        except Exception:  # anything at all: the sender must retry rather than think we have it
            log.exception("could not store a message from %s; answered 451", envelope["peer"])
            return NOT_STORED
        if created and status == "received":
            try:
                enqueue_processing(settings, message_id)
            except RedisError:  # stored and committed: the worker's start-up recovery queues it
                log.exception("message %s stored but not queued", message_id)
        return f"250 2.0.0 Stored as message {message_id}"


def _peer(peer: Any) -> str:
    if isinstance(peer, tuple) and len(peer) >= 2:
        return f"{peer[0]}:{peer[1]}"
    return str(peer)


class ReceiverController(Controller):
    """A threaded aiosmtpd server speaking SMTP or LMTP, with the size cap as its data limit."""

    def __init__(self, runtime: Runtime, *, host: str = "127.0.0.1", port: int = 8025, lmtp: bool = False) -> None:
        self.lmtp = lmtp
        super().__init__(StoringHandler(runtime, lmtp=lmtp), hostname=host, port=port,
                         data_size_limit=runtime.settings.max_message_bytes)

    def factory(self) -> SMTP:
        server_class = TriageLMTP if self.lmtp else TriageSMTP
        return server_class(self.handler, **self.SMTP_kwargs)


def start_receiver(runtime: Runtime, *, host: str = "127.0.0.1", port: int = 8025, lmtp: bool = False) -> ReceiverController:
    """Start the receiver on its own thread; call .stop() on the result to shut it down."""
    controller = ReceiverController(runtime, host=host, port=port, lmtp=lmtp)
    controller.start()
    return controller
