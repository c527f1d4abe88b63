from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("Văn thư")
    SPECIALIST = "specialist", _("Chuyên viên")
    LEADER = "leader", _("Lãnh đạo")
    ORG_ADMIN = "org_admin", _("Quản trị tổ chức")
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")
