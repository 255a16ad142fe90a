"""Person-name evidence: name mentions in a message and how well they match a child's registered name."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from triage.linking.name_variants import are_variants
from triage.linking.normalise import name_key, name_parts, skeleton, surname_stem, words

MATCH = 0.85  # a written name at or above this similarity counts as the registered name

TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "cllr", "sir", "dame", "rev", "lady", "lord"})
# Capitalised words common in council mail that are not names (greetings, months, bodies, jargon).
STOPWORDS = frozenset(
    """
    dear hi hello hiya good morning afternoon evening thanks thank you many kind kindest best warm warmest
    regards wishes sincerely faithfully cheers love sent from my iphone android outlook get to re fw fwd
    i im ive id ill me we our us my he she his her him they them their it its this that these those there
    here the a an and or but if so as at by for in of on to with without about after before please could
    can would will shall should may might must do does did dont doesnt didnt cant wont is are was were
    be been being have has had not no yes ok okay also just still again now then today tomorrow yesterday
    what when where why who how which while since because although however further following regarding
    monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    council county borough city team service services department office officer officers manager
    send sen senco sendco ehcp ehc plan plans ehcps assessment annual review tribunal appeal mediation
    school schools primary secondary academy college nursery infant infants junior juniors high grammar
    special pru unit trust federation church england ce rc catholic community centre center hospital
    nhs camhs salt ot ep asd adhd autism dyslexia sen support section year years reception
    parent parents carer carers mum mam mom dad father mother son daughter child children boy girl
    family families pupil pupils student students young person people social worker health visitor
    case ref reference number no dob date birth born name names subject attachment attachments
    request requested draft final decision letter email emails phone call calls meeting report reports
    complaint stage ombudsman lgsco legal solicitor advocate advice mp local authority la
    urgent update chasing follow up sorry apologies hope well note notes ps nb attached
    north south east west
    """.split()
)
# Names that are also ordinary words: ignored at the start of a sentence ("Will you ...", "May I ...").
_AMBIGUOUS_AT_START = frozenset({"will", "may", "mark", "grace", "hope", "faith", "joy", "rose", "summer",
                                 "bill", "sue", "pat", "frank", "art", "amber", "holly", "ivy", "sunny", "autumn"})
_CUE = re.compile(
    r"\b(?:my|our|her|his|their)\s+(?:(?:little|eldest|youngest|older|younger|foster|step|adopted|grand)\s*)?"
    r"(?:son|daughter|child|boy|girl|grandson|granddaughter|stepson|stepdaughter|nephew|niece|twins?)\b"
    r"(?!['’]s)|\bchild(?:['’]s)?\s+name\b|\b(?:pupil|student|young\s+person)\b",
    re.IGNORECASE,
)
_CUE_GAP = re.compile(r"\s*[:,\-–]?\s*(?:(?:is|was|called|named)\s+)*$", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """Consecutive capitalised words that may be a name, where they were written."""

    keys: tuple[str, ...]
    text: str
    where: str  # "subject", "body" or "entity"
    cued: bool  # introduced as the child ("my son Olly", "Child's name: ...")


@dataclass(frozen=True)
class NameMatch:
    level: str  # "full", "first+sender", "first+last", "first", "last" or ""
    score: float
    detail: str
    cued: bool


NO_MATCH = NameMatch("", 0.0, "", False)


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?:\n" or text[:start].endswith("\n")


def mentions_in(text: str, where: str) -> list[Mention]:
    """Runs of capitalised non-stopword words, each flagged when a child cue ("my son") precedes it."""
    cue_ends = [m.end() for m in _CUE.finditer(text)]
    found: list[Mention] = []
    run: list[tuple[str, int, int]] = []

    def close() -> None:
        if not run:
            return
        start = run[0][1]
        cued = any(_CUE_GAP.fullmatch(text[end:start]) is not None for end in cue_ends if end <= start)
        keys = tuple(name_key(w) for w, _, _ in run)
        found.append(Mention(keys, " ".join(w for w, _, _ in run), where, cued))
        run.clear()

    found_words = words(text)
    for index, (word, start, end) in enumerate(found_words):
        word = re.sub(r"['’]s$", "", word)  # possessive: "Sam's taxi"
        key = name_key(word)
        next_word = found_words[index + 1][0] if index + 1 < len(found_words) else ""
        usable = (
            _is_capitalised(word)
            and len(key) >= 2
            and key not in STOPWORDS
            and key not in TITLES
            # "Will you ..." is not a name, "Will Smith ..." may be
            and not (key in _AMBIGUOUS_AT_START and _sentence_start(text, start) and not _is_capitalised(next_word))
            and not (word.isupper() and len(word) <= 3)
        )
        if run and (not usable or not re.fullmatch(r"[ \t]+", text[run[-1][2]:start])):
            close()
        if usable:
            titled = re.search(r"\b(?:mr|mrs|ms|miss|mx|dr)\.?\s+$", text[max(0, start - 6):start], re.IGNORECASE)
            if titled and not run:
                continue  # "Mrs Khan" is an adult, not the child
            run.append((word, start, end))
    close()
    return found


def extract_mentions(subject: str, text: str, person_entities: Iterable[str] = ()) -> list[Mention]:
    """Name mentions in the subject, the body and the NLP stage's PERSON entities."""
    found = mentions_in(subject, "subject") + mentions_in(text, "body")
    seen = {m.keys for m in found}
    for entity in person_entities:
        keys = tuple(k for k in (name_key(w) for w, _, _ in words(entity)) if k and k not in TITLES)
        if keys and keys not in seen:
            found.append(Mention(keys, entity, "entity", False))
            seen.add(keys)
    return found


