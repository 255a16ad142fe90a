"""Themes in complaint text: cluster sentence embeddings, label by TF-IDF terms, trend and quotes. Pure."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer

from triage.insight.charts import week_start, weeks_between

MAX_THEMES = 8
QUOTES = 2
QUOTE_CHARS = 240
# Words every SEND complaint shares: they would label every theme the same.
DOMAIN_STOP_WORDS = {"ehcp", "plan", "council", "send", "son", "daughter", "child", "school", "redacted",
                     "date", "reference", "email", "phone", "name", "dear", "thanks", "thank", "regards", "just"}


@dataclass(frozen=True)
class ThemeDoc:
    message_id: int
    received_on: date
    text: str  # already redacted


@dataclass(frozen=True)
class Theme:
    label: str
    terms: list[str]
    size: int
    weekly: list[list]
    trend: str
    quotes: list[dict]


def theme_count(n: int) -> int:
    """How many clusters for n complaints: about sqrt(n/2), at least 1, at most MAX_THEMES."""
    return max(1, min(MAX_THEMES, n, round(math.sqrt(n / 2))))


def trend_of(counts: Sequence[int]) -> str:
    """rising, falling or steady, comparing the later half of the weeks with the earlier half; new if only later."""
    half = len(counts) // 2
    early, late = sum(counts[:half]), sum(counts[half:])
    if half == 0 or early == 0:
        return "new" if late else "steady"
    ratio = (late / max(1, len(counts) - half)) / (early / half)
    return "rising" if ratio >= 1.25 else "falling" if ratio <= 0.8 else "steady"


def top_terms(texts: Sequence[str], labels: np.ndarray, k: int, n_terms: int = 3) -> list[list[str]]:
    """Per cluster, the terms whose TF-IDF weight is most above their weight in the other clusters."""
    vectoriser = TfidfVectorizer(stop_words=sorted(set(TfidfVectorizer(stop_words="english").get_stop_words())
                                                   | DOMAIN_STOP_WORDS),
                                 ngram_range=(1, 2), min_df=1, token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]+\b")
    matrix = vectoriser.fit_transform(texts)
    vocab = np.array(vectoriser.get_feature_names_out())
    result = []
    for cluster in range(k):
        inside = np.asarray(matrix[labels == cluster].mean(axis=0)).ravel()
        outside = np.asarray(matrix[labels != cluster].mean(axis=0)).ravel() if (labels != cluster).any() else 0
        score = inside - outside
        order = [i for i in np.argsort(-score) if inside[i] > 0]
        terms: list[str] = []
        for i in order:
            term = str(vocab[i])
            if not any(term in t or t in term for t in terms):
                terms.append(term)
            if len(terms) == n_terms:
                break
        result.append(terms)
    return result


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= QUOTE_CHARS:
        return text
    cut = text[:QUOTE_CHARS]
    return cut[: cut.rfind(" ")] + " …" if " " in cut else cut + "…"


def cluster_themes(docs: Sequence[ThemeDoc], embeddings: np.ndarray, start: date, end: date,
                   seed: int = 0) -> list[Theme]:
    """Themes of the documents (embeddings row-aligned with docs), largest first."""
    if len(docs) == 0:
        return []
    k = theme_count(len(docs))
    labels = (KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(embeddings)
              if k > 1 else np.zeros(len(docs), dtype=int))
    terms = top_terms([d.text for d in docs], labels, k)
    weeks = weeks_between(start, end)
    themes = []
    for cluster in range(k):
        members = np.flatnonzero(labels == cluster)
        if len(members) == 0:
            continue
        centre = embeddings[members].mean(axis=0)
        nearest = members[np.argsort(np.linalg.norm(embeddings[members] - centre, axis=1))][:QUOTES]
        counts = {w: 0 for w in weeks}
        for i in members:
            week = week_start(docs[i].received_on)
            if week in counts:
                counts[week] += 1
        series = [counts[w] for w in weeks]
        words = terms[cluster] or ["(no distinctive words)"]
        themes.append(Theme(
            label=" / ".join(words).capitalize(), terms=words, size=int(len(members)),
            weekly=[[w.isoformat(), counts[w]] for w in weeks], trend=trend_of(series),
            quotes=[{"text": _quote(docs[i].text), "received_on": docs[i].received_on.isoformat(),
                     "message_id": docs[i].message_id} for i in nearest],
        ))
    return sorted(themes, key=lambda t: -t.size)
