from .drafting import AnswerDraft
from .register import DocumentRegister
from .request import Attachment, CoordinationRequest, Delivery, Escalation, Meeting

__all__ = [
    "AnswerDraft",
    "Attachment",
    "CoordinationRequest",
    "Delivery",
    "DocumentRegister",
    "Escalation",
    "Meeting",
]
