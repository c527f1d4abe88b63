from .user import EmailNotifications, User

__all__ = ["EmailNotifications", "User"]
