"""spaCy EntityRuler patterns and language detection (real spaCy and lingua models, no classifier)."""

from __future__ import annotations

import pytest
import spacy
from lingua import LanguageDetector
from spacy.language import Language

from triage.nlp.entities import add_entity_ruler, doc_entities, ensure_school_patterns
from triage.nlp.language import build_detector, detect_language
from triage.nlp.loader import SPACY_MODEL


@pytest.fixture(scope="module")
def nlp() -> Language:
    model = spacy.load(SPACY_MODEL, exclude=["lemmatizer"])
    add_entity_ruler(model)
    return model


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return build_detector()


def _found(nlp: Language, text: str) -> set[tuple[str, str]]:
    return {(e["label"], e["text"]) for e in doc_entities(nlp(text))}


def test_ruler_finds_references_dates_and_phones(nlp: Language) -> None:
    found = _found(
        nlp,
        "Case SEN104217, tribunal EH860/24/00312. Born 12/03/2015. Ring 0116 305 1234 or 07700 900123 "
        "or +44 7700 900123.",
    )
    assert ("CASE_REF", "SEN104217") in found
    assert ("TRIBUNAL_REF", "EH860/24/00312") in found
    assert ("DATE", "12/03/2015") in found
    assert {("PHONE", "0116 305 1234"), ("PHONE", "07700 900123"), ("PHONE", "+44 7700 900123")} <= found


def test_ruler_accepts_tolerant_case_refs(nlp: Language) -> None:
    found = _found(nlp, "ref sen 104217 and SEN-222333")
    assert ("CASE_REF", "sen 104217") in found and ("CASE_REF", "SEN-222333") in found


def test_register_schools_are_found_case_insensitively(nlp: Language) -> None:
    ruler = nlp.get_pipe("triage_entity_ruler")
    ensure_school_patterns(ruler, ["Oakfield Primary School", "Brook House"])
    count = len(ruler.patterns)
    ensure_school_patterns(ruler, ["oakfield primary school"])
    assert len(ruler.patterns) == count
    found = _found(nlp, "She goes to oakfield primary school and wants brook house next year.")
    assert ("SCHOOL", "oakfield primary school") in found and ("SCHOOL", "brook house") in found
    entities = doc_entities(nlp("x Brook House"))
    assert entities[0]["start"] == 2 and entities[0]["end"] == 13


def test_detects_polish_and_urdu(detector: LanguageDetector) -> None:
    polish = detect_language(detector, "Mój syn nie chodzi do szkoły od września i nikt nie odpowiada na moje wiadomości.")
    urdu = detect_language(detector, "میرا بیٹا ستمبر سے اسکول نہیں گیا اور کوئی جواب نہیں دیتا")
    assert (polish.code, urdu.code) == ("pl", "ur")


def test_short_or_empty_text_is_undetermined(detector: LanguageDetector) -> None:
    assert detect_language(detector, "").code == "und"
    assert detect_language(detector, "ok 👍").code == "und"
    assert detect_language(detector, "Could you tell me when the draft plan will be ready please?").code == "en"
