from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("Văn thư")
    SPECIALIST = "specialist", _("Chuyên viên")
    LEADER = "leader", _("Lãnh đạo")
    ORG_ADMIN = "org_admin", _("Quản trị tổ chức")
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")


# Roles whose users must pass TOTP two-factor authentication after the password (issue 8, point 8).
# Superusers and staff (anyone who can open the admin site) must too, whatever their role: see
# rules.requires_two_factor.
TWO_FACTOR_ROLES: frozenset[str] = frozenset({Role.LEADER, Role.ORG_ADMIN, Role.SYSTEM_ADMIN})

# Roles that draft and send documents on their body's behalf (requests for opinions, report versions).
DRAFTING_ROLES: frozenset[str] = frozenset({Role.CLERK, Role.SPECIALIST, Role.LEADER})
