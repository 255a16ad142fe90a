"""Pure aggregation: plain rows about messages, clocks, complaints and appeals in, counted keys out."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from triage.models.insight import ALL_TOPICS, NO_TEAM

SERVICE_CLOCK = "service_first_reply"
COMPLAINT_CLOCKS = ("complaint_stage1_ack", "complaint_stage1_response", "complaint_stage2_response")

ContactKey = tuple[date, int, str, str, str, bool]  # day, team, topic, kind, channel, urgent
FactKey = tuple[date, int, str, str]  # day, team, metric, key


class Facts(dict[FactKey, list[float]]):
    """Fact key -> [count, total]: how many, and a sum to average or add up (days, pence)."""

    def add(self, key: FactKey, total: float = 0.0) -> None:
        """Count one more under key, adding total to its sum."""
        value = self.setdefault(key, [0, 0.0])
        value[0] += 1
        value[1] += total


@dataclass(frozen=True)
class ContactRow:
    """One inbound message as the aggregates see it (its newest classification)."""

    day: date
    team_id: int | None
    topics: tuple[str, ...]
    kind: str | None
    channel: str
    urgent: bool


@dataclass(frozen=True)
class CaseMessageRow:
    day: date
    case_id: int
    team_id: int | None
    inbound: bool


@dataclass(frozen=True)
class ClockRow:
    day: date  # the London day the clock falls due
    team_id: int | None
    kind: str
    state: str


@dataclass(frozen=True)
class ConversationMessageRow:
    """A message in a conversation, for spotting contacts that became complaints."""

    conversation_id: int
    day: date
    team_id: int | None
    kind: str | None
    order: tuple  # sorts the conversation's messages oldest first


def team_key(team_id: int | None) -> int:
    return team_id if team_id is not None else NO_TEAM


def count_contacts(rows: Iterable[ContactRow]) -> Counter[ContactKey]:
    """One ALL_TOPICS row per message, plus one per topic it carries (so topic rows may add up to more)."""
    counts: Counter[ContactKey] = Counter()
    for row in rows:
        base = (row.day, team_key(row.team_id))
        tail = (row.kind or "", row.channel, bool(row.urgent))
        counts[(*base, ALL_TOPICS, *tail)] += 1
        for topic in dict.fromkeys(row.topics):
            counts[(*base, topic, *tail)] += 1
    return counts


def count_case_days(rows: Iterable[CaseMessageRow]) -> dict[tuple[date, int, int], list[int]]:
    """(day, case, team) -> [inbound, outbound]."""
    counts: dict[tuple[date, int, int], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        counts[(row.day, row.case_id, team_key(row.team_id))][0 if row.inbound else 1] += 1
    return dict(counts)


def clock_metric(kind: str) -> str:
    """Which dashboard figure a clock kind feeds: first reply, complaint response, or statutory."""
    if kind == SERVICE_CLOCK:
        return "first_reply"
    if kind in COMPLAINT_CLOCKS:
        return "complaint_clock"
    return "statutory"


def count_clocks(rows: Iterable[ClockRow]) -> Facts:
    """Clocks by the day they fall due: first_reply keyed by state; the others by "kind|state"."""
    counts = Facts()
    for row in rows:
        metric = clock_metric(row.kind)
        key = row.state if metric == "first_reply" else f"{row.kind}|{row.state}"
        counts.add((row.day, team_key(row.team_id), metric, key))
    return counts


def became_complaints(rows: Iterable[ConversationMessageRow]) -> Facts:
    """Conversations that began as something else and turned into a complaint, on the day they turned."""
    by_conversation: dict[int, list[ConversationMessageRow]] = defaultdict(list)
    for row in rows:
        by_conversation[row.conversation_id].append(row)
    counts = Facts()
    for messages in by_conversation.values():
        messages.sort(key=lambda r: r.order)
        if not messages or messages[0].kind == "complaint":
            continue
        first_complaint = next((m for m in messages if m.kind == "complaint"), None)
        if first_complaint is not None:
            counts.add((first_complaint.day, team_key(first_complaint.team_id), "became_complaint", "conversation"))
    return counts
