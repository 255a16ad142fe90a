"""Pure evidence extraction: references, Tribunal references, dates of birth, names, school and year."""

from __future__ import annotations

import re
from datetime import date

import pytest

from triage.config import DEFAULT_CASE_REF_PATTERN
from triage.linking.dates import extract_dates
from triage.linking.evidence import extract_evidence
from triage.linking.names import extract_mentions, match_name, sender_name_keys, similarity
from triage.linking.normalise import canonical_case_ref, name_key
from triage.linking.references import extract_case_refs, extract_tribunal_refs
from triage.linking.support import normalise_year_group, school_mentioned, text_keys, year_groups

PATTERN = re.compile(DEFAULT_CASE_REF_PATTERN, re.IGNORECASE)


@pytest.mark.parametrize("written", ["SEN104217", "sen 104217", "SEN-104217", "Sen_104217", "ref 104217",
                                     "reference number 104217", "Reference no. 104217", "case no: 104217", "our ref: 104217"])
def test_case_reference_written_tolerantly(written: str) -> None:
    refs = extract_case_refs(f"Hello, {written} please.", "body", PATTERN, "SEN")
    assert [r.ref for r in refs] == ["SEN104217"]


def test_case_reference_pattern_is_a_setting() -> None:
    pattern = re.compile(r"\bEHC[\s\-]*(\d{5})\b", re.IGNORECASE)
    assert [r.ref for r in extract_case_refs("about ehc-12345", "subject", pattern, "EHC")] == ["EHC12345"]
    assert extract_case_refs("SEN104217", "subject", pattern, "EHC") == []


def test_phone_numbers_and_long_numbers_are_not_references() -> None:
    assert extract_case_refs("call 0116 2104217 or 1042170", "body", PATTERN, "SEN") == []


def test_tribunal_reference() -> None:
    refs = extract_tribunal_refs("Appeal eh860 / 24 / 00312 registered", "body")
    assert [r.ref for r in refs] == ["EH860/24/00312"]


@pytest.mark.parametrize("written", ["12/03/2015", "12.3.15", "12th March 2015", "DOB 2015-03-12", "12 Mar 2015",
                                     "March 12th, 2015", "12-03-2015", "12th of March 2015"])
def test_dates_in_common_forms_read_day_first(written: str) -> None:
    assert [d.value for d in extract_dates(f"born {written}", "body")] == [date(2015, 3, 12)]


def test_date_labels_and_impossible_dates() -> None:
    found = extract_dates("DOB: 01/04/2014. Meeting 02/05/2016. Not a date 31/02/2015. Year 1980: 01/01/1980.", "body")
    assert [(d.value, d.labelled) for d in found] == [(date(2014, 4, 1), True), (date(2016, 5, 2), False)]
    assert extract_dates("his date of birth is 3/4/15", "body")[0].labelled


def test_name_keys_and_references_normalise() -> None:
    assert name_key("O'Brien") == "obrien"
    assert name_key("Łucja Wójcik-Nowak") == "lucjawojciknowak"
    assert canonical_case_ref(" sen-104217 ") == "SEN104217"


@pytest.mark.parametrize(("registered", "written"), [
    ("oliver", "olly"), ("khan", "kahn"), ("muhammad", "mohammed"), ("aisha", "ayesha"), ("jakub", "kuba"),
    ("kowalska", "kowalski"), ("smith", "smtih"), ("jayden", "jaydon"), ("zofia", "zosia"),
])
def test_name_similarity_accepts_variants(registered: str, written: str) -> None:
    assert similarity(registered, written)[0] >= 0.85


@pytest.mark.parametrize(("registered", "written"), [("oliver", "olivia"), ("amy", "ami" + "r"), ("jack", "jake"), ("smith", "smyth" + "e")])
def test_name_similarity_rejects_other_names(registered: str, written: str) -> None:
    assert similarity(registered, written)[0] < 0.85


def test_mentions_skip_greetings_titles_and_sentence_start_words() -> None:
    mentions = extract_mentions("Re: Olly Smith", "Dear Mrs Khan,\nWill you call? My son Olly is upset.\nKind regards")
    assert [(m.keys, m.cued) for m in mentions] == [(("olly", "smith"), False), (("olly",), True)]


def test_sender_name_forms() -> None:
    assert sender_name_keys("Smith, Jane", None) == ("jane", "smith")
    assert sender_name_keys("Mrs J Smith", None) == ("smith",)
    assert sender_name_keys(None, "jane.smith@example.org") == ("jane", "smith")
    assert sender_name_keys(None, "js1984@example.org") == ()


def test_match_name_levels() -> None:
    mentions = extract_mentions("", "About Olly Smith.")
    assert match_name("Oliver", "Smith", mentions, ()).level == "full"
    first_only = extract_mentions("", "My son Olly is upset.")
    assert match_name("Oliver", "Smith", first_only, ("jane", "smith")).level == "first+sender"
    assert match_name("Oliver", "Smith", first_only, ("jane", "doe")).level == "first"
    signature = extract_mentions("", "Thanks\nOliver Smith")
    assert match_name("Oliver", "Smith", signature, ("oliver", "smith")).level == ""  # the sender's own name


def test_school_and_year_group_support() -> None:
    keys = text_keys("He is in Year 5 at Northfield Primary.")
    assert school_mentioned("Northfield Primary School", keys)
    assert not school_mentioned("Westgate Primary School", keys)
    assert year_groups("Year 5, yr 6 and Reception") == {"5", "6", "r"}
    assert normalise_year_group("Year 10") == "10" and normalise_year_group("Reception") == "r"


def test_entities_are_hints_only() -> None:
    ev = extract_evidence(subject="", text="about the boy", sender_email=None, sender_name=None,
                          case_ref_pattern=DEFAULT_CASE_REF_PATTERN,
                          entities=[{"label": "PERSON", "text": "Amira Okafor", "start": 0, "end": 12},
                                    {"label": "DATE", "text": "12/03/2015", "start": 0, "end": 10},
                                    {"label": "CASE_REF", "text": "SEN 104217", "start": 0, "end": 10}])
    assert [m.keys for m in ev.mentions] == [("amira", "okafor")]
    assert ev.all_dates == {date(2015, 3, 12)}
    assert [r.ref for r in ev.case_refs] == ["SEN104217"]
