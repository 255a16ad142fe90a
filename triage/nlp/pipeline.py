"""analyse(): one message in, topics, kind, urgency, language, entities and explanations out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from triage.nlp import scoring
from triage.nlp.entities import doc_entities, ensure_school_patterns
from triage.nlp.explain import review_reasons, top_sentences
from triage.nlp.labels import KINDS, TOPICS
from triage.nlp.language import detect_language
from triage.nlp.text import MAX_ENTITY_CHARS, classifier_text, normalise, word_count
from triage.nlp.urgency_rules import urgency_reasons, urgency_sentences

if TYPE_CHECKING:  # the loader imports torch; callers that only read Analysis should not pay for it
    from triage.nlp.loader import Models

MAX_EXPLAIN_SENTENCES = 25
MAX_SENTENCE_CHARS = 400
ROUND = 4


@dataclass(frozen=True)
class Analysis:
    topics: list[str]
    topic_scores: dict[str, float]
    kind: str
    kind_scores: dict[str, float]
    urgent: bool
    urgent_reasons: list[str]
    language: str
    entities: list[dict[str, Any]]
    explanations: dict[str, list[str]]
    needs_review: bool
    model_version: str


def _sentences(subject: str, doc_sents: list[str]) -> list[str]:
    cleaned = normalise(subject)
    head = [cleaned] if cleaned else []
    sents = [" ".join(s.split())[:MAX_SENTENCE_CHARS] for s in doc_sents]
    return (head + [s for s in sents if len(s) > 1])[:MAX_EXPLAIN_SENTENCES]


def analyse(models: Models, subject: str, body: str, *, schools: Sequence[str] = ()) -> Analysis:
    """Classify one message; never raises on odd input (empty, huge, emoji, mixed languages)."""
    return analyse_many(models, [(subject, body)], schools=schools)[0]


def analyse_many(
    models: Models, items: Sequence[tuple[str, str]], *, schools: Sequence[str] = ()
) -> list[Analysis]:
    """Classify many messages with batched encoding."""
    if not items:
        return []
    if schools:
        ensure_school_patterns(models.ruler, schools)
    subjects = [str(subject or "") for subject, _ in items]
    bodies = [str(body or "") for _, body in items]
    texts = [classifier_text(s, b) for s, b in zip(subjects, bodies)]
    clfs = models.classifiers
    X = scoring.features(clfs, scoring.encode(models.encoder, texts), texts)
    scores = scoring.predict(clfs, X)

    docs = list(models.nlp.pipe([b[:MAX_ENTITY_CHARS] for b in bodies], batch_size=16))
    sentence_lists = [_sentences(s, [sent.text for sent in doc.sents]) for s, doc in zip(subjects, docs)]
    flat = [sent for sents in sentence_lists for sent in sents]
    # Sentences are ranked on their words alone (embedding block zeroed): encoding every sentence would
    # cost several times the classification itself, and lexical evidence is what an agent can see highlighted.
    X_sent = None
    if flat:
        blank = np.zeros((len(flat), scoring.embedding_dim(models.encoder)), np.float32)
        X_sent = scoring.features(clfs, blank, flat)

    results = []
    start = 0
    for i, (text, doc, sents) in enumerate(zip(texts, docs, sentence_lists)):
        rows = slice(start, start + len(sents))
        start += len(sents)
        results.append(
            _one(models, text, doc, sents, X_sent[rows] if X_sent is not None and sents else None, scores, i)
        )
    return results


def _one(models: Models, text: str, doc: Any, sents: list[str], X_sent: Any, scores: scoring.Scores, i: int) -> Analysis:
    thresholds = models.thresholds
    clfs = models.classifiers
    topic_scores = {label: round(float(p), ROUND) for label, p in zip(TOPICS, scores.topics[i])}
    topics = [label for label in TOPICS if topic_scores[label] >= thresholds[label]]
    kind_scores = {kind: round(float(p), ROUND) for kind, p in zip(KINDS, scores.kinds[i])}
    kind = max(KINDS, key=lambda k: kind_scores[k])

    reasons = urgency_reasons(text)
    urgent_p = float(scores.urgent[i])
    if urgent_p >= thresholds["urgent"] and not reasons:
        reasons.append(f"the urgency model rates this as likely urgent ({urgent_p:.2f}); please check")
    urgent = bool(reasons)

    explanations: dict[str, list[str]] = {}
    if X_sent is not None:
        for label in topics:
            explanations[label] = top_sentences(sents, scoring.margins(clfs["topics"][label], X_sent))
        explanations[f"kind:{kind}"] = top_sentences(sents, scoring.margins(clfs["kind"], X_sent, positive=kind))
        if urgent:
            ruled = urgency_sentences(text)
            explanations["urgent"] = ruled or top_sentences(sents, scoring.margins(clfs["urgent"], X_sent))

    language = detect_language(models.detector, text)
    if language.code not in ("en", "und"):
        explanations["language"] = [f"Written in {language.name}: an interpreter or translation may be needed."]
    if language.others:
        explanations.setdefault("language", []).append("Also contains: " + ", ".join(language.others))

    review = review_reasons(
        words=word_count(text), language=language.code, kind=kind, kind_scores=kind_scores,
        topics=topics, topic_scores=topic_scores, thresholds=thresholds,
    )
    if review:
        explanations["needs_review"] = review
    return Analysis(
        topics=topics,
        topic_scores=topic_scores,
        kind=kind,
        kind_scores=kind_scores,
        urgent=urgent,
        urgent_reasons=reasons,
        language=language.code,
        entities=doc_entities(doc),
        explanations=explanations,
        needs_review=bool(review),
        model_version=models.version,
    )
