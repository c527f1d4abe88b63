from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import AuditAction


class AuditEvent(models.Model):
    """One row per state change, written in the same transaction as the change.

    Append-only and chained (see `audit/chain.py`): `seq` numbers the events 1, 2, 3… in chain order,
    `prev_hash` is the hash of event `seq - 1` and `hash` covers this event's content and `prev_hash`.
    On PostgreSQL a trigger refuses every UPDATE and DELETE (migration 0005). A user who acted is never
    deleted (PROTECT): deactivate them instead.
    """

    seq = models.PositiveBigIntegerField(_("số thứ tự"), unique=True, editable=False)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    action = models.CharField(_("hành động"), max_length=20, choices=AuditAction.choices)
    target_type = models.CharField(_("loại đối tượng"), max_length=100)
    target_id = models.CharField(_("mã đối tượng"), max_length=64)
    summary = models.CharField(_("tóm tắt"), max_length=500)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    prev_hash = models.CharField(_("mã băm trước"), max_length=64, editable=False)
    hash = models.CharField(_("mã băm"), max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.summary}"
