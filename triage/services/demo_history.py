"""Twelve weeks of synthetic past contact for the demo, so the managers' dashboard has trends.

The texts are the generated training samples (synthetic), sent from the sample register's
parents; see settle_history for how they were answered.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.clocks.calendar import ENGLAND, add_working_days_dt
from triage.models import CaseContact, Message
from triage.services.clocks import stop_service_clock
from triage.services.intake import store_raw_email

SOURCE = "demo-history"


def history_mail(texts: list[dict], senders: list[tuple[str, str]], *, now: datetime, weeks: int = 12,
                 count: int = 240, seed: int = 7) -> list[tuple[bytes, datetime]]:
    """(raw email, arrival) pairs spread over the past weeks, a little busier lately."""
    rng = random.Random(seed)
    mails = []
    for n in range(count):
        sample = rng.choice(texts)
        name, email = rng.choice(senders)
        days_ago = int(weeks * 7 * (rng.random() ** 1.3))  # skewed towards recent weeks
        arrived = (now - timedelta(days=days_ago)).replace(hour=rng.randint(7, 21), minute=rng.randint(0, 59))
        arrived = min(arrived, now - timedelta(minutes=rng.randint(5, 300)))  # today's mail came earlier today
        message = EmailMessage()
        message["From"] = f"{name} <{email}>"
        message["To"] = "send.team@council.example"
        message["Subject"] = sample["subject"] or "Enquiry"
        message["Date"] = format_datetime(arrived)
        message["Message-ID"] = f"<history-{seed}-{n}@sample.example>"
        message.set_content(sample["body"])
        mails.append((bytes(message), arrived))
    return sorted(mails, key=lambda pair: pair[1])


def has_history(session: Session) -> bool:
    return session.scalar(select(Message.id).where(Message.source.like(f"{SOURCE}%")).limit(1)) is not None


def store_history(session: Session, samples: Path, now: datetime) -> list[int]:
    """Store the past contact (raw, as any mail); returns the new message ids to process."""
    texts = [json.loads(line) for line in (samples / "training" / "generated.jsonl").read_text().splitlines()[:2000]]
    senders = [(c.name, c.email) for c in session.scalars(
        select(CaseContact).where(CaseContact.relationship_to_child.in_(("parent", "carer")), CaseContact.email.is_not(None))
        .order_by(CaseContact.id))]
    ids = []
    for n, (raw, arrived) in enumerate(history_mail(texts, senders, now=now)):
        message, created = store_raw_email(session, raw, source=f"{SOURCE}:{n}", received_at=arrived)
        if created:
            ids.append(message.id)
    return ids


def settle_history(session: Session, message_ids: list[int], now: datetime, seed: int = 7) -> int:
    """Answer the past contacts as a stretched service would; how many were answered.

    Older than a fortnight: all answered and resolved, two thirds within the promise and the rest
    late. The last fortnight: about half answered so far, the rest still in the queue.
    """
    rng = random.Random(seed)
    answered = 0
    for message in session.scalars(select(Message).where(Message.id.in_(message_ids)).order_by(Message.id)):
        if message.conversation is None:
            continue
        recent = message.received_at > now - timedelta(days=14)
        if recent and rng.random() > 0.5:
            continue
        days = rng.randint(1, 5) if rng.random() < 0.68 else rng.randint(6, 15)
        replied = add_working_days_dt(message.received_at, days, ENGLAND)
        if replied < now:
            stop_service_clock(session, message.conversation_id, replied)
            message.conversation.status = "resolved"
            answered += 1
    return answered
