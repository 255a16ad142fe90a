"""High-recall urgency rules: a child at risk of harm or without any education now, each with a reason."""

from __future__ import annotations

import re
from dataclasses import dataclass

from triage.nlp.text import split_sentences


@dataclass(frozen=True)
class UrgencyRule:
    reason: str
    pattern: re.Pattern[str]
    # Phrases such as "no safeguarding concerns" negate the rule; only applied where a negation is common.
    negations: re.Pattern[str] | None = None


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{alt})" for alt in alternatives), re.IGNORECASE)


_SELF = r"(?:him|her|them)sel(?:f|ves)|themself|myself"

RULES: tuple[UrgencyRule, ...] = (
    UrgencyRule(
        "suicidal thoughts",
        _rx(
            r"suicid",
            rf"\bkill(?:ing|ed)?\s+(?:{_SELF})",
            r"\b(?:end|take|ending|taking)\s+(?:his|her|their|my)\s+(?:own\s+)?li(?:fe|ves)",
            r"\b(?:wants?|wanting|wanted)\s+to\s+(?:die|be\s+dead)",
            r"\bbetter\s+off\s+dead",
            r"\b(?:doesn'?t|does\s+not|don'?t|didn'?t)\s+want\s+to\s+(?:be\s+alive|live|exist|be\s+here)",
            r"\bnot\s+(?:want|wanting)\s+to\s+(?:be\s+alive|live|exist)",
            r"\boverdose",
            r"\bligature",
            r"\bno\s+reason\s+to\s+live",
            r"samob[oó]j",
            r"خودکشی",
            r"આત્મહત્યા",
        ),
    ),
    UrgencyRule(
        "self-harm",
        _rx(
            r"self[\s\-]*harm",
            r"\bselfharm",
            rf"\b(?:cut|cuts|cutting|hurt|hurts|hurting|harm|harming|harmed|burn|burns|burning|burnt|scratch(?:es|ing)?|hit(?:s|ting)?|bit(?:e|es|ing)?|punch(?:es|ing)?|strangl\w*|chok\w*)\s+(?:{_SELF})",
            r"\bhead[\s\-]*bang",
            r"\bbang(?:s|ing|ed)?\s+(?:his|her|their)\s+head",
            r"\bcuts?\s+on\s+(?:his|her|their)\s+(?:arms?|legs?|wrists?)",
            r"samookalecz",
        ),
    ),
    UrgencyRule(
        "safeguarding concern",
        _rx(
            r"safeguarding",
            r"\bnot\s+safe\s+(?:at\s+home|with)",
            r"\bunsafe\s+(?:at\s+home|with|in\s+the\s+home)",
            r"\b(?:can'?t|cannot|can\s+not|unable\s+to)\s+keep\s+(?:him|her|them|my\s+\w+|the\s+\w+)\s+safe",
            r"\b(?:physical|sexual|emotional)\s+abuse",
            r"\babus(?:ed|ing|ive)\b",
            r"\bdomestic\s+(?:violence|abuse)",
            r"\bneglect(?:ed)?\b",
            r"\b(?:ran|run|runs|running)\s+away\b",
            r"\bwent\s+missing|\bmissing\s+from\s+(?:home|school)",
            r"\bin\s+(?:immediate\s+)?danger\b",
            r"\bat\s+(?:serious\s+|immediate\s+)?risk\s+of\s+(?:harm|exploitation|abuse)",
            r"\bexploit(?:ed|ation)\b",
            r"\bpolice\s+(?:were|was|have\s+been)\s+called",
            r"\bviolent\s+(?:at\s+home|towards|to)\b",
            r"\breferral\s+to\s+(?:children'?s\s+)?social\s+(?:care|services)|\bMASH\b",
            r"\bdisclos(?:ed|ure)\b",
        ),
        negations=_rx(
            r"\bno\s+(?:current\s+|known\s+)?safeguarding\s+(?:concerns?|issues?)",
            r"\bnot\s+a\s+safeguarding",
            r"safeguarding\s+(?:policy|training|lead|team\s+contact)",
        ),
    ),
    UrgencyRule(
        "excluded from school",
        _rx(
            r"\b(?:permanently|permanent(?:ly)?\s+been|been|was|got|is|being|has\s+been|now)\s+excluded",
            r"\bpermanent\s+exclusion",
            r"\bexcluded\s+(?:from|again|permanently|for)",
            r"\bwyrzucon\w*\s+ze\s+szko[lł]y",
        ),
    ),
    UrgencyRule(
        "no school place",
        _rx(
            r"\bno\s+(?:school|college|educational)\s+(?:place|placement|setting)",
            r"\bwithout\s+(?:a|any)\s+(?:school|college|suitable\s+school|educational)?\s*(?:place|placement|setting)",
            r"\bno\s+(?:school|setting|college)\s+(?:to\s+go\s+to|for\s+(?:him|her|them))",
            r"\bno\s+where\s+to\s+go\s+(?:to\s+school|in\s+september)|\bnowhere\s+to\s+go",
            r"\b(?:hasn'?t|has\s+not|have\s+not|haven'?t)\s+(?:got|been\s+given|been\s+offered)\s+(?:a|any)\s+(?:school\s+)?place",
            r"\bplace\s+(?:has\s+been\s+|was\s+)?withdrawn",
        ),
    ),
    UrgencyRule(
        "out of school now",
        _rx(
            r"\b(?:not|n'?t|never)\s+(?:been\s+)?(?:in|to|at|attended|attending|gone\s+to|going\s+to)\s+(?:school|college|nursery)\s+(?:since|for)",
            r"\b(?:hasn'?t|has\s+not|haven'?t|have\s+not)\s+(?:been\s+)?(?:in|to|at|attended)\s+(?:school|college|nursery)",
            r"\bout\s+of\s+(?:school|education|college)",
            r"\b(?:no|without\s+any|not\s+receiving\s+any|not\s+getting\s+any|missing)\s+(?:education|schooling|tuition|teaching)",
            r"\bat\s+home\s+(?:all\s+day\s+)?(?:with\s+)?(?:no|nothing|without)",
            r"\b(?:stuck|sat|sitting|been)\s+at\s+home\s+(?:for|since)",
            r"\b(?:not|isn'?t|is\s+not)\s+(?:currently\s+)?(?:attending|in)\s+(?:any\s+)?(?:school|education|college)",
            r"\bschool\s+refus(?:al|er|ing)|\brefus(?:es|ing)\s+to\s+(?:go\s+to|attend)\s+school",
            r"\b(?:can'?t|cannot|unable\s+to)\s+(?:attend|go\s+to|get\s+into)\s+school",
            r"\bEBSA\b|emotionally\s+based\s+school\s+avoidance",
            r"\bchildren\s+missing\s+education|\bCME\b",
            r"nie\s+chodzi\s+do\s+szko[lł]y",
        ),
    ),
)


def _snippet(sentence: str, limit: int = 160) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def urgency_reasons(text: str) -> list[str]:
    """One reason per rule that fires, quoting the first sentence that fired it."""
    reasons: list[str] = []
    sentences = split_sentences(text, limit=400)
    for rule in RULES:
        for sentence in sentences:
            if not rule.pattern.search(sentence):
                continue
            if rule.negations is not None and rule.negations.search(sentence):
                continue
            reasons.append(f"{rule.reason}: '{_snippet(sentence)}'")
            break
    return reasons


def urgency_sentences(text: str) -> list[str]:
    """The sentences any urgency rule matched, for highlighting."""
    hits: list[str] = []
    for sentence in split_sentences(text, limit=400):
        for rule in RULES:
            if rule.pattern.search(sentence) and not (rule.negations and rule.negations.search(sentence)):
                hits.append(_snippet(sentence, 300))
                break
    return hits
