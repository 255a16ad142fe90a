"""How the linker fares against people's decisions: figures from agents' link corrections (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class LinkReview:
    """One person's decision on what the linker proposed for a message."""

    predicted_status: str           # linked, suggested, ambiguous, none
    predicted_case_id: int | None
    decided_case_id: int | None     # None when the person rejected the link
    candidate_case_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class LinkerFigures:
    automatic_reviewed: int
    automatic_confirmed: int
    automatic_wrong: int            # a person unlinked it or chose another child: the worst error
    suggestions_decided: int
    suggestions_top_candidate: int  # the person chose the linker's first candidate
    suggestions_in_candidates: int  # ... or one of its candidates
    unlinked_then_found: int        # the linker found nothing; a person found the case

    def lines(self) -> list[str]:
        def share(n: int, d: int) -> str:
            return f"{n}/{d} ({n / d:.0%})" if d else "0/0"

        return [
            f"automatic links reviewed by people: {self.automatic_reviewed}",
            f"  confirmed: {share(self.automatic_confirmed, self.automatic_reviewed)}",
            f"  WRONG (unlinked or another child): {share(self.automatic_wrong, self.automatic_reviewed)}",
            f"suggestions decided by people: {self.suggestions_decided}",
            f"  the first candidate: {share(self.suggestions_top_candidate, self.suggestions_decided)}",
            f"  one of the candidates: {share(self.suggestions_in_candidates, self.suggestions_decided)}",
            f"no candidate, then linked by hand: {self.unlinked_then_found}",
        ]


def linker_figures(reviews: Iterable[LinkReview]) -> LinkerFigures:
    """Count the linker's automatic links people kept or undid, and how good its suggestions were."""
    auto = confirmed = wrong = decided = top = among = found = 0
    for r in reviews:
        if r.predicted_status == "linked":
            auto += 1
            if r.decided_case_id == r.predicted_case_id:
                confirmed += 1
            else:
                wrong += 1
        elif r.predicted_status in ("suggested", "ambiguous") and r.decided_case_id is not None:
            decided += 1
            top += bool(r.candidate_case_ids) and r.candidate_case_ids[0] == r.decided_case_id
            among += r.decided_case_id in r.candidate_case_ids
        elif r.predicted_status == "none" and r.decided_case_id is not None:
            found += 1
    return LinkerFigures(auto, confirmed, wrong, decided, top, among, found)
