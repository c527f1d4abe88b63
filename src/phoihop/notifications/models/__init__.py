from .notification import Notification, OutboundEmail

__all__ = ["Notification", "OutboundEmail"]
