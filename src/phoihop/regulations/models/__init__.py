from .regulation import Content, Party, Reading, Regulation
from .rules import (
    ConsultationRule,
    CopyToDuty,
    DesignationDuty,
    EvaluationDuty,
    MeetingRule,
    MonitoringDuty,
    ReportIndicator,
    ReportingObligation,
    RequestKindRule,
)

__all__ = [
    "ConsultationRule",
    "Content",
    "CopyToDuty",
    "DesignationDuty",
    "EvaluationDuty",
    "MeetingRule",
    "MonitoringDuty",
    "Party",
    "Reading",
    "Regulation",
    "ReportIndicator",
    "ReportingObligation",
    "RequestKindRule",
]
