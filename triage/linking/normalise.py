"""Name, email and reference normalisation shared by the register import and the linker."""

from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not decompose into an ASCII base letter.
_FOLD = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe",
     "Œ": "OE", "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "ð": "d"}
)
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_VOWELS = frozenset("aeiouy")
# Polish surnames change ending with gender (Kowalski / Kowalska): compare the stem.
_GENDERED_ENDINGS = (("ska", "sk"), ("ski", "sk"), ("cka", "ck"), ("cki", "ck"), ("dzka", "dzk"), ("dzki", "dzk"))


def name_key(name: str) -> str:
    """Lower-case ASCII letters only: accents, spaces, hyphens and apostrophes removed ("O'Brien" -> "obrien")."""
    text = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return "".join(ch for ch in text.lower() if "a" <= ch <= "z")


def name_parts(name: str) -> list[str]:
    """The keys of each word of a name ("Mary-Jane Smith" -> ["mary", "jane", "smith"])."""
    return [key for key in (name_key(w) for w in re.split(r"[\s\-]+", name)) if key]


def words(text: str) -> list[tuple[str, int, int]]:
    """Alphabetic words (with inner apostrophes and hyphens) and their offsets."""
    return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]


def skeleton(key: str) -> str:
    """A loose spelling skeleton for transliterations: Mohammed/Muhammad, Khan/Kahn, Aisha/Ayesha."""
    if not key:
        return key
    out = [key[0]]
    text = key.replace("ph", "f").replace("ck", "k").replace("q", "k").replace("w", "v")
    for ch in text[1:]:
        if ch == "h":
            continue  # silent or aspirated h varies most between romanisations
        ch = "a" if ch in _VOWELS else ch
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


def surname_stem(key: str) -> str:
    """The surname without a gendered Polish ending (kowalska -> kowalsk)."""
    for ending, stem in _GENDERED_ENDINGS:
        if key.endswith(ending) and len(key) > len(ending) + 2:
            return key[: -len(ending)] + stem
    return key


def normalise_email(email: str | None) -> str | None:
    """An address trimmed and lower-cased (addresses are matched case-insensitively), or None."""
    if not email:
        return None
    cleaned = email.strip().strip("<>").strip().lower()
    return cleaned or None


def canonical_case_ref(raw: str) -> str:
    """A register reference upper-cased with spaces and separators removed ("sen-104217" -> "SEN104217")."""
    return re.sub(r"[\s\-_/.]+", "", raw).upper()
