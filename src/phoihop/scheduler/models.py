"""What the sweep keeps: its finished runs (for /healthz and the operator) and, on databases without advisory
locks (SQLite), the lease that keeps two sweeps from running at once."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SweepRun(models.Model):
    """One finished sweep (successful or failed). A run skipped because another held the lock writes nothing.
    Rows older than SWEEP_HISTORY_DAYS are deleted by later runs."""

    started_at = models.DateTimeField(_("bắt đầu"))
    finished_at = models.DateTimeField(_("kết thúc"), db_index=True)
    as_of = models.DateTimeField(_("thời điểm áp dụng"))  # the sweep's `now` (earlier for a catch-up --now)
    trigger = models.CharField(_("do"), max_length=20)  # beat, command, runserver
    report = models.JSONField(_("kết quả"), default=dict)  # {step: {counter: n}}
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("lượt quét")
        verbose_name_plural = _("các lượt quét")
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.trigger} {self.finished_at:%Y-%m-%d %H:%M:%S}"


class SweepLease(models.Model):
    """The one-sweep lock where the database has no advisory lock (SQLite): a single row taken with a
    conditional UPDATE until `held_until`; an abandoned lease (a killed process) expires by itself."""

    holder = models.CharField(max_length=64, blank=True)
    held_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khóa lượt quét")

    def __str__(self) -> str:
        return f"{self.holder or '-'} {self.held_until}"
