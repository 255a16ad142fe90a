"""Per-team settings for handing out work: how to choose the next agent, and who was chosen last."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from triage.db import Base

ASSIGNMENT_MODES = ("round_robin", "least_loaded")


class TeamSettings(Base):
    __tablename__ = "team_settings"

    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    assignment_mode: Mapped[str] = mapped_column(String(20), default="round_robin")
    # Hand each new conversation to the next agent as it arrives (otherwise agents pull from the queue).
    assign_on_arrival: Mapped[bool] = mapped_column(Boolean, default=False)
    # The round robin carries on after this user.
    last_assigned_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
