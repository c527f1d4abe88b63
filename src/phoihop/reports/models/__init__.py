from .slot import ReportCopy, ReportRequest, ReportSlot, ReportSubmission

__all__ = ["ReportCopy", "ReportRequest", "ReportSlot", "ReportSubmission"]
