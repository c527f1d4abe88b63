from .register import DocumentRegister
from .request import Attachment, CoordinationRequest, Delivery, Escalation, Meeting

__all__ = ["Attachment", "CoordinationRequest", "Delivery", "DocumentRegister", "Escalation", "Meeting"]
