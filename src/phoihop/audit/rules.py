from phoihop.common.types import UserLike


def can_read_audit(user: UserLike) -> bool:
    """Only system administrators (superusers) read the whole audit trail (the admin's audit pages)."""
    return bool(user.is_authenticated and user.is_superuser)
