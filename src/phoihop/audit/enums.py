from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATED = "created", _("Tạo mới")
    CHANGED = "changed", _("Thay đổi")
    DELETED = "deleted", _("Xóa")
    TRANSITION = "transition", _("Chuyển trạng thái")
    LOADED = "loaded", _("Nạp dữ liệu")
