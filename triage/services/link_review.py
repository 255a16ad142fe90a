"""Reading people's link decisions (Feedback rows) for the linker's evaluation in production."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from triage.linking.review import LinkReview
from triage.models import Feedback, Message


def link_reviews(session: Session) -> Iterator[LinkReview]:
    """The first decision a person made on each message's link, oldest first.

    Only the first counts: later changes review a person's decision, not the linker's.
    """
    seen: set[int] = set()
    rows = session.scalars(
        select(Feedback).where(Feedback.field == "case_link").order_by(Feedback.created_at, Feedback.id)
        .options(selectinload(Feedback.message).selectinload(Message.case_link))
    )
    for fb in rows:
        if fb.message_id in seen:
            continue
        seen.add(fb.message_id)
        link = fb.message.case_link if fb.message else None
        candidates = tuple(c["case_id"] for c in (link.candidates if link else []) if c.get("case_id") is not None)
        yield LinkReview(
            predicted_status=(fb.predicted or {}).get("status") or "none",
            predicted_case_id=(fb.predicted or {}).get("case_id"),
            decided_case_id=(fb.corrected or {}).get("case_id"),
            candidate_case_ids=candidates,
        )
