"""Reading mail and form files from disk for `triage ingest`: .eml, mbox, form .json, folders."""

from __future__ import annotations

import json
import mailbox
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MBOX_SUFFIXES = {".mbox", ".mbx"}


@dataclass(frozen=True)
class IngestItem:
    source: str             # path, or path#n for the n-th message of an mbox
    kind: str               # "email" or "form"
    raw: bytes
    form: object | None = None   # the decoded JSON for form items, or None when it did not decode
    problem: str | None = None   # why the item cannot be read as what it claims to be


def _is_mbox(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in MBOX_SUFFIXES or head.startswith(b"From ")


def _mbox_items(path: Path) -> Iterator[IngestItem]:
    box = mailbox.mbox(str(path), create=False)
    try:
        for index, key in enumerate(box.iterkeys()):
            yield IngestItem(source=f"{path}#{index + 1}", kind="email", raw=box.get_bytes(key))
    finally:
        box.close()


def _json_item(path: Path, raw: bytes) -> IngestItem:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return IngestItem(source=str(path), kind="form", raw=raw, problem=f"not valid JSON: {exc}")
    return IngestItem(source=str(path), kind="form", raw=raw, form=data)


def read_items(paths: list[Path]) -> Iterator[IngestItem]:
    """Every message in the given files and folders (folders recursively, sorted by name)."""
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            yield from read_items(files)
            continue
        raw = path.read_bytes()
        if path.suffix.lower() == ".json":
            yield _json_item(path, raw)
        elif _is_mbox(path, raw[:5]):
            yield from _mbox_items(path)
        else:
            yield IngestItem(source=str(path), kind="email", raw=raw)
