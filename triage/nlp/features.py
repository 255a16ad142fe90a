"""Feature building shared by training and serving: sentence embeddings beside word and character TF-IDF."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

# Embeddings are unit-length; this weight balances them against the (also unit-length) TF-IDF blocks.
EMBEDDING_WEIGHT = 1.5


def new_word_vectorizer() -> TfidfVectorizer:
    """Word uni- and bigrams: the phrases parents and officers use."""
    return TfidfVectorizer(
        lowercase=True, strip_accents="unicode", ngram_range=(1, 2), min_df=2, max_features=12000,
        sublinear_tf=True, token_pattern=r"(?u)\b[^\W\d_][\w']+\b", dtype=np.float32,
    )


def new_char_vectorizer() -> TfidfVectorizer:
    """Character n-grams inside word boundaries: robust to typos, run-together words and missing apostrophes."""
    return TfidfVectorizer(
        lowercase=True, strip_accents="unicode", analyzer="char_wb", ngram_range=(3, 5), min_df=3,
        max_features=20000, sublinear_tf=True, dtype=np.float32,
    )


def feature_matrix(
    embeddings: np.ndarray, word: TfidfVectorizer, char: TfidfVectorizer, texts: Sequence[str]
) -> sparse.csr_matrix:
    """[weighted embedding | word TF-IDF | char TF-IDF] as one sparse matrix."""
    dense = sparse.csr_matrix(np.asarray(embeddings, dtype=np.float32) * EMBEDDING_WEIGHT)
    return sparse.hstack([dense, word.transform(texts), char.transform(texts)], format="csr")
