from phoihop.common.types import UserLike


def can_read_audit(user: UserLike) -> bool:
    return bool(user.is_authenticated and user.is_superuser)
