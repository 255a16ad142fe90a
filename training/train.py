"""Fitting the vectorisers and calibrated classifiers, and choosing per-label thresholds on validation data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from triage.nlp import scoring
from triage.nlp.features import new_char_vectorizer, new_word_vectorizer
from triage.nlp.labels import TOPICS
from triage.nlp.text import classifier_text
from triage.nlp.urgency_rules import urgency_reasons

# Generated validation data is easier than real mail, so thresholds chosen there stay near the midpoint or above.
THRESHOLD_GRID = np.round(np.arange(0.4, 0.81, 0.01), 2)
# Hand-written validation mail is closer to real contact, so its wider grid may also lower a threshold.
HUMAN_THRESHOLD_GRID = np.round(np.arange(0.25, 0.91, 0.01), 2)
# Below this many positive hand-written examples a label's threshold comes from generated validation.
MIN_HUMAN_SUPPORT = 4
# On ~100 hand-written messages F1 differences this small are noise: prefer the threshold nearest 0.5 among them.
HUMAN_F1_TOLERANCE = 0.02
# C=1 (stronger than the first model's 4) generalised better to the hand-written validation split.
REGULARISATION_C = 1.0
# Generated and composed rows (no "weight" of their own) count for this much in the classifiers: they
# cover the label space, but at full weight their templates outvote the hand-written mail. On the
# 1,194 hand-written validation messages (fine-tuned encoder, 22 batches, 0.5 thresholds) core
# macro-F1 went 0.864 at 1, 0.873 at 0.25, 0.879 at 0.1, 0.876 with none at all; on the 109 written
# in other voices 0.924, 0.946, 0.950, 0.925. (The encoder's fine-tuning keeps its own mix.)
GENERATED_ROW_WEIGHT = 0.1
# The rules carry urgent recall; the model adds what they miss. Its threshold is the highest that keeps
# every urgent validation message the rules miss, never below 0.2 (nearly everything) nor above 0.95.
URGENT_THRESHOLD_RANGE = (0.2, 0.95)


def _calibrated(c: float, cv: int) -> CalibratedClassifierCV:
    base = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, solver="liblinear")
    return CalibratedClassifierCV(base, method="sigmoid", cv=cv, ensemble=False)


def _multiclass(c: float, cv: int) -> CalibratedClassifierCV:
    base = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
    return CalibratedClassifierCV(base, method="sigmoid", cv=cv, ensemble=False)


def fit(rows: Sequence[dict[str, Any]], embeddings: np.ndarray, cv: int = 3, c: float = REGULARISATION_C) -> dict[str, Any]:
    """Fit TF-IDF vectorisers, one calibrated classifier per topic, one for kind and one for urgency."""
    texts = [classifier_text(r["subject"], r["body"]) for r in rows]
    word, char = new_word_vectorizer(), new_char_vectorizer()
    word.fit(texts)
    char.fit(texts)
    classifiers: dict[str, Any] = {"word": word, "char": char, "topics": {}}
    X = scoring.features(classifiers, embeddings, texts)
    weights = np.array([float(r.get("weight", GENERATED_ROW_WEIGHT)) for r in rows])
    for label in TOPICS:
        y = np.array([int(label in r["topics"]) for r in rows])
        classifiers["topics"][label] = _calibrated(c, cv).fit(X, y, sample_weight=weights)
    classifiers["kind"] = _multiclass(c, cv).fit(X, np.array([r["kind"] for r in rows]), sample_weight=weights)
    classifiers["urgent"] = _calibrated(c, cv).fit(X, np.array([int(r["urgent"]) for r in rows]), sample_weight=weights)
    return compact(classifiers)


def compact(classifiers: dict[str, Any]) -> dict[str, Any]:
    """Shrink the artefact: plain-int vocabularies (skops writes one file per NumPy scalar), float32 weights."""
    for name in ("word", "char"):
        vectorizer = classifiers[name]
        vectorizer.vocabulary_ = {term: int(index) for term, index in vectorizer.vocabulary_.items()}
        if hasattr(vectorizer, "stop_words_"):
            del vectorizer.stop_words_
    for clf in [*classifiers["topics"].values(), classifiers["kind"], classifiers["urgent"]]:
        for calibrated in clf.calibrated_classifiers_:
            calibrated.estimator.coef_ = calibrated.estimator.coef_.astype(np.float32)
    return classifiers


def best_threshold(
    y_true: np.ndarray, probs: np.ndarray, grid: np.ndarray = THRESHOLD_GRID, tolerance: float = 0.0
) -> float:
    """Threshold maximising F1; among those within tolerance of the best, the one nearest 0.5 (the calibrated midpoint)."""
    if y_true.sum() == 0:
        return 0.5
    scored = [(float(f1_score(y_true, probs >= t, zero_division=0)), float(t)) for t in grid]
    best = max(f1 for f1, _ in scored)
    return min((abs(t - 0.5), t) for f1, t in scored if f1 >= best - tolerance - 1e-9)[1]


def urgent_threshold(y_true: np.ndarray, probs: np.ndarray, ruled: np.ndarray | None = None) -> float:
    """Highest threshold keeping every urgent validation message the rules miss, within URGENT_THRESHOLD_RANGE."""
    low, high = URGENT_THRESHOLD_RANGE
    if ruled is not None:
        y_true = y_true * (1 - ruled)  # what the rules already flag needs nothing from the model
    if y_true.sum() == 0:
        return high
    lowest_urgent = float(probs[y_true == 1].min())
    return float(np.clip(np.floor(lowest_urgent * 100) / 100, low, high))


def choose_thresholds(
    rows: Sequence[dict[str, Any]], scores: scoring.Scores,
    human_rows: Sequence[dict[str, Any]] = (), human_scores: scoring.Scores | None = None,
) -> dict[str, float]:
    """Per-label thresholds: topics on hand-written validation where it has enough examples, else generated."""
    thresholds = {}
    for j, label in enumerate(TOPICS):
        y_human = np.array([int(label in r["topics"]) for r in human_rows])
        if human_scores is not None and y_human.sum() >= MIN_HUMAN_SUPPORT:
            thresholds[label] = best_threshold(y_human, human_scores.topics[:, j], HUMAN_THRESHOLD_GRID, HUMAN_F1_TOLERANCE)
        else:
            y = np.array([int(label in r["topics"]) for r in rows])
            thresholds[label] = best_threshold(y, scores.topics[:, j])
    urgent_rows, urgent_probs = list(rows), [scores.urgent]
    if human_scores is not None:
        urgent_rows += list(human_rows)
        urgent_probs.append(human_scores.urgent)
    ruled = np.array([int(bool(urgency_reasons(classifier_text(r["subject"], r["body"])))) for r in urgent_rows])
    thresholds["urgent"] = urgent_threshold(
        np.array([int(r["urgent"]) for r in urgent_rows]), np.concatenate(urgent_probs), ruled)
    return thresholds
