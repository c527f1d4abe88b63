from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import CopyState, InformationKind, InformationState


class OfficialInformation(models.Model):
    """Information about an official (signs of violation, complaint, denunciation, under review, prosecuted, or
    the result of handling them) that a body records and sends to the bodies the regulation's routing rules
    name (regulations YAML `information_routing`)."""

    official = models.ForeignKey(
        "officials.Official", verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="information"
    )
    sender = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan gửi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("loại thông tin"), max_length=30, choices=InformationKind.choices)
    content = models.TextField(_("nội dung"))
    basis = models.TextField(_("căn cứ"))
    verified = models.BooleanField(
        _("đã được thẩm tra, xác minh, kết luận"),
        default=False,
        help_text=_("Chỉ trao đổi thông tin đã được thẩm tra, xác minh, kết luận (521 Điều 5 khoản 2)."),
    )
    conclusion_number = models.CharField(_("số văn bản kết luận"), max_length=100, blank=True)
    conclusion_date = models.DateField(_("ngày văn bản kết luận"), null=True, blank=True)
    result_due_on = models.DateField(
        _("hạn báo cáo kết quả xử lý"),
        null=True,
        blank=True,
        help_text=_("Do cơ quan gửi đặt; nếu là ngày nghỉ thì hạn là ngày làm việc kế tiếp."),
    )
    # set on sending: the regulation version and the routing rule the recipients were computed under
    regulation = models.ForeignKey(
        "regulations.Regulation",
        verbose_name=_("quy chế"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rule_code = models.CharField(_("quy tắc chuyển"), max_length=60, blank=True)
    rule_article = models.CharField(_("căn cứ chuyển"), max_length=200, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=InformationState.choices, default=InformationState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông tin về cán bộ")
        verbose_name_plural = _("thông tin về cán bộ")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["sender", "-id"], name="information_outbox_idx"),
            models.Index(fields=["official", "-id"], name="information_official_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.official_id}"

    def get_absolute_url(self) -> str:
        return reverse("information-detail", args=[self.pk])


class InformationCopy(models.Model):
    """One recipient's copy of sent information: received, its handling result reported (003 4.2.đ, 004 2.6)
    by the due date the sender set, or flagged overdue by the sweep."""

    information = models.ForeignKey(OfficialInformation, on_delete=models.CASCADE, related_name="copies")
    recipient = models.ForeignKey(
        "organizations.Organization", verbose_name=_("nơi nhận"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=CopyState.choices, default=CopyState.SENT
    )
    # a copy of facts about the official expects its handling result back; a copy of a handling result does not
    expects_result = models.BooleanField(_("chờ báo cáo kết quả xử lý"), default=True)
    due_on = models.DateField(_("hạn báo cáo kết quả"), null=True, blank=True)
    overdue = models.BooleanField(_("quá hạn"), default=False)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result_text = models.TextField(_("kết quả xử lý"), blank=True)
    result_number = models.CharField(_("số quyết định, văn bản"), max_length=100, blank=True)
    result_date = models.DateField(_("ngày quyết định, văn bản"), null=True, blank=True)
    result_at = models.DateTimeField(_("báo cáo lúc"), null=True, blank=True)
    result_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("nơi nhận thông tin")
        verbose_name_plural = _("nơi nhận thông tin")
        ordering = ["information_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["information", "recipient"], name="information_copy_unique")
        ]
        indexes = [
            models.Index(fields=["recipient", "-information"], name="information_inbox_idx"),
            # the sweep's probe: open copies with a due date not flagged yet
            models.Index(
                fields=["due_on"],
                name="copy_result_due_idx",
                condition=models.Q(state__in=["received", "sent"], overdue=False, due_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.information_id} → {self.recipient_id}"
