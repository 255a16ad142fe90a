"""Pure stages: urgency rules, text cleaning, explanation choice, abstain reasons."""

from __future__ import annotations

import numpy as np
import pytest

from triage.nlp.explain import review_reasons, top_sentences
from triage.nlp.labels import CORE_TOPICS, KINDS, ROUTING_TOPICS, TOPICS
from triage.nlp.text import MAX_CLASSIFY_CHARS, classifier_text, normalise, split_sentences
from triage.nlp.urgency_rules import urgency_reasons


@pytest.mark.parametrize(
    "text, reason",
    [
        ("Last night she told me she wants to kill herself.", "suicidal thoughts"),
        ("He keeps saying he doesn't want to be alive anymore", "suicidal thoughts"),
        ("im scared she is suicidal", "suicidal thoughts"),
        ("Priya keeps saying everyone would be better off if she was edad.", "suicidal thoughts"),
        ("He told his teacher we'd all be better off without him", "suicidal thoughts"),
        ("My son has started self-harming.", "self-harm"),
        ("she has been cutting herself and hiding it", "self-harm"),
        ("He bangs his head on the wall until it bleeds", "self-harm"),
        ("I found cuts on her arms this morning", "self-harm"),
        ("I cannot keep him safe at home any more", "safeguarding concern"),
        ("I need to raise a safeguarding concern about a pupil", "safeguarding concern"),
        ("Oliver told her teacher that things at home are not safe.", "safeguarding concern"),
        ("she says she doesn't feel safe at home since he moved back in", "safeguarding concern"),
        ("I have made a referral to children's social care after a disclosure", "safeguarding concern"),
    ],
)
def test_harm_phrasings_fire_with_reason(text: str, reason: str) -> None:
    reasons = urgency_reasons(text)
    assert any(r.startswith(reason + ":") for r in reasons), reasons
    assert text.strip().rstrip(".")[:20] in reasons[0]


@pytest.mark.parametrize(
    "text, reason",
    [
        ("He has not been in school since September.", "out of school now"),
        ("she hasnt been to school for 6 weeks", "out of school now"),
        ("My daughter is out of school and getting no education at all", "out of school now"),
        ("Delay after delay, because there is no placement for him.", "no school place"),
        ("He is sat at home with no tutor and nothing to do", "out of school now"),
        ("He refuses to go to school most days", "out of school now"),
        ("We still have no school place for September", "no school place"),
        ("He was permanently excluded on Friday", "excluded from school"),
        ("MY SON HAS BEEN OUT OF SCHOOL FOR 3 MONTHS", "out of school now"),
    ],
)
def test_out_of_school_phrasings_fire_with_reason(text: str, reason: str) -> None:
    assert any(r.startswith(reason + ":") for r in urgency_reasons(text))


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for your help with the annual review.",
        "There are no safeguarding concerns, this is about paperwork.",
        "He is back in school full time and doing well.",
        "Home is safe and settled now, this is about the annual review.",
        "We have a place for him at Greenacres from September.",
        "Please find attached the school report.",
    ],
)
def test_ordinary_text_is_not_urgent(text: str) -> None:
    assert urgency_reasons(text) == []


def test_label_sets_are_the_designed_ones() -> None:
    assert CORE_TOPICS == ("timeliness", "school_place", "communication", "appeal")
    assert set(ROUTING_TOPICS) <= set(TOPICS) and len(TOPICS) == 10
    assert KINDS == ("complaint", "enquiry", "tribunal", "other")


def test_cleaning_bounds_and_strips() -> None:
    assert normalise(None) == ""
    assert normalise("a\u200b  b\r\n> quoted\nc") == "a b\n\nc"
    assert len(classifier_text("s", "x" * 100_000)) == MAX_CLASSIFY_CHARS
    assert split_sentences("One. Two!\nThree") == ["One.", "Two!", "Three"]


def test_top_sentences_keeps_order_and_positive_evidence() -> None:
    sentences = ["hello", "no reply for weeks", "thanks", "nobody calls back"]
    assert top_sentences(sentences, np.array([-1.0, 2.0, -0.5, 1.0])) == ["no reply for weeks", "nobody calls back"]
    assert top_sentences([], np.array([])) == []


