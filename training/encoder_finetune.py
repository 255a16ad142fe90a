"""Fine-tuning the sentence encoder (LoRA) on the labelled mail, so its embeddings separate what triage separates.

The frozen all-MiniLM-L6-v2 embedding knows general English; it does not know that "heard nothing
since the acknowledgement" is a communication failure and "could someone ring me" is not. A small
multi-task head (topics, kind, urgency) is trained on the pooled embedding while LoRA updates the
encoder; the head is then thrown away and only the encoder update is kept. The scikit-learn
classifiers (calibrated, thresholded, explainable sentence by sentence) are fitted afterwards on the
fine-tuned embeddings, as before.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import torch
from peft import get_peft_model_state_dict
from sentence_transformers import SentenceTransformer

from triage.nlp import encoder_adapter, scoring
from triage.nlp.labels import KINDS, TOPICS
from triage.nlp.text import classifier_text


@dataclass(frozen=True)
class FineTuneSettings:
    rank: int = 16
    epochs: float = 2.0
    batch_size: int = 16
    encoder_lr: float = 3e-4
    head_lr: float = 3e-3
    # Generated rows teach the generator's phrasing; a sample of them keeps the label space covered
    # while the hand-written mail (and agents' corrections) carry the fine-tuning.
    generated_rows: int = 2000
    max_steps: int | None = None  # the smoke run stops early
    seed: int = 20261129


# Unit-length embeddings give a linear head tiny logits; a fixed scale (as in cosine-similarity heads) lets it learn.
EMBEDDING_SCALE = 20.0
TOPIC_LOSS_WEIGHT, KIND_LOSS_WEIGHT, URGENT_LOSS_WEIGHT = 2.0, 0.5, 0.5
LENGTH_BUCKET_BATCHES = 50  # batches drawn from a shuffled window sorted by length: less padding, still random


def training_subset(rows: Sequence[dict[str, Any]], generated_rows: int) -> list[dict[str, Any]]:
    """Every weighted (hand-written or corrected) row, plus the first generated_rows of the others."""
    weighted = [row for row in rows if float(row.get("weight", 1.0)) > 1.0]
    plain = [row for row in rows if float(row.get("weight", 1.0)) <= 1.0][:generated_rows]
    return weighted + plain


def _batches(lengths: Sequence[int], size: int, rng: random.Random) -> list[list[int]]:
    order = list(range(len(lengths)))
    rng.shuffle(order)
    window = size * LENGTH_BUCKET_BATCHES
    batches = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start:start + window], key=lambda i: lengths[i])
        batches += [chunk[i:i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


def fine_tune(
    encoder: SentenceTransformer, rows: Sequence[dict[str, Any]], settings: FineTuneSettings = FineTuneSettings(),
    log: Callable[[str], None] = print,
) -> dict[str, torch.Tensor]:
    """Train LoRA layers into encoder (left merged, in eval mode) and return the adapter weights to package."""
    torch.manual_seed(settings.seed)
    rng = random.Random(settings.seed)
    rows = training_subset(rows, settings.generated_rows)
    texts = [classifier_text(r["subject"], r["body"]) for r in rows]
    y_topics = torch.tensor([[float(label in r["topics"]) for label in TOPICS] for r in rows])
    y_kind = torch.tensor([KINDS.index(r["kind"]) for r in rows])
    y_urgent = torch.tensor([float(r["urgent"]) for r in rows])
    weights = torch.tensor([float(r.get("weight", 1.0)) for r in rows])

    peft_model = encoder_adapter.wrap(encoder, settings.rank, dropout=0.1)
    n_topics, n_kinds = len(TOPICS), len(KINDS)
    head = torch.nn.Linear(scoring.embedding_dim(encoder), n_topics + n_kinds + 1)
    optimiser = torch.optim.AdamW([
        {"params": [p for p in peft_model.parameters() if p.requires_grad], "lr": settings.encoder_lr},
        {"params": head.parameters(), "lr": settings.head_lr},
    ], weight_decay=0.01)
    total = int(math.ceil(len(rows) / settings.batch_size) * settings.epochs)
    if settings.max_steps is not None:
        total = min(total, settings.max_steps)
    warmup = max(1.0, 0.06 * total)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / warmup) * max(0.0, (total - step) / total))

    lengths = [len(t) for t in texts]
    encoder.train()
    step = 0
    while step < total:
        for batch in _batches(lengths, settings.batch_size, rng):
            if step >= total:
                break
            pooled = encoder(encoder.preprocess([texts[i] for i in batch]))["sentence_embedding"]
            logits = head(torch.nn.functional.dropout(pooled * EMBEDDING_SCALE, 0.1))
            loss_topics = torch.nn.functional.binary_cross_entropy_with_logits(
                logits[:, :n_topics], y_topics[batch], reduction="none").mean(dim=1)
            loss_kind = torch.nn.functional.cross_entropy(logits[:, n_topics:n_topics + n_kinds], y_kind[batch], reduction="none")
            loss_urgent = torch.nn.functional.binary_cross_entropy_with_logits(logits[:, -1], y_urgent[batch], reduction="none")
            w = weights[batch]
            per_row = TOPIC_LOSS_WEIGHT * loss_topics + KIND_LOSS_WEIGHT * loss_kind + URGENT_LOSS_WEIGHT * loss_urgent
            loss = (per_row * w).sum() / w.sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            step += 1
            if step % 100 == 0 or step == total:
                log(f"fine-tune: step {step}/{total}, loss {loss.item():.3f}")
    adapter = {name: tensor.detach().clone().contiguous() for name, tensor in get_peft_model_state_dict(peft_model).items()}
    encoder_adapter.merge(encoder)
    encoder.eval()
    return adapter

