"""Models of citizen reception by party secretaries (issue 13, point 6)."""

from .reception import FollowUp, PlannedDay, ReceptionSession, SessionMatter, SessionVisitor

__all__ = ["FollowUp", "PlannedDay", "ReceptionSession", "SessionMatter", "SessionVisitor"]