def test_review_reasons_flag_short_foreign_and_unsure() -> None:
    reasons = review_reasons(
        words=1, language="pl", kind="enquiry", kind_scores={"enquiry": 0.4}, topics=[],
        topic_scores={"timeliness": 0.5}, thresholds={"timeliness": 0.52},
    )
    assert len(reasons) == 5
    assert review_reasons(
        words=30, language="en", kind="complaint", kind_scores={"complaint": 0.9}, topics=["timeliness"],
        topic_scores={"timeliness": 0.95}, thresholds={"timeliness": 0.5},
    ) == []


@pytest.mark.parametrize(
    "text, reason",
    [
        ("She says she'd rather die than go back.", "suicidal thoughts"),
        ("I found him with a belt round his neck.", "suicidal thoughts"),
        ("She's cutting again.", "self-harm"),
        ("I found cuts on my daughter's arms last night.", "self-harm"),
        ("He has been left on his own in the taxi outside school.", "safeguarding concern"),
        ("He undid his seat belt and opened the door on the dual carriageway.", "safeguarding concern"),
        ("Today a bigger boy hit him and the escort did nothing.", "safeguarding concern"),
        ("The school have suspended him for 5 days.", "excluded from school"),
        ("They said don't bring him back until we've had a meeting.", "excluded from school"),
        ("Every other child went back today and mine still has no school.", "no school place"),
        ("He won't go in, he's been home 3 weeks now.", "out of school now"),
        ("No transport since the 3rd so he has missed 2 weeks of school.", "out of school now"),
        ("he not go school now because no school have place", "out of school now"),
        # an adult in charge who cannot give the care a condition needs
        ("The new escort has not been trained on his epilepsy and he is in that taxi again tomorrow.", "safeguarding concern"),
        ("She is in school right now with nobody there who knows how to treat a hypo.", "safeguarding concern"),
        ("The bus man does not know what to do when Dylan has a fit.", "safeguarding concern"),
        ("The agency cover has no training in gastrostomy feeds.", "safeguarding concern"),
        ("She had a hypo in the back of the car with just the driver.", "safeguarding concern"),
        # left alone or found alone
        ("The driver left him sitting in the back of the car on his own and drove off.", "safeguarding concern"),
        ("A neighbour found her standing at the corner by the main road.", "safeguarding concern"),
        ("He was found an hour later by a member of the public.", "safeguarding concern"),
        ("Only one of the four straps was on, her wheelchair was not clamped properly.", "safeguarding concern"),
        # no education now, said plainly
        ("She's been home since the Easter holidays.", "out of school now"),
        ("So he's just sat at home, no work, nothing.", "out of school now"),
        ("At the moment Kayla and Devon aren't in any school at all.", "out of school now"),
        ("Four months she have no learning.", "out of school now"),
        ("Still no tutor. Day 19.", "out of school now"),
        ("He has now missed the whole week.", "out of school now"),
        ("The school told me to keep him at home until the council finds somewhere.", "out of school now"),
        ("My son has been without a school since we moved here in September.", "no school place"),
        ("They have excluded him today for 3 days.", "excluded from school"),
        ("Exclusion letter today. Permanent.", "excluded from school"),
        ("we moved here last wk my son has ehcp hes 9. no school yet what do i do.", "no school place"),
        ("She no school. She is deaf.", "no school place"),
        ("She has not had a school since we arrived.", "no school place"),
        ("He has no secondary school.", "no school place"),
        ("He has not been in any education since half term.", "out of school now"),
        ("so im just at home. i dont really see the point in anything anymore.", "out of school now"),
        ("ive been thinking about ending it", "suicidal thoughts"),
        ("i dont really see the point in anything anymore", "suicidal thoughts"),
        ("This morning the driver who picks up Chloe smelled strongly of drink.", "safeguarding concern"),
        ("The driver on the route does not have a current DBS check - it lapsed in the spring.", "safeguarding concern"),
        ("In-year application - child with EHCP from Croydon - currently no school", "no school place"),
        ("Mum says she stopped attending on 13 Sept when they were moved.", "out of school now"),
        ("Mum can't do the round trip twice a day. Freddie has missed the last three days.", "out of school now"),
        # a young person's own words, an adult hurting a child, driving, a hidden address
        ("im not coping at all. i keep thinking it would be easier if i wasnt here anymore.", "suicidal thoughts"),
        ("She told me she wishes she wasn't here.", "suicidal thoughts"),
        ("He told me the escort squeezes my neck when he won't sit down.", "safeguarding concern"),
        ("The driver drive very very fast on the ring road and he speak on the telephone while he drive.", "safeguarding concern"),
        ("Your officer sent the draft plan to her father. He is not supposed to know where we live.", "safeguarding concern"),
        ("There is a non-molestation order and now he has our address.", "safeguarding concern"),
        # no education now, with "since then" (which also marks history) or a school named in between
        ("They ended his placement. Since then he has been at home with nothing.", "out of school now"),
        ("His placement broke down in March and he has been out of school completely since then.", "out of school now"),
        ("Since then Erin has had no education at all.", "out of school now"),
        ("She still hasn't been back to Hollins Brook since before Christmas.", "out of school now"),
        ("The EP will have to visit at home because she isn't able to get into school.", "out of school now"),
        ("He is at home since Monday as the school sent him home.", "out of school now"),
        ("my son is at home for three weeks now, nobody help", "out of school now"),
    ],
)
def test_plainer_phrasings_of_current_risk_fire(text: str, reason: str) -> None:
    assert any(r.startswith(reason + ":") for r in urgency_reasons(text)), urgency_reasons(text)


