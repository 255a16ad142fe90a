"""Decoding bytes of mail text whatever charset they claim, without ever raising."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Senders declare a charset but write in its superset (Outlook's "ks_c_5601-1987" is really
# cp949, "gb2312" text carries GBK characters, "iso-8859-1" carries cp1252 quotes), so decode
# with the superset the way browsers do (WHATWG encoding standard).
_SUPERSETS = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "euc_kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "iso2022_jp": "iso2022_jp_2",
    "big5": "big5hkscs",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
}

# Names that appear in the wild and that Python does not know.
_ALIASES = {
    "uft-8": "utf-8",
    "utf8mb4": "utf-8",
    "x-user-defined": "cp1252",
    "unicode": "utf-16",
    "x-sjis": "cp932",
    "windows-874": "cp874",
}

_CHARSET_JUNK = re.compile(r"""^[\s"']+|[\s"';]+$""")
# How much text detection looks at: enough to be sure, small enough to stay fast on big parts.
_DETECT_SAMPLE = 64 * 1024


def normalise_charset(declared: str | None) -> str | None:
    """Python codec name for a declared MIME charset, or None when unknown or absent."""
    if not declared:
        return None
    name = _CHARSET_JUNK.sub("", str(declared)).lower()
    name = _ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except (LookupError, ValueError):
        return None
    return _SUPERSETS.get(codec, codec)


def detect_charset(data: bytes) -> str | None:
    """Best guess of the charset of undeclared or mis-declared bytes (charset-normalizer)."""
    best = from_bytes(data[:_DETECT_SAMPLE]).best()
    if best is None:
        return None
    return normalise_charset(best.encoding)


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """Text of `data` and a defect note (None when the declared charset decoded it cleanly)."""
    if not data:
        return "", None
    codec = normalise_charset(declared)
    # Bytes that are valid utf-8 but declared ascii/latin-1 (or not declared) are utf-8 in
    # practice: real latin-1 text almost never validates as utf-8.
    if (codec is None or codec == "cp1252") and not data.isascii():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return text, (f"unknown charset {declared!r}; decoded as utf-8" if declared and codec is None else None)
    if codec is None and data.isascii() and b"\x1b" not in data:
        return data.decode("ascii"), (f"unknown charset {declared!r}" if declared else None)
    if codec is not None:
        try:
            return data.decode(codec), None
        except UnicodeDecodeError:
            pass
    note = f"charset {declared!r} did not decode the text" if codec else (
        f"unknown charset {declared!r}" if declared else "no charset declared"
    )
    guess = detect_charset(data)
    if guess is not None:
        try:
            return data.decode(guess), f"{note}; decoded as {guess}"
        except UnicodeDecodeError:
            pass
    fallback = codec or "utf-8"
    return data.decode(fallback, errors="replace"), f"{note}; decoded as {fallback} with replacement characters"
