"""Telling team leads about clocks due soon or breached: build the emails (pure), then send them."""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from collections.abc import Sequence
from email.message import EmailMessage
from typing import Protocol

from triage.config import Settings

log = logging.getLogger(__name__)


class Alert(Protocol):
    label: str
    event: str
    due_on: object
    about: str
    team_name: str | None
    recipients: tuple[str, ...]


def build_clock_emails(alerts: Sequence[Alert], mail_from: str) -> list[EmailMessage]:
    """One digest email per set of recipients; alerts with nobody to tell are left out."""
    grouped: dict[tuple[str, ...], list[Alert]] = defaultdict(list)
    for alert in alerts:
        if alert.recipients:
            grouped[alert.recipients].append(alert)
    messages = []
    for recipients, items in grouped.items():
        breached = sum(1 for a in items if a.event == "breached")
        soon = len(items) - breached
        team = items[0].team_name or "your team"
        msg = EmailMessage()
        msg["From"] = mail_from
        msg["To"] = ", ".join(recipients)
        msg["Subject"] = f"SEND triage: {breached} breached, {soon} due soon ({team})"
        lines = [f"Clocks for {team} that need attention:", ""]
        for alert in sorted(items, key=lambda a: (a.event != "breached", str(a.due_on))):
            word = "BREACHED" if alert.event == "breached" else "due soon"
            lines.append(f"- {word}: {alert.label}, {alert.about}, due {alert.due_on}")
        lines += ["", "Open the queue in SEND triage to act on them."]
        msg.set_content("\n".join(lines))
        messages.append(msg)
    return messages


def send_emails(settings: Settings, messages: Sequence[EmailMessage]) -> int:
    """Send through the configured SMTP server; with no TRIAGE_SMTP_HOST, log and send nothing."""
    if not messages:
        return 0
    if not settings.smtp_host:
        log.warning("TRIAGE_SMTP_HOST is not set: %d clock notification(s) not emailed", len(messages))
        return 0
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        smtp.ehlo()
        if smtp.has_extn("starttls"):
            smtp.starttls()
            smtp.ehlo()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        for message in messages:
            smtp.send_message(message)
    return len(messages)
