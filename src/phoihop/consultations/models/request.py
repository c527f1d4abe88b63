from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..enums import (
    Channel,
    DeliveryState,
    EscalationState,
    PersonnelProcedure,
    Position,
    RequestKind,
    RequestState,
)


class CoordinationRequest(models.Model):
    """A request made under one regulation version, sent to one or many recipients."""

    regulation = models.ForeignKey(
        "regulations.Regulation", verbose_name=_("quy chế"), on_delete=models.PROTECT, related_name="requests"
    )
    sender = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan đề nghị"),
        on_delete=models.PROTECT,
        related_name="sent_requests",
    )
    kind = models.CharField(_("loại đề nghị"), max_length=30, choices=RequestKind.choices)
    subject = models.CharField(_("trích yếu"), max_length=500)
    body = models.TextField(_("nội dung"), blank=True)
    stated_deadline = models.DateField(
        _("thời hạn nêu trong văn bản"),
        null=True,
        blank=True,
        help_text=_("Chỉ áp dụng khi quy chế cho phép văn bản đề nghị tự nêu thời hạn."),
    )
    stated_working_days = models.PositiveSmallIntegerField(
        _("thời hạn nêu trong văn bản (ngày làm việc kể từ ngày nhận)"),
        null=True,
        blank=True,
        help_text=_("Chỉ áp dụng khi quy chế cho phép văn bản đề nghị tự nêu thời hạn."),
    )
    state = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=RequestState.choices,
        default=RequestState.DRAFT,
        db_index=True,
    )
    register_year = models.PositiveSmallIntegerField(_("năm sổ"), null=True, blank=True)
    register_number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    document_number = models.CharField(_("số ký hiệu"), max_length=60, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người soạn"), on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    # a personnel consultation (kind "personnel"; 001 Điều 5 khoản 2, 11 khoản 2, 13 khoản 4 và 6): the named
    # official, the personnel procedure and the article of the regulation data's personnel direction it follows
    official = models.ForeignKey(
        "officials.Official",
        verbose_name=_("cán bộ được xin ý kiến"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="personnel_requests",
    )
    personnel_procedure = models.CharField(
        _("quy trình công tác cán bộ"), max_length=20, choices=PersonnelProcedure.choices, blank=True
    )
    personnel_article = models.CharField(_("căn cứ xin ý kiến về nhân sự"), max_length=120, blank=True)
    # the one-time token of the form that created this draft: a second POST of the same form finds it instead
    # of creating a second draft (issue 11, part 4; consultations.domain.editing.create_draft_once)
    form_token = models.UUIDField(_("mã biểu mẫu"), null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("văn bản đề nghị phối hợp")
        verbose_name_plural = _("văn bản đề nghị phối hợp")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["sender", "created_at"], name="request_outbox_idx"),
            # the work queue's drafts of a body (consultations/work.py): its unsent requests only, not its history;
            # the query writes these states as constants (common.sql.StateIn)
            models.Index(
                fields=["sender", "created_by"],
                condition=models.Q(
                    state__in=sorted([RequestState.DRAFT.value, RequestState.PENDING_APPROVAL.value])
                ),
                name="request_unsent_idx",
            ),
            # the officials registry's involvement (consultations/involvement.py: the personnel requests a body
            # sent or received): the few requests naming an official, not a scan of every request (issue 12's
            # benchmark: the officials list 8.7× its template at 500,000 requests, 326 → 18 ms for its query)
            models.Index(
                fields=["official", "sender", "sent_at"],
                condition=models.Q(official__isnull=False),
                name="request_personnel_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "register_year", "register_number"],
                condition=models.Q(register_number__isnull=False),
                name="unique_document_number_per_sender_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_number or _('Dự thảo')}: {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("consult-detail", args=[self.pk])


class Delivery(models.Model):
    """One recipient's copy of a request, with its own receipt date, deadline and state."""

    request = models.ForeignKey(CoordinationRequest, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan được đề nghị"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=DeliveryState.choices, default=DeliveryState.SENT
    )
    channel = models.CharField(
        _("hình thức"), max_length=12, choices=Channel.choices, default=Channel.ELECTRONIC
    )
    received_on = models.DateField(_("ngày nhận"), null=True, blank=True)
    incoming_number = models.CharField(_("số đến"), max_length=40, blank=True)
    deadline = models.DateField(_("hạn trả lời"), null=True, blank=True)
    original_deadline = models.DateField(_("hạn ban đầu"), null=True, blank=True)
    deadline_explanation = models.TextField(_("cách tính hạn"), blank=True)
    extension_reason = models.TextField(_("lý do gia hạn"), blank=True)
    extension_notified_at = models.DateTimeField(_("báo gia hạn lúc"), null=True, blank=True)
    position = models.CharField(_("ý kiến"), max_length=24, choices=Position.choices, blank=True)
    answer_text = models.TextField(_("nội dung trả lời"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deemed_at = models.DateTimeField(_("coi như đồng ý lúc"), null=True, blank=True)
    overdue = models.BooleanField(_("quá hạn"), default=False)
    reminded_before_on = models.DateField(_("đã nhắc trước hạn ngày"), null=True, blank=True)
    reminded_due_on = models.DateField(_("đã nhắc đúng hạn ngày"), null=True, blank=True)
    # assignment inside the recipient body (giao xử lý): never moves the body's deadline
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chuyên viên được giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_copies",
    )
    internal_deadline = models.DateField(_("hạn xử lý nội bộ"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("giao lúc"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")
        ordering = ["request_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "recipient"], name="one_delivery_per_recipient")
        ]
        indexes = [
            models.Index(fields=["state", "deadline"], name="delivery_due_idx"),
            models.Index(fields=["recipient", "state"], name="delivery_inbox_idx"),
            models.Index(fields=["recipient", "deadline"], name="delivery_rcpt_deadline_idx"),
            models.Index(fields=["state", "deemed_at"], name="delivery_deemed_idx"),
            # the sweep's probe (consultations.domain.sweep._probe): open copies only, so that a sweep with
            # nothing due reads index entries and no row (issue 10)
            models.Index(
                fields=["overdue", "deadline", "reminded_due_on", "reminded_before_on"],
                condition=models.Q(
                    state__in=[DeliveryState.RECEIVED.value, DeliveryState.EXTENSION_NOTIFIED.value]
                ),
                name="delivery_open_due_idx",
            ),
            # the inbox's pages (queries.inbox_page), each in its index order: open copies by deadline, then
            # id; handled copies by id. The queries write these states as constants (a bound parameter never
            # matches a partial index's condition on SQLite).
            models.Index(
                fields=["recipient", "deadline", "id"],
                condition=models.Q(
                    state__in=sorted(
                        [
                            DeliveryState.EXTENSION_NOTIFIED.value,
                            DeliveryState.RECEIVED.value,
                            DeliveryState.SENT.value,
                        ]
                    )
                ),
                name="delivery_inbox_open_idx",
            ),
            models.Index(
                fields=["recipient", "id"],
                condition=models.Q(
                    state__in=sorted(
                        [
                            DeliveryState.ANSWERED.value,
                            DeliveryState.DEEMED_CONSENT.value,
                            DeliveryState.WITHDRAWN.value,
                        ]
                    )
                ),
                name="delivery_inbox_done_idx",
            ),
            # a specialist's assigned open copies by deadline (the work queue)
            models.Index(
                fields=["assignee", "deadline", "id"],
                condition=models.Q(
                    state__in=sorted(
                        [
                            DeliveryState.EXTENSION_NOTIFIED.value,
                            DeliveryState.RECEIVED.value,
                            DeliveryState.SENT.value,
                        ]
                    )
                ),
                name="delivery_assignee_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.recipient_id}"


class Attachment(models.Model):
    request = models.ForeignKey(CoordinationRequest, on_delete=models.CASCADE, related_name="attachments")
    delivery = models.ForeignKey(
        Delivery, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("tệp"), upload_to="consultations/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"))
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name


class Meeting(models.Model):
    """A leadership meeting hosted by the requesting body on a disagreement."""

    request = models.ForeignKey(CoordinationRequest, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("ngày họp"))
    participants = models.TextField(_("thành phần"))
    outcome = models.TextField(_("kết quả"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cuộc họp lãnh đạo")
        verbose_name_plural = _("cuộc họp lãnh đạo")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.held_on}"


class Escalation(models.Model):
    """Differing views reported to the authority named by the regulation, and its ruling."""

    request = models.OneToOneField(CoordinationRequest, on_delete=models.CASCADE, related_name="escalation")
    authority = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cấp có thẩm quyền"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    via = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("qua cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Cơ quan chủ trì mà vấn đề đi qua trước khi đến cấp có thẩm quyền, khi dữ liệu quy chế nói vậy."
        ),
    )
    positions = models.JSONField(_("các ý kiến"), default=list)
    summary = models.TextField(_("báo cáo"), blank=True)
    escalated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    escalated_at = models.DateTimeField(auto_now_add=True)
    ruling = models.TextField(_("kết luận của cấp có thẩm quyền"), blank=True)
    ruled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ruled_at = models.DateTimeField(null=True, blank=True)
    # numbered in the sender's outgoing register when made, like a request
    register_year = models.PositiveSmallIntegerField(_("năm sổ"), null=True, blank=True)
    register_number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    document_number = models.CharField(_("số ký hiệu"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("báo cáo cấp có thẩm quyền")
        verbose_name_plural = _("báo cáo cấp có thẩm quyền")

    def __str__(self) -> str:
        return f"{self.request_id} → {self.authority_id}"

    @property
    def state(self) -> EscalationState:
        """Open until the authority rules (consultations.enums.ESCALATION_TRANSITIONS)."""
        return EscalationState.RULED if self.ruled_at is not None else EscalationState.OPEN
