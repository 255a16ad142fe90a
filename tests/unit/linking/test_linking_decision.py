"""The decision rule on a small hand-made register: each way to link, and each way a link is refused."""

from __future__ import annotations

from datetime import date

from triage.config import DEFAULT_CASE_REF_PATTERN
from triage.linking.decision import LINK_MARGIN, SUGGEST_AT, LinkDecision, decide
from triage.linking.evidence import CaseRecord, extract_evidence

OLIVER_A = CaseRecord(1, "SEN100001", "Oliver", "Smith", date(2015, 3, 12), "Northfield Primary School", "Year 5")
OLIVER_B = CaseRecord(2, "SEN100002", "Oliver", "Smith", date(2016, 1, 2), "Westgate Primary School", "Year 4")
AMIRA = CaseRecord(3, "SEN100003", "Amira", "Okafor", date(2014, 6, 1), "Northfield Primary School", "Year 6")
SAM = CaseRecord(4, "SEN100004", "Samuel", "Okafor", date(2017, 9, 9), "Northfield Primary School", "Year 3")
REGISTER = [OLIVER_A, OLIVER_B, AMIRA, SAM]


def link(subject: str, text: str, *, sender: str | None = None, sender_name: str | None = None,
         contacts: dict[int, str] | None = None, conversation: int | None = None,
         tribunal: dict[int, str] | None = None) -> LinkDecision:
    ev = extract_evidence(subject=subject, text=text, sender_email=sender, sender_name=sender_name,
                          case_ref_pattern=DEFAULT_CASE_REF_PATTERN)
    return decide(ev, REGISTER, sender_contacts=contacts, conversation_case_id=conversation, tribunal_cases=tribunal)


def test_reference_links_and_says_why() -> None:
    d = link("Re: SEN100003", "Any news?")
    assert (d.status, d.case_id, d.method) == ("linked", 3, "case_ref")
    assert d.candidates[0].evidence == ["case reference SEN100003 in subject"]
    assert 0 < d.confidence <= 1


def test_reference_that_does_not_exist_is_nothing() -> None:
    assert link("SEN999999", "Any news?").status == "none"


def test_reference_contradicted_by_the_child_named_or_the_dob_does_not_link() -> None:
    assert link("SEN100003", "My son Samuel is unhappy.").status != "linked"
    assert link("SEN100003", "Her date of birth is 02/02/2014.").status != "linked"


def test_reference_from_a_parent_of_another_case_does_not_link() -> None:
    d = link("SEN100003", "Please send the papers.", sender="p@example.org", contacts={1: "parent"})
    assert d.status == "suggested" and d.candidates[0].case_id == 3
    assert any("parent or carer of a different case" in e for e in d.candidates[0].evidence)


def test_name_alone_never_links_and_same_names_tie() -> None:
    assert link("Amira Okafor", "Any news?").status == "suggested"
    d = link("Oliver Smith", "Any news?")
    assert d.status == "ambiguous" and {c.case_id for c in d.candidates} == {1, 2}


def test_name_and_dob_link_the_one_child() -> None:
    d = link("Oliver Smith", "DOB 02/01/2016")
    assert (d.status, d.case_id, d.method) == ("linked", 2, "name+dob")


def test_first_name_alone_needs_a_labelled_date_of_birth() -> None:
    assert link("Amira", "Amira has a meeting on 01/06/2014.").status != "linked"
    d = link("Amira", "Amira, date of birth 01/06/2014, has a meeting.")
    assert (d.status, d.case_id, d.method) == ("linked", 3, "name+dob")


def test_parent_address() -> None:
    only = link("Hi", "Any news?", sender="p@example.org", contacts={3: "parent"})
    assert (only.status, only.case_id, only.method) == ("linked", 3, "sender")
    both = link("Hi", "Any news?", sender="p@example.org", contacts={3: "parent", 4: "parent"})
    assert both.status == "ambiguous"
    named = link("Hi", "Sam's taxi is late.", sender="p@example.org", contacts={3: "parent", 4: "parent"})
    assert (named.status, named.case_id, named.method) == ("linked", 4, "sender+name")


def test_professional_address_is_never_decisive() -> None:
    d = link("Hi", "Any news?", sender="senco@northfield.sch.example", contacts={1: "senco", 3: "senco", 4: "senco"})
    assert d.status == "none"
    d = link("Amira Okafor", "Any news?", sender="senco@northfield.sch.example", contacts={3: "senco"})
    assert d.status == "suggested"


def test_parent_address_shared_with_a_professional_role_is_not_decisive_alone() -> None:
    d = link("Hi", "Any news?", sender="h@example.org", contacts={3: "parent", 1: "senco"})
    assert d.status != "linked"


def test_parent_naming_another_child_does_not_link() -> None:
    d = link("Hi", "My daughter Lucy needs help.", sender="p@example.org", contacts={3: "parent"})
    assert d.status != "linked"


def test_conversation_link_and_a_sibling_in_the_same_thread() -> None:
    d = link("Re: call", "Thanks", sender="p@example.org", contacts={3: "parent", 4: "parent"}, conversation=3)
    assert (d.status, d.case_id, d.method) == ("linked", 3, "conversation")
    d = link("Re: call", "Now about Samuel.", sender="p@example.org", contacts={3: "parent", 4: "parent"}, conversation=3)
    assert (d.status, d.case_id) == ("linked", 4)


def test_tribunal_reference_through_a_mapping() -> None:
    d = link("Appeal EH860/24/00312", "Response due.", tribunal={3: "EH860/24/00312"})
    assert (d.status, d.case_id, d.method) == ("linked", 3, "tribunal_ref")


def test_school_and_year_group_only_support() -> None:
    d = link("Year 5 at Northfield Primary", "A pupil needs a review.")
    assert d.status == "none"
    named = link("Oliver Smith", "Year 5 at Northfield Primary School.")
    assert named.status == "suggested" and named.candidates[0].case_id == 1
    assert named.candidates[0].score - named.candidates[1].score < LINK_MARGIN + 0.1


def test_nothing_usable_is_none() -> None:
    d = link("Question", "What is an EHCP?")
    assert d == LinkDecision("none", None, "", 0.0, [])
    assert SUGGEST_AT > 0
