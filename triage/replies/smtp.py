"""Sending a reply through the shared mail-out, with failures told in words for the agent."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from triage.config import Settings
from triage.mailout.smtp import MailNotConfigured, send_emails


class ReplyNotSent(RuntimeError):
    """The mail server did not take the reply; the message says what to do."""


def send(settings: Settings, email: EmailMessage) -> None:
    """Hand the reply to the configured SMTP server; raises ReplyNotSent with a clear reason on failure."""
    kept = "Nothing was sent; your draft is kept below."
    try:
        send_emails(settings, [email], required=True)
    except MailNotConfigured:
        raise ReplyNotSent("Replies cannot be sent: no mail server is configured (TRIAGE_SMTP_HOST). "
                           f"Ask an administrator to set it. {kept}") from None
    except smtplib.SMTPAuthenticationError:
        raise ReplyNotSent(f"The mail server refused our sign-in (TRIAGE_SMTP_USER / TRIAGE_SMTP_PASSWORD). {kept}") from None
    except smtplib.SMTPRecipientsRefused:
        raise ReplyNotSent(f"The mail server refused the family's address; check it. {kept}") from None
    except (smtplib.SMTPException, OSError) as error:
        raise ReplyNotSent(f"The mail server could not be reached or refused the reply ({error.__class__.__name__}). "
                           f"{kept} Try again in a few minutes.") from None
