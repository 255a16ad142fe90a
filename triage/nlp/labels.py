"""The label sets the classifiers predict (DESIGN.md section 3); the loader checks artefacts against them."""

from __future__ import annotations

CORE_TOPICS: tuple[str, ...] = ("timeliness", "school_place", "communication", "appeal")
ROUTING_TOPICS: tuple[str, ...] = (
    "annual_review",
    "provision",
    "transport",
    "assessment_request",
    "out_of_education",
    "complaint_handling",
)
TOPICS: tuple[str, ...] = CORE_TOPICS + ROUTING_TOPICS
KINDS: tuple[str, ...] = ("complaint", "enquiry", "tribunal", "other")
URGENT = "urgent"
