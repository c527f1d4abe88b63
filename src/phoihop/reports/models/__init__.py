from .generation import GenerationMark
from .slot import ReportCopy, ReportRequest, ReportSlot, ReportSubmission

__all__ = ["GenerationMark", "ReportCopy", "ReportRequest", "ReportSlot", "ReportSubmission"]
