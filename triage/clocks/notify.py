"""Telling team leads about clocks due soon or breached: the emails (pure); triage.mailout sends them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from email.message import EmailMessage
from typing import Protocol


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
