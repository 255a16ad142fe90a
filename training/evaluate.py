"""Evaluation of analyses against labelled rows: per-label P/R/F1, calibration, kind confusion, urgent recall."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from triage.nlp.labels import CORE_TOPICS, KINDS, TOPICS
from triage.nlp.pipeline import Analysis

ECE_BINS = 10


def expected_calibration_error(y_true: np.ndarray, probs: np.ndarray, bins: int = ECE_BINS) -> float:
    """Weighted mean gap between confidence and accuracy over equal-width probability bins."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.digitize(probs, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            total += mask.mean() * abs(probs[mask].mean() - y_true[mask].mean())
    return float(total)


def _prf(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary", zero_division=0)
    return {"precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4), "support": int(y_true.sum())}


def core_macro_f1(rows: Sequence[dict[str, Any]], analyses: Sequence[Analysis]) -> float | None:
    """Mean F1 of the four core topics over these rows (None for no rows)."""
    if not rows:
        return None
    f1s = [_prf(np.array([int(t in r["topics"]) for r in rows]), np.array([int(t in a.topics) for a in analyses]))["f1"]
           for t in CORE_TOPICS]
    return round(float(np.mean(f1s)), 4)


def abstain_split(rows: Sequence[dict[str, Any]], analyses: Sequence[Analysis]) -> dict[str, Any]:
    """Core macro-F1 on the messages the model is trusted with and on those it sends to a person.

    The abstain rule earns its cost only if the second figure is clearly lower than the first."""
    split: dict[str, Any] = {}
    for name, sent_to_person in (("trusted", False), ("review", True)):
        pairs = [(r, a) for r, a in zip(rows, analyses) if a.needs_review == sent_to_person]
        split[f"{name}_n"] = len(pairs)
        split[f"{name}_core_macro_f1"] = core_macro_f1([r for r, _ in pairs], [a for _, a in pairs])
    return split


def evaluate(rows: Sequence[dict[str, Any]], analyses: Sequence[Analysis]) -> dict[str, Any]:
    """All headline figures for one labelled split."""
    per_label: dict[str, dict[str, float]] = {}
    probs_all, truth_all, brier = [], [], {}
    for label in TOPICS:
        y = np.array([int(label in r["topics"]) for r in rows])
        pred = np.array([int(label in a.topics) for a in analyses])
        prob = np.array([a.topic_scores[label] for a in analyses])
        per_label[label] = _prf(y, pred)
        brier[label] = round(float(np.mean((prob - y) ** 2)), 4)
        probs_all.append(prob)
        truth_all.append(y)
    kinds_true = [r["kind"] for r in rows]
    kinds_pred = [a.kind for a in analyses]
    urgent_true = np.array([int(r["urgent"]) for r in rows])
    urgent_pred = np.array([int(a.urgent) for a in analyses])
    missed = [r["id"] for r, a in zip(rows, analyses) if r["urgent"] and not a.urgent]
    false_alarms = [r["id"] for r, a in zip(rows, analyses) if a.urgent and not r["urgent"]]
    kind_f1 = precision_recall_fscore_support(kinds_true, kinds_pred, labels=list(KINDS), zero_division=0)[2]
    return {
        "n": len(rows),
        "core_macro_f1": core_macro_f1(rows, analyses),
        "all_topics_macro_f1": round(float(np.mean([per_label[t]["f1"] for t in TOPICS if per_label[t]["support"]])), 4),
        "topics": per_label,
        "calibration": {
            "brier_per_topic": brier,
            "brier_mean": round(float(np.mean(list(brier.values()))), 4),
            "ece_topics": round(expected_calibration_error(np.concatenate(truth_all), np.concatenate(probs_all)), 4),
        },
        "kind": {
            "accuracy": round(float(np.mean([t == p for t, p in zip(kinds_true, kinds_pred)])), 4),
            "macro_f1": round(float(np.mean(kind_f1)), 4),
            "labels": list(KINDS),
            "confusion": confusion_matrix(kinds_true, kinds_pred, labels=list(KINDS)).tolist(),
        },
        "urgent": {**_prf(urgent_true, urgent_pred), "missed_ids": missed, "false_alarm_ids": false_alarms},
        "needs_review_rate": round(float(np.mean([a.needs_review for a in analyses])), 4),
        "abstain": abstain_split(rows, analyses),
    }


def _abstain_line(figures: dict[str, Any]) -> str:
    split = figures["abstain"]
    return (f"core macro-F1 {split['trusted_core_macro_f1']} on the {split['trusted_n']} the model is trusted with, "
            f"{split['review_core_macro_f1']} on the {split['review_n']} sent to a person")


def markdown(report: dict[str, Any]) -> str:
    """The evaluation report as Markdown."""
    lines = [f"# Evaluation of {report['model_version']}", "", f"Created {report['created_at']}.", ""]
    for split, figures in report["splits"].items():
        lines += [f"## {split} (n={figures['n']})", "",
                  f"- core topics macro-F1: **{figures['core_macro_f1']}**; all topics macro-F1: {figures['all_topics_macro_f1']}",
                  f"- urgent recall: **{figures['urgent']['recall']}**, precision {figures['urgent']['precision']} "
                  f"(support {figures['urgent']['support']}); missed: {figures['urgent']['missed_ids'] or 'none'}",
                  f"- kind accuracy {figures['kind']['accuracy']}, macro-F1 {figures['kind']['macro_f1']}",
                  f"- calibration: mean Brier {figures['calibration']['brier_mean']}, ECE {figures['calibration']['ece_topics']}",
                  f"- needs human triage: {figures['needs_review_rate']:.1%} of messages; {_abstain_line(figures)}", "",
                  "| topic | precision | recall | F1 | support | Brier |", "|---|---|---|---|---|---|"]
        for label, m in figures["topics"].items():
            lines.append(f"| {label} | {m['precision']} | {m['recall']} | {m['f1']} | {m['support']} | "
                         f"{figures['calibration']['brier_per_topic'][label]} |")
        kinds = figures["kind"]["labels"]
        lines += ["", "Kind confusion (rows: true, columns: predicted)", "", "| | " + " | ".join(kinds) + " |",
                  "|---" * (len(kinds) + 1) + "|"]
        for kind, row in zip(kinds, figures["kind"]["confusion"]):
            lines.append(f"| {kind} | " + " | ".join(str(v) for v in row) + " |")
        lines.append("")
    return "\n".join(lines)
