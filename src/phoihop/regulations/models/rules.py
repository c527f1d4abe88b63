"""The executable rules of one regulation version: consultation, meetings, reports, copy-to, monitoring,
designation and evaluation duties. Actor lists are JSON lists of {"kind", "level", "name"}."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.organizations.enums import Level, OrganizationKind

from ..enums import (
    AnswerPeriod,
    CountedFrom,
    DisagreementRoute,
    DueRuleType,
    ExtensionPolicy,
    MeetingKind,
    ReportPeriod,
    RequestKind,
    StatedPeriod,
)
from .regulation import Regulation


def _matches(actors: list[dict[str, Any]], kind: str, level: str) -> bool:
    return any(a.get("kind") == kind and a.get("level") == level for a in actors)


class ConsultationRule(models.Model):
    """How a recipient answers a request for opinions (xin ý kiến): deadline, deemed consent, extension."""

    regulation = models.OneToOneField(Regulation, on_delete=models.CASCADE, related_name="consultation_rule")
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc"))
    counted_from = models.CharField(_("tính từ"), max_length=20, choices=CountedFrom.choices)
    deemed_consent = models.BooleanField(_("quá hạn coi như đồng ý"))
    shared_responsibility = models.BooleanField(_("cùng chịu trách nhiệm"))
    allow_request_stated_period = models.BooleanField(
        _("hoặc thời hạn nêu trong văn bản đề nghị"), default=False
    )
    in_writing = models.BooleanField(_("trả lời bằng văn bản"), default=True)
    article = models.CharField(_("căn cứ"), max_length=120)
    deemed_consent_article = models.CharField(_("căn cứ coi như đồng ý"), max_length=120)
    extension_policy = models.CharField(_("gia hạn"), max_length=40, choices=ExtensionPolicy.choices)
    extension_requires_notice = models.BooleanField(_("phải thông báo khi cần thêm thời gian"), default=False)
    extension_notice_in_writing = models.BooleanField(_("thông báo bằng văn bản"), default=False)
    extension_notice_before_deadline = models.BooleanField(_("thông báo trước khi hết hạn"), default=False)
    extension_requires_new_date = models.BooleanField(_("nêu ngày trả lời mới"), default=False)
    extension_lead_working_days = models.PositiveSmallIntegerField(
        _("thông báo trước ít nhất (ngày làm việc)"), null=True, blank=True
    )
    extension_total_cap_working_days = models.PositiveSmallIntegerField(
        _("tổng thời gian tối đa (ngày làm việc)"), null=True, blank=True
    )
    extension_article = models.CharField(_("căn cứ gia hạn"), max_length=120, blank=True)
    disagreement_article = models.CharField(_("căn cứ khi có ý kiến khác nhau"), max_length=120, blank=True)
    disagreement_text = models.TextField(_("khi có ý kiến khác nhau"), blank=True)
    disagreement_route = models.CharField(
        _("đường báo cáo khi có ý kiến khác nhau"),
        max_length=20,
        choices=DisagreementRoute.choices,
        default=DisagreementRoute.DIRECT,
    )
    disagreement_reading = models.TextField(_("cách hiểu (ý kiến khác nhau)"), blank=True)
    urgent_note = models.TextField(_("vấn đề gấp"), blank=True)
    reading = models.TextField(_("cách hiểu (thời hạn)"), blank=True)
    extension_reading = models.TextField(_("cách hiểu (gia hạn)"), blank=True)

    class Meta:
        verbose_name = _("quy tắc xin ý kiến")
        verbose_name_plural = _("quy tắc xin ý kiến")

    def __str__(self) -> str:
        return f"{self.regulation}: {self.working_days} ngày làm việc"


class RequestKindRule(models.Model):
    """What one regulation version says of one kind of request: its answer period, whether a period stated in
    the request applies, whether silence is consent, whether the extension rule applies, and the article."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="request_kind_rules")
    kind = models.CharField(_("loại đề nghị"), max_length=30, choices=RequestKind.choices)
    answer_period = models.CharField(_("thời hạn trả lời"), max_length=20, choices=AnswerPeriod.choices)
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc"), null=True, blank=True)
    stated_period = models.CharField(
        _("thời hạn nêu trong văn bản đề nghị"),
        max_length=20,
        choices=StatedPeriod.choices,
        default=StatedPeriod.NONE,
    )
    send_ahead_working_days = models.PositiveSmallIntegerField(
        _("gửi trước ít nhất (ngày làm việc)"), null=True, blank=True
    )
    deemed_consent = models.BooleanField(_("quá hạn coi như đồng ý"), default=False)
    shared_responsibility = models.BooleanField(_("cùng chịu trách nhiệm"), default=False)
    extension = models.BooleanField(_("áp dụng quy tắc gia hạn"), default=False)
    article = models.CharField(_("căn cứ"), max_length=120)
    deemed_consent_article = models.CharField(_("căn cứ coi như đồng ý"), max_length=120, blank=True)
    reading = models.TextField(_("cách hiểu"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("quy tắc theo loại đề nghị")
        verbose_name_plural = _("quy tắc theo loại đề nghị")
        ordering = ["regulation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "kind"], name="request_kind_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.regulation}: {self.kind}"


class MeetingRule(models.Model):
    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="meeting_rules")
    code = models.SlugField(_("mã"), max_length=60)
    kind = models.CharField(_("loại"), max_length=30, choices=MeetingKind.choices)
    host = models.CharField(_("bên chủ trì"), max_length=255)
    documents_lead_working_days = models.PositiveSmallIntegerField(
        _("gửi tài liệu trước ít nhất (ngày làm việc)"), null=True, blank=True
    )
    article = models.CharField(_("căn cứ"), max_length=120)
    text = models.TextField(_("nội dung"))
    reading = models.TextField(_("cách hiểu"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("quy tắc họp")
        verbose_name_plural = _("quy tắc họp")
        ordering = ["regulation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "code"], name="meeting_rule_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.regulation}: {self.code}"


class ReportingObligation(models.Model):
    """A periodic or ad hoc report from the reporters to the receiver, with its due rule."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="reporting_obligations")
    code = models.SlugField(_("mã"), max_length=60)
    title = models.CharField(_("tên báo cáo"), max_length=300)
    period = models.CharField(_("kỳ"), max_length=20, choices=ReportPeriod.choices)
    reporters = models.JSONField(_("bên báo cáo"), default=list)
    receiver_kind = models.CharField(_("loại bên nhận"), max_length=40, choices=OrganizationKind.choices)
    receiver_level = models.CharField(_("cấp bên nhận"), max_length=20, choices=Level.choices)
    receiver_name = models.CharField(_("bên nhận"), max_length=255)
    via = models.CharField(_("qua"), max_length=255, blank=True)
    due_type = models.CharField(_("loại hạn"), max_length=40, choices=DueRuleType.choices)
    due_month = models.PositiveSmallIntegerField(_("tháng"), null=True, blank=True)
    due_day = models.PositiveSmallIntegerField(_("ngày"), null=True, blank=True)
    due_system_rule = models.CharField(_("hệ thống dùng"), max_length=40, blank=True)
    article = models.CharField(_("căn cứ"), max_length=120)
    text = models.TextField(_("nội dung"), blank=True)
    reading = models.TextField(_("cách hiểu"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nghĩa vụ báo cáo")
        verbose_name_plural = _("nghĩa vụ báo cáo")
        ordering = ["regulation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "code"], name="reporting_obligation_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.regulation}: {self.title}"

    def binds(self, kind: str, level: str) -> bool:
        """True if an organisation of this kind and level must send this report."""
        return _matches(self.reporters, kind, level)


class ReportIndicator(models.Model):
    obligation = models.ForeignKey(ReportingObligation, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("mã"), max_length=60)
    label = models.CharField(_("chỉ tiêu"), max_length=300)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu báo cáo")
        verbose_name_plural = _("chỉ tiêu báo cáo")
        ordering = ["obligation", "order"]

    def __str__(self) -> str:
        return self.label


class CopyToDuty(models.Model):
    """When a sender reports to an original receiver on the subject, it also sends a copy to copy_to."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="copy_to_duties")
    code = models.SlugField(_("mã"), max_length=60)
    senders = models.JSONField(_("bên gửi"), default=list)
    original_receivers = models.JSONField(_("bên nhận báo cáo"), default=list)
    copy_to_kind = models.CharField(
        _("loại bên nhận bản sao"), max_length=40, choices=OrganizationKind.choices
    )
    copy_to_level = models.CharField(_("cấp bên nhận bản sao"), max_length=20, choices=Level.choices)
    copy_to_name = models.CharField(_("đồng gửi"), max_length=255)
    scope = models.TextField(_("loại báo cáo"))
    article = models.CharField(_("căn cứ"), max_length=120)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nghĩa vụ đồng gửi")
        verbose_name_plural = _("nghĩa vụ đồng gửi")
        ordering = ["regulation", "order"]

    def __str__(self) -> str:
        return f"{self.regulation}: {self.code}"

    def binds(self, kind: str, level: str) -> bool:
        return _matches(self.senders, kind, level)


class MonitoringDuty(models.Model):
    """Area monitoring: who works with whom, how often."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="monitoring_duties")
    code = models.SlugField(_("mã"), max_length=60)
    actor_kind = models.CharField(_("loại bên thực hiện"), max_length=40, choices=OrganizationKind.choices)
    actor_level = models.CharField(_("cấp bên thực hiện"), max_length=20, choices=Level.choices)
    actor_name = models.CharField(_("bên thực hiện"), max_length=255)
    actor_role = models.CharField(_("người thực hiện"), max_length=255)
    targets = models.JSONField(_("đối tượng"), default=list)
    frequency_count = models.PositiveSmallIntegerField(_("số lần tối thiểu"))
    frequency_period = models.CharField(_("mỗi"), max_length=20, choices=ReportPeriod.choices)
    article = models.CharField(_("căn cứ"), max_length=120)
    text = models.TextField(_("nội dung"))
    reading = models.TextField(_("cách hiểu"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhiệm vụ theo dõi địa bàn")
        verbose_name_plural = _("nhiệm vụ theo dõi địa bàn")
        ordering = ["regulation", "order"]

    def __str__(self) -> str:
        return f"{self.regulation}: {self.code}"


class DesignationDuty(models.Model):
    """A notice of an assignment (area specialists, advisory team, focal unit) and of each change."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="designation_duties")
    code = models.SlugField(_("mã"), max_length=60)
    notifiers = models.JSONField(_("bên thông báo"), default=list)
    recipients = models.JSONField(_("bên nhận"), default=list)
    subject = models.TextField(_("việc phân công"))
    triggers = models.JSONField(_("khi nào"), default=list)
    in_writing = models.BooleanField(_("bằng văn bản"), default=True)
    article = models.CharField(_("căn cứ"), max_length=120)
    text = models.TextField(_("nội dung"))
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nghĩa vụ thông báo phân công")
        verbose_name_plural = _("nghĩa vụ thông báo phân công")
        ordering = ["regulation", "order"]

    def __str__(self) -> str:
        return f"{self.regulation}: {self.code}"

    def binds(self, kind: str, level: str) -> bool:
        return _matches(self.notifiers, kind, level)


class EvaluationDuty(models.Model):
    """Yearly evaluation or review of the regulation (or of the area specialists), and whom it goes to."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="evaluation_duties")
    code = models.SlugField(_("mã"), max_length=60)
    evaluators = models.JSONField(_("bên đánh giá"), default=list)
    receiver_kind = models.CharField(
        _("loại bên nhận"), max_length=40, choices=OrganizationKind.choices, blank=True
    )
    receiver_level = models.CharField(_("cấp bên nhận"), max_length=20, choices=Level.choices, blank=True)
    receiver_name = models.CharField(_("bên nhận"), max_length=255, blank=True)
    period = models.CharField(_("kỳ"), max_length=20, choices=ReportPeriod.choices)
    subject = models.TextField(_("nội dung đánh giá"))
    article = models.CharField(_("căn cứ"), max_length=120)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nghĩa vụ đánh giá")
        verbose_name_plural = _("nghĩa vụ đánh giá")
        ordering = ["regulation", "order"]

    def __str__(self) -> str:
        return f"{self.regulation}: {self.code}"
