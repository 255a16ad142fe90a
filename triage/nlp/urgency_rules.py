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
# Conditions where an untrained adult is a danger today (rescue medication, feeds, airway, blood sugar).
_MEDICAL = (r"(?:seizures?|(?:ha[sd]|having)\s+(?:a\s+)?fits?\b|epilep\w*|midazolam|buccal|rescue\s+med\w*|insulin|hypos?\b|diabet\w*|"
            r"gastrostomy|tracheostomy|tube[\s\-]*fe\w*|anaphyla\w*|epi[\s\-]*pen)")
# Said of the adult in charge: not trained for it, or not knowing what to do.
_UNTRAINED = (r"\b(?:not|isn'?t|wasn'?t|aren'?t|no(?:body|\s+one)?|never|un)\s*(?:been\s+)?(?:\w+\s+)?trained\b"
              r"|\bno\s+training\s+(?:in|on|for)\b")
_CLUELESS = (r"\b(?:didn'?t|did\s+not|doesn'?t|does\s+not|don'?t)\s+(?:\w+\s+)?know\s+(?:what\s+to\s+do|how\s+to|what\s+(?:it|the\s+alarm)\s+mean)"
             r"|\b(?:nobody|no\s+one|no\s+adult)\b.{0,40}?\bknows?\s+(?:how\s+to|what\s+to\s+do)")

# "I wasn't here", "she weren't around": said of being alive, in the suicidal phrasings below.
_NOT_HERE = r"(?:I|s?he|they)\s+(?:wasn'?t|wasnt|weren'?t|was\s+not|were\s+not)\s+(?:here|around|alive)"


def _either_order(a: str, b: str, gap: int = 100) -> str:
    """a and b in the same sentence, in either order, at most gap characters apart."""
    return f"(?:{a}).{{0,{gap}}}(?:{b})|(?:{b}).{{0,{gap}}}(?:{a})"


# A sentence that places the risk in the past or says it is over ("used to self-harm", "excluded in
# Year 7", "back in school full time", "doing so much better") is history, not urgency. Only whole
# sentences are judged, so "he used to love school but now he's cutting himself" still fires only if
# it has no such cue: the urgency model and the agent remain behind the rules.
_PAST = _rx(
    r"\bused\s+to\b", r"\byears?\s+ago\b", r"\blast\s+(?:year|term|summer|spring|autumn|winter)\b",
    r"\bin\s+(?:year|yr)\s*\d{1,2}\b", r"\b(?:in|since|during|for\s+most\s+of)\s+(?:19|20)\d\d\b",
    r"\b(?:went|is|was|'s|are|got|been)\s+back\s+(?:in|at|to)\b", r"\bback\s+(?:in\s+now|on\s+monday|monday|full[\s\-]*time)",
    r"\bdoing\s+(?:so\s+|much\s+|really\s+|loads\s+|a\s+lot\s+)?(?:better|well)\b", r"\b(?:much|so\s+much|loads)\s+better\b",
    r"\bhasn'?t\s+done\s+it\b", r"\bdischarged\b", r"\bresolved\b", r"\bin\s+the\s+past\b",
    r"\bhistory\s+of\b", r"\b(?:both\s+)?served\b", r"\bsettled\b", r"\bcame\s+out\s+the\s+other\s+side",
)
_NOT_SCHOOL_EXCLUSION = _rx(
    r"\b(?:risk\s+of|looking\s+at|facing|threat(?:ened)?\s+(?:with|of)|avoid\w*|prevent\w*|heading\s+(?:for|towards)|close\s+to|verge\s+of)\s+(?:a\s+)?(?:permanent\s+|fixed[\s\-]*term\s+)?(?:exclusion|being\s+excluded)",
    r"excluded\s+from\s+(?:the\s+)?(?:\w+\s+)?(?:trip|club|team|discussion|meeting|conversation|group\s+chat|party|activit\w+)",
    r"\bfelt\s+(?:completely\s+|totally\s+)?excluded",
)
_NOT_ABSENCE = _rx(
    r"\bout\s+of\s+school\s+(?:on|for)\s+(?:a|the)?\s*(?:trip|course|day|week|appointment|hospital|wedding|holiday|monday|tuesday|wednesday|thursday|friday)",
    r"\b(?:I|I'?m|I\s+am|she'?s|he'?s)\s+(?:been\s+)?off\s+(?:for|since)\b.{0,40}\b(?:catching\s+up|leave|sick)",
    r"\btake\s+\w+\s+out\s+of\s+school",
    r"\bbehaviour\s+out\s+of\s+school|\bout\s+of\s+school\s+(?:trips?|visits?|activit\w+|clubs?|hours|care)\b",
    r"\bwebinars?\b|\btraining\s+(?:course|day|session)",
)
# ...unless the same sentence says it is still going on.
_ONGOING = _rx(
    r"\b(?:hasn'?t|has\s+not|haven'?t|have\s+not|isn'?t|is\s+not|still|again|currently|right\s+now|at\s+the\s+moment|today|tonight)\b",
)

