from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..enums import EmailState


class Notification(models.Model):
    """An in-app notification for one user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("loại"), max_length=60)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("liên kết"), max_length=500, blank=True)
    dedupe_key = models.CharField(_("khóa chống trùng"), max_length=200)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    # The daily digest (issue 11): set when the notification is written for a user who takes a digest, cleared
    # by the working day's digest that lists it (digested_on: that day). A partial index keeps the digest's probe
    # on the rows still waiting.
    digest_due = models.BooleanField(_("chờ thư tổng hợp"), default=False)
    digested_on = models.DateField(_("đã gửi trong thư tổng hợp ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="notification_once_per_user")
        ]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            # the list page's order (newest first), read by key
            models.Index(fields=["user", "-id"], name="notification_list_idx"),
            models.Index(
                fields=["created_at"], name="notification_digest_due_idx", condition=Q(digest_due=True)
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OutboundEmail(models.Model):
    """Outbox row written in the same transaction as the change; sent later, retried, never duplicated."""

    to = models.EmailField(_("người nhận"))
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    dedupe_key = models.CharField(_("khóa chống trùng"), max_length=250, unique=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"), db_index=True)
    claimed_until = models.DateTimeField(_("đang giữ đến"), null=True, blank=True)
    # the token of the run that claimed it last (a batch claim loads the rows it won by it)
    claimed_by = models.CharField(_("lượt gửi giữ thư"), max_length=32, blank=True, default="")
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thư đi")
        verbose_name_plural = _("hộp thư đi")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
