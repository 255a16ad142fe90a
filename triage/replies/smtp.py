"""Sending through the configured SMTP server: STARTTLS when offered, login when configured."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from triage.config import Settings

TIMEOUT_SECONDS = 30


class ReplyNotSent(RuntimeError):
    """The mail server did not take the reply; the message says what to do, in words for the agent."""


def send(settings: Settings, email: EmailMessage, recipients: list[str]) -> None:
    """Hand the email to the SMTP server; raises ReplyNotSent with a clear reason on any failure."""
    if not settings.smtp_host:
        raise ReplyNotSent(
            "Replies cannot be sent: no mail server is configured (TRIAGE_SMTP_HOST). "
            "Ask an administrator to set it; your draft is kept below."
        )
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_SECONDS) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            refused = smtp.send_message(email, from_addr=settings.mail_from, to_addrs=recipients)
    except smtplib.SMTPAuthenticationError:
        raise ReplyNotSent("The mail server refused our sign-in (TRIAGE_SMTP_USER/PASSWORD). Nothing was sent; "
                           "your draft is kept below.") from None
    except smtplib.SMTPRecipientsRefused:
        raise ReplyNotSent("The mail server refused the recipient's address. Nothing was sent; check the "
                           "address, your draft is kept below.") from None
    except (smtplib.SMTPException, OSError) as error:
        raise ReplyNotSent(f"The mail server could not be reached or refused the reply ({error.__class__.__name__}: "
                           f"{error}). Nothing was sent; your draft is kept below, try again.") from None
    if refused:
        raise ReplyNotSent(f"The mail server refused {', '.join(refused)}. Your draft is kept below.")
