"""Automatic acknowledgements: whether to send one, and the message itself (pure).

RFC 3834: never answer automatic mail, mark ours Auto-Submitted: auto-replied, and cap how many
one address receives, so two auto-responders can never keep each other going.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.utils import make_msgid

from triage.intake.thread_keys import subject_with_token

NO_REPLY = re.compile(r"(^|[._-])(no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounces?)([._+-]|@)", re.IGNORECASE)


def acknowledgement_refusal(*, sender_email: str | None, automatic: bool, already_sent_today: int, cap: int,
                            own_address: str) -> str | None:
    """Why no acknowledgement may go to this sender now, or None when one may."""
    if automatic:
        return "the message is automatic (auto-reply or bounce)"
    if not sender_email:
        return "no sender address"
    if sender_email.lower() == own_address.lower():
        return "the sender is this service"
    if NO_REPLY.search(sender_email):
        return "the sender does not take replies"
    if already_sent_today >= cap:
        return f"this address already had {already_sent_today} acknowledgement(s) in 24 hours (cap {cap})"
    return None


def build_acknowledgement(*, to: str, subject: str, token: str, in_reply_to: str | None, mail_from: str,
                          reply_days: int) -> EmailMessage:
    """The acknowledgement email: the conversation reference and the service promise."""
    ack = EmailMessage()
    ack["From"] = mail_from
    ack["To"] = to
    ack["Subject"] = subject_with_token(subject, token)
    ack["Message-ID"] = make_msgid(domain=mail_from.rpartition("@")[2] or "triage.invalid")
    ack["Auto-Submitted"] = "auto-replied"
    ack["X-Auto-Response-Suppress"] = "All"
    if in_reply_to:
        ack["In-Reply-To"] = f"<{in_reply_to}>"
        ack["References"] = f"<{in_reply_to}>"
    ack.set_content(
        "Thank you for contacting the SEND service. We have received your message.\n\n"
        f"Your reference is {token}. Please keep it in the subject line if you write again about "
        "the same matter.\n\n"
        f"We aim to reply within {reply_days} working days. If a child is at risk of harm, please "
        "call the council's children's services or 999 now rather than waiting for a reply.\n\n"
        "This is an automatic message: please do not reply to it.\n"
    )
    return ack
