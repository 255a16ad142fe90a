"""Parse throughput over the real-world mail corpus: messages/second and MB/second.

Usage: python bench/bench_parse_corpus.py [--rounds N] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import csv
import mailbox
import sys
import time
from pathlib import Path

from triage.intake.mime import MailParseError, parse_email

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "mail-corpus"


def load(root: Path) -> list[bytes]:
    """Raw bytes of every message in the corpus (mbox files split)."""
    messages = []
    with (root / "MANIFEST.tsv").open(newline="", encoding="utf-8") as manifest:
        for row in csv.DictReader(manifest, delimiter="\t"):
            path = root / row["dest"]
            if path.suffix == ".mbox":
                box = mailbox.mbox(path, create=False)
                messages += [box.get_bytes(key) for key in box.iterkeys()]
                box.close()
            else:
                messages.append(path.read_bytes())
    return messages


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    if not (args.corpus / "MANIFEST.tsv").exists():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    messages = load(args.corpus)
    total_bytes = sum(len(raw) for raw in messages)
    parse_email(messages[0])  # import-time and first-call costs are not throughput
    refused = 0
    started = time.perf_counter()
    for _ in range(args.rounds):
        for raw in messages:
            try:
                parse_email(raw)
            except MailParseError:
                refused += 1
    elapsed = time.perf_counter() - started
    count = len(messages) * args.rounds
    print(f"{len(messages)} messages ({total_bytes / 1e6:.2f} MB) x {args.rounds} rounds in {elapsed:.2f} s")
    print(f"{count / elapsed:.1f} messages/second, {total_bytes * args.rounds / 1e6 / elapsed:.2f} MB/second")
    print(f"refused as not mail: {refused // args.rounds} per round")
    return 0


if __name__ == "__main__":
    sys.exit(main())
