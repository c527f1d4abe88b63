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
]
