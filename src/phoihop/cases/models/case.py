"""A case (vụ án, vụ việc) the Ban Nội chính follows with a locality (003 3.5, 4.1.d, 4.2.b; 004 1.4): its
officials and bodies involved, its history, and the progress requests to the locality.

Linked petitions: issue 13 (petitions) adds them as its own model with a foreign key to `Case` (a petition
belongs to at most one case), shown on the case's page from the petitions domain; nothing of it lives here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..enums import EventKind, OfficialRole, ProgressState


class Case(models.Model):
    title = models.CharField(_("tên vụ án, vụ việc"), max_length=300)
    summary = models.TextField(_("tóm tắt"), blank=True)
    category = models.CharField(_("loại"), max_length=40)  # a code of data/cases/cases.yaml `categories`
    level = models.CharField(_("diện theo dõi"), max_length=40)  # a code of `levels`
    stage = models.CharField(_("giai đoạn"), max_length=40)  # a code of `stages` (the state)
    locality = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("địa phương"),
        on_delete=models.PROTECT,
        related_name="cases_of_area",
    )
    lead = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan chủ trì theo dõi"),
        on_delete=models.PROTECT,
        related_name="cases_led",
    )
    monitor = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Ban Chỉ đạo theo dõi, chỉ đạo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_monitored",
    )
    regulation_code = models.CharField(_("quy chế áp dụng"), max_length=3)
    opened_on = models.DateField(_("ngày mở theo dõi"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    last_moved_on = models.DateField(_("ngày chuyển giai đoạn gần nhất"), db_index=True)
    # the day the case becomes stale if nothing moves (N working days after last_moved_on); empty while stale
    # or closed: the sweep's probe is one query on this index
    stale_on = models.DateField(_("chậm tiến độ từ ngày (dự kiến)"), null=True, blank=True, db_index=True)
    stale = models.BooleanField(_("chậm tiến độ"), default=False)
    stale_since = models.DateField(_("chậm tiến độ từ ngày"), null=True, blank=True)
    closed = models.BooleanField(_("đã kết thúc"), default=False)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vụ án, vụ việc")
        verbose_name_plural = _("vụ án, vụ việc")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["-opened_on", "-id"], name="case_opened_idx"),
            models.Index(fields=["lead", "-opened_on", "-id"], name="case_lead_idx"),
            models.Index(fields=["locality", "-opened_on", "-id"], name="case_locality_idx"),
            models.Index(fields=["monitor", "-opened_on", "-id"], name="case_monitor_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("case-detail", args=[self.pk])


class CaseOfficial(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="officials")
    official = models.ForeignKey("officials.Official", on_delete=models.PROTECT, related_name="cases")
    role = models.CharField(_("vai trò"), max_length=20, choices=OfficialRole.choices)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    added_on = models.DateField(_("ngày thêm"))

    class Meta:
        verbose_name = _("cán bộ liên quan")
        verbose_name_plural = _("cán bộ liên quan")
        constraints = [models.UniqueConstraint(fields=["case", "official"], name="case_official_unique")]
        indexes = [models.Index(fields=["official", "case"], name="case_official_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.official_id}"


class CaseOrganization(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="organizations")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="cases_involved"
    )
    role = models.CharField(_("vai trò"), max_length=300, blank=True)
    added_on = models.DateField(_("ngày thêm"))

    class Meta:
        verbose_name = _("cơ quan liên quan")
        verbose_name_plural = _("cơ quan liên quan")
        constraints = [
            models.UniqueConstraint(fields=["case", "organization"], name="case_organization_unique")
        ]
        indexes = [models.Index(fields=["organization", "case"], name="case_organization_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.organization_id}"


class CaseEvent(models.Model):
    """The case's history: stage moves and notes (the audit trail holds the same facts, chained)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_stage = models.CharField(max_length=40, blank=True)
    to_stage = models.CharField(max_length=40, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["case", "at", "id"], name="case_event_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"


class ProgressRequest(models.Model):
    """The lead body asks the locality how the case is progressing (003 4.2.g), answered within a number of
    working days (data/cases/cases.yaml `progress_request`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="progress_requests")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_on = models.DateField(_("ngày yêu cầu"))
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc"))
    due_on = models.DateField(_("hạn trả lời"))
    question = models.TextField(_("nội dung yêu cầu"))
    state = models.CharField(max_length=20, choices=ProgressState.choices, default=ProgressState.OPEN)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("yêu cầu báo cáo tiến độ")
        verbose_name_plural = _("yêu cầu báo cáo tiến độ")
        indexes = [
            models.Index(fields=["state", "due_on"], name="progress_due_idx"),
            models.Index(fields=["case", "asked_on", "id"], name="progress_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} — {self.asked_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("case-detail", args=[self.case_id])
