from django.db import models
from django.utils.translation import gettext_lazy as _

from . import calendar


class OverrideKind(models.TextChoices):
    DAY_OFF = calendar.DAY_OFF, _("Ngày nghỉ")
    WORKING_DAY = calendar.WORKING_DAY, _("Ngày làm việc (làm bù)")


class OverrideStatus(models.TextChoices):
    OFFICIAL = calendar.OFFICIAL, _("Chính thức")
    PROPOSED = calendar.PROPOSED, _("Dự kiến")
