"""Separating what the sender wrote now from quoted history and signatures."""

from __future__ import annotations


def split_reply(text: str) -> tuple[str, str]:
    """(new text, quoted text) of a plain-text body."""
    return text, ""
