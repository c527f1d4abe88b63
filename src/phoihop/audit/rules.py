def can_read_audit(user) -> bool:
    return bool(user.is_authenticated and user.is_superuser)
