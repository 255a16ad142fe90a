"""Choosing the sentences that drove a prediction, and the abstain decision."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

MAX_EXPLANATIONS = 2
# Kind confidence below this, or a near-threshold topic, sends the message to a person.
MIN_KIND_CONFIDENCE = 0.55
BORDERLINE_MARGIN = 0.08


def top_sentences(sentences: Sequence[str], scores: np.ndarray, k: int = MAX_EXPLANATIONS) -> list[str]:
    """The k highest-scoring sentences, in their original order, skipping those with no positive evidence."""
    if not sentences:
        return []
    scores = np.asarray(scores, dtype=float)
    order = np.argsort(-scores, kind="stable")
    best = [i for i in order[:k] if scores[i] > 0] or [int(order[0])]
    return [sentences[i] for i in sorted(best)]


def review_reasons(
    *,
    words: int,
    language: str,
    kind: str,
    kind_scores: Mapping[str, float],
    topics: Sequence[str],
    topic_scores: Mapping[str, float],
    thresholds: Mapping[str, float],
) -> list[str]:
    """Why a person should triage this message rather than trust the model (empty: trust it)."""
    reasons = []
    if words < 3:
        reasons.append("too little text to classify")
    if language not in ("en", "und"):
        reasons.append(f"not written in English ({language}); the model reads English")
    if kind_scores.get(kind, 0.0) < MIN_KIND_CONFIDENCE:
        reasons.append(f"unsure whether this is a complaint, enquiry, tribunal notice or other ({kind_scores.get(kind, 0.0):.2f})")
    if kind in ("complaint", "enquiry") and not topics:
        reasons.append("no topic recognised")
    borderline = [
        label for label, score in topic_scores.items()
        if abs(score - thresholds.get(label, 0.5)) < BORDERLINE_MARGIN
    ]
    if borderline:
        reasons.append("borderline topics: " + ", ".join(sorted(borderline)))
    return reasons
