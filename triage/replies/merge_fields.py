"""The values a reply template may use, and the fixed wording some of them carry. Pure."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

# What each statutory deadline means for the family, in plain words.
DEADLINE_MEANINGS = {
    "assessment_decision": "the council must tell you whether it will carry out an EHC needs assessment",
    "final_plan": "the council must issue the final EHC plan (or tell you it will not issue one)",
    "annual_review_decision": "the council must tell you its decision after the annual review meeting",
    "amended_plan": "the council must issue the amended EHC plan",
    "phase_transfer": "the council must amend the plan to name the next school or college",
    "tribunal_response": "the council must respond to the SEND Tribunal appeal",
    "order_bf": "the council must amend sections B and F of the plan as the Tribunal ordered",
    "order_i": "the council must amend section I of the plan as the Tribunal ordered",
    "order_plan_draft": "the council must send the draft plan the Tribunal ordered",
    "order_plan_final": "the council must issue the final plan the Tribunal ordered",
}
STATUTORY_DEADLINE_KINDS = tuple(DEADLINE_MEANINGS)

NO_DEADLINE = "There is no statutory deadline running on your child's case at the moment."

HOW_TO_APPEAL = (
    "If you disagree with a decision about an EHC needs assessment or plan, you can appeal to the "
    "First-tier Tribunal (Special Educational Needs and Disability), the SEND Tribunal. Before you "
    "appeal you must contact a mediation adviser and get a mediation certificate (not needed if your "
    "appeal is only about the school or setting named in section I). You must appeal within 2 months "
    "of the date of the decision letter, or 1 month from the date of the mediation certificate, "
    "whichever is later."
)

DEFAULT_SENDIASS = (
    "Your local SEND Information, Advice and Support Service (SENDIASS) gives free, impartial and "
    "confidential advice to parents, carers and young people about special educational needs."
)


@dataclass(frozen=True)
class MergeFields:
    """Everything a template can say about this conversation; names are the template variables."""

    family_name: str
    child_name: str
    case_officer: str
    case_ref: str
    next_statutory_date: str
    next_statutory_meaning: str
    next_statutory: str  # one sentence: the date and what it means, or that there is none
    how_to_appeal: str
    sendiass: str
    agent_name: str
    reference: str  # the conversation token, e.g. TRG-7K2M9Q

    def as_dict(self) -> dict[str, str]:
        """The fields as template variables."""
        return asdict(self)


FIELD_HELP = {
    "family_name": "the name of the person we are replying to (parent or carer)",
    "child_name": "the child's name (from the linked case, or as the sender gave it)",
    "case_officer": "the case officer on the linked case",
    "case_ref": "the case reference (SEN…)",
    "next_statutory_date": "the date of the next statutory deadline, e.g. 14 March 2027",
    "next_statutory_meaning": "what happens by that date",
    "next_statutory": "a sentence with both, or saying plainly that no deadline is running",
    "how_to_appeal": "a paragraph about mediation and the SEND Tribunal (2 months from the decision letter)",
    "sendiass": "the local SEND information, advice and support service",
    "agent_name": "your name",
    "reference": "the conversation reference, e.g. TRG-7K2M9Q",
}


def spoken_date(day: date) -> str:
    """14 March 2027: dates as letters to families write them."""
    return f"{day.day} {day:%B %Y}"


def next_deadline_sentence(child_name: str, due_on: date | None, kind: str | None) -> tuple[str, str, str]:
    """(date, meaning, sentence) for the next statutory deadline; plain words when there is none."""
    if due_on is None or kind is None:
        return "", "", NO_DEADLINE
    meaning = DEADLINE_MEANINGS.get(kind, kind.replace("_", " "))
    when = spoken_date(due_on)
    whose = f"{child_name}'s case" if child_name and child_name != "your child" else "your child's case"
    return when, meaning, f"The next statutory date on {whose} is {when}: by then {meaning}."


def sample_fields(sendiass: str = DEFAULT_SENDIASS) -> MergeFields:
    """Made-up values for previewing a template on the administration pages."""
    when, meaning, sentence = next_deadline_sentence("Amara Okafor", date(2027, 3, 14), "final_plan")
    return MergeFields(
        family_name="Ms Okafor", child_name="Amara Okafor", case_officer="Officer Ada", case_ref="SEN104217",
        next_statutory_date=when, next_statutory_meaning=meaning, next_statutory=sentence,
        how_to_appeal=HOW_TO_APPEAL, sendiass=sendiass, agent_name="Sam Agent", reference="TRG-7K2M9Q",
    )
