"""The default teams and routing rules seeded into a new installation (administrators edit them)."""

from __future__ import annotations

DEFAULT_TEAMS: list[tuple[str, str]] = [
    ("Assessment", "EHC needs assessments and plans"),
    ("Placements", "School places and phase transfer"),
    ("Reviews", "Annual reviews"),
    ("Tribunal and Mediation", "Appeals, mediation and Tribunal correspondence"),
    ("Complaints", "Formal complaints, stage 1 and 2, and the Ombudsman"),
    ("Contact Centre", "Everything else"),
]

# (name, conditions, team name, priority or None). Order matters: the first match wins.
DEFAULT_RULES: list[tuple[str, dict, str, int | None]] = [
    ("Tribunal correspondence", {"kind_in": ["tribunal"]}, "Tribunal and Mediation", 2),
    ("Appeals and mediation", {"topics_any": ["appeal"]}, "Tribunal and Mediation", None),
    # A child out of school now needs a place first; a complaint about it can follow.
    ("Children out of school", {"urgent": True, "topics_any": ["out_of_education", "school_place"]}, "Placements", 1),
    ("Complaints", {"kind_in": ["complaint"]}, "Complaints", None),
    ("Complaint handling", {"topics_any": ["complaint_handling"]}, "Complaints", None),
    ("Annual reviews", {"topics_any": ["annual_review"]}, "Reviews", None),
    ("School places and transfer", {"topics_any": ["school_place", "out_of_education", "transport"]}, "Placements", None),
    ("Assessments and plans", {"topics_any": ["assessment_request", "timeliness", "provision"]}, "Assessment", None),
    ("Everything else", {}, "Contact Centre", None),
]
DEFAULT_TEAM = "Contact Centre"
