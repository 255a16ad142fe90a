"""A themes run: read the period's complaints, redact, embed (function passed in), cluster and store."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, timedelta

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from triage.clocks.calendar import london_date
from triage.clocks.kinds import start_of_day
from triage.insight.redact import redact
from triage.insight.themes import ThemeDoc, cluster_themes
from triage.models import Case, Classification, Conversation, Message
from triage.models.insight import InsightTheme

MAX_DOCS = 5000  # the newest complaints of a period; enough to see its themes, bounded embedding time

Encode = Callable[[Sequence[str]], np.ndarray]


def complaint_docs(session: Session, start: date, end: date) -> list[ThemeDoc]:
    """The period's inbound complaints, newest first, redacted of names, dates of birth and references."""
    other = aliased(Classification)
    newest = select(func.max(other.id)).where(other.message_id == Message.id).correlate(Message).scalar_subquery()
    rows = session.execute(
        select(Message.id, Message.received_at, Message.subject, Message.text, Message.sender_name,
               Classification.entities, Case.child_first_name, Case.child_last_name)
        .select_from(Message)
        .join(Classification, Classification.id == newest)
        .outerjoin(Conversation, Conversation.id == Message.conversation_id)
        .outerjoin(Case, Case.id == Conversation.case_id)
        .where(Message.received_at >= start_of_day(start), Message.received_at < start_of_day(end + timedelta(days=1)),
               Message.direction == "inbound", Message.status == "processed", Classification.kind == "complaint")
        .order_by(Message.received_at.desc()).limit(MAX_DOCS)
    )
    docs = []
    for message_id, received, subject, text, sender, entities, first, last in rows:
        body = (text or subject or "").strip()
        if not body:
            continue
        names = [n for n in (sender, first, last) if n]
        names += [part for n in (sender,) if n for part in n.split()]
        docs.append(ThemeDoc(message_id, london_date(received), redact(body, names, entities or [])))
    return docs


def compute_themes(session: Session, start: date, end: date, encode: Encode) -> list[InsightTheme]:
    """Cluster the period's complaints and store the themes as a new run (flushes; the caller commits)."""
    docs = complaint_docs(session, start, end)
    embeddings = encode([d.text for d in docs]) if docs else np.zeros((0, 1))
    run_id = uuid.uuid4().hex
    rows = [
        InsightTheme(run_id=run_id, period_start=start, period_end=end, rank=rank, label=t.label[:200],
                     terms=t.terms, size=t.size, weekly=t.weekly, trend=t.trend, quotes=t.quotes)
        for rank, t in enumerate(cluster_themes(docs, np.asarray(embeddings), start, end), start=1)
    ]
    session.add_all(rows)
    session.flush()
    return rows
