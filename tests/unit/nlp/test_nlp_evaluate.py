"""The evaluation report's figures, on hand-made analyses whose right answers are known."""

from __future__ import annotations

import numpy as np

from training.evaluate import abstain_split, core_macro_f1, evaluate, expected_calibration_error, markdown
from triage.nlp.labels import KINDS, TOPICS
from triage.nlp.pipeline import Analysis


def _row(topics: list[str], kind: str = "enquiry", urgent: bool = False) -> dict:
    return {"id": "r", "subject": "", "body": "", "topics": topics, "kind": kind, "urgent": urgent, "urgent_reasons": []}


def _analysis(topics: list[str], *, needs_review: bool = False, kind: str = "enquiry", urgent: bool = False) -> Analysis:
    return Analysis(
        topics=topics, topic_scores={t: (0.9 if t in topics else 0.1) for t in TOPICS}, kind=kind,
        kind_scores={k: (0.9 if k == kind else 0.1 / 3) for k in KINDS}, urgent=urgent, urgent_reasons=[],
        language="en", entities=[], explanations={}, needs_review=needs_review, model_version="test",
    )


def test_core_macro_f1_is_the_mean_of_the_four_core_topics() -> None:
    rows = [_row(["timeliness"]), _row(["school_place"]), _row(["communication"]), _row(["appeal"])]
    perfect = [_analysis(r["topics"]) for r in rows]
    assert core_macro_f1(rows, perfect) == 1.0
    # Missing the only appeal: appeal F1 0, the other three 1.
    assert core_macro_f1(rows, perfect[:3] + [_analysis([])]) == 0.75
    assert core_macro_f1([], []) is None


def test_abstain_split_scores_trusted_and_reviewed_messages_apart() -> None:
    rows = [_row(["timeliness"]), _row(["appeal"]), _row(["communication"]), _row(["school_place"])]
    analyses = [
        _analysis(["timeliness"]), _analysis(["appeal"]),  # right, trusted
        _analysis(["appeal"], needs_review=True), _analysis([], needs_review=True),  # wrong, sent to a person
    ]
    split = abstain_split(rows, analyses)
    assert (split["trusted_n"], split["review_n"]) == (2, 2)
    assert split["trusted_core_macro_f1"] > split["review_core_macro_f1"]
    assert split["review_core_macro_f1"] == 0.0


def test_report_counts_urgent_misses_and_kind_confusion() -> None:
    rows = [_row(["timeliness"], "complaint", urgent=True), _row([], "other"), _row(["appeal"], "tribunal")]
    analyses = [_analysis(["timeliness"], kind="enquiry", urgent=False), _analysis([], kind="other"),
                _analysis(["appeal"], kind="tribunal", needs_review=True)]
    figures = evaluate(rows, analyses)
    assert figures["urgent"]["recall"] == 0.0 and figures["urgent"]["missed_ids"] == ["r"]
    confusion = figures["kind"]["confusion"]
    assert confusion[KINDS.index("complaint")][KINDS.index("enquiry")] == 1
    assert figures["needs_review_rate"] == round(1 / 3, 4)
    text = markdown({"model_version": "test", "created_at": "now", "splits": {"s": figures}})
    assert "on the 2 the model is trusted with" in text and "on the 1 sent to a person" in text


def test_calibration_error_is_zero_when_confidence_matches_outcomes() -> None:
    probs = np.array([0.25] * 4 + [0.75] * 4)
    truth = np.array([1, 0, 0, 0, 1, 1, 1, 0])
    assert expected_calibration_error(truth, probs) == 0.0
    assert expected_calibration_error(1 - truth, probs) == 0.5
