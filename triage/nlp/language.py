"""Language detection over the languages families in England commonly write in."""

from __future__ import annotations

from dataclasses import dataclass

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from triage.nlp.text import word_count

SUPPORTED_LANGUAGES: tuple[Language, ...] = (
    Language.ENGLISH,
    Language.POLISH,
    Language.URDU,
    Language.GUJARATI,
    Language.PUNJABI,
    Language.HINDI,
    Language.BENGALI,
    Language.ARABIC,
    Language.PERSIAN,
    Language.SOMALI,
    Language.ROMANIAN,
    Language.LITHUANIAN,
    Language.LATVIAN,
    Language.PORTUGUESE,
    Language.SPANISH,
    Language.FRENCH,
    Language.ITALIAN,
    Language.TURKISH,
    Language.UKRAINIAN,
    Language.RUSSIAN,
    Language.BULGARIAN,
    Language.SLOVAK,
    Language.CZECH,
    Language.TAMIL,
    Language.CHINESE,
    Language.WELSH,
)

# Below this many words or this confidence the guess is noise; short English notes are the norm.
MIN_WORDS = 3
MIN_CONFIDENCE = 0.5
# Lingua's scores are relative; a second language above this share of the text counts as "mixed".
MIXED_SHARE = 0.2


@dataclass(frozen=True)
class LanguageResult:
    code: str  # ISO 639-1, or "und"
    name: str
    confidence: float
    others: tuple[str, ...] = ()  # further ISO codes found in a mixed-language message


def build_detector() -> LanguageDetector:
    """A lingua detector restricted to SUPPORTED_LANGUAGES (built once by the loader)."""
    return LanguageDetectorBuilder.from_languages(*SUPPORTED_LANGUAGES).with_preloaded_language_models().build()


def _code(language: Language) -> str:
    return language.iso_code_639_1.name.lower()


def detect_language(detector: LanguageDetector, text: str, max_chars: int = 3000) -> LanguageResult:
    """Main language of the text with its confidence; "und" when too short or unsure."""
    sample = text[:max_chars]
    if word_count(sample) < MIN_WORDS:
        return LanguageResult("und", "unknown", 0.0)
    values = detector.compute_language_confidence_values(sample)
    if not values or values[0].value < MIN_CONFIDENCE:
        return LanguageResult("und", "unknown", round(values[0].value, 4) if values else 0.0)
    top = values[0]
    others = _other_languages(detector, sample, top.language)
    return LanguageResult(_code(top.language), top.language.name.title(), round(top.value, 4), others)


def _other_languages(detector: LanguageDetector, sample: str, main: Language) -> tuple[str, ...]:
    shares: dict[Language, int] = {}
    for section in detector.detect_multiple_languages_of(sample):
        length = section.end_index - section.start_index
        shares[section.language] = shares.get(section.language, 0) + length
    total = sum(shares.values()) or 1
    return tuple(
        sorted(_code(lang) for lang, size in shares.items() if lang != main and size / total >= MIXED_SHARE)
    )
