"""Pure helpers for threading: conversation tokens in subjects, and normalised subjects."""

from __future__ import annotations

import base64
import binascii
import re
import secrets

TOKEN_PREFIX = "TRG-"
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I: tokens are read aloud on the phone
TOKEN_RE = re.compile(r"\[\s*(TRG-[23456789A-HJ-NP-Z]{6})\s*\]", re.IGNORECASE)
_REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|wg|sv|vs|antw)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def new_token() -> str:
    """A fresh conversation token such as TRG-7K2M9Q."""
    return TOKEN_PREFIX + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def tokens_in(subject: str | None) -> list[str]:
    """Conversation tokens quoted in a subject line, upper-cased."""
    return [m.group(1).upper() for m in TOKEN_RE.finditer(subject or "")]


def subject_with_token(subject: str, token: str) -> str:
    """The subject for our reply: 'Re: <subject> [TRG-…]', with the token once."""
    base = TOKEN_RE.sub("", _REPLY_PREFIX.sub("", subject or "")).strip() or "Your message"
    return f"Re: {base} [{token}]"


def base_subject(subject: str | None) -> str:
    """A subject without reply prefixes or tokens, for display and matching."""
    return TOKEN_RE.sub("", _REPLY_PREFIX.sub("", subject or "")).strip()


def thread_index_key(thread_index: str | None) -> str | None:
    """The conversation part of Outlook's Thread-Index: its first 22 bytes, base64 again.

    Outlook starts a thread with a 22-byte header (a timestamp and a GUID) and each reply adds a
    5-byte block, so every message of one thread shares the first 22 bytes.
    """
    if not thread_index:
        return None
    try:
        raw = base64.b64decode("".join(thread_index.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) < 22:
        return None
    return base64.b64encode(raw[:22]).decode("ascii")
