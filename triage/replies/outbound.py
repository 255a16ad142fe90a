"""The reply as an RFC 5322 email: threaded on the message it answers, carrying the token. Pure."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from triage.intake.thread_keys import subject_with_token


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1] if "@" in address else "triage.invalid"


def references_for(parent_message_id: str | None, parent_references: str | None) -> list[str]:
    """The answered message's References followed by its Message-ID (RFC 5322 §3.6.4), bare ids."""
    # Intake stores ids bare; strip brackets anyway so a stray "<id>" never becomes "<<id>>".
    chain = [ref.strip("<>") for ref in (parent_references or "").split() if ref.strip("<>")]
    parent = (parent_message_id or "").strip().strip("<>")
    if parent and parent not in chain:
        chain.append(parent)
    return chain


def build_reply(
    *,
    mail_from: str,
    from_name: str,
    to_address: str,
    to_name: str | None,
    subject: str,
    token: str,
    body: str,
    in_reply_to: str | None,
    references: list[str],
    sent_at: datetime,
) -> EmailMessage:
    """The outbound email with a fresh Message-ID; the subject carries the conversation token once.

    Ids come in bare, as intake stores them, and go out in angle brackets.
    """
    email = EmailMessage()
    email["From"] = formataddr((from_name, mail_from))
    email["To"] = formataddr((to_name or "", to_address))
    email["Subject"] = subject_with_token(subject, token)
    email["Date"] = format_datetime(sent_at)
    email["Message-ID"] = make_msgid(domain=_domain(mail_from))
    if in_reply_to and in_reply_to.strip("<>"):
        email["In-Reply-To"] = f"<{in_reply_to.strip('<>')}>"
    if references:
        email["References"] = " ".join(f"<{ref}>" for ref in references)
    email.set_content(body.replace("\r\n", "\n"), subtype="plain", charset="utf-8")
    return email