RULES: tuple[UrgencyRule, ...] = (
    UrgencyRule(
        "suicidal thoughts",
        _rx(
            r"suicid",
            rf"\bkill(?:ing|ed)?\s+(?:{_SELF})",
            r"\b(?:end|take|ending|taking)\s+(?:his|her|their|my)\s+(?:own\s+)?li(?:fe|ves)",
            r"\b(?:wants?|wanting|wanted)\s+to\s+(?:die|be\s+dead)",
            r"\bbetter\s+off\s+dead",
            # "Others would be better off without me" is a recognised warning sign, however the sentence ends
            # (a typed "edad" for "dead" must not hide it).
            r"\bbetter\s+off\s+without\s+(?:me|him|her|them)\b",
            r"\b(?:every(?:one|body)|the\s+family|we)\s+(?:would|'?d)\s+be\s+better\s+off\s+if\s+(?:s?he|they|I)\s+(?:was|were|wasn'?t|weren'?t)\b",
            r"\b(?:doesn'?t|does\s+not|don'?t|didn'?t)\s+want\s+to\s+(?:be\s+alive|live|exist|be\s+here)",
            r"\bnot\s+(?:want|wanting)\s+to\s+(?:be\s+alive|live|exist)",
            r"\boverdose",
            r"\bligature",
            r"\b(?:thinking\s+(?:about|of)|think\s+about|want(?:s|ed)?\s+to|going\s+to|gonna)\s+end(?:ing)?\s+it(?:\s+all)?\b",
            r"\b(?:don'?t|dont|doesn'?t|doesnt|can'?t|cant)\s+(?:really\s+)?see\s+(?:the|any)\s+point\s+(?:in\s+)?(?:anything|living|life|going\s+on|being\s+here)",
            r"\bno\s+reason\s+to\s+live",
            # "it would be easier if I wasn't here anymore" (but not "if I wasn't here on Tuesday")
            rf"\b(?:easier|better)\s+(?:for\s+(?:everyone|everybody|them|you)\s+)?if\s+{_NOT_HERE}\b(?!\s+(?:on|at|for|until|till|when|this|next|in\s+the|to\s+\w+))",
            rf"\bwish(?:es|ed)?\s+{_NOT_HERE}\s*(?:any\s*more)?\s*(?:[.!,]|$)",
            r"\b(?:rather|would\s+sooner)\s+(?:die|be\s+dead)",
            r"\b(?:belt|rope|cord|scarf)\s+(?:round|around)\s+(?:his|her|their|my)\s+neck",
            r"\bwish(?:es|ed)?\s+(?:s?he|they|I)\s+(?:was|were)\s+(?:dead|never\s+born)",
            r"samob[oó]j",
            r"خودکشی",
            r"આત્મહત્યા",
        ),
        negations=_PAST,
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
            r"\bcuts?\s+(?:on|to)\s+(?:\w+'?s?\s+){1,2}(?:arms?|legs?|wrists?|thighs?|stomach)",
            r"\bcut(?:s|ting)?\s+(?:\w+\s+){0,2}(?:arms?|legs?|wrists?|thighs?)\b",
            r"\b(?:is|s|was|been|started)\s+cutting\b",
            r"samookalecz",
        ),
        negations=_PAST,
    ),
    UrgencyRule(
        "safeguarding concern",
        _rx(
            r"safeguarding",
            r"\bnot\s+safe\s+(?:at\s+home|with)",
            r"\bhome\s+(?:is|are)\s+(?:not\s+safe|unsafe)|\bhome\s+isn'?t\s+safe",
            r"\b(?:doesn'?t|does\s+not|don'?t|do\s+not)\s+feel\s+safe\s+(?:at\s+home|with)",
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
            r"\bLADO\b|\bwomen'?s\s+aid\b|\brefuge\s+(?:today|now|tonight)",
            r"\b(?:scared|frightened|afraid)\s+to\s+go\s+home",
            r"\b(?:don'?t|do\s+not|doesn'?t|does\s+not)\s+feel\s+safe",
            r"\bnot\s+safe\s+(?:on|in)\s+(?:the|that|his|her)\s+(?:bus|taxi|minibus|car|school)",
            r"\b(?:hit|hitting|hits|punched|kicked|grabbed|pushed|shoved|bitten|slapped|strangled|threw\s+\w+\s+at)\s+(?:him|her|them|me|my\s+\w+)\b",
            r"\bbite\s+marks?|\bbruis(?:e|es|ed|ing)\b|\bmarks?\s+on\s+(?:his|her|their)\s+(?:arms?|neck|face|legs?)",
            r"\brestrain(?:ed|t|ing)\b",
            r"\b(?:has\s+been|is|was|being|got|gets|getting)\s+(?:very\s+)?violent",
            r"\bknife\b|\bweapon\b",
            r"\b(?:squeez\w*|grab\w*|grip\w*|chok\w*|strangl\w*)\s+(?:his|her|their|my)\s+(?:neck|throat)\b|\b(?:twist\w*|squeez\w*)\s+(?:his|her|their|my)\s+(?:arms?|wrists?)\b",
            # a family's whereabouts disclosed to someone a court keeps away from them
            r"\b(?:not|never)\s+(?:supposed|allowed|meant|permitted)\s+to\s+know\s+(?:where|our\s+address|the\s+address|which\s+school)",
            _either_order(r"\bnon[\s\-]*molestation\b|\brestraining\s+order\b",
                          r"\baddress\b|\bwhere\s+(?:we|she|he|they)\s+(?:live|lives|are\s+living|are\s+staying)|\bsent\b|\bgave\b|\bgiven\b", 80),
            # dangerous driving with a child on board
            r"\b(?:on|using|speak\w*\s+on|talk\w*\s+on|texting\s+on)\s+(?:the|his|her|a)\s+(?:mobile\s+)?(?:tele)?phone\b.{0,40}\bwh(?:ile|en)\s+(?:\w+\s+)?driv",
            r"\bdriv\w*\s+(?:(?:very|so|really|too|much|far|way|dangerously)\s+){0,3}fast\b|\bspeeding\b(?!\s+(?:fines?|tickets?|points|course|offen[cs]e))",
            r"\b(?:no|without\s+a|not\s+(?:have|got)\s+a)\s+(?:current\s+|valid\s+)?DBS\b|\bDBS\b.{0,40}\b(?:lapsed|expired|out\s+of\s+date)",
            r"\b(?:smelled|smelt|smells|stank|stinks)\s+(?:strongly\s+)?of\s+(?:drink|alcohol|booze)|\bdrunk\b.{0,40}\bdriv(?:er|ing)|\bdriver\b.{0,60}\bdrunk\b",
            r"\bleft\s+(?:\w+\s+){0,2}(?:on\s+(?:his|her|their)\s+own|alone|unattended)\s+(?:in|on|outside)",
            r"\b(?:open(?:ed|ing)?|undo(?:es|ing)?|undid|undone)\s+(?:the\s+)?(?:car\s+|taxi\s+|bus\s+)?(?:door|(?:his|her|their)\s+(?:seat\s*)?belt|seat\s*belt)",
            r"\bno\s+(?:trained\s+)?escort\b.{0,80}\b(?:seizure|epilepsy|midazolam)",
            # an adult in charge who cannot give the care a condition needs, or a medical emergency in transport
            r"\b(?:seizure|a\s+fit|hypo)\s+(?:on|in)\s+(?:the\s+)?(?:back\s+of\s+the\s+)?(?:bus|taxi|minibus|car)\b",
            _either_order(_UNTRAINED, _MEDICAL),
            _either_order(_CLUELESS, _MEDICAL),
            # a child left alone in a vehicle or found alone by a stranger
            r"\b(?:left|leaving|leave)\b.{0,60}\b(?:taxi|car|bus|minibus|vehicle)\b.{0,40}\b(?:on\s+(?:his|her|their)\s+own|alone|by\s+(?:him|her|them)sel(?:f|ves)|unattended)",
            r"\blocked\s+in\s+(?:the\s+)?(?:car|taxi|minibus|bus|vehicle)",
            r"\bfound\b.{0,60}\bby\s+a\s+(?:member\s+of\s+the\s+public|stranger|neighbour|passer)|\bmember\s+of\s+the\s+public\s+found",
            r"\bfound\s+(?:him|her|them)\s+(?:\w+\s+){0,4}(?:on|in|near|by|along)\s+the\s+(?:main\s+|busy\s+)?(?:road|ring\s+road|dual\s+carriageway)",
            r"\bwheelchair\b.{0,60}\bnot\s+(?:properly\s+)?(?:clamped|secured|strapped)|\bnot\s+(?:properly\s+)?(?:clamped|secured|strapped)\b.{0,40}\bwheelchair",
            r"\b(?:dropped|left)\s+(?:him|her|them)?\s*(?:at|by)\s+the\s+wrong\s+(?:stop|school|address)",
            r"\b(?:a\s+)?stranger\s+(?:found|brought)",
            r"\b(?:ran|run|runs|running)\s+(?:out\s+)?(?:into|onto|in\s+to)\s+the\s+(?:road|traffic|car\s+park)",
            r"\bbefore\s+(?:he|she|they|someone|a\s+child)\s+(?:gets?|is)\s+(?:hurt|killed|injured)",
        ),
        negations=_rx(
            r"\bno\s+(?:current\s+|known\s+)?safeguarding\s+(?:concerns?|issues?)",
            r"\bnot\s+a\s+safeguarding",
            r"safeguarding\s+(?:policy|training|lead|team\s+contact|certificates?|matters|related|audit|incidents?\s+on\s+transport\s+in)",
            r"(?:please|pls)\s+(?:tele)?(?:phone|call|ring|contact)\b.{0,60}safeguarding|safeguarding.{0,80}(?:please\s+)?(?:tele)?(?:phone|call|contact)\s+(?:the\s+)?school",
            r"\b(?:is\s+all\s+|all\s+)?resolved\b|\bno\s+concerns\s+at\s+home",
            # auto-replies: "if your enquiry relates to a safeguarding matter please contact..."
            r"\bif\s+(?:your\s+(?:enquiry|query|email|message|call)\s+(?:relates|is)\s+(?:to|about)|you\s+have)\s+a\s+safeguarding",
            r"\bdisclos(?:ure|ed)\s+(?:of\s+)?(?:the\s+)?(?:working\s+)?(?:documents?|evidence|bundle|records?|reports?)\b",
        ),
    ),
    UrgencyRule(
        "excluded from school",
        _rx(
            r"\b(?:permanently|permanent(?:ly)?\s+been|been|was|got|is|being|has\s+been|now)\s+excluded",
            r"\bpermanent\s+exclusion",
            r"\b(?:fixed[\s\-]*term|five[\s\-]*day|\d[\s\-]*day)\s+(?:exclusion|suspension)",
            r"\bsuspended\s+(?:him|her|them|for)\b|\b(?:been|was|is|got)\s+suspended",
            r"\bsent\s+(?:him|her|them)\s+home\b",
            r"\b(?:don'?t|do\s+not|not\s+to)\s+bring\s+(?:him|her|them)\s+(?:back|in)\b",
            r"\b(?:can'?t|cannot|can\s+not)\s+come\s+back\s+(?:in|to\s+school)?\s*(?:until|till)",
            r"\bderegister(?:ed)?\b|\boff\s+(?:the\s+)?(?:school\s+)?roll\b",
            r"\bexcluded\s+(?:from|again|permanently|for)",
            r"(?<!not\s)(?<!n't\s)\bexclud(?:ed|ing)\s+(?:him|her|them)\b",
            r"(?<!old\s)\bexclusion\s+(?:letter|notice)\b|\bexclusion\s+today\b",
            r"\bwyrzucon\w*\s+ze\s+szko[lł]y",
        ),
        negations=_rx(_PAST.pattern, _NOT_SCHOOL_EXCLUSION.pattern),
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
            r"\b(?:currently|still)\s+no\s+school\b|\bno\s+school\s+(?:yet|now)\b|\b(?:s?he|they)\s+no\s+school\b|^\s*no\s+school\s*[.!]*\s*$",
            r"\b(?:has\s+not|hasn'?t|have\s+not|haven'?t)\s+had\s+a\s+(?:school|school\s+place|college\s+place)\b",
            r"\b(?:has|have|got)\s+no\s+(?:secondary\s+|primary\s+|special\s+)?school\b|\bstill\s+(?:has\s+|have\s+)?no\s+school\b",
            r"\bno\s+school\s+(?:named|in\s+september|for\s+september|for\s+\w+\s+(?:weeks?|months?)|since)",
            r"\b(?:hasn'?t|has\s+not|haven'?t|have\s+not|doesn'?t\s+have|does\s+not\s+have)\s+(?:got\s+)?a\s+school\b",
            r"\b(?:won'?t|will\s+not|not)\s+be\s+taking\s+(?:him|her|them)\b",
            r"\bnie\s+ma\s+szko[lł]y",
            r"\bno\s+school\s+(?:have|has|had)\s+(?:a\s+|any\s+)?place",
            r"\bno\s+(?:place|placement)\s+for\s+(?:him|her|them)\b",
            r"\b(?:is|are|been|'s)\s+without\s+(?:a|any)\s+school\b",
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
            r"\b(?:can'?t|cannot|unable\s+to|(?:isn'?t|is\s+not|aren'?t|are\s+not|not)\s+able\s+to)\s+(?:attend|go\s+to|get\s+into)\s+school",
            r"\bEBSA\b|emotionally\s+based\s+school\s+avoidance",
            r"\bchildren\s+missing\s+education|\bCME\b",
            r"nie\s+chodzi\s+do\s+szko[lł]y",
            r"\brefus(?:ed|es|ing)\s+(?:to\s+go\s+(?:in|back)|school|to\s+go\s+to\s+(?:school|college))",
            r"\b(?:won'?t|wont|will\s+not)\s+go\s+(?:in(?:to\s+school)?|to\s+school|back)\b",
            r"\b(?:at|sat|sitting|stuck|is|been|he'?s|she'?s)\s+(?:at\s+)?home\s+(?:all\s+day|every\s+day|with\s+me|all\s+the\s+time|doing\s+nothing|now|today|in\s+(?:his|her|their)\s+uniform)",
            r"\b(?:hasn'?t|has\s+not|haven'?t|not)\s+(?:been\s+)?(?:back|going\s+in|been\s+in)(?:\s+(?:to|at|in)(?:\s+\w+){1,3}?)?\s+(?:since|for)\b",
            r"\b(?:been\s+)?off\s+(?:school\s+)?(?:since|for\s+(?:\w+\s+)?(?:weeks?|months?))",
            r"\b(?:missed|missing)\s+(?:\w+\s+){0,2}(?:weeks?|days?|months?)\s+(?:of\s+)?(?:school|college)",
            r"\bkept\s+(?:him|her|them)\s+(?:at\s+)?home\b|\bkeeping\s+(?:him|her|them)\s+(?:at\s+)?home\b",
            r"\bnot\s+(?:been\s+)?(?:in|doing)\s+(?:any\s+)?(?:education|training|anything)\b",
            r"\bno\s+transport\b.{0,80}\b(?:missed|off\s+school|at\s+home|can'?t\s+get)",
            r"\b(?:not|no|don'?t|doesn'?t)\s+go(?:ing)?\s+(?:to\s+)?school\s+(?:now|any\s*more)",
            r"\b(?:'s|has|have|is|are)\s+been\s+(?:at\s+)?home\s+(?:since|for)\b",
            # English as an additional language: "he is at home since Monday"
            r"\b(?:is|are|'s)\s+(?:at\s+)?home\s+since\b|\b(?:is|are|'s)\s+at\s+home\s+for\s+(?:\d+|two|three|four|five|six|several|many|a\s+few)\s+(?:days?|weeks?|months?)\b",
            r"\b(?:he'?s|she'?s|they'?re|is|are|been|just)\s+(?:just\s+)?(?:sat|sitting|stuck)\s+at\s+home\b|\b(?:is|'s|are|i'?m|im|am)\s+just\s+at\s+home\b",
            r"\b(?:hasn'?t|has\s+not|haven'?t|have\s+not|not|never)\s+been\s+(?:to|in)\s+any\s+school\b|\b(?:not|n'?t|never)\s+been\s+(?:to|in)\s+school\s+at\s+all",
            r"\b(?:aren'?t|are\s+not|isn'?t|is\s+not)\s+in\s+any\s+school",
            r"\bno\s+learning(?!\s+(?:support|mentor|disabilit\w*|difficult\w*|assistant|needs?|plan|walk))\b",
            r"\b(?:s?he|they)\s+(?:has|'s|have|'ve)\s+had\s+nothing\b(?!\s+(?:back|from|in\s+writing|through))|\bhas\s+nothing\s+now\b",
            r"\bno\s+(?:work|tutor|teacher|tuition)\b.{0,30}\bno\s+(?:work|tutor|teacher|tuition|nothing)\b",
            r"\bstill\s+no\s+(?:tutor|tuition|teacher|school)\b",
            r"\bstopped\s+(?:attending|going\s+(?:in|to\s+school))\b",
            r"\bmissed\s+(?:the\s+)?(?:whole|entire)\s+(?:week|term|month)\b",
            r"\b(?:has|have|'s|'ve)\s+missed\s+the\s+(?:last|past)\s+(?:\w+\s+)?(?:days?|weeks?)\b",
            r"\bkeep\s+(?:him|her|them)\s+(?:off\s+(?:school|until)|at\s+home|home\b)",
        ),
        negations=_rx(_PAST.pattern, _NOT_ABSENCE.pattern),
    ),
)


def _snippet(sentence: str, limit: int = 160) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _negated(rule: UrgencyRule, sentence: str) -> bool:
    """A negation cue in the sentence, and nothing saying the risk is still current."""
    return rule.negations is not None and bool(rule.negations.search(sentence)) and not _ONGOING.search(sentence)


def urgency_reasons(text: str) -> list[str]:
    """One reason per rule that fires, quoting the first sentence that fired it."""
    reasons: list[str] = []
    sentences = split_sentences(text, limit=400)
    for rule in RULES:
        for sentence in sentences:
            if not rule.pattern.search(sentence):
                continue
            if _negated(rule, sentence):
                continue
            reasons.append(f"{rule.reason}: '{_snippet(sentence)}'")
            break
    return reasons


def urgency_sentences(text: str) -> list[str]:
    """The sentences any urgency rule matched, for highlighting."""
    hits: list[str] = []
    for sentence in split_sentences(text, limit=400):
        for rule in RULES:
            if rule.pattern.search(sentence) and not _negated(rule, sentence):
                hits.append(_snippet(sentence, 300))
                break
    return hits
