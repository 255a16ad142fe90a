"""Sending email through the configured SMTP server (STARTTLS when offered, login when configured)."""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage

from triage.config import Settings

log = logging.getLogger(__name__)


class MailNotConfigured(RuntimeError):
    """TRIAGE_SMTP_HOST is not set, so nothing can be sent."""


def send_emails(settings: Settings, messages: Sequence[EmailMessage], *, required: bool = False) -> int:
    """Send the messages in one SMTP session; how many were sent.

    With no TRIAGE_SMTP_HOST: raise MailNotConfigured if required (a person is waiting on the
    send), otherwise log and send nothing (a background notification).
    """
    if not messages:
        return 0
    if not settings.smtp_host:
        if required:
            raise MailNotConfigured("no mail server is configured (set TRIAGE_SMTP_HOST)")
        log.warning("TRIAGE_SMTP_HOST is not set: %d email(s) not sent", len(messages))
        return 0
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        smtp.ehlo()
        if smtp.has_extn("starttls"):
            # Verify the server's certificate: replies carry children's special-category data.
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        for message in messages:
            smtp.send_message(message)
    return len(messages)