def sender_name_keys(sender_name: str | None, sender_email: str | None) -> tuple[str, ...]:
    """The sender's name as keys, first to last ("Smith, Jane" and "jane.smith@" both give jane, smith)."""
    name = (sender_name or "").strip().strip('"')
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    keys = [k for k in (name_key(w) for w in re.split(r"[\s.]+", name)) if len(k) > 1 and k not in TITLES]
    if not keys and sender_email and "@" in sender_email:
        local = sender_email.split("@", 1)[0]
        parts = [name_key(p) for p in re.split(r"[._\-]+", local)]
        if len(parts) >= 2 and all(len(p) > 1 for p in parts):
            keys = parts
    return tuple(keys)


def similarity(registered: str, written: str) -> tuple[float, str]:
    """How well a written name key matches a registered one, and why."""
    if not registered or not written:
        return 0.0, ""
    if registered == written:
        return 1.0, "exact"
    if are_variants(registered, written):
        return 0.95, "known variant"
    if surname_stem(registered) == surname_stem(written) and surname_stem(written) != written:
        return 0.92, "same surname, other gender form"
    if len(written) >= 3 and skeleton(registered) == skeleton(written):
        return 0.88, "spelling variant"
    shorter = min(len(registered), len(written))
    distance = OSA.distance(registered, written)
    if (shorter >= 5 and distance <= 1) or (shorter >= 8 and distance <= 2):
        return 0.86, "close spelling"
    return 0.0, ""


def best_similarity(registered: Sequence[str], full_key: str, written: str) -> tuple[float, str]:
    """Best similarity against the whole registered name, or a little less against one of its parts."""
    score, how = similarity(full_key, written)
    if score >= MATCH or len(registered) < 2:
        return score, how
    for part in registered:
        part_score, part_how = similarity(part, written)
        if part_score * 0.95 > score:
            score, how = part_score * 0.95, f"part of the name ({part_how})"
    return score, how


def _positions(keys: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Single words and adjacent pairs ("Abdi Rahman" -> abdi, rahman, abdirahman) with their spans."""
    spans = [(i, i, k) for i, k in enumerate(keys)]
    spans += [(i, i + 1, keys[i] + keys[i + 1]) for i in range(len(keys) - 1)]
    return spans


def match_name(first: str, last: str, mentions: Sequence[Mention], sender_keys: tuple[str, ...]) -> NameMatch:
    """The strongest way the message names this child: full name, first name with the sender's surname, ..."""
    first_parts, last_parts = name_parts(first), name_parts(last)
    first_key, last_key = name_key(first), name_key(last)
    sender = tuple(sender_keys)
    best_first: tuple[float, str, bool] = (0.0, "", False)
    best_last: tuple[float, str] = (0.0, "")
    for mention in mentions:
        if sender and mention.keys in (sender, sender[:1]):
            continue  # the sender's own name, e.g. in the signature
        firsts = [(a, b, *best_similarity(first_parts, first_key, k)) for a, b, k in _positions(mention.keys)]
        lasts = [(a, b, *best_similarity(last_parts, last_key, k)) for a, b, k in _positions(mention.keys)]
        for fa, fb, fs, fhow in firsts:
            if fs < MATCH:
                continue
            for la, lb, ls, lhow in lasts:
                in_order = fb < la <= fb + 2
                reversed_order = lb + 1 == fa
                if ls >= MATCH and (in_order or reversed_order):
                    score = (fs + ls) / 2
                    how = "exact" if fhow == lhow == "exact" else ", ".join(sorted({fhow, lhow} - {"exact"}))
                    return NameMatch("full", score, f"child's name '{mention.text}' in {mention.where} ({how})", mention.cued)
            if fs > best_first[0]:
                best_first = (fs, f"first name '{mention.text}' ({fhow})", mention.cued)
        for _, _, ls, lhow in lasts:
            if ls > best_last[0]:
                best_last = (ls, f"surname '{mention.text}' ({lhow})")
    if best_first[0] >= MATCH:
        sender_last = max((similarity(last_key, k)[0] for k in sender[1:]), default=0.0)
        if sender_last >= MATCH:
            return NameMatch("first+sender", (best_first[0] + sender_last) / 2,
                             f"{best_first[1]} with the sender's surname", best_first[2])
        if best_last[0] >= MATCH:
            return NameMatch("first+last", (best_first[0] + best_last[0]) / 2,
                             f"{best_first[1]} and {best_last[1]}", best_first[2])
        return NameMatch("first", best_first[0], best_first[1], best_first[2])
    if best_last[0] >= MATCH:
        return NameMatch("last", best_last[0], best_last[1], False)
    return NO_MATCH


def cued_first_names(mentions: Sequence[Mention]) -> list[tuple[str, str]]:
    """(first-name key, text) of each child the writer introduces ("my son Olly"): a conflict check."""
    return [(m.keys[0], m.text) for m in mentions if m.cued and m.keys]
