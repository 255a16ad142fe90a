"""Compositional generator (data/samples/training/composed.jsonl): messages built from many interchangeable parts.

Where generate_samples.py draws whole topic sentences, this one builds them (a process x a way of
asking or complaining), surrounds them with context that mentions schools, weeks and calls without
being about a topic, and pairs enquiries and complaints on the same topics, so the classifier learns
what a topic and a complaint are rather than which sentences the generator knows.

Run: python -m training.compose_samples [--n 5000] [--seed 20261130]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path
from typing import Any

from training import phrases_compose as parts
from training import phrases_people as people
from training import phrases_topics as bank
from training.generate_samples import OUT_DIR, WRITER_WEIGHTS, _fill, _slots, _style, _Slots

DEFAULT_SEED = 20261130
CORE_WEIGHTS = {parts.T: 30, parts.S: 22, parts.C: 22, parts.A: 14}
ROUTING_WEIGHT = 4
_EAL = [(r"\bthe\b ", ""), (r"\bI am\b", "I"), (r"\bhas been\b", "is"), (r"\bhave been\b", "are"), (r"\bdoes not\b", "not"),
        (r"\bis not\b", "not"), (r"\bcould you\b", "please you"), (r"\bhe is\b", "he"), (r"\bshe is\b", "she")]


def _eal(text: str, rng: random.Random) -> str:
    for pattern, repl in _EAL:
        if rng.random() < 0.6:
            text = re.sub(pattern, repl, text, flags=re.IGNORECASE)
    return text


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _topic_sentence(topic: str, complain: bool, rng: random.Random, slots: _Slots) -> tuple[str, set[str]]:
    labels = {topic}
    if topic == parts.T:
        proc, extra = rng.choice(parts.PROCESSES)
        labels |= set(extra)
        proc = _fill(proc, slots)
        if not complain and rng.random() < 0.3:
            # Same process, nothing late: a hard negative for timeliness.
            labels = set(extra)
            template = rng.choice(parts.PROCESS_NEUTRAL)
        else:
            template = rng.choice(parts.LATE_COMPLAIN if complain else parts.LATE_ASK)
        text = template.format_map(_Slots(slots, proc=proc, Proc=_cap(proc), when=_fill(rng.choice(parts.WHEN), slots)))
        return _fill(text, slots), labels
    if topic == parts.S:
        thing = _fill(rng.choice(parts.PLACE_THINGS), slots)
        template = rng.choice(parts.PLACE_COMPLAIN if complain else parts.PLACE_ASK)
        return _fill(template.format_map(_Slots(slots, thing=thing)), slots), labels
    pools = {parts.C: (parts.COMM_ASK, parts.COMM_COMPLAIN), parts.A: (parts.APPEAL_ASK, parts.APPEAL_COMPLAIN)}
    ask, grievance = pools.get(topic, (parts.ROUTING_ASK.get(topic, []), parts.ROUTING_COMPLAIN.get(topic, [])))
    return _fill(rng.choice(grievance if complain else ask), slots), labels


def _pick_topics(rng: random.Random) -> list[str]:
    weights = {**CORE_WEIGHTS, **{t: ROUTING_WEIGHT for t in parts.ROUTING_ASK}}
    k = rng.choices([1, 2, 3], weights=[60, 32, 8])[0]
    chosen: list[str] = []
    while len(chosen) < k:
        topic = rng.choices(list(weights), weights=list(weights.values()))[0]
        if topic not in chosen:
            chosen.append(topic)
    return chosen


def _wrap(lines: list[str], rng: random.Random, slots: _Slots, writer: str, complaint: bool) -> str:
    if rng.random() < 0.8:
        lines.insert(0, _fill(rng.choice(people.OPENINGS[writer]), slots))
    closing = people.CLOSINGS["complaint" if complaint else "enquiry"]
    if rng.random() < 0.7:
        lines.append(rng.choice(closing))
    body = rng.choice([" ", "\n", "\n\n"]).join(lines)
    if writer == "eal":
        body = _eal(body, rng)
    body = _style(body, rng)
    signature = _fill(rng.choice(people.SIGNATURES), slots)
    return f"{body}\n\n{signature}".strip() if signature else body


def _subject(rng: random.Random, slots: _Slots, topics: list[str]) -> str:
    pool = people.SUBJECTS[rng.choice(topics)] if topics and rng.random() < 0.5 else people.SUBJECTS["generic"]
    return _fill(rng.choice(pool), slots)


def _casework(rng: random.Random, slots: _Slots, complaint: bool, ramble: bool) -> dict[str, Any]:
    writer = rng.choices(list(WRITER_WEIGHTS), weights=list(WRITER_WEIGHTS.values()))[0]
    chosen = _pick_topics(rng)
    if ramble:
        chosen = chosen[:1]
    labels: set[str] = set()
    sentences = []
    # A complaint needs at least one expressed grievance; the other topics may be asked about neutrally.
    angry_index = rng.randrange(len(chosen)) if complaint else -1
    for i, topic in enumerate(chosen):
        text, found = _topic_sentence(topic, complain=(i == angry_index or (complaint and rng.random() < 0.4)), rng=rng, slots=slots)
        sentences.append(text)
        labels |= found
    if complaint and rng.random() < 0.5:
        sentences.append(rng.choice(parts.COMPLAINT_CUES))
    if not complaint and rng.random() < 0.5:
        sentences.append(rng.choice(parts.ENQUIRY_ASKS))
    n_context = rng.randint(4, 8) if ramble else rng.choices([0, 1, 2, 3], weights=[30, 35, 25, 10])[0]
    for context in rng.sample(parts.CONTEXT, n_context):
        sentences.insert(rng.randrange(len(sentences) + 1), _fill(context, slots))
    reasons: list[str] = []
    if rng.random() < 0.1:
        text, topics, reason = rng.choice(bank.URGENT)
        sentences.insert(rng.randrange(len(sentences) + 1), _fill(text, slots))
        labels |= set(topics)
        reasons.append(reason or "")
    elif rng.random() < 0.06:
        sentences.append(_fill(rng.choice(bank.NOT_URGENT_RISKY)[0], slots))
    topics = sorted(labels)
    return {"subject": _subject(rng, slots, topics), "body": _wrap(sentences, rng, slots, writer, complaint), "topics": topics,
            "kind": "complaint" if complaint else "enquiry", "urgent": bool(reasons), "urgent_reasons": reasons}


def _no_topic(rng: random.Random, slots: _Slots) -> dict[str, Any]:
    """Hard negatives: context that names schools, weeks and calls, with a general question or thanks."""
    writer = rng.choice(["parent", "parent", "grandparent", "eal", "school"])
    sentences = [_fill(context, slots) for context in rng.sample(parts.CONTEXT, rng.randint(1, 3))]
    thanks = rng.random() < 0.35
    if thanks:
        sentences.append(rng.choice(["Just wanted to say thank you for all your help.", "Thanks for the call yesterday, it really helped.",
                                     "Please pass on our thanks to {officer}.", "No need to reply, just keeping you in the loop."]))
    else:
        sentences.append(rng.choice(parts.GENERAL_QUESTIONS))
    sentences = [_fill(s, slots) for s in sentences]
    rng.shuffle(sentences)
    return {"subject": _fill(rng.choice(people.SUBJECTS["generic"] + ["Thank you", "Question", "Info"]), slots),
            "body": _wrap(sentences, rng, slots, writer, complaint=False), "topics": [],
            "kind": "other" if thanks else "enquiry", "urgent": False, "urgent_reasons": []}


def compose(n: int, seed: int = DEFAULT_SEED) -> list[dict[str, Any]]:
    """n labelled composed messages, identical for the same n and seed."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        slots = _slots(rng)
        roll = rng.random()
        if roll < 0.38:
            row = _casework(rng, slots, complaint=True, ramble=False)
        elif roll < 0.76:
            row = _casework(rng, slots, complaint=False, ramble=False)
        elif roll < 0.86:
            row = _casework(rng, slots, complaint=rng.random() < 0.4, ramble=True)
        else:
            row = _no_topic(rng, slots)
        rows.append({"id": f"cmp-{i:05d}", **row})
    return rows


def main() -> None:
    """Write composed.jsonl."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    path = OUT_DIR / "composed.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for row in compose(args.n, args.seed):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {args.n} rows to {path}")


if __name__ == "__main__":
    main()
