"""Deterministic generator of labelled synthetic contact messages (data/samples/training/generated.jsonl).

Run: python -m training.generate_samples [--n 6000] [--seed 20261129]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path
from typing import Any

from training import phrases_people as people
from training import phrases_topics as bank

OUT_DIR = Path(__file__).resolve().parent.parent / "data" / "samples" / "training"
DEFAULT_SEED = 20261129

GENERAL_ENQUIRIES = [
    "What is the difference between SEN support and an EHCP?",
    "Do you run any support groups for parents of autistic children?",
    "Where can I find the local offer?",
    "Can you send me the contact details for SENDIASS?",
    "Is there a list of short breaks activities for the summer holidays?",
    "Who do I speak to about a carer's assessment?",
    "Are there any training courses for parents about ADHD?",
]
WRITER_WEIGHTS = {"parent": 50, "grandparent": 5, "eal": 10, "school": 12, "professional": 7, "advocate": 8, "mp": 8}


class _Slots(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _slots(rng: random.Random) -> _Slots:
    boy = rng.random() < 0.6
    pron = ("he", "his", "him", "himself") if boy else ("she", "her", "her", "herself")
    rel = rng.choice(["son", "grandson", "foster son"]) if boy else rng.choice(["daughter", "granddaughter", "stepdaughter"])
    return _Slots(
        c=rng.choice(people.FIRST_NAMES), surname=rng.choice(people.SURNAMES), adult=rng.choice(people.ADULT_NAMES),
        he=pron[0], his=pron[1], him=pron[2], himself=pron[3], He=pron[0].title(), His=pron[1].title(), rel=rel,
        school=rng.choice(people.SCHOOLS), school2=rng.choice(people.SCHOOLS), officer=rng.choice(people.OFFICERS),
        service=rng.choice(people.SERVICES), month=rng.choice(people.MONTHS), weeks=str(rng.randint(21, 60)),
        n=str(rng.randint(2, 14)), age=str(rng.randint(4, 17)), year=str(rng.randint(1, 11)),
        date=f"{rng.randint(1, 28)}/{rng.randint(1, 12):02d}/202{rng.randint(4, 6)}",
        dob=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/20{rng.randint(8, 21):02d}",
        ref=f"SEN{rng.randint(100000, 999999)}", phone=f"07700 9{rng.randint(10000, 99999)}",
        tref=f"EH{rng.randint(800, 899)}/{rng.randint(23, 26)}/{rng.randint(0, 99999):05d}",
        appeal_type=rng.choice(people.APPEAL_TYPES),
    )


def _typos(text: str, rng: random.Random, rate: float) -> str:
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) > 3 and rng.random() < rate:
            j = rng.randrange(1, len(word) - 1)
            op = rng.random()
            if op < 0.4:
                word = word[:j] + word[j + 1 :]
            elif op < 0.8:
                word = word[: j - 1] + word[j] + word[j - 1] + word[j + 1 :]
            else:
                word = word[:j] + word[j] + word[j:]
        words[i] = word
    return " ".join(words)


_TEXTSPEAK = [(r"\byou\b", "u"), (r"\bplease\b", "pls"), (r"\bthanks\b", "thx"), (r"\bbecause\b", "cos"), (r"\bare\b", "r")]


def _style(body: str, rng: random.Random) -> str:
    """Apply the writing habits real mail shows: typos, no punctuation, capitals, text speak."""
    roll = rng.random()
    if roll < 0.12:
        body = re.sub(r"[.,;:!?']", "", body.lower())
    elif roll < 0.17:
        body = body.upper()
    elif roll < 0.27:
        for pattern, repl in _TEXTSPEAK:
            body = re.sub(pattern, repl, body, flags=re.IGNORECASE)
        body = body.lower()
    if rng.random() < 0.3:
        body = _typos(body, rng, rate=rng.choice([0.03, 0.06, 0.1]))
    if rng.random() < 0.1:
        body = body.replace("\n", " ")
    return body


def _fill(template: str, slots: _Slots) -> str:
    return template.format_map(slots)


def _casework(rng: random.Random, slots: _Slots, complaint: bool) -> dict[str, Any]:
    writer = rng.choices(list(WRITER_WEIGHTS), weights=list(WRITER_WEIGHTS.values()))[0]
    n_fragments = rng.choices([1, 2, 3, 4], weights=[35, 35, 20, 10])[0]
    pool = bank.NEUTRAL + (bank.DISSATISFIED * 2 if complaint else [])
    fragments = rng.sample(pool, n_fragments)
    if complaint and not any(f in bank.DISSATISFIED for f in fragments):
        fragments[0] = rng.choice(bank.DISSATISFIED)
    reasons: list[str] = []
    if rng.random() < 0.16:
        urgent = rng.choice(bank.URGENT)
        fragments.insert(rng.randrange(len(fragments) + 1), urgent)
        reasons.append(urgent[2] or "")
    elif rng.random() < 0.08:
        fragments.append(rng.choice(bank.NOT_URGENT_RISKY))
    topics = sorted({t for f in fragments for t in f[1]})
    lines = []
    if rng.random() < 0.85:
        lines.append(_fill(rng.choice(people.OPENINGS[writer]), slots))
    lines.extend(_fill(f[0], slots) for f in fragments)
    if complaint and rng.random() < 0.85:
        lines.append(rng.choice(people.CLOSINGS["complaint"]))
    elif not complaint and rng.random() < 0.8:
        lines.append(rng.choice(people.CLOSINGS["enquiry"]))
    joiner = rng.choice([" ", "\n", "\n\n"])
    body = _style(joiner.join(lines), rng)
    signature = _fill(rng.choice(people.SIGNATURES), slots)
    if signature:
        body = f"{body}\n\n{signature}"
    subject_pool = people.SUBJECTS[rng.choice(topics)] if topics and rng.random() < 0.6 else people.SUBJECTS["generic"]
    subject = _fill(rng.choice(subject_pool), slots)
    if reasons and rng.random() < 0.3:
        subject = "URGENT " + subject
    return {"subject": subject, "body": body, "topics": topics, "kind": "complaint" if complaint else "enquiry",
            "urgent": bool(reasons), "urgent_reasons": reasons}


def _tribunal(rng: random.Random, slots: _Slots) -> dict[str, Any]:
    index = rng.randrange(len(people.TRIBUNAL))
    topics = ["appeal", "timeliness"] if index in people.TRIBUNAL_LATE else ["appeal"]
    subject = _fill(rng.choice(["{tref}", "SEND Tribunal: {tref}", "Appeal {tref} - {c} {surname}", "HMCTS notice {tref}"]), slots)
    return {"subject": subject, "body": _fill(people.TRIBUNAL[index], slots), "topics": topics, "kind": "tribunal",
            "urgent": False, "urgent_reasons": []}


def _other(rng: random.Random, slots: _Slots) -> dict[str, Any]:
    body = _fill(rng.choice(people.OTHER), slots)
    if rng.random() < 0.3:
        body = _style(body, rng)
    signature = _fill(rng.choice(people.SIGNATURES), slots)
    subject = _fill(rng.choice(["", "Thank you", "Documents", "Automatic reply: EHCP", "Re: {c}", "Query", "Undeliverable: RE: EHCP", "Hello", "Attached"]), slots)
    return {"subject": subject, "body": f"{body}\n\n{signature}".strip(), "topics": [], "kind": "other",
            "urgent": False, "urgent_reasons": []}


def _general(rng: random.Random, slots: _Slots) -> dict[str, Any]:
    body = rng.choice(people.OPENINGS["parent"][:7]) + " " + rng.choice(GENERAL_ENQUIRIES) + " " + rng.choice(people.CLOSINGS["enquiry"])
    return {"subject": rng.choice(["Question", "Query", "", "Information please"]), "body": _style(_fill(body, slots), rng),
            "topics": [], "kind": "enquiry", "urgent": False, "urgent_reasons": []}


def generate(n: int, seed: int = DEFAULT_SEED) -> list[dict[str, Any]]:
    """n labelled messages, identical for the same n and seed."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        slots = _slots(rng)
        roll = rng.random()
        if roll < 0.36:
            row = _casework(rng, slots, complaint=True)
        elif roll < 0.72:
            row = _casework(rng, slots, complaint=False)
        elif roll < 0.80:
            row = _tribunal(rng, slots)
        elif roll < 0.95:
            row = _other(rng, slots)
        else:
            row = _general(rng, slots)
        rows.append({"id": f"gen-{i:05d}", **row})
    return rows


def main() -> None:
    """Write generated.jsonl."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / "generated.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for row in generate(args.n, args.seed):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {args.n} rows to {path}")


if __name__ == "__main__":
    main()
