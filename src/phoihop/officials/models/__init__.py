from .official import Official, OfficialMembership, OfficialPosition, SupervisionAssignment

__all__ = ["Official", "OfficialMembership", "OfficialPosition", "SupervisionAssignment"]
