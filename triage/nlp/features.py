"""Feature building shared by training and serving: sentence embeddings, word and character TF-IDF, tone cues."""

from __future__ import annotations

import re
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


# A complaint expresses dissatisfaction; an enquiry asks or chases. These cue families give the kind
# classifier that distinction directly, so a polite question about a topic is not read as a grievance.
_CUES: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.IGNORECASE) for p in (
    # negative judgement
    r"\b(unacceptable|disgrace\w*|disgusted|appall\w*|shocking|outrage\w*|ridiculous|pathetic|incompeten\w*|"
    r"scandal\w*|shambles|joke|useless|terrible|awful|absurd|not good enough|beyond belief)\b",
    # feelings of the writer
    r"\b(furious|angry|livid|fed up|sick (of|and tired)|upset|distraught|let down|frustrat\w*|exhausted|"
    r"at (the end of my tether|my wits'? end)|failed|failing|ignored|fobbed off|disappointed|dissatisfied|unhappy)\b",
    # escalation and demands
    r"\b(formal complaint|complain\w*|ombudsman|lgsco|my mp|solicitor|legal action|judicial review|"
    r"i (want|demand|expect) (an? )?(apology|explanation|answers?)|escalate)\b",
    # persistence and repetition
    r"\b(again|still (no|not|nothing|waiting)|yet again|no one|nobody|never|for months|weeks? late|months? late|overdue)\b",
    # asking politely
    r"\b(could you|can you|please|would you|wondered|wondering|just (checking|asking)|any (news|update)|"
    r"let me know|grateful|thanks?|thank you|advice|how do i|what happens|is it possible)\b",
    r"\?",
))
CUE_CAP = 3.0
CUE_WEIGHT = 0.5


def cue_features(texts: Sequence[str]) -> np.ndarray:
    """Counts (capped, scaled) of dissatisfaction, escalation and polite-asking cues per text."""
    out = np.zeros((len(texts), len(_CUES)), dtype=np.float32)
    for i, text in enumerate(texts):
        for j, pattern in enumerate(_CUES):
            out[i, j] = min(len(pattern.findall(text)), CUE_CAP)
    return out * (CUE_WEIGHT / CUE_CAP)


def feature_matrix(
    embeddings: np.ndarray, word: TfidfVectorizer, char: TfidfVectorizer, texts: Sequence[str]
) -> sparse.csr_matrix:
    """[weighted embedding | word TF-IDF | char TF-IDF | tone cues] as one sparse matrix."""
    dense = sparse.csr_matrix(np.asarray(embeddings, dtype=np.float32) * EMBEDDING_WEIGHT)
    cues = sparse.csr_matrix(cue_features(texts))
    return sparse.hstack([dense, word.transform(texts), char.transform(texts), cues], format="csr")

