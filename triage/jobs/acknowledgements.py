"""The acknowledgement job: send_acknowledgement(message_id), after a new contact is processed."""

from __future__ import annotations

import logging

from triage.db import session_scope, utcnow
from triage.mailout.smtp import send_emails
from triage.runtime import current_runtime
from triage.services.acknowledgements import prepare_acknowledgement, store_acknowledgement

log = logging.getLogger(__name__)


def send_acknowledgement(message_id: int) -> str:
    """Email the sender their reference, within the per-address cap. Idempotent: one per message.

    Sent first, then stored: if the store fails after the send, a retry may send a second
    acknowledgement, which is better than an unrecorded one.
    """
    runtime = current_runtime()
    now = utcnow()
    with session_scope(runtime.sessions) as session:
        prepared = prepare_acknowledgement(session, message_id, runtime.settings, now)
    if isinstance(prepared, str):
        log.info("message %s not acknowledged: %s", message_id, prepared)
        return prepared
    if not send_emails(runtime.settings, [prepared]):
        return "no mail server configured"
    with session_scope(runtime.sessions) as session:
        store_acknowledgement(session, message_id, prepared, now)
    return "sent"
