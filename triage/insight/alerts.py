"""Alerts: a topic whose weekly volume is far above its recent range."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

BASELINE_WEEKS = 8
SIGMAS = 3.0
MIN_CONTACTS = 10  # a jump from 1 to 4 is noise, not news


@dataclass(frozen=True)
class TopicAlert:
    topic: str
    week: str  # the week start, ISO
    count: int
    baseline_mean: float
    baseline_sd: float

    @property
    def threshold(self) -> float:
        return self.baseline_mean + SIGMAS * self.baseline_sd

    def sentence(self) -> str:
        """The notice as one plain sentence."""
        return (f"{self.topic.replace('_', ' ').capitalize()}: {self.count} contacts in the week of {self.week}, "
                f"against {self.baseline_mean:.0f} a week on average over the previous {BASELINE_WEEKS} weeks.")


def topic_alerts(weekly: Mapping[str, Sequence[int]], weeks: Sequence[str], *,
                 baseline_weeks: int = BASELINE_WEEKS, sigmas: float = SIGMAS,
                 minimum: int = MIN_CONTACTS) -> list[TopicAlert]:
    """For the last week: topics above mean + sigmas*sd of the weeks before it, and at least minimum.

    weekly maps topic -> counts per week, oldest first, aligned with weeks. Needs baseline_weeks
    of history before the last week; fewer weeks raise nothing.
    """
    alerts = []
    for topic, counts in weekly.items():
        if len(counts) < baseline_weeks + 1:
            continue
        baseline = [float(c) for c in counts[-baseline_weeks - 1:-1]]
        latest = int(counts[-1])
        mean = statistics.fmean(baseline)
        sd = statistics.pstdev(baseline)
        if latest >= minimum and latest > mean + sigmas * sd:
            alerts.append(TopicAlert(topic, weeks[-1], latest, round(mean, 1), round(sd, 1)))
    return sorted(alerts, key=lambda a: -a.count)
