from .case import Case, CaseEvent, CaseOfficial, CaseOrganization, ProgressRequest

__all__ = ["Case", "CaseEvent", "CaseOfficial", "CaseOrganization", "ProgressRequest"]
