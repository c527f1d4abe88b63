"""Report slots (one report owed by one body for one period or one request), their versions and copies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..enums import NOT_SENT_SLOT_STATES, REMINDED_SLOT_STATES, SlotOrigin, SlotState, SubmissionState


class ReportRequest(models.Model):
    """An ad hoc or thematic report asked by the receiving body from one or many bodies."""

    receiver = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan yêu cầu (nhận báo cáo)"),
        on_delete=models.PROTECT,
        related_name="report_requests",
    )
    origin = models.CharField(_("loại"), max_length=20, choices=SlotOrigin.choices)
    regulation = models.ForeignKey(
        "regulations.Regulation",
        verbose_name=_("quy chế"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    obligation = models.ForeignKey(
        "regulations.ReportingObligation",
        verbose_name=_("mẫu chỉ tiêu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField(_("nội dung yêu cầu báo cáo"), max_length=500)
    body = models.TextField(_("yêu cầu cụ thể"), blank=True)
    due_on = models.DateField(_("hạn gửi"))
    due_working_days = models.PositiveSmallIntegerField(_("số ngày làm việc"), null=True, blank=True)
    due_rule = models.TextField(_("cách tính hạn"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("yêu cầu báo cáo")
        verbose_name_plural = _("yêu cầu báo cáo")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class ReportSlot(models.Model):
    """One report owed by one reporting body to one receiving body, for one period (or one request)."""

    origin = models.CharField(
        _("loại"), max_length=20, choices=SlotOrigin.choices, default=SlotOrigin.PERIODIC
    )
    regulation = models.ForeignKey(
        "regulations.Regulation",
        verbose_name=_("quy chế"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_slots",
    )
    obligation = models.ForeignKey(
        "regulations.ReportingObligation",
        verbose_name=_("nghĩa vụ báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="slots",
    )
    request = models.ForeignKey(
        ReportRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="slots"
    )
    title = models.CharField(_("tên báo cáo"), max_length=500)
    reporter = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan báo cáo"),
        on_delete=models.PROTECT,
        related_name="report_slots",
    )
    receiver = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan nhận báo cáo"),
        on_delete=models.PROTECT,
        related_name="received_report_slots",
    )
    period_key = models.CharField(_("kỳ"), max_length=10, blank=True)
    period_label = models.CharField(_("kỳ báo cáo"), max_length=60, blank=True)
    period_start = models.DateField(_("từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("đến ngày"), null=True, blank=True)
    opens_on = models.DateField(_("đến kỳ từ ngày"))
    due_on = models.DateField(_("hạn gửi (ngày cuối cùng đúng hạn)"))
    due_rule = models.TextField(_("căn cứ hạn gửi"), blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=SlotState.choices, default=SlotState.NOT_DUE
    )
    late = models.BooleanField(_("gửi trễ hạn"), default=False)
    first_sent_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("gửi gần nhất lúc"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    reminded_before_on = models.DateField(_("đã nhắc trước hạn ngày"), null=True, blank=True)
    reminded_due_on = models.DateField(_("đã nhắc đúng hạn ngày"), null=True, blank=True)
    reminded_overdue_on = models.DateField(_("đã nhắc quá hạn ngày"), null=True, blank=True)
    # The first day the sweep may owe a reminder (domain/reminders.py): never later than that day, null once
    # nothing is owed (sent, accepted). The sweep probes it on report_slot_remind_idx.
    next_reminder_on = models.DateField(_("ngày nhắc tiếp theo"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "reporter", "period_key"],
                condition=Q(request__isnull=True),
                name="report_slot_once_per_period",
            ),
            models.UniqueConstraint(
                fields=["request", "reporter"],
                condition=Q(request__isnull=False),
                name="report_slot_once_per_request",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_on"], name="report_slot_due_idx"),
            models.Index(fields=["receiver", "obligation", "period_key"], name="report_slot_period_idx"),
            models.Index(fields=["reporter", "due_on"], name="report_slot_reporter_idx"),
            # the sweep's probes (issue 10, cause 3): partial indexes on the states each one reads, the state
            # first so that SQLite, without statistics, prefers them to report_slot_due_idx (state, due_on)
            models.Index(
                fields=["state", "opens_on", "due_on"],
                condition=Q(state=SlotState.NOT_DUE),
                name="report_slot_opening_idx",
            ),
            models.Index(
                fields=["state", "due_on"],
                condition=Q(state__in=NOT_SENT_SLOT_STATES),
                name="report_slot_past_due_idx",
            ),
            models.Index(
                fields=["state", "next_reminder_on"],
                condition=Q(state__in=REMINDED_SLOT_STATES),
                name="report_slot_remind_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.period_label or self.due_on}"

    def get_absolute_url(self) -> str:
        return reverse("reports-slot", args=[self.pk])


class ReportSubmission(models.Model):
    """One version of a report: a document plus figures; approved by a leader before it is sent."""

    slot = models.ForeignKey(ReportSlot, on_delete=models.CASCADE, related_name="submissions")
    version = models.PositiveSmallIntegerField(_("lần gửi"))
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    document = models.FileField(_("văn bản báo cáo"), upload_to="reports/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"), default=0)
    content_type = models.CharField(_("kiểu tệp"), max_length=100, blank=True)
    figures = models.JSONField(_("số liệu"), default=dict, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    late = models.BooleanField(_("gửi sau hạn"), default=False)

    class Meta:
        verbose_name = _("bản báo cáo")
        verbose_name_plural = _("bản báo cáo")
        ordering = ["slot_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "version"], name="report_submission_version_unique"),
            models.UniqueConstraint(
                fields=["slot"],
                condition=~Q(state=SubmissionState.SENT),
                name="report_submission_one_open_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slot_id} v{self.version}"


class ReportCopy(models.Model):
    """A copy sent automatically under a copy-to duty (đồng gửi) when a version is sent."""

    slot = models.ForeignKey(ReportSlot, on_delete=models.CASCADE, related_name="copies")
    submission = models.ForeignKey(ReportSubmission, on_delete=models.CASCADE, related_name="copies")
    copy_to = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan nhận bản đồng gửi"),
        on_delete=models.PROTECT,
        related_name="report_copies",
    )
    duty = models.ForeignKey(
        "regulations.CopyToDuty",
        verbose_name=_("căn cứ đồng gửi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("đồng gửi lúc"))

    class Meta:
        verbose_name = _("bản đồng gửi")
        verbose_name_plural = _("bản đồng gửi")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "copy_to"], name="report_copy_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} → {self.copy_to_id}"
