"""Print model load time and classification throughput (single and batched) for the shipped artefact.

Run: python bench/bench_classify.py [--n 200]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import torch

from triage.nlp.loader import get_models
from triage.nlp.pipeline import analyse, analyse_many
from triage.nlp.text import classifier_text
from triage.nlp.urgency_rules import urgency_reasons

# Composed mail carries context and rambling, so its lengths are closer to real contact than generated.jsonl.
SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples" / "training" / "composed.jsonl"


def main() -> None:
    """Measure and print; asserts nothing."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200, help="messages to classify")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rows = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines()[: args.n]]
    items = [(row["subject"], row["body"]) for row in rows]

    started = time.perf_counter()
    models = get_models()
    print(f"model load: {time.perf_counter() - started:.2f}s ({models.version})")
    analyse(models, "warm up", "warm up the encoder and spaCy")

    started = time.perf_counter()
    for subject, body in items[:50]:
        analyse(models, subject, body)
    single = time.perf_counter() - started
    print(f"single:  {50 / single:.1f} messages/s ({single / 50 * 1000:.0f} ms each)")

    started = time.perf_counter()
    analyse_many(models, items)
    batched = time.perf_counter() - started
    print(f"batched: {len(items) / batched:.1f} messages/s ({len(items)} messages, {args.threads} torch threads)")

    # The urgency rules run on every message, inside the figures above; on their own they are pure regex.
    texts = [classifier_text(subject, body) for subject, body in items]
    started = time.perf_counter()
    for text in texts:
        urgency_reasons(text)
    rules = time.perf_counter() - started
    print(f"urgency rules alone: {rules / len(texts) * 1000:.2f} ms per message")


if __name__ == "__main__":
    main()
