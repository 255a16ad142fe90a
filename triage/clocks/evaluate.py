"""A clock's due date and state at a given moment: pure, so tests pass `now` instead of sleeping."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from triage.clocks.calendar import ENGLAND, add_working_days, london_date, working_days_between
from triage.clocks.kinds import ClockKind, due_instant


@dataclass(frozen=True)
class ClockReading:
    state: str  # running, paused, met, breached, cannot_start, excepted
    due_on: date | None
    due_at: datetime | None
    due_soon: bool = False
    working_days_left: int | None = None


def parse_span(span: dict) -> tuple[datetime, datetime | None]:
    """A stored pause span's (from, to); `to` is None while the pause is still open."""
    start = datetime.fromisoformat(span["from"])
    end = datetime.fromisoformat(span["to"]) if span.get("to") else None
    return start, end


def is_paused(spans: Sequence[dict]) -> bool:
    """True when the last pause span is still open."""
    return bool(spans) and not spans[-1].get("to")


def paused_length(kind: ClockKind, spans: Sequence[dict], now: datetime) -> int:
    """How far pauses push the due day: working days for working-day clocks, else calendar days."""
    total = 0
    for span in spans:
        start, end = parse_span(span)
        first, last = london_date(start), london_date(end or now)
        if kind.unit == "working_days":
            total += max(0, working_days_between(first, last, kind.calendar))
        else:
            total += max(0, (last - first).days)
    return total


def current_due_on(kind: ClockKind, base_due_on: date, spans: Sequence[dict], now: datetime) -> date:
    """The due day after pushing base_due_on by the time spent paused (up to now if still paused)."""
    pushed = paused_length(kind, spans, now)
    if not pushed:
        return base_due_on
    if kind.unit == "working_days":
        return add_working_days(base_due_on, pushed, kind.calendar)
    return base_due_on + timedelta(days=pushed)


def read_clock(
    kind: ClockKind,
    *,
    now: datetime,
    starts_at: datetime | None,
    base_due_on: date | None,
    paused_spans: Sequence[dict] = (),
    stopped_at: datetime | None = None,
    exception: str | None = None,
    cannot_start_reason: str | None = None,
) -> ClockReading:
    """The clock's state and due time at now, from its facts alone."""
    if cannot_start_reason or starts_at is None or base_due_on is None:
        return ClockReading("cannot_start", None, None)
    due_on = current_due_on(kind, base_due_on, paused_spans, now)
    due_at = due_instant(kind, due_on)
    if stopped_at is not None:
        if stopped_at < due_at:
            return ClockReading("met", due_on, due_at)
        return ClockReading("excepted" if exception else "breached", due_on, due_at)
    if exception:
        return ClockReading("excepted", due_on, due_at)
    if is_paused(paused_spans):
        return ClockReading("paused", due_on, due_at)
    if now >= due_at:
        return ClockReading("breached", due_on, due_at, working_days_left=0)
    left = working_days_between(london_date(now), due_on, ENGLAND)
    return ClockReading(
        "running", due_on, due_at, due_soon=left <= kind.due_soon_working_days, working_days_left=left
    )
