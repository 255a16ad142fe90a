"""Text cleaning shared by training and serving: one normalised string per message, bounded in size."""

from __future__ import annotations

import re
import unicodedata

# 100 KB bodies happen (pasted reports); the classifier reads the head, where people state their point.
MAX_CLASSIFY_CHARS = 6000
MAX_ENTITY_CHARS = 20000

_WS = re.compile(r"[ \t\f\v\u00a0]+")
_BLANKS = re.compile(r"\n{3,}")
_QUOTED = re.compile(r"^\s*>.*$", re.MULTILINE)
_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\ufeff]")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


def normalise(text: str | None) -> str:
    """NFC-normalise, drop control characters and quoted reply lines, squeeze whitespace."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = _QUOTED.sub("", text)
    text = _WS.sub(" ", text)
    text = _BLANKS.sub("\n\n", text)
    return text.strip()


def classifier_text(subject: str | None, body: str | None) -> str:
    """The one string the classifiers read: subject, then body, both cleaned, truncated."""
    subject_clean = normalise(subject)
    body_clean = normalise(body)
    joined = f"{subject_clean}\n{body_clean}" if subject_clean else body_clean
    return joined[:MAX_CLASSIFY_CHARS]


def split_sentences(text: str, limit: int = 60) -> list[str]:
    """Cheap sentence split (punctuation or line breaks) used for rules and explanations."""
    parts = (part.strip() for part in _SENTENCE_SPLIT.split(text))
    return [part for part in parts if part][:limit]


def word_count(text: str) -> int:
    """Number of alphabetic words (any script), ignoring digits and punctuation."""
    return len(_WORD.findall(text))