@pytest.mark.parametrize(
    "text",
    [
        "Maisie used to self harm last year but she's doing loads better now with CAMHS.",
        "He was permanently excluded in Year 7 but he's settled at Oakwood since.",
        "Ollie's been excluded from breakfast club for a week.",
        "Ryan is out of school on Friday for a hospital appointment so he won't need the taxi.",
        "For urgent safeguarding matters please contact the school office.",
        "Josh went back to school full time this week after being off since Christmas!",
        "Her new power chair doesn't fit in the taxi, the ramp is too narrow.",
        "We have not excluded him and do not wish to.",
        "Switchboard - old exclusion letter",
        "We've had nothing back since March.",
        "He has a learning mentor and no learning support assistant this term.",
        "There is no school on Monday because of the teacher training day, so no taxi please.",
        "Could you tell me how to end the contract with the tutoring agency?",
        "She stopped attending the after-school club last year and is doing much better.",
        "All our escorts have a current DBS check.",
        "I'm sorry I have missed your last two calls, I was at work.",
        # near-misses of the phrasings above
        "It would be easier if I wasn't here on Tuesday, could we move the meeting?",
        "Leah has had chickenpox and has been off school for two weeks, she's back Monday.",
        "He has had four suspensions and is now at serious risk of permanent exclusion.",
        "The head told me he is looking at permanent exclusion if there is another incident.",
        "Parkside won't take him on the zoo trip because they say they can't manage his behaviour out of school.",
        "If your enquiry relates to a safeguarding matter please contact the Children's Front Door.",
        "Tribunal appeal EH860/24/00298 - disclosure of working document",
        "There's a non-molestation order between me and Archie's mum so we can't be in the same room.",
        "I got a speeding fine on the way to the review.",
        "She is at home for the holidays, so please post the letter there.",
    ],
)
def test_past_or_other_senses_are_not_urgent(text: str) -> None:
    assert urgency_reasons(text) == [], urgency_reasons(text)


def test_a_past_cue_does_not_hide_risk_that_is_still_current() -> None:
    # "last summer" is history, but "hasn't been ... since" says it is still going on.
    text = "He left school last summer and hasn't been in college since."
    assert any(r.startswith("out of school now:") for r in urgency_reasons(text))


def test_danger_on_the_road_is_a_safeguarding_concern() -> None:
    text = "He has no awareness of traffic and has run into the road twice. I want it changed before he gets hurt."
    assert any(r.startswith("safeguarding concern:") for r in urgency_reasons(text))

