"""Running the fitted classifiers over texts: shared by serving (pipeline) and evaluation (training)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

from triage.nlp.features import feature_matrix
from triage.nlp.labels import KINDS, TOPICS

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

ENCODE_BATCH = 32


@dataclass(frozen=True)
class Scores:
    topics: np.ndarray  # (n, len(TOPICS)) calibrated probabilities
    kinds: np.ndarray  # (n, len(KINDS)) calibrated probabilities, rows sum to 1
    urgent: np.ndarray  # (n,) calibrated probability


def embedding_dim(encoder: SentenceTransformer) -> int:
    """Width of the encoder's sentence embeddings."""
    return int(encoder.get_embedding_dimension() or 384)


def encode(encoder: SentenceTransformer, texts: Sequence[str]) -> np.ndarray:
    """Unit-length sentence embeddings, batched, no progress bar."""
    if not texts:
        return np.zeros((0, embedding_dim(encoder)), dtype=np.float32)
    return encoder.encode(
        list(texts), batch_size=ENCODE_BATCH, normalize_embeddings=True, show_progress_bar=False,
        convert_to_numpy=True,
    )


def features(classifiers: Mapping[str, Any], embeddings: np.ndarray, texts: Sequence[str]) -> sparse.csr_matrix:
    """The feature matrix the fitted classifiers expect."""
    return feature_matrix(embeddings, classifiers["word"], classifiers["char"], texts)


def _positive(clf: Any, X: sparse.csr_matrix) -> np.ndarray:
    classes = list(clf.classes_)
    return clf.predict_proba(X)[:, classes.index(1)]


def predict(classifiers: Mapping[str, Any], X: sparse.csr_matrix) -> Scores:
    """Calibrated probabilities for every topic, kind and urgency."""
    topics = np.column_stack([_positive(classifiers["topics"][label], X) for label in TOPICS])
    kind_clf = classifiers["kind"]
    raw = kind_clf.predict_proba(X)
    order = [list(kind_clf.classes_).index(kind) for kind in KINDS]
    return Scores(topics=topics, kinds=raw[:, order], urgent=_positive(classifiers["urgent"], X))


def _base(clf: Any) -> Any:
    # CalibratedClassifierCV(ensemble=False) keeps one estimator fitted on all data; its margin ranks evidence.
    return clf.calibrated_classifiers_[0].estimator


def margins(clf: Any, X: sparse.csr_matrix, positive: Any = 1) -> np.ndarray:
    """Uncalibrated decision margin of one label (or one kind) for each row, used to rank sentences."""
    base = _base(clf)
    decision = base.decision_function(X)
    if decision.ndim == 1:
        return decision if positive == base.classes_[1] else -decision
    return decision[:, list(base.classes_).index(positive)]
