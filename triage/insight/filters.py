"""What the dashboard is asked for: a date range, some teams (None: all) and a topic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from triage.models.insight import ALL_TOPICS


@dataclass(frozen=True)
class DashboardFilters:
    start: date
    end: date
    team_ids: frozenset[int] | None = None  # None: every team
    topic: str | None = None

    @property
    def topic_key(self) -> str:
        """The contacts-aggregate topic row to read: the topic's, or the one that counts each message once."""
        return self.topic or ALL_TOPICS
