"""Routing rules: ordered conditions over a message's facts that choose a team and priority."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from triage.db import Base, JSONType


class RoutingRule(Base):
    __tablename__ = "routing_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(200))
    # e.g. {"topics_any": ["appeal"], "kind_in": ["tribunal"], "urgent": true,
    #       "language_not": ["en"], "link_status_in": ["none"], "sender_type_in": ["school"]}
    conditions: Mapped[dict] = mapped_column(JSONType, default=dict)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    priority: Mapped[int | None] = mapped_column(Integer)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)

    team = relationship("Team")
